"""The scopes rules run in: the case, each request, records nested in a request, and the area."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .case import AdviceRequest, Consultation, Review


@dataclass(frozen=True)
class NestedScope:
    """Records inside a request that each get their own run of the scope's rules."""

    name: str        # the scope name rules use, and the prefix of its facts (review.meeting_date)
    field: str       # the request's list of records
    id_field: str    # the record's id
    label: str       # for reports
    model: type


NESTED: tuple[NestedScope, ...] = (
    NestedScope("review", "reviews", "review_id", "Review", Review),
    NestedScope("advice", "advice_requests", "advice_id", "Advice request", AdviceRequest),
    NestedScope("consultation", "consultations", "consultation_id", "Consultation", Consultation),
)
NESTED_BY_NAME = {n.name: n for n in NESTED}
SCOPES: tuple[str, ...] = ("case", "request") + tuple(n.name for n in NESTED) + ("area",)
# Each scope sees its own names and those of the scopes it sits inside; every scope sees the
# "global" names (as_at, settings, parameters). The area (the local authority's own facts) is
# evaluated apart from any case, so area rules and case rules never read each other.
VISIBLE: dict[str, set[str]] = {"case": {"global", "case"}, "request": {"global", "case", "request"},
                                 **{n.name: {"global", "case", "request", n.name} for n in NESTED},
                                 "area": {"global", "area"}}


def record_id(scope: NestedScope, record: Any, index: int) -> str:
    """The record's own id, or its position (A1, A2, ...) when it has none."""
    rid = getattr(record, scope.id_field)
    return rid if rid is not None else f"{scope.name[0].upper()}{index + 1}"

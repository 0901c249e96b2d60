"""The scope table: every kind of record rules run over, declared once.

A scope is a kind of record that gets its own run of the rules written for it: the case (one
person), each request, each review, request for advice and consultation inside a request, and
an area file. Load, check, compile, binding, the evaluation walk, explanations and the result's
outcome keys all read this table, so a new kind of record is one row here and one model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel

from .area import Area
from .case import AdviceRequest, Case, Consultation, Request, Review


@dataclass(frozen=True)
class Scope:
    """One kind of record rules run over."""

    name: str                  # what rules write as `scope:`, and the prefix of its facts (review.meeting_date)
    parent: str | None         # the scope whose record holds this one's; None for a root (a case, an area file)
    model: type[BaseModel]     # the record's model
    path: tuple[str, ...]      # attributes from the parent's record to the list of records
    id_field: str | None       # the record's own id (a root's names the file); positional ids (A1, A2...)
                               # stand in when a record has none
    label: str                 # how reports name a record of this scope
    describe: str              # for messages: where its records are, and what a rule of this scope runs once for
    fact_prefix: str | None = None  # facts read as `<prefix>.<path>`; None: named by their path from the record

    @property
    def list_path(self) -> str:
        """Where the records are in the parent's JSON, e.g. `assessment.plan.reviews`."""
        return ".".join(self.path)


SCOPES: tuple[Scope, ...] = (
    Scope("case", None, Case, (), "case_id", "Case", "once per person (case file)"),
    Scope("request", "case", Request, ("requests",), "request_id", "Request", "once per request",
          fact_prefix="request"),
    Scope("review", "request", Review, ("assessment", "plan", "reviews"), "review_id", "Review",
          "once per review of a request's plan", fact_prefix="review"),
    Scope("advice", "request", AdviceRequest, ("assessment", "advice_requests"), "advice_id", "Advice request",
          "once per request for advice made for the assessment", fact_prefix="advice"),
    Scope("consultation", "request", Consultation, ("assessment", "plan", "placement", "consultations"),
          "consultation_id", "Consultation", "once per consultation of a school or college",
          fact_prefix="consultation"),
    Scope("area", None, Area, (), "area_id", "Area",
          "once per area file (the local authority's own duties, evaluated apart from any case)", fact_prefix="area"),
)
BY_NAME: dict[str, Scope] = {s.name: s for s in SCOPES}
NAMES: tuple[str, ...] = tuple(s.name for s in SCOPES)
ROOTS: tuple[str, ...] = tuple(s.name for s in SCOPES if s.parent is None)
GLOBAL = "global"  # as_at, settings and parameters: every scope reads them


_CHILDREN: dict[str, tuple[Scope, ...]] = {n: tuple(s for s in SCOPES if s.parent == n) for n in NAMES}


def children(name: str) -> tuple[Scope, ...]:
    """The scopes whose records sit directly inside a record of `name` (asked for every record walked)."""
    return _CHILDREN[name]


def ancestry(name: str) -> tuple[str, ...]:
    """The scope and every scope it sits inside, innermost first."""
    out = []
    cur: str | None = name
    while cur is not None:
        out.append(cur)
        cur = BY_NAME[cur].parent
    return tuple(out)


def root_of(name: str) -> str:
    return ancestry(name)[-1]


# A rule of a scope reads the global names, its own facts and those of every scope it sits
# inside. Roots never see each other: area rules and case rules are evaluated apart.
VISIBLE: dict[str, frozenset[str]] = {s.name: frozenset((GLOBAL,) + ancestry(s.name)) for s in SCOPES}


def records(scope: Scope, parent_record: Any) -> list[Any]:
    """The scope's records inside one record of its parent (an absent sub-record holds none)."""
    node = parent_record
    for attr in scope.path:
        if node is None:
            return []
        node = getattr(node, attr)
    return list(node or ())


def record_id(scope: Scope, record: Any, index: int) -> str:
    """The record's own id, or its position (A1, A2, ...) when it has none."""
    rid = getattr(record, scope.id_field) if scope.id_field else None
    return rid if rid is not None else f"{scope.name[0].upper()}{index + 1}"


def walk_records(root: str, record: Any) -> Iterator[tuple[Scope, tuple[str, ...], str, Any]]:
    """Every record under a root record, parents before children: (scope, ids, JSON path, record).

    `ids` are the record ids from the root down (empty for the root itself); they key outcomes."""
    yield from _walk(BY_NAME[root], record, (), "")


def _walk(scope: Scope, record: Any, ids: tuple[str, ...], path: str) -> Iterator[tuple[Scope, tuple[str, ...], str, Any]]:
    yield scope, ids, path, record
    for child in children(scope.name):
        base = (path + "." if path else "") + child.list_path
        for index, rec in enumerate(records(child, record)):
            yield from _walk(child, rec, ids + (record_id(child, rec, index),), f"{base}[{index}]")


def outcome_key(rule_id: str, ids: tuple[str, ...]) -> str:
    """`rule`, `rule[R1]` or `rule[R1/REV1]`: the stable key of one outcome."""
    return f"{rule_id}[{'/'.join(ids)}]" if ids else rule_id

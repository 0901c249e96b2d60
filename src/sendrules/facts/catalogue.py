"""The facts rules may read, derived from the models and the scope table so the three never drift.

A fact is a field marked `x-fact` (event or attribute). Sub-records (a request's assessment,
the assessment's plan) are walked into: their facts belong to the scope of the record that
holds them and are named by their path (`request.assessment.plan.issued_date`). A list of a
child scope's records (a plan's reviews) is also a fact of the parent, read as a summary.
"""

from __future__ import annotations

import datetime as dt
import types as _types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..core import types as T
from .case import AdviceRequest, Closure, Consultation, NoticeRecord, Period, Review
from .scopes import SCOPES, Scope


@dataclass(frozen=True)
class FactSpec:
    name: str                 # e.g. "request.assessment.plan.issued_date"
    path: tuple[str, ...]     # attributes from the scope's record: ("assessment", "plan", "issued_date")
    scope: str                # the scope whose record holds it
    kind: str                 # "event" or "attribute"
    vtype: T.VType
    description: str
    element: str | None = None   # for list facts: the element model (Period, Review, ...) or "set"

    @property
    def field(self) -> str:
        return self.path[-1]

    @property
    def holder(self) -> tuple[str, ...]:
        """The path of the sub-record that holds the field (empty: the scope's record itself)."""
        return self.path[:-1]


# How a list of records reads as one value (for the scope that holds the list).
_LIST_TYPES: dict[type, T.VType] = {
    dt.date: T.DATES, Period: T.PERIODS, NoticeRecord: T.NOTICES, AdviceRequest: T.ADVICE, Closure: T.CLOSURES,
    Consultation: T.DATES,  # a request reads its consultations as the dates they were sent
    Review: T.DATES,        # a request reads its reviews as the meeting dates held by the as-at date
}


def _bare(ann: Any) -> Any:
    """`Annotated[X, ...]` -> X (a date's validator is metadata, not a different type)."""
    while get_origin(ann) is Annotated:
        ann = get_args(ann)[0]
    return ann


def _optional(ann: Any) -> Any:
    """`X | None` -> X, with any Annotated metadata taken off (list elements too)."""
    ann = _bare(ann)
    if get_origin(ann) is list:
        return list[_bare(get_args(ann)[0])]
    if get_origin(ann) in (Union, _types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        if len(args) == 1:
            return _optional(args[0])
    return ann


def _vtype(ann: Any) -> T.VType:
    ann = _optional(ann)
    origin = get_origin(ann)
    if origin is Literal:
        return T.enum(get_args(ann))
    if origin is list:
        (inner,) = get_args(ann)
        if get_origin(inner) is Literal:
            return T.set_of(get_args(inner))  # a recorded selection from a fixed list
        if inner in _LIST_TYPES:
            return _LIST_TYPES[inner]
    if ann is dt.date:
        return T.DATE
    if ann is bool:
        return T.BOOL
    if ann in (int, float):
        return T.NUMBER
    if ann is str:
        return T.TEXT
    raise TypeError(f"no rule type for {ann!r}")


def _element(ann: Any) -> str | None:
    ann = _optional(ann)
    if get_origin(ann) is list:
        (inner,) = get_args(ann)
        return "set" if get_origin(inner) is Literal else inner.__name__
    return None


def _submodel(ann: Any) -> type[BaseModel] | None:
    ann = _optional(ann)
    return ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None


def _specs(model: type[BaseModel], scope: Scope, path: tuple[str, ...]) -> list[FactSpec]:
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind = extra.get("x-fact")
        here = path + (name,)
        if kind is not None:
            dotted = ".".join(here)
            full = f"{scope.fact_prefix}.{dotted}" if scope.fact_prefix else dotted
            out.append(FactSpec(full, here, scope.name, kind, _vtype(info.annotation), info.description or "",
                                _element(info.annotation)))
        elif (sub := _submodel(info.annotation)) is not None:
            out.extend(_specs(sub, scope, here))
    return out


FACTS: tuple[FactSpec, ...] = tuple(spec for s in SCOPES for spec in _specs(s.model, s, ()))
FACTS_BY_NAME: dict[str, FactSpec] = {f.name: f for f in FACTS}

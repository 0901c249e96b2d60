"""The facts rules may read, derived from the case model so the two never drift."""

from __future__ import annotations

import datetime as dt
import types as _types
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..compile import types as T
from .area import Area
from .case import AdviceRequest, Closure, Consultation, NoticeRecord, Period, Person, Request, Review
from .scopes import NESTED


@dataclass(frozen=True)
class FactSpec:
    name: str          # e.g. "person.date_of_birth"
    field: str         # attribute name on the model
    scope: str         # "case", "request", a nested scope ("review", "advice"), or "area"
    kind: str          # "event" or "attribute"
    vtype: T.VType
    description: str
    element: str | None = None   # for list facts: the element model (Period, Review, ...)


def _vtype(ann: Any) -> T.VType:
    origin = get_origin(ann)
    if origin in (Union, _types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        if len(args) == 1:
            return _vtype(args[0])
    if origin is Literal:
        return T.enum(get_args(ann))
    if origin is list:
        (inner,) = get_args(ann)
        if get_origin(inner) is Literal:
            return T.set_of(get_args(inner))  # a recorded selection from a fixed list
        if inner is dt.date:
            return T.DATES
        if inner is Period:
            return T.PERIODS
        if inner is NoticeRecord:
            return T.NOTICES
        if inner is AdviceRequest:
            return T.ADVICE
        if inner is Closure:
            return T.CLOSURES
        if inner is Consultation:
            return T.DATES  # a request reads its consultations as the dates they were sent
        if inner is Review:
            return T.DATES  # a request reads its reviews as the meeting dates held by the as-at date
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
    origin = get_origin(ann)
    if origin in (Union, _types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        return _element(args[0]) if len(args) == 1 else None
    if origin is list:
        (inner,) = get_args(ann)
        return "set" if get_origin(inner) is Literal else inner.__name__
    return None


def _specs(model: type[BaseModel], prefix: str, scope: str) -> list[FactSpec]:
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra or {}
        kind = extra.get("x-fact") if isinstance(extra, dict) else None
        if kind is None:
            continue
        out.append(FactSpec(f"{prefix}.{name}", name, scope, kind, _vtype(info.annotation), info.description or "",
                            _element(info.annotation)))
    return out


FACTS: tuple[FactSpec, ...] = tuple(_specs(Person, "person", "case") + _specs(Request, "request", "request")
                                    + [spec for n in NESTED for spec in _specs(n.model, n.name, n.name)]
                                    + _specs(Area, "area", "area"))

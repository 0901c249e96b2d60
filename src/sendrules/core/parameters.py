"""Effective-dated parameter values, looked up by the date that selects a rule's law."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .values import Unknown, error
from .ranges import NumberRange, number_range
from .ruleformat import Citation, Parameter


@dataclass(frozen=True)
class ParameterEntry:
    start: dt.date
    end: dt.date | None
    value: Any
    cite: tuple[Citation, ...]


@dataclass(frozen=True)
class ParameterTable:
    id: str
    unit: str
    entries: tuple[ParameterEntry, ...]
    type: str = "number"
    range: NumberRange | None = None   # the values a number parameter may take (core/ranges.py)

    def entry_at(self, d: Any) -> ParameterEntry | None:
        if not isinstance(d, dt.date):
            return None
        for e in self.entries:
            if e.start <= d and (e.end is None or d <= e.end):
                return e
        return None

    def at(self, d: Any) -> Any:
        if type(d) is Unknown:
            return d
        e = self.entry_at(d)
        if e is None:
            first = self.entries[0].start.isoformat()
            return error(f"parameter {self.id} has no value in force on the date that selects the law "
                         f"(values start {first})")
        return e.value


def build_table(p: Parameter) -> ParameterTable:
    entries = sorted((ParameterEntry(v.from_, v.to, v.value, tuple(v.cite)) for v in p.values), key=lambda e: e.start)
    rng = number_range(p.unit, p.min, p.max, [v.value for v in p.values]) if p.type == "number" else None
    return ParameterTable(p.id, p.unit, tuple(entries), p.type, rng)


def override_problem(base: ParameterTable, value: Any) -> str | None:
    """Why `value` cannot stand in for the parameter (its declared type and range), or None."""
    if base.type == "number" and base.range is not None:
        return base.range.problem(value)
    if base.type == "bool" and not isinstance(value, bool):
        return "must be true or false"
    if base.type == "text" and not isinstance(value, str):
        return "must be text"
    return None


def override_table(base: ParameterTable, value: Any) -> ParameterTable:
    """Same dates and citations, with `value` in force throughout (a what-if)."""
    return ParameterTable(base.id, base.unit, tuple(
        ParameterEntry(e.start, e.end, value, e.cite) for e in base.entries), base.type, base.range)

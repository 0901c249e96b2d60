"""Effective-dated parameter values, looked up by the date that selects a rule's law."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .values import Unknown, error
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
    return ParameterTable(p.id, p.unit, tuple(entries))


def override_table(base: ParameterTable, value: Any) -> ParameterTable:
    """Same dates and citations, with `value` in force throughout (a what-if)."""
    return ParameterTable(base.id, base.unit, tuple(
        ParameterEntry(e.start, e.end, value, e.cite) for e in base.entries))

"""The compiled rulebook: immutable, built once, shared safely between threads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..calendar.working_days import WorkingDayCalendar
from ..errors import Diagnostic
from ..facts.catalogue import FactSpec
from ..load.models import Finding, Instrument, Setting
from .expressions import Symbol
from .parameters import ParameterTable
from ..evaluate.programs import Program


@dataclass(frozen=True)
class BoundFact:
    spec: FactSpec
    slot: int


@dataclass(frozen=True)
class BoundFinding:
    finding: Finding
    slot: int


@dataclass(frozen=True)
class BoundSetting:
    setting: Setting
    slot: int


@dataclass(frozen=True)
class CompiledRulebook:
    n_slots: int
    symbols: dict[str, Symbol]
    instruments: dict[str, Instrument]
    settings: dict[str, BoundSetting]
    parameters: dict[str, ParameterTable]
    case_facts: tuple[BoundFact, ...]
    request_facts: tuple[BoundFact, ...]
    case_findings: tuple[BoundFinding, ...]
    request_findings: tuple[BoundFinding, ...]
    case_programs: tuple[Program, ...]
    request_programs: tuple[Program, ...]
    nested_facts: dict[str, tuple[BoundFact, ...]]        # per nested scope (review, advice)
    nested_findings: dict[str, tuple[BoundFinding, ...]]
    nested_programs: dict[str, tuple[Program, ...]]
    content_hash: str
    calendar: WorkingDayCalendar
    warnings: tuple[Diagnostic, ...]
    source: str
    package_versions: tuple[tuple[str, str], ...] = ()
    area_facts: tuple[BoundFact, ...] = ()
    area_findings: tuple[BoundFinding, ...] = ()
    area_programs: tuple[Program, ...] = ()

    @property
    def programs(self) -> dict[str, Program]:
        nested = tuple(p for ps in self.nested_programs.values() for p in ps)
        return {p.id: p for p in self.case_programs + self.request_programs + nested + self.area_programs}

    @property
    def findings(self) -> dict[str, BoundFinding]:
        nested = tuple(b for bs in self.nested_findings.values() for b in bs)
        return {b.finding.id: b for b in self.case_findings + self.request_findings + nested + self.area_findings}

    def setting_defaults(self) -> dict[str, Any]:
        return {k: b.setting.default for k, b in sorted(self.settings.items())}

    @property
    def binders(self) -> dict[str, tuple]:
        """Per scope: (slot, field name, converter) for every fact, built once."""
        return self._binders

    @property
    def initial_slots(self) -> tuple[Any, ...]:
        """Slot values before any fact is bound: default settings and parameter tables."""
        return self._initial

    def __post_init__(self) -> None:
        v: list[Any] = [None] * self.n_slots
        for b in self.settings.values():
            v[b.slot] = b.setting.default
        for name, table in self.parameters.items():
            v[self.symbols[f"param.{name}"].slot] = table
        object.__setattr__(self, "_initial", tuple(v))
        from ..facts.binding import binder
        object.__setattr__(self, "_binders", {
            scope: tuple((bf.slot, bf.spec.field, binder(bf)) for bf in facts)
            for scope, facts in (("case", self.case_facts), ("request", self.request_facts),
                                 *self.nested_facts.items(), ("area", self.area_facts))})

"""The compiled rulebook: immutable, built once, shared safely between threads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..calendar.working_days import WorkingDayCalendar
from ..core.parameters import ParameterTable
from ..core.programs import Program
from ..core.ruleformat import Finding, Instrument, Setting
from ..core.runtime import Symbol
from ..errors import Diagnostic
from ..facts.binding import Binder
from ..facts.catalogue import FactSpec
from ..facts.scopes import Scope


@dataclass(frozen=True)
class CompiledScope:
    """One row of the scope table, compiled: how to bind its records and the rules to run on them."""

    scope: Scope
    binder: Binder
    facts: tuple[FactSpec, ...]
    findings: tuple[Finding, ...]
    programs: tuple[Program, ...]
    children: tuple[str, ...]       # child scopes whose subtree has rules to run
    runs: bool                      # this scope or a scope below it has rules

    @property
    def name(self) -> str:
        return self.scope.name


@dataclass(frozen=True)
class OverlayStamp:
    """The what-if overlay a rulebook was compiled with (the receipt names it)."""

    title: str
    file: str                   # the path it was read from
    sha256: str                 # of its validated content
    base_rulebook_hash: str     # the rulebook it was laid over


@dataclass(frozen=True)
class CompiledRulebook:
    n_slots: int
    symbols: dict[str, Symbol]
    instruments: dict[str, Instrument]
    settings: dict[str, Setting]
    parameters: dict[str, ParameterTable]
    scopes: dict[str, CompiledScope]
    programs: dict[str, Program]           # every rule id, in evaluation order
    findings: dict[str, Finding]
    facts: dict[str, FactSpec]
    initial_slots: tuple[Any, ...]         # defaults of settings and parameter tables, laid out once
    content_hash: str
    calendar: WorkingDayCalendar
    warnings: tuple[Diagnostic, ...]
    source: str
    package_versions: tuple[tuple[str, str], ...] = ()
    overlay: OverlayStamp | None = None
    rule_digests: dict[str, str] | None = None   # rule id -> digest of each version (keyed by valid_from)

    def setting_defaults(self) -> dict[str, Any]:
        return {k: s.default for k, s in sorted(self.settings.items())}

    def slot(self, name: str) -> int:
        """The value slot of a name (a fact, finding, setting, parameter or rule)."""
        return self.symbols[name].slot

"""The compiled rulebook: immutable, built once, shared safely between threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..calendar.working_days import WorkingDayCalendar
from ..core.parameters import ParameterTable
from ..core.programs import Program, names_read
from ..core.ruleformat import Finding, Instrument, Setting
from ..core.runtime import Symbol
from ..errors import Diagnostic
from ..facts.binding import Binder
from ..facts.catalogue import FactSpec
from ..facts.scopes import Scope
from .digests import group_digests
from .plans import ScopePlan, closure, scope_plan


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
    plans: dict[str, ScopePlan] = field(default_factory=dict)      # every rule, gated (compile/plans.py)
    rule_deps: dict[str, frozenset[str]] = field(default_factory=dict)  # rule id -> the rules it reads
    # plans_for(only) memo: derived from the rulebook alone, so sharing it keeps evaluation pure
    # (init=False: dataclasses.replace() gives the new rulebook a memo of its own, never this one)
    _only_plans: dict[frozenset[str], dict[str, ScopePlan]] = field(default_factory=dict, init=False, compare=False,
                                                                    repr=False)
    # applied_group_digests memo: the receipt asks it once per result, and a caseload's results
    # apply a few hundred distinct sets of rules between them
    _group_digests: dict[frozenset[str], dict[str, str]] = field(default_factory=dict, init=False, compare=False,
                                                                 repr=False)

    # result/receipt.py's memo of the receipt's fixed part, per (engine, root is an area)
    receipt_fixed: dict[tuple[str, bool], dict[str, Any]] = field(default_factory=dict, init=False, compare=False,
                                                                   repr=False)
    # evaluate/evaluator.prepare's memo: settings resolved and laid out in slots, per caller's settings
    prepared_settings: dict[tuple, tuple[dict[str, Any], tuple[Any, ...]]] = field(
        default_factory=dict, init=False, compare=False, repr=False)
    # result/receipt.run_hash's memo: the replay text around the as-at date and input hash, per
    # receipt content otherwise (engine, settings, parameters overridden, only)
    receipt_templates: dict[Any, tuple[str, str, str]] = field(default_factory=dict, init=False, compare=False,
                                                              repr=False)

    def setting_defaults(self) -> dict[str, Any]:
        return {k: s.default for k, s in sorted(self.settings.items())}

    def plans_for(self, only: frozenset[str] | None) -> dict[str, ScopePlan]:
        """The plans that decide the rules `only` names and the rules they read (all rules for None).
        Raises KeyError naming the first unknown rule id."""
        if only is None:
            return self.plans
        found = self._only_plans.get(only)
        if found is not None:
            return found
        for rid in sorted(only):
            if rid not in self.programs:
                raise KeyError(rid)
        keep = closure(self.rule_deps, set(only))
        # a rule reads facts of its own scope and of the scopes around it, so the slots are gathered
        # over every scope before any binder is cut down to them
        read: set[int] = set()
        for rid in keep:
            prog = self.programs[rid]
            for ver in (None, *prog.versions):
                read.update(self.symbols[n].slot for n in names_read(prog, ver) if n in self.symbols)
        slots = frozenset(read)
        out: dict[str, ScopePlan] = {}
        for name in reversed(list(self.scopes)):  # leaves first: a parent keeps only children that run
            cs = self.scopes[name]
            kids = tuple(c for c in cs.children if out[c].programs or out[c].children)
            out[name] = scope_plan(name, tuple(p for p in cs.programs if p.id in keep), kids,
                                   cs.binder.restricted(slots))
        plans = {name: out[name] for name in self.scopes}
        if len(self._only_plans) < 256:  # bounded: a caller cycling through subsets cannot grow it without end
            self._only_plans[only] = plans
        return plans

    def applied_group_digests(self, applied: frozenset[str]) -> dict[str, str]:
        """The receipt's `rule_digests` for a result that applied the rules `applied`: a digest per
        group of them (compile/digests.group_digests); empty when the rulebook keeps no digests."""
        found = self._group_digests.get(applied)
        if found is not None:
            return found
        out = group_digests(applied, self.rule_digests) if self.rule_digests else {}
        if len(self._group_digests) < 4096:  # bounded, like plans_for's memo
            self._group_digests[applied] = out
        return out

    def slot(self, name: str) -> int:
        """The value slot of a name (a fact, finding, setting, parameter or rule)."""
        return self.symbols[name].slot


"""What a compiled rule is at run time: its versions and the closures of each.

Compile builds these once; evaluation only calls them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .runtime import Compiled
from .types import VType
from .ruleformat import Citation, Rule


@dataclass(frozen=True)
class ExceptionNode:
    """A labelled exception and the exceptions to it (children override it)."""

    label: str
    when: Compiled
    value: Compiled | None          # None for a duty's exception (it lifts the time limit)
    children: tuple["ExceptionNode", ...]
    cite: tuple[Citation, ...]
    explain: str | None
    unverified: bool                # cites a [U] source: applies only with setting apply_unverified
    line: int | None


@dataclass(frozen=True)
class Version:
    rule: Rule
    file: str
    line: int | None
    valid_from: dt.date
    valid_to: dt.date | None
    value: Compiled | None = None
    default: Compiled | None = None
    exceptions: tuple[ExceptionNode, ...] = ()
    due: Compiled | None = None
    discharged_by: Compiled | None = None
    recipients: Compiled | None = None
    notice_recorded: Compiled | None = None
    notice_elements: tuple[tuple[str, Compiled | None, tuple[dict, ...]], ...] = ()
    # Rendered once at compile time; results copy these rather than rebuild them per case.
    cite_json: tuple[dict, ...] = ()
    exception_cite_json: tuple[tuple[str, tuple[dict, ...]], ...] = ()

    def covers(self, d: dt.date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


@dataclass(frozen=True)
class Program:
    """One rule id: shared header plus its dated versions."""

    id: str
    kind: str                     # value, decision or duty
    scope: str                    # the scope it runs in (facts/scopes.py)
    slot: int
    vtype: VType
    selected_by: Compiled
    versions: tuple[Version, ...]
    selection_needs: frozenset[str] = frozenset()  # the facts and findings to record when no date selects the law
    trigger: Compiled | None = None
    applies_when: Compiled | None = None
    gate: Compiled | None = None  # the first conjunct of applies_when, when it is an `and` (compile/plans.py)
    trigger_slot: int = -1
    due_slot: int = -1
    discharged_slot: int = -1

    def pick(self, d: Any) -> Version | None:
        for v in self.versions:
            if v.covers(d):
                return v
        return None

    @property
    def latest(self) -> Version:
        return self.versions[-1]


def names_read(prog: Program, ver: Version | None) -> set[str]:
    """Every name a rule reads through one version (its header, body, exceptions and notice); with
    no version, the header's alone."""
    names = set(prog.selected_by.deps)
    for c in (prog.applies_when, prog.trigger):
        if c is not None:
            names |= c.deps
    if ver is not None:
        for c in (ver.value, ver.default, ver.due, ver.discharged_by, ver.recipients, ver.notice_recorded):
            if c is not None:
                names |= c.deps
        for _eid, when, _cj in ver.notice_elements:
            if when is not None:
                names |= when.deps
        stack = list(ver.exceptions)
        while stack:
            n = stack.pop()
            names |= n.when.deps | (n.value.deps if n.value is not None else frozenset())
            stack.extend(n.children)
    return names

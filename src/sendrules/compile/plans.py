"""Run plans: which programs each scope runs, and the applicability gates that let the Python
engine skip, with one test, every rule of a group that does not apply.

Most rules of a case do not apply (a duty of a process that did not happen): their `applies_when`
is false. Many rules share a guard, or the first conjunct of their guard (`plan.issued_date is not
None and ...`). A gate is such an expression, compiled once per scope and evaluated at most once
per record: when it is false, every rule gated by it is not applicable without running anything.

Why this is exact: `and` is Kleene (`_kleene` in expressions.py) and tests its operands left to
right, returning False at the first false operand it reaches; the first operand is always reached,
so a false first conjunct makes the whole guard false. A gate is read where the first rule it gates
runs; its names are names of that rule's guard, all decided before it (rules run in dependency
order) and never written again while the record runs, so its value is the same for every rule it gates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..core.programs import Program
from ..core.runtime import Closure
from ..facts.binding import Binder


@dataclass(frozen=True)
class ScopePlan:
    """One scope's programs in evaluation order, with their gates."""

    name: str
    programs: tuple[Program, ...]
    gate_of: tuple[int, ...]        # per program: index into gates, or -1 (no gate)
    gate_whole: tuple[bool, ...]    # per program: the gate is its whole guard (a true gate decides it)
    gates: tuple[Closure, ...]
    children: tuple[str, ...]       # child scopes with something to run
    binder: Binder | None = None    # binds only what these rules read (`only=`); None: the scope's own


def scope_plan(name: str, programs: tuple[Program, ...], children: tuple[str, ...],
               binder: Binder | None = None) -> ScopePlan:
    """Choose each guarded program's gate: its whole guard or the guard's first conjunct, whichever
    more programs of the scope share (the whole guard on a tie: a true whole guard decides)."""
    uses: Counter[str] = Counter()
    for p in programs:
        if p.applies_when is not None:
            uses[p.applies_when.source] += 1
            if p.gate is not None:
                uses[p.gate.source] += 1
    index: dict[str, int] = {}
    gates: list[Closure] = []
    gate_of: list[int] = []
    whole: list[bool] = []
    for p in programs:
        aw = p.applies_when
        if aw is None:
            gate_of.append(-1)
            whole.append(False)
            continue
        chosen = aw
        if p.gate is not None and uses[p.gate.source] > uses[aw.source]:
            chosen = p.gate
        if chosen.source not in index:
            index[chosen.source] = len(gates)
            gates.append(chosen.fn)
        gate_of.append(index[chosen.source])
        whole.append(chosen is aw)
    return ScopePlan(name, programs, tuple(gate_of), tuple(whole), tuple(gates), children, binder)


def closure(rule_deps: dict[str, frozenset[str]], wanted: set[str]) -> set[str]:
    """The rules `wanted` and every rule they read, directly or not."""
    out: set[str] = set()
    stack = list(wanted)
    while stack:
        rid = stack.pop()
        if rid in out:
            continue
        out.add(rid)
        stack.extend(rule_deps.get(rid, ()))
    return out

"""The explanation of a durable-rules evaluation, from the facts its rules derived.

The project's explanations list, per outcome, the exceptions weighed (with whether each
applied) and the settings the outcome depended on. durable evaluates every node of a rule, so
"depended on" is rebuilt from the derived facts: a node's operand counts only where the
Python closures would have read it (`False and x` never reads x), so both backends explain
the same outcome in the same words.
"""

from __future__ import annotations

from typing import Any

from ..evaluate.evaluator import Outcome
from . import codec
from .nodes import Graph
from .programs import ExceptionPlan, ProgramPlan


def reads(g: Graph, root: int | None, facts: dict[int, dict], used: set[str]) -> None:
    """Add the settings that evaluating `root` reads, given every node's derived fact."""
    stack = [] if root is None else [root]
    while stack:
        n = stack.pop()
        if n in g.setting_of:
            used.add(g.setting_of[n])
            continue
        kind, ops = g.ops.get(n, ("all", []))
        if kind in ("and", "or"):
            stop = kind == "or"
            for o in ops:
                stack.append(o)
                f = facts.get(o)
                if f is None or f["k"] == "none" or (f["k"] == "val" and f["v"] is stop):
                    break
        elif kind == "if":
            t, b, o = ops
            stack.append(t)
            f = facts.get(t)
            if f is not None and f["k"] == "val":
                stack.append(b if f["v"] is True else o)
            elif f is not None and f["k"] == "unk":
                stack += [b, o]
        elif kind == "first":
            for o in ops:
                stack.append(o)
                f = facts.get(o)
                if f is None or f["k"] == "val":
                    break
        else:
            stack.extend(ops)


def resolve_walk(g: Graph, children: list[ExceptionPlan], own: int, read_own: bool, facts: dict[int, dict],
                 apply_unverified: bool, trace: list, used: set[str]) -> None:
    """Mirror the order of defaults.resolve: every exception's condition, then the applicable
    ones' values (or the default), then those that might apply."""
    applicable, possible = [], []
    for c in children:
        if c.node.unverified and not apply_unverified:
            cond: Any = False
        else:
            reads(g, c.when, facts, used)
            cond = codec.decode(facts[c.applies])
        trace.append((c.node.label, cond))
        if cond is True:
            applicable.append(c)
        elif cond is not False:
            possible.append(c)
    if applicable:
        results = []
        for c in applicable:
            reads(g, c.value, facts, used)
            resolve_walk(g, c.children, c.value, False, facts, apply_unverified, trace, used)
            results.append(facts[c.result])
        if any(f["k"] == "unk" for f in results) or any(not codec.same(f, results[0]) for f in results):
            return
    else:
        if read_own:
            reads(g, own, facts, used)
        if facts[own]["k"] == "unk":
            return
    for c in possible:
        reads(g, c.value, facts, used)
        resolve_walk(g, c.children, c.value, False, facts, apply_unverified, trace, used)


def value_explanation(g: Graph, plan: ProgramPlan, facts: dict[int, dict], out: Outcome,
                      apply_unverified: bool) -> tuple[list, set[str]]:
    """(exception trace, settings read) of a value or decision outcome."""
    used: set[str] = set()
    trace: list = []
    reads(g, plan.aw, facts, used)
    if not out.applicable or (plan.aw is not None and plan.aw not in facts) or plan.sel not in facts:
        return trace, used
    if plan.aw is not None and facts[plan.aw]["k"] != "val":
        return trace, used
    reads(g, plan.sel, facts, used)
    if out.version is None:
        return trace, used
    vp = plan.versions[plan.prog.versions.index(out.version)]
    if not vp.exceptions:
        reads(g, vp.own, facts, used)
    else:
        resolve_walk(g, vp.exceptions, vp.own, True, facts, apply_unverified, trace, used)
    return trace, used


def duty_settings(g: Graph, plan: ProgramPlan, facts: dict[int, dict], out: Outcome,
                  apply_unverified: bool) -> set[str]:
    """The settings a duty's outcome read, in the order duties.run_duty reads its parts."""
    used: set[str] = set()
    reads(g, plan.aw, facts, used)
    if not out.applicable or (plan.aw is not None and facts.get(plan.aw, {}).get("k") != "val"):
        return used
    reads(g, plan.trigger, facts, used)
    state = out.duty
    if state is None or state.version is None:
        return used
    vp = plan.versions[plan.prog.versions.index(state.version)]
    reads(g, vp.due, facts, used)
    if facts.get(vp.due, {}).get("k") == "unk":
        return used
    reads(g, vp.recipients, facts, used)
    reads(g, vp.discharged, facts, used)
    if facts.get(vp.discharged, {}).get("k") == "unk":
        return used
    if state.discharged is not None and vp.notice is not None:
        reads(g, vp.notice, facts, used)
        if facts.get(vp.notice, {}).get("k") == "val":
            for _eid, w in vp.elements:
                reads(g, w, facts, used)
    if state.status in ("excepted", "met_late", "overdue") or (
            state.unknown is not None and state.status not in ("met", "pending", "due_soon")
            and facts.get(vp.done, {}).get("k") != "unk"):
        for e in vp.exceptions:
            if not (e.node.unverified and not apply_unverified):
                reads(g, e.when, facts, used)
    return used


def duty_exception_trace(plan: ProgramPlan, facts: dict[int, dict], version_index: int,
                         apply_unverified: bool) -> list:
    return [(e.node.label, False if e.node.unverified and not apply_unverified else codec.decode(facts[e.applies]))
            for e in plan.versions[version_index].exceptions]

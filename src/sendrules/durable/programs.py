"""Rules (a rule file's rule id and its versions) as durable-rules rules.

A program runs in stages, each a batch of facts asserted into the same session once the
previous batch has finished chaining: scope (`applies_when`), then the body (a value's
selection date, version and value; a duty's trigger, then its version's due date, discharge,
exceptions and notice). Which version applies, whether the scope holds, which exceptions
apply or conflict and which status a duty has are each decided by a durable rule's conditions;
the rule's action records the decision (a `rec` fact kept by the session, never asserted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.runtime import Symbol
from ..core.programs import ExceptionNode, Program, Version
from . import codec
from .nodes import (K_NONE, K_UNK, K_VAL, NOT_UNK, NOT_VAL, Facts, Graph, Leaf, Scope,
                    ExprCompiler, copy_of, err, either, is_v, merged, out, pat, rows, val)

FAR = 10 ** 8   # an open-ended date range's end, as a day number


def rec(key: str, **fields: object) -> dict:
    """A decision for the session to keep (not a fact: no rule consumes it)."""
    return {"t": "rec", "key": key, **fields}


def body(f: dict) -> dict:
    """The kind/value fields of a matched fact, to carry in a record."""
    return {k: v for k, v in f.items() if k not in ("t", "id", "n", "sid", "f", "to")}


@dataclass
class ExceptionPlan:
    node: ExceptionNode
    applies: int                          # node: does it apply (T/F/unknown)
    result: int                           # node: its value after its own exceptions
    children: list["ExceptionPlan"]
    when: int = -1                        # the condition's node (for the settings it read)
    value: int = -1                       # the value's node, before its own exceptions


@dataclass
class VersionPlan:
    leaves: list[Leaf]
    value: int | None = None              # value programs: the resolved value node
    own: int | None = None                # the value (or default) before exceptions
    exceptions: list[ExceptionPlan] = field(default_factory=list)
    due: int | None = None
    discharged: int | None = None         # the discharged_by expression's node
    done: int | None = None
    recipients: int | None = None
    notice: int | None = None
    elements: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass
class ProgramPlan:
    prog: Program
    aw: int | None
    aw_leaves: list[Leaf]
    head_leaves: list[Leaf]               # value: selection and all versions; duty: trigger
    versions: list[VersionPlan]
    delegated: str | None = None          # why this rule runs on the Python evaluator instead
    sel: int | None = None                # value programs: the selecting date's node
    trigger: int | None = None            # duties: the trigger expression's node
    body_from: int = -1                   # the graph's first rule after the scope rules (the body's)


def _range(ver: Version) -> list[dict]:
    conds = [{"$gte": {"v": ver.valid_from.toordinal()}}]
    if ver.valid_to is not None:
        conds.append({"$lte": {"v": ver.valid_to.toordinal()}})
    return conds


def _uncovered(prog: Program) -> dict:
    spans = [(v.valid_from.toordinal(), v.valid_to.toordinal() if v.valid_to else FAR) for v in prog.versions]
    spans.sort()
    gaps = [{"$lt": {"v": spans[0][0]}}, {"$gt": {"v": spans[-1][1]}}]
    gaps += [{"$and": [{"$gt": {"v": a[1]}}, {"$lt": {"v": b[0]}}]} for a, b in zip(spans, spans[1:]) if b[0] > a[1] + 1]
    return either(*gaps)


class ProgramCompiler:
    def __init__(self, g: Graph, symbols: dict[str, Symbol]) -> None:
        self.g = g
        self.symbols = symbols

    def compile(self, prog: Program) -> ProgramPlan:
        g = self.g
        aw_scope = Scope()
        aw = None
        if prog.applies_when is not None:
            none_ctx = self._const(aw_scope, None)
            aw = ExprCompiler(g, self.symbols, aw_scope, none_ctx).compile(prog.applies_when)
            self._scope_rules(prog, aw)
        body_from = len(g.rules)
        plan = self._duty(prog, aw, aw_scope.leaves) if prog.kind == "duty" else self._value(prog, aw, aw_scope.leaves)
        plan.body_from = body_from
        return plan

    def _const(self, scope: Scope, value: object) -> int:
        n = self.g.new(repr(value))
        scope.leaves.append(Leaf(n, "const", const=value))
        return n

    def _scope_rules(self, prog: Program, aw: int) -> None:
        g = self.g
        msg = f"{prog.id}: applies_when is not a yes/no value"
        g.rule(f"{prog.id}.in_scope", [pat("a", aw, is_v(True))], lambda m: [rec("aw", st="in")])
        g.rule(f"{prog.id}.out_of_scope", [pat("a", aw, is_v(False))], lambda m: [rec("aw", st="out")])
        g.rule(f"{prog.id}.scope_unknown", [pat("a", aw, K_UNK)], lambda m: [rec("aw", st="unk", **body(m["a"]))])
        g.rule(f"{prog.id}.scope_not_bool", [pat("a", aw, K_NONE)],
               lambda m: [rec("aw", st="unk", k="unk", m=[], e=[msg], c=[])])

    # --- values and decisions ------------------------------------------------------------
    def _value(self, prog: Program, aw: int | None, aw_leaves: list[Leaf]) -> ProgramPlan:
        g = self.g
        head = Scope()
        sel = ExprCompiler(g, self.symbols, head, self._const(head, None)).compile(prog.selected_by)
        plans = []
        for i, ver in enumerate(prog.versions):
            # every version's nodes share the head's leaves; parameters read at the selection date
            ec = ExprCompiler(g, self.symbols, head, sel)
            vp = VersionPlan(head.leaves)
            if ver.value is not None:
                vp.value = vp.own = ec.compile(ver.value)
            else:
                own = vp.own = ec.compile(ver.default)
                vp.exceptions = [self._exception(ec, head, c) for c in ver.exceptions]
                vp.value = self._resolve(own, vp.exceptions)
            plans.append(vp)
            g.rule(f"{prog.id}.v{i}", [pat("s", sel, K_VAL, *_range(ver)), pat("r", vp.value)],
                   lambda m, i=i: [rec("out", ver=i, sel=m["s"]["v"], **body(m["r"]))])
        missing = sorted(prog.selection_needs)
        g.rule(f"{prog.id}.sel_unknown", [pat("s", sel, K_UNK)], lambda m: [rec("out", **body(m["s"]))])
        g.rule(f"{prog.id}.sel_none", [pat("s", sel, K_NONE)],
               lambda m: [rec("out", k="unk", m=missing, e=[], c=[])])
        msg = (f"no version of {prog.id} is in force on the date that selects it "
               f"({prog.selected_by.source}); versions start {prog.versions[0].valid_from.isoformat()}")
        g.rule(f"{prog.id}.no_version", [pat("s", sel, K_VAL, _uncovered(prog))],
               lambda m: [rec("out", sel=m["s"]["v"], k="unk", m=[], e=[msg], c=[])])
        return ProgramPlan(prog, aw, aw_leaves, head.leaves, plans, sel=sel)

    def _exception(self, ec: ExprCompiler, scope: Scope, node: ExceptionNode) -> ExceptionPlan:
        g = self.g
        when = ec.compile(node.when)
        a = g.new(f"applies {node.label}")
        msg = f"exception {node.label}: condition is not a yes/no value"
        gate: list[dict] = []
        if node.unverified:
            u = scope.by_symbol.get(("unverified",))
            if u is None:
                u = g.new("apply_unverified")
                scope.by_symbol[("unverified",)] = u
                scope.leaves.append(Leaf(u, "unverified"))
            g.rule(f"n{a}.unverified", [pat("u", u, is_v(False))], lambda m: [val(a, False)])
            gate = [pat("u", u, is_v(True))]
        g.rule(f"n{a}.t", gate + [pat("w", when, is_v(True))], lambda m: [val(a, True)])
        g.rule(f"n{a}.f", gate + [pat("w", when, is_v(False))], lambda m: [val(a, False)])
        g.rule(f"n{a}.u", gate + [pat("w", when, K_UNK)], lambda m: [copy_of(a, m["w"])])
        g.rule(f"n{a}.x", gate + [pat("w", when, K_NONE)], lambda m: [err(a, msg)])
        if node.value is None:       # a duty's exception lifts the time limit; it has no value
            return ExceptionPlan(node, a, -1, [], when)
        children = [self._exception(ec, scope, c) for c in node.children]
        value = ec.compile(node.value)
        return ExceptionPlan(node, a, self._resolve(value, children), children, when, value)

    def _resolve(self, own: int, children: list[ExceptionPlan]) -> int:
        """A default overridden by labelled exceptions: one rule per combination of which
        exceptions apply (T), do not (F) or might (U); the rule's action compares the values."""
        if not children:
            return own
        g = self.g
        n = g.new("resolve")
        labels = [c.node.label for c in children]
        for row in rows(len(children)):
            ps = [pat("own", own)]
            for i, (c, r) in enumerate(zip(children, row)):
                ps.append(pat(f"a{i}", c.applies, {"T": is_v(True), "F": is_v(False), "U": K_UNK}[r]))
                if r != "F":
                    ps.append(pat(f"r{i}", c.result))
            g.rule(f"n{n}.{''.join(row)}", ps, lambda m, row=row: [_resolved(n, m, row, labels)])
        return n

    # --- duties --------------------------------------------------------------------------
    def _duty(self, prog: Program, aw: int | None, aw_leaves: list[Leaf]) -> ProgramPlan:
        g = self.g
        head = Scope()
        asat = g.new("as_at")
        head.leaves.append(Leaf(asat, "asat"))
        trig = ExprCompiler(g, self.symbols, head, asat).compile(prog.trigger)
        trigger = g.new("trigger")
        g.rule(f"{prog.id}.trigger_unknown", [pat("t", trig, K_UNK)], lambda m: [rec("trig", st="unk", **body(m["t"]))])
        g.rule(f"{prog.id}.trigger_none", [pat("t", trig, K_NONE)], lambda m: [rec("trig", st="not")])
        g.rule(f"{prog.id}.trigger_later", [pat("a", asat), pat("t", trig, K_VAL, {"$gt": {"v": {"a": "v"}}})],
               lambda m: [rec("trig", st="not")])
        on_or_before = {"$lte": {"v": {"a": "v"}}}
        for i, ver in enumerate(prog.versions):
            g.rule(f"{prog.id}.triggered_v{i}", [pat("a", asat), pat("t", trig, K_VAL, on_or_before, *_range(ver))],
                   lambda m, i=i: [rec("trig", st="yes", ver=i, d=m["t"]["v"]), val(trigger, dt.date.fromordinal(m["t"]["v"]))])
        msg = (f"no version of {prog.id} is in force on its trigger date "
               f"(versions from {prog.versions[0].valid_from.isoformat()})")
        g.rule(f"{prog.id}.no_version", [pat("a", asat), pat("t", trig, K_VAL, on_or_before, _uncovered(prog))],
               lambda m: [rec("trig", st="unk", d=m["t"]["v"], k="unk", m=[], e=[msg], c=[])])
        plans = [self._duty_version(prog, i, ver, trigger) for i, ver in enumerate(prog.versions)]
        return ProgramPlan(prog, aw, aw_leaves, head.leaves, plans, trigger=trig)

    def _duty_version(self, prog: Program, i: int, ver: Version, trigger: int) -> VersionPlan:
        g = self.g
        sc = Scope()
        asat, soon = g.new("as_at"), g.new("due soon from")
        sc.leaves += [Leaf(asat, "asat"), Leaf(soon, "soon")]
        sc.locals["trigger"] = trigger
        ec = ExprCompiler(g, self.symbols, sc, trigger)
        due = ec.compile(ver.due)
        sc.locals["due"] = due
        recipients = ec.compile(ver.recipients)
        discharged = ec.compile(ver.discharged_by)
        done = g.new("discharged by the as-at date")
        sc.locals["discharged"] = done
        later = {"$gt": {"v": {"a": "v"}}}
        by_asat = {"$lte": {"v": {"a": "v"}}}
        g.rule(f"n{done}.done", [pat("a", asat), pat("x", discharged, K_VAL, by_asat)], lambda m: [copy_of(done, m["x"])])
        g.rule(f"n{done}.later", [pat("a", asat), pat("x", discharged, K_VAL, later)], lambda m: [val(done, None)])
        g.rule(f"n{done}.other", [pat("x", discharged, NOT_VAL)], lambda m: [copy_of(done, m["x"])])
        vp = VersionPlan(sc.leaves, due=due, discharged=discharged, done=done, recipients=recipients)
        vp.exceptions = [self._exception(ec, sc, e) for e in ver.exceptions]
        key = f"{prog.id}.v{i}"
        common = [pat("a", asat), pat("s", soon), pat("r", recipients)]
        g.rule(f"{key}.due_unknown", [pat("d", due, K_UNK)], lambda m: [rec("duty", st="due_unk", **body(m["d"]))])
        g.rule(f"{key}.done_unknown", common + [pat("d", due, NOT_UNK), pat("x", done, K_UNK)],
               lambda m: [rec("duty", st="done_unk", **_duty_fields(m), **body(m["x"]))])
        g.rule(f"{key}.no_limit_met", common + [pat("d", due, K_NONE), pat("x", done, K_VAL)],
               lambda m: [rec("duty", st="met", **_duty_fields(m))])
        g.rule(f"{key}.no_limit_owed", common + [pat("d", due, K_NONE), pat("x", done, K_NONE)],
               lambda m: [rec("duty", st="pending", **_duty_fields(m))])
        g.rule(f"{key}.met", common + [pat("d", due, K_VAL), pat("x", done, K_VAL, {"$lte": {"v": {"d": "v"}}})],
               lambda m: [rec("duty", st="met", **_duty_fields(m))])
        g.rule(f"{key}.due_soon", [pat("a", asat), pat("s", soon), pat("r", recipients),
                                   pat("d", due, K_VAL, {"$gte": {"v": {"a": "v"}}}, {"$lte": {"v": {"s": "v"}}}),
                                   pat("x", done, K_NONE)],
               lambda m: [rec("duty", st="due_soon", **_duty_fields(m))])
        g.rule(f"{key}.pending", [pat("a", asat), pat("s", soon), pat("r", recipients),
                                  pat("d", due, K_VAL, {"$gt": {"v": {"s": "v"}}}, {"$gte": {"v": {"a": "v"}}}),
                                  pat("x", done, K_NONE)],
               lambda m: [rec("duty", st="pending", **_duty_fields(m))])
        # Late (done after the due date, or not done and the due date has passed): only now do
        # the exceptions that lift the time limit matter.
        for late, lp in (("late_done", [pat("d", due, K_VAL), pat("x", done, K_VAL, {"$gt": {"v": {"d": "v"}}})]),
                         ("late_owed", [pat("d", due, K_VAL, {"$lt": {"v": {"a": "v"}}}), pat("x", done, K_NONE)])):
            ex = vp.exceptions
            labels = [e.node.label for e in ex]
            al = [f"e{j}" for j in range(len(ex))]
            not_t = either(K_UNK, is_v(False))
            for j in range(len(ex)):
                ps = [pat(al[q], ex[q].applies, not_t) for q in range(j)] + [pat(al[j], ex[j].applies, is_v(True))]
                ps += [pat(al[q], ex[q].applies) for q in range(j + 1, len(ex))]
                g.rule(f"{key}.{late}.excepted{j}", common + lp + ps,
                       lambda m: [rec("duty", st="excepted", by=[lb for lb, a in zip(labels, al) if _true(m[a])],
                                      **_duty_fields(m))])
                ps = [pat(al[q], ex[q].applies, is_v(False)) for q in range(j)] + [pat(al[j], ex[j].applies, K_UNK)]
                ps += [pat(al[q], ex[q].applies, not_t) for q in range(j + 1, len(ex))]
                g.rule(f"{key}.{late}.unknown{j}", common + lp + ps,
                       lambda m: [rec("duty", st="exc_unk", **_duty_fields(m),
                                      **body(merged(0, [m[a] for a in al])))])
            g.rule(f"{key}.{late}.no_exception", common + lp + [pat(a, e.applies, is_v(False)) for a, e in zip(al, ex)],
                   lambda m: [rec("duty", st="late", **_duty_fields(m))])
        if ver.notice_recorded is not None:
            notice = ec.compile(ver.notice_recorded)
            vp.notice = notice
            g.rule(f"{key}.notice_absent", [pat("x", done, K_VAL), pat("c", notice, NOT_VAL)],
                   lambda m: [rec("notice", st="absent")])
            g.rule(f"{key}.notice_recorded", [pat("x", done, K_VAL), pat("c", notice, K_VAL)],
                   lambda m: [rec("notice", st="recorded")])
            for eid, when, _cites in ver.notice_elements:
                flag = {"$nex": {codec.SET_FLAG + eid: 1}}
                w = None if when is None else ec.compile(when)
                vp.elements.append((eid, w))
                lacking = [pat("x", done, K_VAL), pat("c", notice, K_VAL, flag)]
                if w is None:
                    g.rule(f"{key}.element.{eid}", lacking, lambda m, e=eid: [rec(f"el:{e}", st="missing")])
                    continue
                g.rule(f"{key}.element.{eid}.required", lacking + [pat("w", w, is_v(True))],
                       lambda m, e=eid: [rec(f"el:{e}", st="missing")])
                g.rule(f"{key}.element.{eid}.maybe", lacking + [pat("w", w, K_UNK)],
                       lambda m, e=eid: [rec(f"el:{e}", st="unknown")])
        return vp


def _true(f: dict) -> bool:
    return f["k"] == "val" and f["v"] is True


def _duty_fields(m: Facts) -> dict:
    return {"due": body(m["d"]), "done": body(m["x"]), "recipients": body(m["r"]),
            "asat": m["a"]["v"], "soon": m["s"]["v"]}


def _resolved(n: int, m: Facts, row: tuple[str, ...], labels: list[str]) -> dict:
    """The action of the exceptions row that durable matched: the row says which exceptions
    apply; here their values are compared (a conflict, or a possible one that would change it)."""
    applicable = [i for i, r in enumerate(row) if r == "T"]
    possible = [i for i, r in enumerate(row) if r == "U"]
    if applicable:
        results = [m[f"r{i}"] for i in applicable]
        unknown = [f for f in results if f["k"] == "unk"]
        if unknown:
            return merged(n, unknown)
        if any(not codec.same(f, results[0]) for f in results[1:]):
            return out(n, {"k": "unk", "m": [], "e": [], "c": sorted({labels[i] for i in applicable})})
        result = results[0]
    else:
        result = m["own"]
        if result["k"] == "unk":
            return merged(n, [result] + [m[f"a{i}"] for i in possible])
    blockers = []
    for i in possible:
        alt = m[f"r{i}"]
        if alt["k"] == "unk" or not codec.same(alt, result):
            blockers += [m[f"a{i}"], alt]
    return merged(n, blockers) if blockers else copy_of(n, result)

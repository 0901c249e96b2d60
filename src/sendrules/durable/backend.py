"""The durable-rules evaluation backend: the same rule files, decided by a Rete engine.

Compiled once per rulebook into one durable ruleset (named by the rulebook's content hash, so
two versions of the law coexist in one Host). Per case, each rule runs in its own session, in
the compiled dependency order: the facts it reads (values of earlier rules included) are
posted, durable chains to a decision, and the decision becomes the value later rules read.
Facts are bound (events after the as-at date dropped, absent attributes unknown) by the same
binding stage as the Python backend; everything after binding is decided by durable rules.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from ..compile.functions import function_table
from ..compile.rulebook import CompiledRulebook
from ..core.runtime import Env
from ..evaluate.duties import DutyState, run_duty
from ..evaluate.evaluator import Evaluation, Outcome, RunContext, evaluate_subject, rule_inputs
from . import codec, trace
from .host import ConfinedEngine, DurableActionError
from .nodes import Graph, Leaf, Rule, Unsupported
from .programs import ProgramCompiler, ProgramPlan

_local = threading.local()


class Session:
    """What one program's durable session derived: every fact, every decision, every firing."""

    __slots__ = ("facts", "records", "fired", "delegated_reads")

    def __init__(self) -> None:
        self.facts: dict[int, dict] = {}
        self.records: dict[str, dict] = {}
        self.fired: list[str] = []                  # the rules fired, in order (for an error's message)
        self.delegated_reads: set[str] | None = None  # settings read by the one delegated construct


def _action(rule: Rule):
    rid, fn = rule.id, rule.action

    def run(c: Any) -> None:
        m = c._m
        s: Session = _local.session
        s.fired.append(rid)
        for f in fn(m) or ():
            if f["t"] == "rec":
                s.records[f["key"]] = f
            else:
                s.facts[f["n"]] = f
                c.assert_fact(f)
    return run


@dataclass
class DurableRulebook:
    rulebook: CompiledRulebook
    name: str
    plans: dict[str, ProgramPlan]
    graph: Graph
    engine: ConfinedEngine
    spans: dict[str, tuple[int, int]]

    def ruleset(self) -> dict[str, dict]:
        """Fresh ruleset definitions (durable's set_rulesets consumes what it is given): one
        ruleset per rule id, and a second, small one for a rule's scope (`applies_when`), named
        with the rulebook's hash so versions of the law coexist. (One ruleset of all ~7,000 node
        rules takes minutes to create; per rule it takes seconds.) A session costs durable time
        in proportion to its ruleset's size, and most rules are out of scope for most records,
        so the scope's own ruleset is what those runs pay for."""
        out: dict[str, dict] = {}
        for pid, (lo, hi) in self.spans.items():
            rules = {}
            for r in self.graph.rules[lo:hi]:
                d: dict[str, Any] = {"all": r.all, "run": _action(r)}
                if r.pri:
                    d["pri"] = r.pri
                rules[r.id] = d
            out[self.ruleset_name(pid)] = rules
        return out

    def ruleset_name(self, pid: str) -> str:
        """The ruleset of a rule's body (`pid`), or of its scope (`scope_key(pid)`)."""
        return f"{self.name}:{pid}"


def scope_key(pid: str) -> str:
    """The key of the ruleset that decides a rule's scope (`applies_when`)."""
    return f"{pid}/scope"


_CACHE: dict[tuple[str, int], DurableRulebook] = {}
_CACHE_LOCK = threading.Lock()


def compile_durable(rb: CompiledRulebook) -> DurableRulebook:
    """Every rule of the rulebook compiled to durable-rules rules, once per rulebook (cached)."""
    key = (rb.content_hash, id(rb))
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
    drb = build_durable(rb)
    with _CACHE_LOCK:
        return _CACHE.setdefault(key, drb)


def build_durable(rb: CompiledRulebook, engine: ConfinedEngine | None = None) -> DurableRulebook:
    """A fresh, uncached compilation; `engine` replaces the confined engine that runs it."""
    g = Graph(function_table(rb.calendar), {
        pid: [(e.start.toordinal(), e.end.toordinal() if e.end else 10 ** 8) for e in t.entries]
        for pid, t in rb.parameters.items()})
    pc = ProgramCompiler(g, rb.symbols)
    plans = {}
    spans = {}
    for pid, prog in rb.programs.items():
        mark = len(g.rules)
        try:
            plan = plans[pid] = pc.compile(prog)
        except Unsupported as exc:
            del g.rules[mark:]
            plans[pid] = ProgramPlan(prog, None, [], [], [], delegated=str(exc))
            spans[pid] = (mark, len(g.rules))
            continue
        if plan.aw is not None:
            spans[scope_key(pid)] = (mark, plan.body_from)
            mark = plan.body_from
        spans[pid] = (mark, len(g.rules))
    name = f"sendrules@{rb.content_hash[:16]}"
    drb = DurableRulebook(rb, name, plans, g, None, spans)  # type: ignore[arg-type]
    drb.engine = engine or ConfinedEngine(drb.ruleset)
    return drb


def evaluate_durable(rb: CompiledRulebook, root: str, data: Any, as_at: dt.date,
                     settings: dict[str, Any] | None = None, explain: bool = False,
                     parameters: dict[str, Any] | None = None,
                     compiled: DurableRulebook | None = None, only: Any = None,
                     hash_input: bool = True) -> Evaluation:
    """Evaluate a case (root "case") or an area file (root "area") with durable-rules deciding every
    outcome; validation, binding and the walk are the shared ones."""
    drb = compiled or compile_durable(rb)
    return evaluate_subject(rb, root, data, as_at, DurableRunner(drb), settings, explain, parameters, "durable",
                            only=only, hash_input=hash_input)


class DurableRunner:
    """The durable engine's way to run one scope's programs (the `ScopeRunner` of the walk)."""

    def __init__(self, drb: DurableRulebook) -> None:
        self.drb = drb

    def __call__(self, programs: tuple, env: Env, ids: tuple[str, ...], ctx: RunContext,
                 outcomes: list[Outcome]) -> None:
        for prog in programs:
            plan = self.drb.plans[prog.id]
            if plan.delegated:
                raise Unsupported(f"{prog.id}: {plan.delegated}")
            outcomes.append(_run_program(self.drb, plan, env.v, ids, ctx))


def soon_limit(as_at: dt.date, due_soon: int) -> dt.date:
    """The last due date that is `due_soon` (as_at + due_soon days). Past the end of the calendar
    it is the calendar's last day: every due date is then within it, as the Python engine's
    `(due - as_at).days <= due_soon` says."""
    if due_soon > (dt.date.max - as_at).days:
        return dt.date.max
    return as_at + dt.timedelta(days=due_soon)


def _leaf_facts(leaves: list[Leaf], v: list[Any], ctx: RunContext, drb: DurableRulebook, used: set[str] | None) -> list[dict]:
    facts = []
    for leaf in leaves:
        n = leaf.node
        if leaf.kind == "symbol":
            sym = leaf.symbol
            if sym.kind == "setting" and used is not None:
                used.add(sym.name.split(".", 1)[1])
            x = v[sym.slot]
        elif leaf.kind == "const":
            x = leaf.const
        elif leaf.kind == "asat":
            x = ctx.as_at
        elif leaf.kind == "soon":
            x = soon_limit(ctx.as_at, ctx.due_soon)
        elif leaf.kind == "unverified":
            x = ctx.apply_unverified
        else:  # the entries of a parameter table in force for this evaluation
            table = v[drb.rulebook.symbols[f"param.{leaf.param}"].slot]
            for i, e in enumerate(table.entries):
                facts.append({"t": "v", "id": f"n{n}e{i}", "n": n, "f": e.start.toordinal(),
                              "to": e.end.toordinal() if e.end else 10 ** 8, **codec.fields(e.value)})
            continue
        facts.append({"t": "v", "id": f"n{n}", "n": n, **codec.fields(x)})
    return facts


def _posted(s: Session, facts: list[dict]) -> list[dict]:
    """Keep the posted facts with the derived ones: the explanation reads both."""
    for f in facts:
        s.facts.setdefault(f["n"], f)
    return facts


def _run_program(drb: DurableRulebook, plan: ProgramPlan, v: list[Any], ids: tuple[str, ...],
                 ctx: RunContext) -> Outcome:
    prog = plan.prog
    s = Session()
    used = None
    _local.session = s

    def stages():
        yield _posted(s, _leaf_facts(plan.head_leaves, v, ctx, drb, used))
        trig = s.records.get("trig")
        if prog.kind == "duty" and trig is not None and trig["st"] == "yes":
            yield _posted(s, _leaf_facts(plan.versions[trig["ver"]].leaves, v, ctx, drb, used))

    try:
        # the scope first, in its own small session; the body only when the scope holds
        if plan.aw is not None:
            drb.engine.run(drb.ruleset_name(scope_key(prog.id)),
                           [_posted(s, _leaf_facts(plan.aw_leaves, v, ctx, drb, used))])
        if plan.aw is None or _need(s, "aw", prog.id)["st"] == "in":
            drb.engine.run(drb.ruleset_name(prog.id), stages())
    except DurableActionError as exc:
        last = s.fired[-1] if s.fired else "no rule"
        raise DurableActionError(f"{prog.id} (last rule fired: {last}): {exc}") from None
    finally:
        _local.session = None
    aw = s.records.get("aw")
    if aw is not None and aw["st"] != "in":
        value = None if aw["st"] == "out" else codec.decode(aw)
        v[prog.slot] = value
        out = Outcome(prog, ids, value, None, None, None, (), frozenset(), None, aw["st"] != "out")
    elif prog.kind == "duty":
        state = _duty_state(drb, plan, s, v, ctx)
        v[prog.slot] = state.slot_value
        out = Outcome(prog, ids, state.slot_value, state.version, state.trigger, duty=state,
                      exceptions=state.exception_trace)
    else:
        r = _need(s, "out", prog.id)
        value = codec.decode(r)
        ver = prog.versions[r["ver"]] if "ver" in r else None
        sel = dt.date.fromordinal(r["sel"]) if "sel" in r else None
        v[prog.slot] = value
        out = Outcome(prog, ids, value, ver, sel, None, ())
    if ctx.explain:
        g = drb.graph
        if prog.kind == "duty":
            out.settings_used = frozenset(s.delegated_reads if s.delegated_reads is not None
                                          else trace.duty_settings(g, plan, s.facts, out, ctx.apply_unverified))
        else:
            exc_trace, read = trace.value_explanation(g, plan, s.facts, out, ctx.apply_unverified)
            out.exceptions, out.settings_used = exc_trace, frozenset(read)
        out.inputs = _inputs_from(drb, plan, out, v, ctx)
    return out


def _need(s: Session, key: str, pid: str) -> dict:
    r = s.records.get(key)
    if r is None:
        raise DurableActionError(f"{pid}: durable-rules derived no {key!r} decision")
    return r


def _date(x: Any) -> dt.date | None:
    return x if isinstance(x, dt.date) else None


def _duty_state(drb: DurableRulebook, plan: ProgramPlan, s: Session, v: list[Any], ctx: RunContext) -> DutyState:
    prog = plan.prog
    trig = _need(s, "trig", prog.id)
    if trig["st"] == "not":
        return DutyState("not_triggered")
    if trig["st"] == "unk":
        u = codec.decode(trig)
        return DutyState(u.status, unknown=u, trigger=dt.date.fromordinal(trig["d"]) if "d" in trig else None)
    ver = prog.versions[trig["ver"]]
    v[prog.trigger_slot] = dt.date.fromordinal(trig["d"])
    vp = plan.versions[trig["ver"]]
    t = dt.date.fromordinal(trig["d"])
    r = _need(s, "duty", prog.id)
    st = r["st"]
    if st == "due_unk":
        due = codec.decode(r)
        if due.candidates and not due.errors and not due.conflicts:
            return _delegated_candidates(prog, s, v, ctx)
        return DutyState(due.status, version=ver, trigger=t, unknown=due)
    due = codec.decode(r["due"])
    recipients = codec.decode(r["recipients"])
    done = codec.decode(r["done"])
    if st == "done_unk":
        return DutyState(done.status, version=ver, trigger=t, due=due, recipients=recipients, unknown=done)
    state = DutyState("pending", ver, t, due, done, ctx.as_at, recipients=recipients)
    # the slots the explanation reads, as the Python evaluator leaves them
    v[prog.trigger_slot], v[prog.due_slot], v[prog.discharged_slot] = t, due, done
    notice = s.records.get("notice")
    if notice is not None:
        state.notice_recorded = notice["st"] == "recorded"
        if state.notice_recorded:
            state.notice_missing = tuple(e for e, _ in vp.elements if s.records.get(f"el:{e}", {}).get("st") == "missing")
            state.notice_unknown = tuple(e for e, _ in vp.elements if s.records.get(f"el:{e}", {}).get("st") == "unknown")
    if st in ("met", "pending", "due_soon"):
        state.status = st
        return state
    if ctx.explain:
        state.exception_trace = trace.duty_exception_trace(plan, s.facts, trig["ver"], ctx.apply_unverified)
    if st == "excepted":
        state.status = "excepted"
        state.excepted_by = tuple(r["by"])
    elif st == "exc_unk":
        state.unknown = codec.decode(r)
        state.status = state.unknown.status
    else:
        state.missed()   # durable decided that no exception lifts the missed deadline
    return state


def _delegated_candidates(prog: Any, s: Session, v: list[Any], ctx: RunContext) -> DutyState:
    """A due date known only to be one of a few: the one construct run on the Python evaluator
    (docs/adr/0012). The settings it read are kept on the session for the explanation."""
    env = Env(v, set() if ctx.explain else None)
    state = run_duty(prog, env, ctx.as_at, ctx.due_soon, ctx.apply_unverified, ctx.explain)
    s.delegated_reads = env.used_settings
    return state


def _inputs_from(drb: DurableRulebook, plan: ProgramPlan, out: Outcome, v: list[Any], ctx: RunContext) -> dict[str, Any]:
    env = Env(v)
    # As the Python engine reads them (evaluate/duties.py): a duty's parameters at its trigger date
    # once a version is in force there, otherwise (no trigger, or no version on it) at the as-at date.
    env.sel = (out.selected_on if out.duty is None
               else out.duty.trigger if out.duty.trigger is not None and out.version is not None
               else ctx.as_at)
    return rule_inputs(plan.prog, out.version, env, drb.rulebook)

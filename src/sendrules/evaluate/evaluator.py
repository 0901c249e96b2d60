"""Evaluate one case or area file: validate, then walk the scope table binding each record and
running its scope's compiled rules. The walk is shared by every engine; an engine only says how
one scope's programs are run (`ScopeRunner`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import Any, Protocol

from ..compile.plans import ScopePlan
from ..compile.rulebook import CompiledRulebook
from ..core.canonical import sha256_of, typed_items
from ..core.parameters import ParameterTable
from ..core.programs import Program, Version, names_read
from ..core.runtime import Env
from ..core.values import Unknown, error, shared_set
from ..core.suggest import did_you_mean
from ..errors import InputError
from ..facts.scopes import BY_NAME, outcome_key, record_id, records
from ..facts.validation import check_findings, check_lifetime, validate_subject
from .defaults import resolve
from .duties import DutyState, run_duty
from .settings import parameter_tables, resolve_settings


@dataclass(slots=True)
class Outcome:
    """The result of one rule for one record (the case, a request, a review...)."""

    program: Program
    ids: tuple[str, ...]            # record ids from the root down; () for a case-wide or area rule
    value: Any                      # plain value, or Unknown
    version: Version | None
    selected_on: dt.date | None
    duty: DutyState | None = None
    exceptions: list | tuple = ()   # (label, condition result), when explaining
    settings_used: frozenset[str] = frozenset()
    inputs: dict[str, Any] | None = None  # name -> value read, when explaining
    applicable: bool = True               # False when the rule's applies_when is false
    key_text: str | None = field(default=None, compare=False)  # the key, once asked for (asked several times)

    @property
    def key(self) -> str:
        k = self.key_text
        if k is None:
            k = self.key_text = outcome_key(self.program.id, self.ids)
        return k

    @property
    def request_id(self) -> str | None:
        return self.ids[0] if self.ids else None

    @property
    def record_id(self) -> str | None:
        return self.ids[1] if len(self.ids) > 1 else None

    @property
    def status(self) -> str:
        if not self.applicable:
            return "not_applicable"
        if self.duty is not None:
            return self.duty.status
        return self.value.status if type(self.value) is Unknown else "determined"

    @property
    def unknown(self) -> Unknown | None:
        if self.duty is not None:
            return self.duty.unknown
        return self.value if type(self.value) is Unknown else None


# A rule outside its scope, as the Python engine records it: (program, ids). Most rules of a case
# are; building a full Outcome for each cost more than deciding the rest, so one is made only
# when a caller asks for every outcome (Evaluation.outcomes).
Skipped = tuple  # tuple[Program, tuple[str, ...]]


def not_applicable(prog: Program, ids: tuple[str, ...]) -> Outcome:
    """The Outcome of a rule whose applies_when is false."""
    return Outcome(prog, ids, None, None, None, None, (), frozenset(), None, False)


@dataclass
class Evaluation:
    rulebook: CompiledRulebook
    subject: Any                    # the Case, or the Area for an area file
    root: str                       # the root scope: "case" or "area"
    as_at: dt.date
    settings: dict[str, Any]
    overridden: tuple[str, ...]
    entries: list[Outcome | Skipped]  # in evaluation order; `outcomes` and `decided` read them
    explained: bool
    parameters: dict[str, ParameterTable] = field(default_factory=dict)
    parameters_overridden: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()   # said about the input (e.g. a schema 1.0 case was upgraded)
    engine: str = "python"
    input_hash: str = ""            # sha256 of the canonical validated input (the receipt's input_hash)
    as_at_default: str | None = None  # how the as-at date was chosen when the caller gave none
    only: tuple[str, ...] = ()        # the rules asked for, when not all were decided (sorted)
    _outcomes: list[Outcome] | None = field(default=None, repr=False, compare=False)
    _decided: list[Outcome] | None = field(default=None, repr=False, compare=False)

    @property
    def outcomes(self) -> list[Outcome]:
        """Every outcome in evaluation order, the not_applicable ones included."""
        if self._outcomes is None:
            self._outcomes = [e if type(e) is Outcome else not_applicable(e[0], e[1]) for e in self.entries]
        return self._outcomes

    @property
    def decided(self) -> list[Outcome]:
        """The outcomes that were decided (possibly as not_applicable, when explaining): every
        outcome whose status is not not_applicable is among them. The fast path of the result."""
        if self._decided is None:
            self._decided = [e for e in self.entries if type(e) is Outcome]
        return self._decided

    @property
    def is_area(self) -> bool:
        return self.root == "area"

    @property
    def subject_id(self) -> str:
        return getattr(self.subject, BY_NAME[self.root].id_field)


@dataclass(frozen=True)
class RunContext:
    """What every rule of one evaluation shares: the as-at date and the settings the engine reads."""

    as_at: dt.date
    due_soon: int
    apply_unverified: bool
    explain: bool
    rb: CompiledRulebook
    plans: dict[str, ScopePlan]     # what each scope runs (every rule, or the closure of `only`)


class ScopeRunner(Protocol):
    """How an engine runs one scope's programs over bound slots, appending an Outcome per program."""

    def __call__(self, programs: tuple[Program, ...], env: Env, ids: tuple[str, ...], ctx: RunContext,
                 outcomes: list[Outcome]) -> None: ...


def evaluate_subject(rb: CompiledRulebook, root: str, data: Any, as_at: dt.date, run_scope: ScopeRunner,
                     settings: dict[str, Any] | None = None, explain: bool = False,
                     parameters: dict[str, Any] | None = None, engine: str = "python",
                     only: Iterable[str] | None = None, hash_input: bool = True) -> Evaluation:
    """Validate a case (root "case") or area file (root "area") and evaluate it at an as-at date.
    `only`: rule ids or outcome keys (`rule[R1]`); then only those rules and the rules they read
    are decided (an unknown id is an InputError). `hash_input=False` leaves the input hash to be
    computed when a receipt asks for it (a caller that writes no receipt per case, like the audit,
    saves a dump and a hash of every case). Pure and thread-safe: all state lives in this call."""
    require_date(as_at)
    wanted = only_rules(rb, only)
    subject, notices = validate_subject(root, data)
    check_findings(rb.findings, root, subject)
    check_lifetime(root, subject, as_at)
    values, tables, v, ctx = prepare(rb, as_at, settings, parameters, explain, wanted)
    # Hashed now, before the outcomes exist: dumping a large case costs as much memory as it holds.
    input_hash = sha256_of(subject.model_dump(mode="json")) if hash_input else ""
    entries: list[Outcome | Skipped] = []
    _walk(rb, ctx.plans[root], subject, (), v, ctx, run_scope, entries)
    return Evaluation(rb, subject, root, as_at, values, tuple(sorted(settings or {})), entries, explain, tables,
                      tuple(sorted(parameters or {})), notices, engine, input_hash,
                      only=tuple(sorted(wanted)) if wanted is not None else ())


def only_rules(rb: CompiledRulebook, only: Iterable[str] | None) -> frozenset[str] | None:
    """The rule ids `only` names (an outcome key `rule[R1]` names its rule); InputError for an
    id that is not a rule, or for `only` given as one string (a common slip for a list of one)."""
    if only is None:
        return None
    if isinstance(only, str):
        raise InputError(["only: must be a list of rule ids or outcome keys, not one string"])
    wanted = set()
    for item in only:
        if not isinstance(item, str):
            raise InputError(["only: must be a list of rule ids or outcome keys"])
        rid = item.split("[", 1)[0]
        if rid not in rb.programs:
            raise InputError([f"only: no rule {rid!r}" + did_you_mean(rid, rb.programs)])
        wanted.add(rid)
    if not wanted:
        raise InputError(["only: names no rule (leave it out to decide every rule)"])
    return frozenset(wanted)


def _walk(rb: CompiledRulebook, plan: ScopePlan, record: Any, ids: tuple[str, ...], v: list[Any],
          ctx: RunContext, run_scope: ScopeRunner, entries: list) -> None:
    """Bind one record into its copy of its parent's slots, run its scope, then its children."""
    cs = rb.scopes[plan.name]
    (plan.binder or cs.binder).bind(record, ctx.as_at, v)
    if plan.programs:
        run_scope(plan.programs, Env(v), ids, ctx, entries)
    for name in plan.children:
        child = ctx.plans[name]
        scope = rb.scopes[name].scope
        for index, rec in enumerate(records(scope, record)):
            _walk(rb, child, rec, ids + (record_id(scope, rec, index),), list(v), ctx, run_scope, entries)


def require_date(as_at: Any) -> None:
    """The as-at date must be a date (a datetime would compare wrongly with the dates of facts)."""
    if not isinstance(as_at, dt.date) or isinstance(as_at, dt.datetime):
        raise InputError(["as_at: must be a date"])


def prepare(rb: CompiledRulebook, as_at: dt.date, settings: dict[str, Any] | None,
            parameters: dict[str, Any] | None, explain: bool, only: frozenset[str] | None = None
            ) -> tuple[dict[str, Any], dict[str, ParameterTable], list[Any], RunContext]:
    """Settings, parameter tables, the slot vector with them laid out, and the run context."""
    key = _settings_key(settings) if not parameters else None
    found = rb.prepared_settings.get(key) if key is not None else None
    if found is not None:
        # the same settings as an earlier call: a caseload evaluated with one list of settings
        # resolves and lays them out once (a memo on the rulebook, derived from it and the settings)
        resolved, laid_out = found
        values, tables, v = dict(resolved), rb.parameters, list(laid_out)
    else:
        values = resolve_settings(rb, settings)
        tables = parameter_tables(rb, parameters)
        if settings or parameters:
            v = [None] * rb.n_slots
            for name in rb.settings:
                v[rb.slot(f"setting.{name}")] = values[name]
            for name, table in tables.items():
                v[rb.symbols[f"param.{name}"].slot] = table
        else:
            v = list(rb.initial_slots)  # defaults and parameter tables, laid out once at compile time
        if key is not None and len(rb.prepared_settings) < 256:  # bounded, like plans_for's memo
            rb.prepared_settings[key] = (dict(values), tuple(v))
    v[rb.symbols["as_at"].slot] = as_at
    ctx = RunContext(as_at, values.get("due_soon_days", 7), bool(values.get("apply_unverified", False)), explain, rb,
                     rb.plans_for(only))
    return values, tables, v, ctx


def _settings_key(settings: Any) -> tuple | None:
    """A memo key for the caller's settings; None when they cannot key one (not a mapping, or a
    value that is not hashable: resolve_settings then says what is wrong, or lays them out)."""
    if settings is None:
        return ()
    if type(settings) is not dict:
        return None
    try:
        return typed_items(settings)
    except TypeError:
        return None


_UNSET = object()


def run_scope(programs: tuple[Program, ...], env: Env, ids: tuple[str, ...], ctx: RunContext,
              outcomes: list) -> None:
    """The Python engine: run every program of one scope in order. The loop is the hot path: a rule
    outside its scope (applies_when false, most duties of processes that did not happen) costs at
    most one test of a gate shared by its group (compile/plans.py) and one small tuple."""
    if ctx.explain:
        _run_scope_explaining(programs, env, ids, ctx, outcomes)
        return
    plan = ctx.plans[programs[0].scope]
    v = env.v
    append = outcomes.append
    gate_of, whole, gates = plan.gate_of, plan.gate_whole, plan.gates
    apply_unverified = ctx.apply_unverified
    values = [_UNSET] * len(gates)
    for i, prog in enumerate(programs):
        g = gate_of[i]
        scope_ok: Any = True
        if g >= 0:
            gv = values[g]
            if gv is _UNSET:
                env.sel = None
                gv = values[g] = gates[g](env)
            if gv is False:
                v[prog.slot] = None
                append((prog, ids))
                continue
            if whole[i]:
                scope_ok = gv
            else:
                env.sel = None
                scope_ok = prog.applies_when.fn(env)  # type: ignore[union-attr]
                if scope_ok is False:
                    v[prog.slot] = None
                    append((prog, ids))
                    continue
        if scope_ok is True and prog.kind != "duty":
            env.sel = None  # what _run does first, for the most common rule: a value in its scope
            append(_run_value(prog, env, ids, apply_unverified, False))
        else:
            append(_run(prog, env, ids, ctx, scope_ok))


def _run_scope_explaining(programs: tuple[Program, ...], env: Env, ids: tuple[str, ...], ctx: RunContext,
                          outcomes: list) -> None:
    """Explaining: every rule is run through _run, so a rule outside its scope records what it read."""
    for prog in programs:
        aw = prog.applies_when
        scope_ok: Any = True
        if aw is not None:
            env.sel = None
            scope_ok = aw.fn(env)
        outcomes.append(_run(prog, env, ids, ctx, scope_ok))


def _run(prog: Program, env: Env, ids: tuple[str, ...], ctx: RunContext, scope_ok: Any) -> Outcome:
    """Run one rule whose scope condition has been evaluated (scope_ok: True, False or Unknown)."""
    explain = ctx.explain
    if explain:
        env.used_settings = set()
        if prog.applies_when is not None:
            prog.applies_when.fn(env)  # read again so the settings it uses are recorded
    env.sel = None
    if scope_ok is not True:
        # Outside the rule's scope (not applicable), or scope unknown (undetermined).
        val = None if scope_ok is False else (scope_ok if type(scope_ok) is Unknown
                                              else error(f"{prog.id}: applies_when is not a yes/no value"))
        env.v[prog.slot] = val
        out = Outcome(prog, ids, val, None, None, None, (), frozenset(), None, scope_ok is not False)
    elif prog.kind == "duty":
        state = run_duty(prog, env, ctx.as_at, ctx.due_soon, ctx.apply_unverified, explain)
        env.v[prog.slot] = state.slot_value
        out = Outcome(prog, ids, state.slot_value, state.version, state.trigger, duty=state,
                      exceptions=state.exception_trace)
    else:
        out = _run_value(prog, env, ids, ctx.apply_unverified, explain)
    if explain:
        out.settings_used = shared_set(frozenset(env.used_settings or ()))
        env.used_settings = None
        out.inputs = rule_inputs(prog, out.version, env, ctx.rb)
    return out


def _run_value(prog: Program, env: Env, ids: tuple[str, ...], apply_unverified: bool, explain: bool) -> Outcome:
    trace: list | None = [] if explain else None
    sel = prog.selected_by.fn(env)
    ver = None
    if type(sel) is Unknown:
        val: Any = sel
    elif sel is None:
        val = Unknown(missing=prog.selection_needs)
    else:
        ver = prog.pick(sel)
        if ver is None:
            val = error(f"no version of {prog.id} is in force on the date that selects it "
                        f"({prog.selected_by.source}); versions start {prog.versions[0].valid_from.isoformat()}")
        else:
            env.sel = sel
            if ver.value is not None:
                val = ver.value.fn(env)
            else:
                default = ver.default
                val = resolve(lambda: default.fn(env), ver.exceptions, env, apply_unverified, trace)
    env.v[prog.slot] = val
    return Outcome(prog, ids, val, ver, sel if isinstance(sel, dt.date) else None, None, trace or ())


def version_deps(prog: Program, ver: Version | None) -> list[str]:
    """Every name a rule's version reads (its header, body, exceptions and notice), sorted."""
    return sorted(names_read(prog, ver))


def rule_inputs(prog: Program, ver: Version | None, env: Env, rb: CompiledRulebook) -> dict[str, Any]:
    """The value of every name this rule's version reads, for the explanation."""
    out: dict[str, Any] = {}
    for name in version_deps(prog, ver):
        sym = rb.symbols.get(name)
        if name == "trigger":
            out[name] = env.v[prog.trigger_slot]
        elif name == "due":
            out[name] = env.v[prog.due_slot]
        elif name == "discharged":
            out[name] = env.v[prog.discharged_slot]
        elif sym is None:
            continue
        elif sym.kind == "param":
            out[name] = env.v[sym.slot].at(env.sel)
        else:
            out[name] = env.v[sym.slot]
    return out

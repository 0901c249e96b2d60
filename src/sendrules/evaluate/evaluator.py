"""Evaluate one case: bind facts, run every compiled rule in order, collect outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..compile.expressions import Env
from ..compile.rulebook import CompiledRulebook
from ..facts.binding import bind_case, bind_record, bind_request, check_findings
from ..facts.scopes import NESTED, record_id
from ..facts.case import Case
from ..facts.validation import validate_case
from .defaults import resolve
from .duties import DutyState, run_duty
from .programs import Program, Version
from .settings import parameter_tables, resolve_settings
from ..compile.parameters import ParameterTable
from .values import Unknown, error


@dataclass(slots=True)
class Outcome:
    """The result of one rule for the case or for one request."""

    program: Program
    request_id: str | None
    value: Any                      # plain value, or Unknown
    version: Version | None
    selected_on: dt.date | None
    duty: DutyState | None = None
    exceptions: list | tuple = ()   # (label, condition result), when explaining
    settings_used: frozenset[str] = frozenset()
    inputs: dict[str, Any] | None = None  # name -> value read, when explaining
    applicable: bool = True               # False when the rule's applies_when is false
    record_id: str | None = None          # set for rules of a nested scope (a review, a request for advice)

    @property
    def key(self) -> str:
        if self.request_id is None:
            return self.program.id
        if self.record_id is None:
            return f"{self.program.id}[{self.request_id}]"
        return f"{self.program.id}[{self.request_id}/{self.record_id}]"

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


@dataclass
class Evaluation:
    rulebook: CompiledRulebook
    case: Any                       # the Case, or the Area for an area evaluation
    as_at: dt.date
    settings: dict[str, Any]
    overridden: tuple[str, ...]
    outcomes: list[Outcome]
    explained: bool
    parameters: dict[str, ParameterTable] = field(default_factory=dict)
    parameters_overridden: tuple[str, ...] = ()

    @property
    def is_area(self) -> bool:
        return not isinstance(self.case, Case)

    @property
    def subject_id(self) -> str:
        return self.case.area_id if self.is_area else self.case.case_id


def evaluate_case(rb: CompiledRulebook, case: Case | dict, as_at: dt.date,
                  settings: dict[str, Any] | None = None, explain: bool = False,
                  parameters: dict[str, Any] | None = None) -> Evaluation:
    """Evaluate a case at an as-at date. Pure and thread-safe: all state lives in this call."""
    require_date(as_at)
    case = validate_case(case)
    check_findings(rb, case)
    values, tables, v, ctx = prepare(rb, as_at, settings, parameters, explain)
    bind_case(rb, case, as_at, v)
    outcomes: list[Outcome] = []
    _run_scope(rb.case_programs, Env(v), None, None, ctx, outcomes)
    for request in case.requests:
        rv = list(v)
        bind_request(rb, request, as_at, rv)
        _run_scope(rb.request_programs, Env(rv), request.request_id, None, ctx, outcomes)
        for nested in NESTED:
            programs = rb.nested_programs[nested.name]
            if not programs:
                continue
            for index, record in enumerate(getattr(request, nested.field)):
                wv = list(rv)
                bind_record(rb, nested.name, record, as_at, wv)
                _run_scope(programs, Env(wv), request.request_id, record_id(nested, record, index), ctx, outcomes)
    overridden = tuple(sorted(settings or {}))
    return Evaluation(rb, case, as_at, values, overridden, outcomes, explain, tables,
                      tuple(sorted(parameters or {})))


def require_date(as_at: Any) -> None:
    """The as-at date must be a date (a datetime would compare wrongly with the dates of facts)."""
    if not isinstance(as_at, dt.date) or isinstance(as_at, dt.datetime):
        from ..errors import InputError
        raise InputError(["as_at: must be a date"])


def prepare(rb: CompiledRulebook, as_at: dt.date, settings: dict[str, Any] | None,
            parameters: dict[str, Any] | None, explain: bool
            ) -> tuple[dict[str, Any], dict[str, ParameterTable], list[Any], "_Ctx"]:
    """Settings, parameter tables, the slot vector with them laid out, and the run context."""
    values = resolve_settings(rb, settings)
    tables = parameter_tables(rb, parameters)
    if settings or parameters:
        v: list[Any] = [None] * rb.n_slots
        for name, bs in rb.settings.items():
            v[bs.slot] = values[name]
        for name, table in tables.items():
            v[rb.symbols[f"param.{name}"].slot] = table
    else:
        v = list(rb.initial_slots)  # defaults and parameter tables, laid out once at compile time
    v[0] = as_at
    ctx = _Ctx(as_at, values.get("due_soon_days", 7), bool(values.get("apply_unverified", False)), explain, rb)
    return values, tables, v, ctx


@dataclass(frozen=True)
class _Ctx:
    as_at: dt.date
    due_soon: int
    apply_unverified: bool
    explain: bool
    rb: CompiledRulebook


def _run_scope(programs: tuple[Program, ...], env: Env, request_id: str | None, rec_id: str | None,
               ctx: _Ctx, outcomes: list[Outcome]) -> None:
    """Run every program of one scope in order. The loop is the hot path: a rule outside its
    scope (applies_when false, most duties of processes that did not happen) costs one check."""
    v = env.v
    append = outcomes.append
    for prog in programs:
        aw = prog.applies_when
        scope_ok: Any = True
        if aw is not None:
            env.sel = None
            scope_ok = aw.fn(env)
            if scope_ok is False and not ctx.explain:
                v[prog.slot] = None
                append(Outcome(prog, request_id, None, None, None, None, (), frozenset(), None, False, rec_id))
                continue
        out = _run(prog, env, request_id, ctx, scope_ok)
        out.record_id = rec_id
        append(out)


def _run(prog: Program, env: Env, request_id: str | None, ctx: _Ctx, scope_ok: Any) -> Outcome:
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
        out = Outcome(prog, request_id, val, None, None, None, (), frozenset(), None, scope_ok is not False)
    elif prog.kind == "duty":
        state = run_duty(prog, env, ctx.as_at, ctx.due_soon, ctx.apply_unverified, explain)
        env.v[prog.slot] = state.slot_value
        out = Outcome(prog, request_id, state.slot_value, state.version, state.trigger, duty=state,
                      exceptions=state.exception_trace)
    else:
        out = _run_value(prog, env, request_id, ctx.apply_unverified, explain)
    if explain:
        out.settings_used = frozenset(env.used_settings or ())
        env.used_settings = None
        out.inputs = _inputs(prog, out.version, env, ctx.rb)
    return out


def _run_value(prog: Program, env: Env, request_id: str | None, apply_unverified: bool, explain: bool) -> Outcome:
    trace: list | None = [] if explain else None
    sel = prog.selected_by.fn(env)
    ver = None
    if type(sel) is Unknown:
        val: Any = sel
    elif sel is None:
        val = Unknown(missing=frozenset(n for n in prog.selected_by.deps if "." in n and n.split(".")[0]
                                        in ("person", "request", "review", "advice", "consultation", "finding"))
                      or frozenset(prog.selected_by.deps))
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
    return Outcome(prog, request_id, val, ver, sel if isinstance(sel, dt.date) else None, None,
                   trace or ())


def version_deps(prog: Program, ver: Version | None) -> list[str]:
    names = set(prog.selected_by.deps)
    if prog.applies_when is not None:
        names |= prog.applies_when.deps
    if prog.trigger is not None:
        names |= prog.trigger.deps
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
            names |= n.when.deps
            if n.value is not None:
                names |= n.value.deps
            stack.extend(n.children)
    return sorted(names)


def _inputs(prog: Program, ver: Version | None, env: Env, rb: CompiledRulebook) -> dict[str, Any]:
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

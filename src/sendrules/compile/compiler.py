"""Compile stage: loaded rule files to a CompiledRulebook, or located diagnostics.

Every expression is parsed, name-resolved and type-checked here, so a rulebook
that compiles can be evaluated with no parsing and no lookups by name.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..calendar.working_days import WorkingDayCalendar, england_calendar
from ..check.checker import check_declarations, check_rulebook
from ..core import types as T
from ..core.citations import citation_dict
from ..core.parameters import build_table
from ..core.programs import ExceptionNode, Program, Version
from ..core.ruleformat import Exception_, Finding, Rule, Setting, expr_text, placeholders
from ..core.suggest import did_you_mean
from ..core.versions import installed_versions
from ..errors import Diagnostic
from ..facts.binding import finding_slot, make_binder
from ..facts.catalogue import FACTS, FactSpec
from ..facts.scopes import BY_NAME, NAMES, SCOPES, children
from ..load.loader import LoadedFile, LoadResult
from . import exposed_dates
from .digests import rule_digests
from .expressions import Compiled, ExprError, compile_expression, leading_conjunct
from .families import Origin
from .families import expand as expand_families
from .functions import function_table
from .plans import scope_plan
from .rulebook import CompiledRulebook, CompiledScope
from .symbols import NameClash, Resolver, SymbolTable

TEMPLATE_LOCALS = {"value", "trigger", "due", "discharged", "days_late", "days_overdue", "days_left", "status",
                   "holder", "recipients"}


@dataclass
class _Ctx:
    diags: list[Diagnostic] = field(default_factory=list)

    def err(self, lf: LoadedFile, loc: tuple, msg: str, severity: str = "error") -> None:
        key = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
        self.diags.append(Diagnostic(lf.path, lf.line(*loc), msg, severity, key or None))


@dataclass
class _RuleSrc:
    rule: Rule                  # with any family uses expanded into the family's exceptions
    lf: LoadedFile
    index: int
    origins: list[Origin]       # where each of the rule's exceptions is written


def rule_type(rule: Rule) -> T.VType:
    if rule.kind == "duty":
        return T.enum(["not_triggered", "pending", "due_soon", "met", "met_late", "overdue", "excepted"])
    if rule.type == "enum":
        return T.enum(rule.values or [])
    if rule.type == "set":
        return T.set_of(rule.values or [])
    return T.VType(rule.type or "any")


def content_hash(files: list[LoadedFile]) -> str:
    """sha256 over the validated models of every file and its path inside the rules folder, in
    path order: formatting-insensitive, and the same for a copy of the folder under another name."""
    h = hashlib.sha256()
    for lf in sorted(files, key=lambda f: f.rel or f.path):
        h.update((lf.rel or lf.path).encode())
        h.update(lf.model.model_dump_json(by_alias=True).encode())
    return h.hexdigest()


def compile_rulebook(load: LoadResult, calendar: WorkingDayCalendar | None = None,
                     source: str = "") -> tuple[CompiledRulebook | None, list[Diagnostic]]:
    """Compile loaded files. Returns (rulebook or None, diagnostics including warnings)."""
    ctx = _Ctx(list(load.diagnostics))
    if any(d.severity == "error" for d in ctx.diags):
        return None, ctx.diags
    calendar = calendar or england_calendar()
    functions = function_table(calendar)
    files = load.files

    decl = check_declarations(files, ctx.diags)
    table = SymbolTable()
    table.add("as_at", T.DATE, "as_at", "global")
    settings = {}
    for sid, (s, _lf, _loc) in sorted(decl.settings.items()):
        vt = T.enum(s.values) if s.type == "enum" else T.VType(s.type)
        sym = table.add(f"setting.{sid}", vt, "setting", "global")
        settings[sid] = s
    facts: dict[str, list[tuple[int, FactSpec]]] = {name: [] for name in NAMES}
    for spec in FACTS:
        sym = table.add(spec.name, spec.vtype, spec.kind, spec.scope)
        facts[spec.scope].append((sym.slot, spec))
    findings: dict[str, list[tuple[int, Finding]]] = {name: [] for name in NAMES}
    for fid, (f, lf, loc) in sorted(decl.findings.items()):
        if f.scope not in BY_NAME:
            ctx.err(lf, loc + ("scope",), f"finding {fid!r}: no scope {f.scope!r}; scopes are {', '.join(NAMES)}"
                    + did_you_mean(f.scope, NAMES))
            continue
        vt = T.BOOL if f.type == "bool" else T.enum(f.values or [])
        sym = table.add(f"finding.{fid}", vt, "finding", f.scope)
        findings[f.scope].append((sym.slot, f))
    parameters = {}
    for pid, (p, _lf, _loc) in sorted(decl.parameters.items()):
        tbl = build_table(p)
        parameters[pid] = tbl
        vt = T.NUMBER if p.type == "number" else T.VType(p.type)
        table.add(f"param.{pid}", vt, "param", "global", param=tbl)

    by_id: dict[str, list[_RuleSrc]] = defaultdict(list)
    for lf in files:
        for i, r in enumerate(lf.model.rules):
            excs, origins = expand_families(r, lf, ("rules", i), decl.exception_families, ctx.diags)
            by_id[r.id].append(_RuleSrc(r.model_copy(update={"exceptions": excs}), lf, i, origins))
    for rid, srcs in list(by_id.items()):
        first = srcs[0]
        if first.rule.scope not in BY_NAME:
            ctx.err(first.lf, ("rules", first.index, "scope"), f"no scope {first.rule.scope!r}; scopes are "
                    f"{', '.join(NAMES)}" + did_you_mean(first.rule.scope, NAMES))
            del by_id[rid]
            continue
        try:
            table.add(rid, rule_type(first.rule), "rule", first.rule.scope)
        except NameClash as exc:
            ctx.err(first.lf, ("rules", first.index, "id"), f"rule id {rid!r} cannot be used: {exc}")
            del by_id[rid]

    instruments = {k: v[0] for k, v in decl.instruments.items()}
    programs: dict[str, Program] = {}
    deps: dict[str, set[str]] = {}
    for rid, srcs in by_id.items():
        prog, rule_deps = _compile_rule(rid, srcs, table, functions, ctx, instruments)
        if prog is not None:
            programs[rid] = prog
            deps[rid] = rule_deps
    for fid, (f, lf, loc) in decl.findings.items():
        for target in f.informs:
            if target not in by_id:
                ctx.err(lf, loc + ("informs",), f"finding {fid!r} informs unknown rule {target!r}"
                        + did_you_mean(target, by_id))

    order = check_rulebook(programs, deps, ctx.diags, settings, table.symbols, table.n_slots)
    if any(d.severity == "error" for d in ctx.diags) or order is None:
        return None, ctx.diags
    ordered = [programs[r] for r in order]
    scopes = _scopes(facts, findings, ordered)
    rb = CompiledRulebook(
        n_slots=table.n_slots,
        symbols=dict(table.symbols),
        instruments=instruments,
        settings=settings,
        parameters=parameters,
        scopes=scopes,
        plans={name: scope_plan(name, cs.programs, cs.children) for name, cs in scopes.items()},
        rule_deps={rid: frozenset(deps[rid]) for rid in programs},
        programs={p.id: p for p in ordered},
        findings={f.id: f for fs in findings.values() for _slot, f in fs},
        facts={spec.name: spec for specs in facts.values() for _slot, spec in specs},
        initial_slots=_initial_slots(table, settings, parameters),
        content_hash=content_hash(files),
        calendar=calendar,
        warnings=tuple(d for d in ctx.diags if d.severity == "warning"),
        source=source,
        package_versions=installed_versions(),
        rule_digests=rule_digests({p.id: p for p in ordered}, parameters),
    )
    return rb, ctx.diags


def _scopes(facts: dict[str, list[tuple[int, FactSpec]]], findings: dict[str, list[tuple[int, Finding]]],
            ordered: list[Program]) -> dict[str, CompiledScope]:
    """Each scope's binder and programs (in evaluation order), leaves first so a parent knows
    which of its children have rules to run."""
    out: dict[str, CompiledScope] = {}
    for scope in reversed(SCOPES):
        kids = tuple(c.name for c in children(scope.name) if out[c.name].runs)
        programs = tuple(p for p in ordered if p.scope == scope.name)
        slots = tuple(finding_slot(slot, f.id, f.presumption.value if f.presumption else None,
                                   f.presumption is not None) for slot, f in findings[scope.name])
        binder = make_binder(facts[scope.name], slots)
        out[scope.name] = CompiledScope(scope, binder, tuple(spec for _s, spec in facts[scope.name]),
                                        tuple(f for _s, f in findings[scope.name]), programs, kids,
                                        bool(programs or kids))
    return {s.name: out[s.name] for s in SCOPES}


def _initial_slots(table: SymbolTable, settings: dict[str, Setting], parameters: dict) -> tuple:
    """Slot values before any fact is bound: default settings and parameter tables."""
    v: list[Any] = [None] * table.n_slots
    for sid, s in settings.items():
        v[table.symbols[f"setting.{sid}"].slot] = s.default
    for name, tbl in parameters.items():
        v[table.symbols[f"param.{name}"].slot] = tbl
    return tuple(v)


def _compile_rule(rid: str, srcs: list[_RuleSrc], table: SymbolTable, functions: dict, ctx: _Ctx,
                  instruments: dict) -> tuple[Program | None, set[str]]:
    first = srcs[0]
    r0 = first.rule
    ok = True
    for s in srcs[1:]:
        for attr in ("kind", "scope", "type", "values", "selected_by", "trigger", "applies_when"):
            if getattr(s.rule, attr) != getattr(r0, attr):
                ctx.err(s.lf, ("rules", s.index, attr),
                        f"versions of {rid!r} must agree on `{attr}` (see {first.lf.path}:{first.lf.line('rules', first.index)})")
                ok = False
    locals_ = {}
    trigger_sym = due_sym = None
    if r0.kind == "duty":
        trigger_sym = table.local("trigger", T.DATE)
        due_sym = table.local("due", T.DATE)
        discharged_sym = table.local("discharged", T.DATE)
        locals_ = {"trigger": trigger_sym, "due": due_sym, "discharged": discharged_sym}
    head_resolver = Resolver(table, r0.scope)
    resolver = Resolver(table, r0.scope, locals_)
    declared = rule_type(r0)
    deps: set[str] = set()

    def comp(expr: Any, loc: tuple, lf: LoadedFile, want: str | T.VType | None, res: Resolver = resolver,
             note: str = "") -> Compiled | None:
        nonlocal ok
        wt = (T.VType(want) if isinstance(want, str) else want) if want is not None else None
        try:
            c = compile_expression(expr_text(expr), res, functions, wt)
        except ExprError as exc:
            ctx.err(lf, loc, str(exc) + note)
            ok = False
            return None
        if wt is not None and not T.compatible(wt, c.vtype):
            ctx.err(lf, loc, f"expression is {c.vtype.describe()}, but {wt.describe()} is needed here" + note)
            ok = False
        deps.update(c.deps)
        return c

    trigger = None
    if r0.kind == "duty":
        # A duty's law is the law in force at its trigger: `selected_by: trigger` says so in the file.
        trigger = comp(r0.trigger, ("rules", first.index, "trigger"), first.lf, "date", head_resolver)
        if expr_text(r0.selected_by).strip() != "trigger":
            ctx.err(first.lf, ("rules", first.index, "selected_by"),
                    "a duty's version is selected by its trigger: write `selected_by: trigger`")
            ok = False
        selected_by = trigger
    else:
        selected_by = comp(r0.selected_by, ("rules", first.index, "selected_by"), first.lf, "date", head_resolver)
    applies = None
    if r0.applies_when is not None:
        applies = comp(r0.applies_when, ("rules", first.index, "applies_when"), first.lf, "bool", head_resolver)
    gate = None
    lead = leading_conjunct(applies.source) if applies is not None else None
    if lead is not None:
        # already compiled once as part of the guard, so it compiles again (same names, same scope)
        gate = compile_expression(lead, head_resolver, functions)
    versions = []
    for s in sorted(srcs, key=lambda s: s.rule.valid_from):
        r, lf, i = s.rule, s.lf, s.index
        base = ("rules", i)
        kw: dict[str, Any] = {}
        if r.kind == "duty":
            kw["due"] = comp(r.due, base + ("due",), lf, "date")
            kw["discharged_by"] = comp(r.discharged_by, base + ("discharged_by",), lf, "date")
            kw["recipients"] = comp(r.recipients, base + ("recipients",), lf, T.set_of(None))
            if r.notice is not None:
                kw["notice_recorded"] = comp(r.notice.recorded, base + ("notice", "recorded"), lf, T.set_of(None))
                kw["notice_elements"] = tuple(
                    (e.id, None if e.when is None else comp(e.when, base + ("notice", "elements", k, "when"), lf, "bool"),
                     tuple(citation_dict(c, instruments) for c in e.cite))
                    for k, e in enumerate(r.notice.elements))
        elif r.value is not None:
            kw["value"] = comp(r.value, base + ("value",), lf, declared)
        else:
            kw["default"] = comp(r.default, base + ("default",), lf, declared)
        kw["exceptions"] = _exception_tree(r.exceptions, s.origins, comp, declared if r.kind != "duty" else None)
        if r.kind in exposed_dates.KINDS:
            _check_exposed_dates(r, lf, base, s.origins, ctx)
        params = [table.symbols[d].param for d in sorted(deps) if d.startswith("param.")]
        _check_template(r.explain, lf, base + ("explain",), resolver, ctx, params)
        for e, o in zip(r.exceptions, s.origins):
            if e.explain:
                _check_template(e.explain, o.lf, o.loc + ("explain",), resolver, ctx, params, o.note)
        kw["cite_json"] = tuple(citation_dict(c, instruments) for c in r.cite)
        kw["exception_cite_json"] = tuple((e.label, tuple(citation_dict(c, instruments) for c in e.cite))
                                          for e in r.exceptions)
        versions.append(Version(rule=r, file=lf.path, line=lf.line(*base), valid_from=r.valid_from,
                                valid_to=r.valid_to, **kw))
    ordered = sorted(srcs, key=lambda s: s.rule.valid_from)
    for (sa, a), (sb, b) in zip(zip(ordered, versions), list(zip(ordered, versions))[1:]):
        if a.valid_to is None or a.valid_to >= b.valid_from:
            # reported at the later version, naming both places: with the same start date it is
            # most likely one rule id used twice by mistake
            same = a.valid_from == b.valid_from
            ctx.err(sb.lf, ("rules", sb.index, "id" if same else "valid_from"),
                    (f"rule id {rid!r} is used twice, at {a.file}:{a.line} and here, both from {b.valid_from} "
                     "(versions of one rule need different dates; different rules need different ids)") if same else
                    (f"versions of {rid!r} overlap: the version at {a.file}:{a.line} (from {a.valid_from}) has no "
                     f"end before this one starts ({b.valid_from})"))
            ok = False
    if not ok or selected_by is None:
        return None, set()
    sym = table.symbols[rid]
    recorded = frozenset(d for d in selected_by.deps
                         if d in table.symbols and table.symbols[d].kind in ("event", "attribute", "finding"))
    prog = Program(id=rid, kind=r0.kind, scope=r0.scope, slot=sym.slot, vtype=declared, selected_by=selected_by,
                   selection_needs=recorded or selected_by.deps,
                   versions=tuple(versions), trigger=trigger, applies_when=applies, gate=gate,
                   trigger_slot=trigger_sym.slot if trigger_sym else -1,
                   discharged_slot=locals_["discharged"].slot if locals_ else -1,
                   due_slot=due_sym.slot if due_sym else -1)
    rule_deps = {d for d in deps if table.symbols.get(d) is not None and table.symbols[d].kind == "rule"}
    return prog, rule_deps


def _check_exposed_dates(r: Rule, lf: LoadedFile, base: tuple, origins: list[Origin], ctx: _Ctx) -> None:
    """A check or decision may not compare a date it computes inline (compile/exposed_dates.py)."""
    places = [(r.value, lf, base + ("value",), ""), (r.default, lf, base + ("default",), "")]
    for e, o in zip(r.exceptions, origins):
        places += [(e.when, o.lf, o.loc + ("when",), o.note), (e.value, o.lf, o.loc + ("value",), o.note)]
    for expr, where, loc, note in places:
        if expr is None:
            continue
        found = exposed_dates.hidden_dates(expr_text(expr))
        if found:
            ctx.err(where, loc, exposed_dates.message(found) + note)


def _exception_tree(excs: list[Exception_], origins: list[Origin], comp, declared: T.VType | None
                    ) -> tuple[ExceptionNode, ...]:
    kids_of: dict[str | None, list[str]] = defaultdict(list)
    index = {e.label: j for j, e in enumerate(excs)}
    for e in excs:
        kids_of[e.exception_to].append(e.label)

    def build(label: str, seen: frozenset[str]) -> ExceptionNode | None:
        e = excs[index[label]]
        o = origins[index[label]]
        if label in seen:
            return None
        when = comp(e.when, o.loc + ("when",), o.lf, "bool", note=o.note)
        value = comp(e.value, o.loc + ("value",), o.lf, declared, note=o.note) if e.value is not None else None
        kids = tuple(k for k in (build(c, seen | {label}) for c in kids_of[label]) if k is not None)
        if when is None:
            return None
        return ExceptionNode(label, when, value, kids, tuple(e.cite), e.explain,
                             any(c.level == "U" for c in e.cite), o.lf.line(*o.loc))

    return tuple(n for n in (build(lbl, frozenset()) for lbl in kids_of[None]) if n is not None)


_UNIT_WORDS = {"weeks": "weeks?", "days": "days?", "working_days": "working days?", "months": "months?",
               "years": "years?"}


def _check_template(template: str, lf: LoadedFile, loc: tuple, resolver: Resolver, ctx: _Ctx,
                    params: list, note: str = "") -> None:
    for name in placeholders(template):
        if name in TEMPLATE_LOCALS:
            continue
        try:
            resolver.resolve(name)
        except ExprError as exc:
            ctx.err(lf, loc, f"explanation placeholder {{{name}}}: {exc}{note}")
    # A number written into the text that is the value of a parameter the rule reads would go on
    # saying "20 weeks" under an override, or after the law changes the value: name the parameter.
    plain = re.sub(r"\{[^{}]*\}", " ", template)
    for table in params:
        words = _UNIT_WORDS.get(table.unit)
        if words is None:
            continue
        for entry in table.entries:
            if isinstance(entry.value, bool) or not isinstance(entry.value, (int, float)):
                continue
            number = f"{entry.value:g}"
            if re.search(rf"(?<![\d.]){re.escape(number)}\s+{words}\b", plain):
                ctx.err(lf, loc, f"the explanation writes '{number} {table.unit.replace('_', ' ')}', a value of "
                        f"param.{table.id} which this rule reads: write {{param.{table.id}}} instead, so an "
                        "override or a later value of the law shows in the text" + note)
                break

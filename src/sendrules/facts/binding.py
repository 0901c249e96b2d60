"""Put the facts of one case into value slots, as events or attributes, at an as-at date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..compile.rulebook import BoundFact, BoundFinding, CompiledRulebook
from ..errors import InputError
from ..evaluate.values import Unknown
from ..load.suggest import did_you_mean
from .case import Case, FindingRecord, Period
from .scopes import NESTED, NESTED_BY_NAME


def fact_value(bf: BoundFact, raw: Any, as_at: dt.date) -> Any:
    """Events: unrecorded or later than as_at means not happened (None / empty).
    Attributes: absent means unknown."""
    spec = bf.spec
    if spec.kind == "event":
        element = spec.element
        if raw is None:
            return () if element is not None else None
        if isinstance(raw, dt.date):
            return raw if raw <= as_at else None
        if element == "Period":
            return tuple((p.start, min(p.end, as_at)) for p in raw if p.start <= as_at)
        if element == "NoticeRecord":
            return tuple((n.kind, n.sent_date, None if n.elements is None else frozenset(n.elements))
                         for n in raw if n.sent_date <= as_at)
        if element == "AdviceRequest":
            return tuple((a.adviser, a.requested_date) for a in raw if a.requested_date <= as_at)
        if element == "Consultation":
            return tuple(sorted(c.sent_date for c in raw if c.sent_date <= as_at))
        if element == "Review":
            # a request reads its reviews as the meeting dates held by the as-at date
            return tuple(sorted(r.meeting_date for r in raw if r.meeting_date is not None and r.meeting_date <= as_at))
        if element == "Closure":
            # Closures are the institution's published schedule, known in advance (reg 48 counts
            # forward through them); what happened by the as-at date is judged by the advice requests.
            return tuple((c.setting, c.closed_from, c.reopens) for c in raw)
        if element == "date":
            return tuple(d for d in raw if d <= as_at)
        raise TypeError(f"no binding for event list of {element}")
    if raw is None:
        return Unknown(missing=frozenset([spec.name]))
    if isinstance(raw, list):
        return frozenset(raw) if spec.element == "set" else tuple(raw)
    return raw


def binder(bf: BoundFact):
    """A converter for one fact, specialised once when the rulebook compiles (the hot path of
    binding a case calls it for every field)."""
    spec = bf.spec
    if spec.kind == "attribute" and spec.element is None:
        unknown = Unknown(missing=frozenset([spec.name]))  # shared: Unknowns are never mutated
        return lambda raw, as_at: unknown if raw is None else raw
    if spec.kind == "event" and spec.element is None:
        return lambda raw, as_at: raw if raw is not None and raw <= as_at else None
    return lambda raw, as_at: fact_value(bf, raw, as_at)


def finding_value(bf: BoundFinding, rec: FindingRecord | None, as_at: dt.date) -> Any:
    f = bf.finding
    if rec is not None and (rec.on is None or rec.on <= as_at):
        return rec.value
    if f.presumption is not None:
        return f.presumption.value
    return Unknown(missing=frozenset([f"finding.{f.id}"]))


def check_findings(rb: CompiledRulebook, case: Case) -> None:
    """Every finding given is declared, in the right place, and of the right type."""
    problems = []
    declared = rb.findings
    places = [("findings", "case", case.findings)] + [
        (f"requests[{i}].findings", "request", r.findings) for i, r in enumerate(case.requests)] + [
        (f"requests[{i}].{n.field}[{j}].findings", n.name, rec.findings)
        for i, r in enumerate(case.requests) for n in NESTED for j, rec in enumerate(getattr(r, n.field))]
    for path, scope, given in places:
        problems.extend(_finding_problems(declared, path, scope, given))
    if problems:
        raise InputError(problems)


def _finding_problems(declared: dict[str, BoundFinding], path: str, scope: str,
                      given: dict[str, FindingRecord]) -> list[str]:
    """What is wrong with the findings given in one place: undeclared, misplaced or mistyped."""
    problems = []
    for name, rec in sorted(given.items()):
        bf = declared.get(name)
        if bf is None:
            shown = name if name.isidentifier() and len(name) <= 60 else "<key>"
            problems.append(f"{path}.{shown}: no such finding" + did_you_mean(name, declared))
            continue
        f = bf.finding
        if f.scope != scope:
            where = ("the area file's `findings` (an area finding is not about a case)" if f.scope == "area" else
                     "a case file, not an area file" if scope == "area" else
                     "case-level `findings`" if f.scope == "case" else
                     "each request's `findings`" if f.scope == "request" else
                     f"the `findings` of each of a request's `{NESTED_BY_NAME[f.scope].field}`")
            problems.append(f"{path}.{name}: this finding belongs in {where}")
        if f.type == "bool" and not isinstance(rec.value, bool):
            problems.append(f"{path}.{name}.value: must be true or false")
        if f.type == "enum" and rec.value not in (f.values or []):
            problems.append(f"{path}.{name}.value: must be one of {f.values}")
    return problems


def bind_case(rb: CompiledRulebook, case: Case, as_at: dt.date, v: list[Any]) -> None:
    fields = case.person.__dict__
    for slot, name, convert in rb.binders["case"]:
        v[slot] = convert(fields[name], as_at)
    for bf in rb.case_findings:
        v[bf.slot] = finding_value(bf, case.findings.get(bf.finding.id), as_at)


def bind_request(rb: CompiledRulebook, request: Any, as_at: dt.date, v: list[Any]) -> None:
    fields = request.__dict__
    for slot, name, convert in rb.binders["request"]:
        v[slot] = convert(fields[name], as_at)
    for bf in rb.request_findings:
        v[bf.slot] = finding_value(bf, request.findings.get(bf.finding.id), as_at)


def bind_area(rb: CompiledRulebook, area: Any, as_at: dt.date, v: list[Any]) -> None:
    """Bind the local authority's own facts (an area file) into the area scope's slots."""
    fields = area.__dict__
    for slot, name, convert in rb.binders["area"]:
        v[slot] = convert(fields[name], as_at)
    for bf in rb.area_findings:
        v[bf.slot] = finding_value(bf, area.findings.get(bf.finding.id), as_at)


def check_area_findings(rb: CompiledRulebook, area: Any) -> None:
    """Every finding given in an area file is declared for the area, and of the right type."""
    problems = _finding_problems(rb.findings, "findings", "area", area.findings)
    if problems:
        raise InputError(problems)


def bind_record(rb: CompiledRulebook, scope: str, record: Any, as_at: dt.date, v: list[Any]) -> None:
    """Bind one nested record (a review, a request for advice) into a copy of its request's slots."""
    fields = record.__dict__
    for slot, name, convert in rb.binders[scope]:
        v[slot] = convert(fields[name], as_at)
    for bf in rb.nested_findings[scope]:
        v[bf.slot] = finding_value(bf, record.findings.get(bf.finding.id), as_at)


__all__ = ["bind_area", "bind_case", "check_area_findings", "bind_record", "bind_request", "check_findings", "fact_value", "finding_value", "Period"]

"""Plain-English report of a result, for families, caseworkers and auditors."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.citations import citation_line
from ..evaluate.evaluator import Evaluation, Outcome
from ..facts.scopes import walk_records
from ..result.build import defects, needed
from .lookup import Lookup
from .render import fill, fmt
from .tree import tree_lines
from .whynot import WhyNot


def _status_words(o: Outcome) -> str:
    s = o.duty
    if s is None:
        if o.status == "determined":
            return fmt(o.value)
        if o.status == "not_applicable":
            return "not applicable"
        return o.status.upper()
    extra = {
        "met_late": f" by {s.days_late} day(s)",
        "overdue": f" by {s.days_overdue} day(s)",
        "pending": f", {s.days_left} day(s) left",
        "due_soon": f", {s.days_left} day(s) left",
        "excepted": f" ({', '.join(s.excepted_by)})",
    }.get(s.status, "")
    return s.status.replace("_", " ").upper() + extra


def _why_not(o: Outcome, lookup: Lookup) -> list[str]:
    u = o.unknown
    if u is None:
        return []
    lines = []
    for name in sorted(u.missing):
        if name.startswith("finding."):
            bf = lookup.findings.get(name.split(".", 1)[1])
            q = f": {bf.question.strip()}" if bf else ""
            lines.append(f"needs the council's finding {name}{q}")
        else:
            lines.append(f"needs the fact {name}")
    lines += [f"error: {e}" for e in sorted(u.errors)]
    if u.conflicts:
        lines.append("conflict: exceptions " + ", ".join(sorted(u.conflicts)) + " all apply with different values")
    return lines


def outcome_text(o: Outcome, ev: Evaluation, lookup: Lookup, explain: bool, why: WhyNot | None = None) -> list[str]:
    rule = (o.version or o.program.latest).rule
    lines = [f"  {o.program.id}: {_status_words(o)}"]
    if explain or o.unknown is not None:
        lines.append(f"      {fill(rule.explain, o, lookup)}")
    for w in _why_not(o, lookup):
        lines.append(f"      - {w}")
    if why is not None:
        lines += [f"      Why: {w}" if i == 0 else f"           {w}" for i, w in enumerate(why.lines(o))]
    if explain:
        for c in rule.cite:
            lines.append(f"      Law: {citation_line(c, ev.rulebook.instruments)}")
        for label, cond in o.exceptions:
            if cond is True:
                e = next(x for x in rule.exceptions if x.label == label)
                lines.append(f"      Exception applied: {label} ("
                             + "; ".join(citation_line(c, ev.rulebook.instruments) for c in e.cite) + ")")
                if e.explain:
                    lines.append(f"        {fill(e.explain, o, lookup)}")
        for name, presumption in lookup.presumptions_used(o):
            lines.append(f"      No finding recorded for {name}: the law presumes {fmt(presumption.value)} ("
                         + "; ".join(citation_line(c, ev.rulebook.instruments) for c in presumption.cite) + ")")
        for s in sorted(lookup.settings_used(o)):
            lines.append(f"      Depends on setting {s} = {ev.settings[s]!r} (see `sendrules explain setting.{s}`)")
    return lines


def _reading_order(o: Outcome) -> tuple:
    """Outcomes in the order their rules appear in the rule files (area by area)."""
    v = o.program.versions[0]
    return (v.file, v.line or 0)


def report(ev: Evaluation, explain: bool = False, tree: bool = False) -> str:
    """The plain-English report (with `tree`, the auditor tree after it) as one text."""
    return "".join(line + "\n" for line in report_lines(ev, explain, tree))


def report_lines(ev: Evaluation, explain: bool = False, tree: bool = False) -> Iterator[str]:
    """The report's lines, made a section at a time (the auditor tree one outcome at a time), so a
    writer can stream the report of a very large case."""
    lookup = Lookup(ev)
    why = WhyNot(ev.rulebook, ev.as_at) if explain and ev.explained else None
    subject = "Area" if ev.is_area else "Case"
    yield from (f"{subject} {ev.subject_id} at {fmt(ev.as_at)} ({ev.as_at.isoformat()})", "")
    by_record: dict[tuple[str, ...], list[Outcome]] = {}
    for o in ev.outcomes:
        if o.duty is None:
            by_record.setdefault(o.ids, []).append(o)
    for scope, ids, _path, _record in walk_records(ev.root, ev.subject):
        depth = len(ids)
        lines = [line for o in sorted(by_record.get(ids, []), key=_reading_order)
                 for line in outcome_text(o, ev, lookup, explain, why)]
        if depth == 0:
            yield "Decisions about the area" if ev.is_area else "Decisions about the person"
        elif depth == 1:
            yield from ("", f"{scope.label} {ids[-1]}")
        elif lines:
            yield "  " * (depth - 1) + f"{scope.label} {ids[-1]}"
        yield from ("  " * max(depth - 1, 0) + line for line in lines)
    duty_outcomes = sorted((o for o in ev.outcomes if o.duty is not None),
                           key=lambda o: (o.duty.due or o.duty.trigger or ev.as_at.max, o.key))
    if duty_outcomes:
        yield from ("", "Duties (timeline)")
        for o in duty_outcomes:
            s = o.duty
            when = f"due {s.due.isoformat()}" if s.due else "no due date"
            rule = (o.version or o.program.latest).rule
            cite = "; ".join(citation_line(c, ev.rulebook.instruments) for c in rule.cite)
            yield f"  {when}  {o.key}: {_status_words(o)}"
            if s.status == "not_triggered":
                yield f"      {rule.description.strip()} Not triggered: nothing recorded by the as-at date starts it."
            else:
                yield f"      {fill(rule.explain, o, lookup)}"
            for w in _why_not(o, lookup):
                yield f"      - {w}"
            if why is not None:
                for i, w in enumerate(why.lines(o)):
                    yield f"      Why: {w}" if i == 0 else f"           {w}"
            yield f"      Law: {cite}"
            if explain:
                for name in sorted(lookup.settings_used(o)):
                    yield (f"      Depends on setting {name} = {ev.settings[name]!r} "
                           f"(see `sendrules explain setting.{name}`)")
    found = defects(ev)
    yield from ("", f"Defects: {len(found)}")
    for d in found:
        cite = d["citations"][0] if d["citations"] else ""
        if d["defect"] == "incomplete_notice":
            yield (f"  INCOMPLETE NOTICE: {d['duty']} sent {d.get('discharged')} without "
                   f"{', '.join(d['missing_elements'])} - " + "; ".join(d["citations"]))
        elif d["defect"] == "procedure":
            kind = "PROCEDURE" + (" (GUIDANCE)" if d["force"] == "guidance" else "")
            description = ev.rulebook.programs[d["rule"]].latest.rule.description.strip()
            yield f"  {kind}: {d['duty']}: {description} - {cite}"
        else:
            kind = d["defect"].upper() + (" (GUIDANCE)" if d["force"] == "guidance" else "")
            yield (f"  {kind}: {d['duty']} due {d.get('due')}"
                   + (f", done {d['discharged']}" if d.get("discharged") else "")
                   + f" ({d['days']} day(s)) - {cite}")
    findings, facts = needed(ev)
    if findings or facts:
        yield from ("", "Still needed")
        for f in findings:
            where = f" for request {f['request_id']}" if f.get("request_id") else ""
            bf = ev.rulebook.findings.get(f["finding"])
            question = bf.question.strip() if bf is not None else ""
            yield f"  finding {f['finding']}{where}: {question}"
        for f in facts:
            where = f" for request {f['request_id']}" if f.get("request_id") else ""
            yield f"  fact {f['fact']}{where}"
    if tree:
        yield from ("", "Auditor tree")
        for o in ev.outcomes:
            yield from tree_lines(o, ev, lookup)

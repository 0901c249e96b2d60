"""`sendrules explain NAME`: the rule itself (not a case): text, citations, versions."""

from __future__ import annotations

import json

from .compile.rulebook import CompiledRulebook
from .errors import InputError
from .core.ruleformat import Citation, Rule, expr_text
from .explain.plain import Phrasebook
from .core.suggest import did_you_mean
from .result.canonical import canonical_json
from .core.citations import citation_dict, citation_line


LISTS = {"settings": "setting.", "parameters": "param.", "findings": "finding."}


def describe(rb: CompiledRulebook, name: str, fmt: str = "text") -> str:
    """A rule, setting, parameter or finding in full; or, for `settings`, `parameters` or
    `findings`, every one of that kind with its one-line summary."""
    programs = rb.programs
    if name in LISTS:
        return _listing(rb, LISTS[name], fmt)
    if name in programs:
        return _rule(rb, name, fmt)
    for prefix, table in (("setting.", rb.settings), ("param.", rb.parameters), ("finding.", rb.findings)):
        short = name[len(prefix):] if name.startswith(prefix) else name
        if short in table:
            return _other(rb, prefix, short, fmt)
    names = list(programs) + [f"setting.{s}" for s in rb.settings] + [f"param.{p}" for p in rb.parameters] + [
        f"finding.{f}" for f in rb.findings]
    raise InputError([f"{name}: no such rule, setting, parameter or finding" + did_you_mean(name, names)])


def _rule(rb: CompiledRulebook, rid: str, fmt: str) -> str:
    prog = rb.programs[rid]
    inst = rb.instruments
    if fmt == "json":
        return canonical_json({"rule": rid, "kind": prog.kind, "scope": prog.scope, "versions": [
            v.rule.model_dump(mode="json", by_alias=True, exclude_none=True) | {"file": v.file, "line": v.line}
            for v in prog.versions]}, indent=2)
    out = []
    pb = Phrasebook(rb)
    for v in prog.versions:
        r = v.rule
        to = r.valid_to.isoformat() if r.valid_to else "open"
        out += [f"{rid}  ({r.kind}, {prog.scope} scope; {v.file}:{v.line})", f"  {r.description}",
                f"  in force {r.valid_from.isoformat()} to {to}; version selected by: {expr_text(r.selected_by)}"]
        if r.kind == "duty":
            out += [f"  holder: {r.holder}", f"  recipients: {expr_text(r.recipients)}",
                    f"  trigger: {expr_text(r.trigger)}", f"  due: {expr_text(r.due)}",
                    f"  discharged by: {expr_text(r.discharged_by)}"]
        else:
            out.append(f"  type: {r.type}" + (f" of {r.values}" if r.values else ""))
            if r.value is not None:
                out.append(f"  value: {expr_text(r.value)}")
            else:
                out.append(f"  default: {expr_text(r.default)}")
        for e in r.exceptions:
            lead = f"    exception {e.label}" + (f" (to {e.exception_to})" if e.exception_to else "")
            out.append(f"{lead}: when {expr_text(e.when)}" + (f" -> {expr_text(e.value)}" if e.value is not None else ""))
            for c in e.cite:
                out.append(f"      {citation_line(c, inst)}  {citation_dict(c, inst)['url'] or ''}")
                out += _words(c, "  ")
        out += _plain(pb, prog.applies_when.source if prog.applies_when is not None else None, r)
        out.append("  law:")
        for c in r.cite:
            out.append(f"    {citation_line(c, inst)}  {citation_dict(c, inst)['url'] or ''}")
            out += _words(c)
        out.append(f"  explanation template: {r.explain.strip()}")
    return "\n".join(out)


def _plain(pb: Phrasebook, applies_when: str | None, r: Rule) -> list[str]:
    """The version in plain English (the catalogue says the same, docs/catalogue/)."""
    out = ["  in plain English:"]
    if applies_when is not None:
        out.append("    applies only when all of:")
        out += [f"      - {c}" for c in pb.conditions(applies_when)]
    if r.kind == "duty":
        due = expr_text(r.due).strip()
        out += [f"    the duty starts: {pb.say(expr_text(r.trigger))}",
                f"    it is due: {'no time limit' if due == 'None' else pb.say(due)}",
                f"    it is done when: {pb.say(expr_text(r.discharged_by))} is recorded"]
    elif r.value is not None:
        out.append(f"    value: {pb.say(expr_text(r.value))}")
    else:
        out.append(f"    unless an exception applies: {pb.say(expr_text(r.default))}")
    for e in r.exceptions:
        what = f"value {pb.say(expr_text(e.value))}" if e.value is not None else "the time limit is lifted"
        to = f", an exception to {e.exception_to} that wins over it" if e.exception_to else ""
        out.append(f"    exception {e.label} ({what}{to}) when all of:")
        out += [f"      - {c}" for c in pb.conditions(expr_text(e.when))]
    return out


def _words(c: Citation, indent: str = "") -> list[str]:
    """A citation's words: a quote in quotation marks, a paraphrase labelled as one (never quoted)."""
    if c.quote:
        return [f"      {indent}\"{c.quote}\""]
    if c.paraphrase:
        return [f"      {indent}paraphrase: {c.paraphrase}"]
    return []


def _listing(rb: CompiledRulebook, prefix: str, fmt: str) -> str:
    """Every setting, parameter or finding: the first line of each one's description."""
    table = {"setting.": rb.settings, "param.": rb.parameters, "finding.": rb.findings}[prefix]
    if fmt == "json":
        return canonical_json([_other_body(rb, prefix, name) for name in sorted(table)], indent=2)
    lines = [_other(rb, prefix, name, "text").splitlines()[0] for name in sorted(table)]
    lines.append(f"\n{len(table)} in all; `sendrules explain {prefix}NAME` shows one in full")
    return "\n".join(lines)


def _other_body(rb: CompiledRulebook, prefix: str, name: str) -> dict:
    """The JSON form of one setting, parameter or finding, named by its prefixed id."""
    return {"name": f"{prefix}{name}", **json.loads(_other(rb, prefix, name, "json"))}


def _other(rb: CompiledRulebook, prefix: str, name: str, fmt: str) -> str:
    inst = rb.instruments
    if prefix == "setting.":
        s = rb.settings[name]
        body = s.model_dump(mode="json", exclude_none=True)
        lines = [f"setting.{name} ({s.type}; default {s.default!r})", f"  {s.description.strip()}"]
        cites = s.cite
    elif prefix == "param.":
        t = rb.parameters[name]
        body = {"id": t.id, "unit": t.unit, "values": [
            {"from": e.start.isoformat(), "to": e.end.isoformat() if e.end else None, "value": e.value} for e in t.entries]}
        lines = [f"param.{name} (unit: {t.unit})"] + [
            f"  {e.start.isoformat()} to {e.end.isoformat() if e.end else 'open'}: {e.value} "
            f"({'; '.join(citation_line(c, inst) for c in e.cite)})" for e in t.entries]
        cites = []
    else:
        f = rb.findings[name]
        body = f.model_dump(mode="json", exclude_none=True)
        lines = [f"finding.{name} ({f.type}, {f.scope} scope; informs {', '.join(f.informs)})",
                 f"  question: {f.question.strip()}"]
        if f.presumption is not None:
            lines.append(f"  presumed {f.presumption.value!r} when no finding is recorded ("
                         + "; ".join(citation_line(c, inst) for c in f.presumption.cite) + ")")
        cites = f.cite
    if fmt == "json":
        return canonical_json(body, indent=2)
    for c in cites:
        lines += [f"  law: {citation_line(c, inst)}"] + _words(c, "  ")
    return "\n".join(lines)

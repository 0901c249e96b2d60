"""The explanation as versioned JSON (format sendrules.trace/1)."""

from __future__ import annotations

from typing import Any

from ..evaluate.evaluator import Evaluation, Outcome
from ..evaluate.values import Unknown
from ..result.citations import citation_dict
from ..result.jsonvalues import to_json
from .lookup import Lookup
from .render import fill

TRACE_FORMAT = "sendrules.trace/1"


def _cond(c: Any) -> Any:
    return "unknown" if type(c) is Unknown else c


def input_nodes(o: Outcome, ev: Evaluation) -> list[dict]:
    rb = ev.rulebook
    out = []
    for name, val in sorted((o.inputs or {}).items()):
        sym = rb.symbols.get(name)
        kind = sym.kind if sym else "local"
        node: dict[str, Any] = {"name": name, "kind": kind, "value": to_json(val),
                                "known": type(val) is not Unknown}
        if kind == "param" and o.selected_on is not None:
            entry = ev.parameters[name.split(".", 1)[1]].entry_at(o.selected_on)
            if entry is not None:
                node["in_force"] = {"from": entry.start.isoformat(),
                                    "to": entry.end.isoformat() if entry.end else None,
                                    "citations": [citation_dict(c, rb.instruments) for c in entry.cite]}
        if kind == "finding" and sym is not None:
            bf = rb.findings.get(name.split(".", 1)[1])
            if bf is not None:
                node["question"] = bf.finding.question
                if bf.finding.presumption is not None:
                    node["presumption"] = {"value": bf.finding.presumption.value,
                                           "citations": [citation_dict(c, rb.instruments)
                                                         for c in bf.finding.presumption.cite]}
        out.append(node)
    return out


def exception_nodes(o: Outcome, ev: Evaluation) -> list[dict]:
    rule = (o.version or o.program.latest).rule
    by_label = {e.label: e for e in rule.exceptions}
    out = []
    for label, cond in o.exceptions:
        e = by_label[label]
        out.append({"label": label, "exception_to": e.exception_to, "condition": _cond(cond),
                    "applied": cond is True,
                    "citations": [citation_dict(c, ev.rulebook.instruments) for c in e.cite]})
    return out


def outcome_node(o: Outcome, ev: Evaluation, lookup: Lookup) -> dict:
    rule = (o.version or o.program.latest).rule
    used = sorted(lookup.settings_used(o))
    return {
        "key": o.key,
        "rule": o.program.id,
        "request_id": o.request_id,
        "status": o.status,
        "text": fill(rule.explain, o, lookup),
        "selected_on": o.selected_on.isoformat() if o.selected_on else None,
        "selected_by": o.program.selected_by.source,
        "version": None if o.version is None else {
            "valid_from": o.version.valid_from.isoformat(),
            "valid_to": o.version.valid_to.isoformat() if o.version.valid_to else None,
            "file": o.version.file, "line": o.version.line},
        "inputs": input_nodes(o, ev),
        "exceptions": exception_nodes(o, ev),
        "settings_used": [{"name": s, "value": ev.settings[s],
                           "description": ev.rulebook.settings[s].setting.description} for s in used],
        "citations": [citation_dict(c, ev.rulebook.instruments) for c in rule.cite],
    }


def trace_dict(ev: Evaluation) -> dict:
    lookup = Lookup(ev)
    return {"format": TRACE_FORMAT, "nodes": [outcome_node(o, ev, lookup) for o in ev.outcomes]}

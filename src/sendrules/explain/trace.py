"""The explanation as versioned JSON (format `sendrules.trace/2`), in the canonical form of
`result.model.Explanation`: here the citations a reader needs are inlined."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.citations import citation_dict
from ..core.values import Unknown
from ..evaluate.evaluator import Evaluation, Outcome
from ..result.jsonvalues import to_json
from ..result.model import TRACE_FORMAT
from .lookup import Lookup
from .render import fill


def _cond(c: Any) -> Any:
    return "unknown" if type(c) is Unknown else c


def _cites(cites: Any, ev: Evaluation) -> list[dict]:
    return [citation_dict(c, ev.rulebook.instruments) for c in cites]


def input_nodes(o: Outcome, ev: Evaluation) -> list[dict]:
    rb = ev.rulebook
    out = []
    for name, val in sorted((o.inputs or {}).items()):
        sym = rb.symbols.get(name)
        kind = sym.kind if sym else "local"
        node: dict[str, Any] = {"name": name, "kind": kind, "known": type(val) is not Unknown}
        value = to_json(val)
        if value is not None:
            node["value"] = value
        if kind == "param" and o.selected_on is not None:
            entry = ev.parameters[name.split(".", 1)[1]].entry_at(o.selected_on)
            if entry is not None:
                node["in_force"] = {"from": entry.start.isoformat(), "citations": _cites(entry.cite, ev)}
                if entry.end is not None:
                    node["in_force"]["to"] = entry.end.isoformat()
        if kind == "finding" and sym is not None:
            f = rb.findings.get(name.split(".", 1)[1])
            if f is not None:
                node["question"] = f.question
                if f.presumption is not None:
                    node["presumption"] = {"value": f.presumption.value, "citations": _cites(f.presumption.cite, ev)}
        out.append(node)
    return out


def exception_nodes(o: Outcome, ev: Evaluation) -> list[dict]:
    rule = (o.version or o.program.latest).rule
    by_label = {e.label: e for e in rule.exceptions}
    out = []
    for label, cond in o.exceptions:
        e = by_label[label]
        node = {"label": label, "condition": _cond(cond), "applied": cond is True, "citations": _cites(e.cite, ev)}
        if e.exception_to is not None:
            node["exception_to"] = e.exception_to
        out.append(node)
    return out


def outcome_node(o: Outcome, ev: Evaluation, lookup: Lookup) -> dict:
    rule = (o.version or o.program.latest).rule
    used = sorted(lookup.settings_used(o))
    node: dict[str, Any] = {
        "key": o.key,
        "rule": o.program.id,
        "status": o.status,
        "description": rule.description.strip(),
        "text": fill(rule.explain, o, lookup),
        "selected_by": o.program.selected_by.source,
        "citations": _cites(rule.cite, ev),
    }
    if o.selected_on is not None:
        node["selected_on"] = o.selected_on.isoformat()
    if o.version is not None:
        node["version"] = {"valid_from": o.version.valid_from.isoformat(), "file": o.version.file}
        if o.version.valid_to is not None:
            node["version"]["valid_to"] = o.version.valid_to.isoformat()
        if o.version.line is not None:
            node["version"]["line"] = o.version.line
    for key, items in (("inputs", input_nodes(o, ev)), ("exceptions", exception_nodes(o, ev)),
                       ("settings_used", [{"name": s, "value": ev.settings[s],
                                           "description": ev.rulebook.settings[s].description}
                                          for s in used])):
        if items:
            node[key] = items
    return node


def trace_nodes(ev: Evaluation, all_outcomes: bool = False) -> Iterator[dict]:
    """The explanation's nodes, one per outcome the result shows, made one at a time (a writer
    can stream them; result.stream)."""
    lookup = Lookup(ev)
    for o in ev.outcomes:
        if all_outcomes or o.applicable:
            yield outcome_node(o, ev, lookup)


def trace_dict(ev: Evaluation, all_outcomes: bool = False) -> dict:
    """The trace of every outcome the result shows (with `all_outcomes`, the not_applicable ones too)."""
    return {"format": TRACE_FORMAT, "nodes": list(trace_nodes(ev, all_outcomes))}

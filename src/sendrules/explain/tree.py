"""The auditor's view: each outcome as a tree of version, inputs, parameters, exceptions, settings."""

from __future__ import annotations

from ..evaluate.evaluator import Evaluation, Outcome
from ..core.citations import citation_line
from .lookup import Lookup
from .render import fmt
from .trace import input_nodes


def tree_lines(o: Outcome, ev: Evaluation, lookup: Lookup) -> list[str]:
    rb = ev.rulebook
    rule = (o.version or o.program.latest).rule
    lines = [f"{o.key}  [{o.status}]" + (f" = {fmt(o.value)}" if o.duty is None and o.status == "determined" else "")]
    rows: list[tuple[str, list[str]]] = []
    if o.version is not None:
        to = o.version.valid_to.isoformat() if o.version.valid_to else "open"
        rows.append((f"version {o.version.valid_from.isoformat()} to {to} ({o.version.file}:{o.version.line}); "
                     f"selected by {o.program.selected_by.source} = "
                     f"{o.selected_on.isoformat() if o.selected_on else 'n/a'}", []))
    else:
        rows.append(("no version selected", []))
    inputs = []
    for n in input_nodes(o, ev):
        text = f"{n['name']} ({n['kind']}) = {n.get('value') if n['known'] else 'UNKNOWN'}"
        if "in_force" in n:
            f = n["in_force"]
            text += f"; in force {f['from']} to {f.get('to', 'open')}"
        if "presumption" in n:
            text += f"; presumed {n['presumption']['value']} when no finding is recorded"
        inputs.append(text)
    rows.append(("inputs", inputs))
    if o.exceptions:
        by_label = {e.label: e for e in rule.exceptions}
        exc = []
        for label, cond in o.exceptions:
            state = "applied" if cond is True else ("not applied" if cond is False else "UNKNOWN")
            cites = "; ".join(citation_line(c, rb.instruments) for c in by_label[label].cite)
            exc.append(f"{label}: {state} ({cites})")
        rows.append(("exceptions", exc))
    used = sorted(lookup.settings_used(o))
    if used:
        rows.append(("settings", [f"{s} = {ev.settings[s]!r}" for s in used]))
    rows.append(("citations", [citation_line(c, rb.instruments) for c in rule.cite]))
    for i, (head, items) in enumerate(rows):
        last = i == len(rows) - 1
        lines.append(("└─ " if last else "├─ ") + head)
        for j, item in enumerate(items):
            lead = "   " if last else "│  "
            lines.append(lead + ("└─ " if j == len(items) - 1 else "├─ ") + item)
    return lines

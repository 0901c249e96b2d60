"""The coverage report (text, JSON, a self-contained HTML page) and its gate.

The gate fails when a rule or an exception label is reached by no scenario and is not on the
reviewed allow-list, or when the allow-list itself is wrong (see allowlist.py). Duty statuses
are reported, not gated: a duty that cannot be late in a scenario is worth knowing, but many
statuses (met late *and* excepted *and* due soon, for every duty) are not each a legal branch.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from .allowlist import Allowed
from .collect import Coverage, Target


@dataclass
class Gate:
    gaps: list[Target]              # unreached and not allowed: these fail the run
    allowed: list[Allowed]
    problems: list[str]             # allow-list problems: these fail the run too

    @property
    def ok(self) -> bool:
        return not self.gaps and not self.problems


def gate(cov: Coverage, allowed: list[Allowed], problems: list[str]) -> Gate:
    excused = {a.target for a in allowed}
    return Gate([t for t in cov.unreached() if t not in excused], allowed, problems)


def _counts(cov: Coverage, kind: str) -> tuple[int, int]:
    ts = [t for t in cov.targets if t.kind == kind]
    return sum(1 for t in ts if cov.reached.get(t)), len(ts)


def summary(cov: Coverage) -> dict[str, Any]:
    rules = [t for t in cov.targets if t.kind == "rule"]
    return {kind: dict(zip(("reached", "of"), _counts(cov, kind))) for kind in ("rule", "exception", "status")} | {
        "checked_rules": sum(1 for t in rules if cov.checked.get(t.rule)), "scenarios": len(cov.results),
        "failed": sum(1 for r in cov.results if not r.passed)}


def as_json(cov: Coverage, g: Gate, rulebook_hash: str) -> dict[str, Any]:
    by_rule: dict[str, Any] = {}
    for t in cov.targets:
        row = by_rule.setdefault(t.rule, {"reached_by": [], "checked_by": sorted(cov.checked.get(t.rule, ())),
                                          "exceptions": {}, "statuses": {}})
        who = cov.scenarios_reaching(t)
        if t.kind == "rule":
            row["reached_by"] = who
        elif t.kind == "exception":
            row["exceptions"][t.label] = who
        else:
            row["statuses"][t.status] = who
    return {"format": "sendrules.coverage/1", "rulebook_hash": rulebook_hash, "summary": summary(cov),
            "ok": g.ok, "gaps": [str(t) for t in g.gaps], "problems": g.problems,
            "allowed": [{"target": str(a.target), "reason": a.reason} for a in g.allowed], "rules": by_rule}


def text_lines(cov: Coverage, g: Gate, detail: bool = False) -> list[str]:
    s = summary(cov)
    out = [f"Coverage over {s['scenarios']} scenario(s):",
           f"  rules reached            {s['rule']['reached']}/{s['rule']['of']}"
           f" (named in some scenario's expect: {s['checked_rules']})",
           f"  exception labels reached {s['exception']['reached']}/{s['exception']['of']}",
           f"  duty statuses reached    {s['status']['reached']}/{s['status']['of']} (reported, not gated)"]
    if g.gaps:
        out += ["", f"NOT REACHED by any scenario ({len(g.gaps)}): write a scenario from the law, or, if no "
                    "case can reach it, add it to the allow-list with the reason"]
        out += [f"  {t}" for t in g.gaps]
    if g.problems:
        out += ["", f"ALLOW-LIST PROBLEMS ({len(g.problems)}):"] + [f"  {p}" for p in g.problems]
    if g.allowed:
        out += ["", f"Allowed unreached ({len(g.allowed)}, reviewed; coverage-allowlist.txt):"]
        out += [f"  {a.target}  {a.reason}" for a in g.allowed]
    if detail:
        out += ["", "Per rule (scenarios reaching each target; statuses not reached in brackets):"]
        for rid in dict.fromkeys(t.rule for t in cov.targets):
            ts = [t for t in cov.targets if t.rule == rid]
            n = len(cov.scenarios_reaching(Target(rid)))
            out.append(f"  {rid}: reached by {n}, checked by {len(cov.checked.get(rid, ()))}")
            for t in ts:
                if t.kind == "exception":
                    k = len(cov.scenarios_reaching(t))
                    out.append(f"    exception {t.label}: {k or 'NOT REACHED'}")
            statuses = [t for t in ts if t.kind == "status"]
            if statuses:
                out.append("    statuses: " + ", ".join(
                    f"{t.status} {len(cov.scenarios_reaching(t))}" if cov.reached.get(t) else f"[{t.status}]"
                    for t in statuses))
    out += ["", "coverage gate: " + ("PASSED" if g.ok else f"FAILED ({len(g.gaps)} gap(s), "
                                                           f"{len(g.problems)} allow-list problem(s))")]
    return out


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f2f1}.gap{background:#fde8e8;color:#8a1c1c;font-weight:600}.ok{color:#00703c;font-weight:600}
.allowed{background:#fff7e0}.n{text-align:right;font-variant-numeric:tabular-nums}
details summary{cursor:pointer}code{font-size:.9em}.st{display:inline-block;margin:0 .4rem .2rem 0;padding:0 .35rem;
border-radius:3px;background:#e8f1e8}.st.no{background:#eee;color:#666;text-decoration:line-through}
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def html_page(cov: Coverage, g: Gate) -> str:
    """A self-contained page: a summary, the gaps, the allow-list, then every rule."""
    s = summary(cov)
    allowed = {a.target: a.reason for a in g.allowed}
    gaps = set(g.gaps)
    rows = []
    for rid in dict.fromkeys(t.rule for t in cov.targets):
        ts = [t for t in cov.targets if t.rule == rid]
        who = cov.scenarios_reaching(Target(rid))
        cls = "gap" if Target(rid) in gaps else ""
        excs = []
        for t in ts:
            if t.kind != "exception":
                continue
            k = cov.scenarios_reaching(t)
            state = ('<span class="gap">not reached</span>' if t in gaps else
                     f'<span class="allowed">allowed: {_e(allowed[t])}</span>' if t in allowed else
                     f"<details><summary>{len(k)} scenario(s)</summary>{'<br>'.join(_e(x) for x in k)}</details>")
            excs.append(f"<div><code>{_e(t.label)}</code> {state}</div>")
        statuses = " ".join(
            f'<span class="st{"" if cov.reached.get(t) else " no"}" title="{len(cov.scenarios_reaching(t))} '
            f'scenario(s)">{_e(t.status)}</span>' for t in ts if t.kind == "status")
        reached = (f"<details><summary>{len(who)}</summary>{'<br>'.join(_e(x) for x in who)}</details>"
                   if who else '<span class="gap">0</span>')
        rows.append(f'<tr class="{cls}"><td><code>{_e(rid)}</code></td><td class="n">{reached}</td>'
                    f'<td class="n">{len(cov.checked.get(rid, ()))}</td><td>{"".join(excs)}</td>'
                    f"<td>{statuses}</td></tr>")
    verdict = ('<p class="ok">Gate passed: every rule and exception label is reached, or allowed with a reason.</p>'
               if g.ok else f'<p class="gap">Gate failed: {len(g.gaps)} gap(s), {len(g.problems)} allow-list '
                            "problem(s).</p>")
    gap_list = "".join(f"<li><code>{_e(t)}</code></li>" for t in g.gaps)
    problems = "".join(f"<li>{_e(p)}</li>" for p in g.problems)
    allow_rows = "".join(f"<tr><td><code>{_e(a.target)}</code></td><td>{_e(a.reason)}</td></tr>" for a in g.allowed)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sendrules: scenario coverage</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head><body>
<h1>Scenario coverage</h1>
<table id="summary"><tr><th>what</th><th class="n">reached</th><th class="n">of</th></tr>
<tr><td>rules</td><td class="n">{s['rule']['reached']}</td><td class="n">{s['rule']['of']}</td></tr>
<tr><td>exception labels</td><td class="n">{s['exception']['reached']}</td><td class="n">{s['exception']['of']}</td></tr>
<tr><td>duty statuses (not gated)</td><td class="n">{s['status']['reached']}</td><td class="n">{s['status']['of']}</td></tr>
<tr><td>rules named in some scenario's expectations</td><td class="n">{s['checked_rules']}</td><td class="n">{s['rule']['of']}</td></tr>
</table>
<p>{s['scenarios']} scenario(s) run, {s['failed']} failed.</p>
{verdict}
{f'<h2>Not reached</h2><ul id="gaps">{gap_list}</ul>' if gap_list else ''}
{f'<h2>Allow-list problems</h2><ul>{problems}</ul>' if problems else ''}
{f'<h2>Allowed unreached (reviewed)</h2><table id="allowed"><tr><th>target</th><th>reason</th></tr>{allow_rows}</table>' if allow_rows else ''}
<h2>Every rule</h2>
<table id="rules"><tr><th>rule</th><th class="n">reached by</th><th class="n">checked by</th><th>exceptions</th>
<th>duty statuses (struck through: never reached)</th></tr>
{''.join(rows)}
</table></body></html>
"""

"""The what-if report: its receipt, and the comparison as text, CSV and a self-contained HTML page.

Every form names the overlay (title, file, hash), both rulebook hashes and the as-at date, and
names cases only by pseudonym.
"""

from __future__ import annotations

import csv
import hashlib
import io
import platform
from collections.abc import Iterator
from html import escape
from typing import Any

from ..compile.rulebook import CompiledRulebook
from .compare import Comparison

WHATIF_FORMAT = "sendrules.whatif/1"
HTML_CHANGES_SHOWN = 500


def key_id(key: bytes) -> str:
    """A name for the pseudonym key that does not reveal it: two reports with the same key_id
    give the same case the same pseudonym."""
    return hashlib.sha256(b"sendrules pseudonym key\0" + key).hexdigest()[:12]


def whatif_receipt(base: CompiledRulebook, overlaid: CompiledRulebook, cmp: Comparison, key: bytes,
                   key_source: str, settings: dict[str, Any] | None,
                   parameters: dict[str, Any] | None) -> dict[str, Any]:
    """What a reader needs to know the run and to repeat it."""
    o = overlaid.overlay
    versions = dict(base.package_versions)
    out: dict[str, Any] = {
        "format": WHATIF_FORMAT,
        "package_version": versions.get("sendrules", "unknown"),
        "python": platform.python_version(),
        "as_at": cmp.as_at.isoformat(),
        "rulebook_hash": base.content_hash,
        "overlaid_rulebook_hash": overlaid.content_hash,
        "overlay": {"title": o.title, "file": o.file, "sha256": o.sha256} if o is not None else None,
        "cases": cmp.cases,
        "invalid_inputs": len(cmp.invalid),
        "inputs_hash": cmp.inputs_hash,
        "pseudonyms": {"method": "HMAC-SHA256 of case_id, first 16 hex digits", "key_id": key_id(key),
                       "key": key_source},
    }
    if settings:
        out["settings_overridden"] = dict(sorted(settings.items()))
    if parameters:
        out["parameters_overridden"] = dict(sorted(parameters.items()))
    return out


def _description(rb: CompiledRulebook, rule: str) -> str:
    prog = rb.programs.get(rule)
    return prog.latest.rule.description.strip() if prog is not None else ""


def text_report(cmp: Comparison, receipt: dict[str, Any], rb: CompiledRulebook) -> Iterator[str]:
    """The comparison as lines of plain text."""
    o = receipt["overlay"] or {}
    yield f"What-if: {o.get('title', '')}"
    yield f"  overlay {o.get('file', '')} (sha256 {o.get('sha256', '')})"
    yield f"  rulebook {receipt['rulebook_hash'][:16]}..., overlaid {receipt['overlaid_rulebook_hash'][:16]}..."
    yield f"  as at {receipt['as_at']}; {cmp.cases} case(s) compared, {len(cmp.invalid)} input(s) could not be read"
    yield ""
    yield (f"{len(cmp.status_changed_cases)} case(s) changed status or value; "
           f"{len(cmp.changed_cases) - len(cmp.status_changed_cases)} more had only a date move. "
           f"{len(cmp.changes)} outcome(s) changed under {len(cmp.transitions)} rule(s).")
    if cmp.errors_before or cmp.errors_after:
        yield f"Outcomes with status `error`: {cmp.errors_before} before, {cmp.errors_after} after."
    for rule in sorted(cmp.transitions):
        yield ""
        yield f"{rule}  ({cmp.outcomes[rule]} outcome(s) compared)"
        desc = _description(rb, rule)
        if desc:
            yield f"  {desc}"
        for (before, after), n in sorted(cmp.transitions[rule].items(), key=lambda kv: (-kv[1], kv[0])):
            yield f"  {before} -> {after}: {n}"
    if cmp.measures_before is not None:
        yield ""
        yield "Measures (before -> after):"
        for name in sorted(cmp.measures_before):
            yield f"  {name}: {cmp.measures_before[name]} -> {(cmp.measures_after or {}).get(name)}"
    if cmp.changes:
        yield ""
        yield "Changed outcomes (case pseudonym, outcome, before -> after):"
        for c in cmp.changes:
            yield f"  {c.case}  {c.key}: {c.before} -> {c.after}"
    if cmp.invalid:
        yield ""
        yield "Inputs that could not be evaluated:"
        for label, problems in cmp.invalid:
            for p in problems:
                yield f"  {p}" if p.startswith(label) else f"  {label}: {p}"


def transitions_csv(cmp: Comparison, rb: CompiledRulebook) -> str:
    """rule, description, before, after, outcomes: one row per transition."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["rule", "description", "before", "after", "outcomes"])
    for rule, before, after, n in cmp.rows():
        w.writerow([rule, _description(rb, rule), before, after, n])
    return buf.getvalue()


def changes_csv(cmp: Comparison) -> str:
    """case (pseudonym), outcome, rule, before, after: one row per changed outcome."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["case", "outcome", "rule", "before", "after"])
    for c in cmp.changes:
        w.writerow([c.case, c.key, c.rule, c.before, c.after])
    return buf.getvalue()


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px}
.sub{color:#555;margin:0 0 18px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:12px 16px;min-width:150px}
.card b{display:block;font-size:26px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e6}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eceef1;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.desc{color:#555;font-size:13px}.from{color:#8a1c1c}.to{color:#11632d}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;background:#fff;border:1px solid #dde1e6;
padding:12px;border-radius:8px}dt{font-weight:600}dd{margin:0;word-break:break-all}
svg text{font:12px system-ui,sans-serif}
"""


def _chart(cmp: Comparison, limit: int = 15) -> str:
    """Changed outcomes per rule, the largest first, as an inline SVG bar chart."""
    counts = sorted(((sum(c.values()), rule) for rule, c in cmp.transitions.items()), key=lambda x: (-x[0], x[1]))
    counts = counts[:limit]
    if not counts:
        return ""
    top = counts[0][0]
    label_w, bar_w, row = 330, 520, 24
    height = row * len(counts) + 10
    parts = [f'<svg role="img" aria-label="Changed outcomes per rule" width="{label_w + bar_w + 60}" '
             f'height="{height}" viewBox="0 0 {label_w + bar_w + 60} {height}">']
    for i, (n, rule) in enumerate(counts):
        y = 5 + i * row
        w = max(2, round(bar_w * n / top))
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(rule)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 8}" fill="#2f6db5" rx="2"/>'
                     f'<text x="{label_w + w + 6}" y="{y + 16}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def html_report(cmp: Comparison, receipt: dict[str, Any], rb: CompiledRulebook) -> str:
    """One self-contained page (no script, no network): summary, chart, transitions, changed
    outcomes (the first HTML_CHANGES_SHOWN; the CSV has them all) and the receipt."""
    o = receipt["overlay"] or {}
    e = escape
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>What-if: {e(o.get('title', ''))}</title><style>{_CSS}</style></head><body><main>",
           f"<h1>What-if: {e(o.get('title', ''))}</h1>",
           f'<p class="sub">Overlay <code>{e(o.get("file", ""))}</code>, evaluated as at {e(receipt["as_at"])}. '
           "Each case was evaluated under the law as it is and under the overlay; only what differs is shown. "
           "Cases are named by pseudonym.</p>",
           '<div class="cards">']
    for label, n in (("cases compared", cmp.cases), ("cases whose status changed", len(cmp.status_changed_cases)),
                     ("cases with only a date moved", len(cmp.changed_cases) - len(cmp.status_changed_cases)),
                     ("outcomes changed", len(cmp.changes)), ("rules affected", len(cmp.transitions)),
                     ("inputs not read", len(cmp.invalid))):
        out.append(f'<div class="card"><b>{n}</b>{e(label)}</div>')
    out.append("</div>")
    if cmp.transitions:
        out.append("<h2>Changed outcomes per rule</h2>" + _chart(cmp))
        out.append("<h2>Status transitions</h2><table><thead><tr><th>rule</th><th>before</th><th>after</th>"
                   "<th>outcomes</th></tr></thead><tbody>")
        rows = cmp.rows()
        for i, (rule, before, after, n) in enumerate(rows):
            span = sum(1 for r in rows if r[0] == rule)
            head = "" if i and rows[i - 1][0] == rule else (
                f'<td rowspan="{span}"><code>{e(rule)}</code><div class="desc">{e(_description(rb, rule))}</div></td>')
            out.append(f'<tr>{head}<td class="from">{e(before)}</td><td class="to">{e(after)}</td>'
                       f'<td class="n">{n}</td></tr>')
        out.append("</tbody></table>")
    else:
        out.append("<h2>No outcome changed</h2><p>The overlay changes nothing in this caseload at this date.</p>")
    if cmp.measures_before is not None:
        out.append("<h2>Measures</h2><table><thead><tr><th>measure</th><th>before</th><th>after</th></tr></thead>"
                   "<tbody>")
        for name in sorted(cmp.measures_before):
            after = (cmp.measures_after or {}).get(name)
            out.append(f"<tr><td>{e(name)}</td><td class=\"n\">{e(str(cmp.measures_before[name]))}</td>"
                       f"<td class=\"n\">{e(str(after))}</td></tr>")
        out.append("</tbody></table>")
    if cmp.changes:
        shown = cmp.changes[:HTML_CHANGES_SHOWN]
        more = len(cmp.changes) - len(shown)
        out.append("<h2>Changed outcomes</h2>"
                   + (f"<p>The first {len(shown)} of {len(cmp.changes)}; whatif-changes.csv lists them all.</p>"
                      if more else "")
                   + "<table><thead><tr><th>case</th><th>outcome</th><th>before</th><th>after</th></tr></thead><tbody>")
        for c in shown:
            out.append(f"<tr><td><code>{e(c.case)}</code></td><td><code>{e(c.key)}</code></td>"
                       f'<td class="from">{e(c.before)}</td><td class="to">{e(c.after)}</td></tr>')
        out.append("</tbody></table>")
    if cmp.invalid:
        out.append("<h2>Inputs that could not be evaluated</h2><ul>")
        for label, problems in cmp.invalid:
            said = "; ".join(p[len(label) + 2:] if p.startswith(label + ": ") else p for p in problems)
            out.append(f"<li><code>{e(label)}</code>: {e(said)}</li>")
        out.append("</ul>")
    out.append("<h2>Receipt</h2><dl>")
    for k, v in _flat(receipt):
        out.append(f"<dt>{e(k)}</dt><dd><code>{e(v)}</code></dd>")
    out.append("</dl></main></body></html>\n")
    return "".join(out)


def _flat(d: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for k, v in d.items():
        if isinstance(v, dict):
            yield from _flat(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", "" if v is None else str(v)

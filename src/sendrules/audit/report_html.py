"""report.html: one self-contained page for a head of SEND (inline CSS and SVG; no script, no network).

Headline figures, timeliness by month (DfE's count and the law's), DfE's measures beside the law's
with why they differ, overdue and late duties by rule with citations, Week20 exceptions asserted
but not evidenced, persons rejected and why, and the receipt. Only pseudonymous ids appear.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from .summary import AuditSummary

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:20px 32px}header h1{margin:0 0 4px;font-size:24px}
header p{margin:0;opacity:.85}main{padding:8px 32px 40px;max-width:1180px}
section{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:16px 20px;margin:18px 0}
h2{font-size:18px;margin:0 0 10px}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px}
.card{border:1px solid #dde1e6;border-radius:8px;padding:12px 14px;background:#fbfcfd}
.card .v{font-size:28px;font-weight:700}.card .l{font-size:13px;color:#4a5561}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #e6e9ed;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.note{font-size:13px;color:#4a5561}
.bad{color:#b00020;font-weight:600}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
code{font-size:12px}details summary{cursor:pointer}pre{white-space:pre-wrap;font-size:12px;background:#f6f7f9;padding:8px}
"""
_DFE = "#457b9d"
_LAW = "#e76f51"


def _n(v: Any) -> str:
    return escape(f"{v:,}" if isinstance(v, int) else str(v))


def _card(value: Any, label: str, cls: str = "") -> str:
    return f'<div class="card"><div class="v {cls}">{_n(value)}</div><div class="l">{escape(label)}</div></div>'


def _month_chart(monthly: dict[str, Any], year: int) -> str:
    """Grouped bars: % of plans issued within 20 weeks per month, DfE's count and the law's."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    w, h, left, bottom, top = 760, 260, 44, 36, 16
    plot_w, plot_h = w - left - 10, h - bottom - top
    step = plot_w / 12
    bar = step * 0.34
    parts = [f'<svg role="img" aria-label="Plans issued within 20 weeks by month" viewBox="0 0 {w} {h}" '
             f'width="100%" style="max-width:{w}px" xmlns="http://www.w3.org/2000/svg">']
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - pct / 100)
        parts.append(f'<line x1="{left}" x2="{w - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e1e4e8"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#4a5561">{pct}%</text>')
    for i, m in enumerate(months):
        c = monthly.get(m, {})
        x0 = left + i * step + step * 0.14
        for j, (num, den, colour, who) in enumerate((("dfe_within", "dfe_den", _DFE, "DfE"),
                                                     ("law_within", "law_den", _LAW, "law"))):
            d = c.get(den, 0)
            share = c.get(num, 0) / d if d else 0
            bh = plot_h * share
            x = x0 + j * bar
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - bh:.1f}" width="{bar - 1:.1f}" height="{bh:.1f}" '
                         f'fill="{colour}"><title>{escape(m)} {who}: {c.get(num, 0)} of {d}</title></rect>')
        parts.append(f'<text x="{left + i * step + step / 2:.1f}" y="{h - bottom + 16}" font-size="11" '
                     f'text-anchor="middle" fill="#4a5561">{escape(m[5:])}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{h - 4}" font-size="11" text-anchor="middle" '
                 f'fill="#4a5561">month the plan was issued, {year}</text></svg>')
    return "".join(parts)


def _rule_chart(rows: list[tuple[str, int, int]]) -> str:
    """Horizontal stacked bars: overdue and late findings for the rules with the most."""
    rows = rows[:12]
    if not rows:
        return '<p class="note">No overdue or late duties.</p>'
    top = max(o + late for _r, o, late in rows) or 1
    w, row_h, left = 760, 24, 300
    h = row_h * len(rows) + 10
    parts = [f'<svg role="img" aria-label="Overdue and late duties by rule" viewBox="0 0 {w} {h}" width="100%" '
             f'style="max-width:{w}px" xmlns="http://www.w3.org/2000/svg">']
    for i, (rule, overdue, late) in enumerate(rows):
        y = 4 + i * row_h
        wo = (w - left - 70) * overdue / top
        wl = (w - left - 70) * late / top
        parts.append(f'<text x="{left - 8}" y="{y + 15}" font-size="12" text-anchor="end">{escape(rule)}</text>'
                     f'<rect x="{left}" y="{y + 3}" width="{wo:.1f}" height="16" fill="#b00020"><title>overdue {overdue}</title></rect>'
                     f'<rect x="{left + wo:.1f}" y="{y + 3}" width="{wl:.1f}" height="16" fill="#f4a261"><title>late {late}</title></rect>'
                     f'<text x="{left + wo + wl + 6:.1f}" y="{y + 15}" font-size="12">{overdue + late:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_report(s: AuditSummary) -> str:
    """The whole page as text."""
    st = s.stats
    assert st is not None
    head = st.headline()
    rc = s.receipt
    coll = rc.get("collection") or {}
    title = f"Caseload audit: {s.input_name}"
    sub = (f"Authority {coll.get('lea') or '(not given)'}; collection {coll.get('year') or '-'}; activity in "
           f"{st.year}; as at {rc.get('as_at')}")
    rows = {(r["method"], r["breakdown"], r["measure"]): r["value"] for r in st.rows()}
    by_rule: dict[str, dict[str, int]] = {}
    for (rule, status), n in s.by_rule.items():
        by_rule.setdefault(rule, {})[status] = n
    ranked = sorted(((r, c.get("overdue", 0), c.get("met_late", 0)) for r, c in by_rule.items()),
                    key=lambda t: (-(t[1] + t[2]), t[0]))
    out = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
           f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
           f"<header><h1>{escape(title)}</h1><p>{escape(sub)}</p></header><main>"]
    # headline
    out.append("<section><h2>Headline</h2><div class=\"cards\">")
    out.append(_card(head["dfe_pc_ex"] + ("%" if head["dfe_pc_ex"] != "x" else ""),
                     "of new plans issued within 20 weeks, excluding exceptions (DfE's headline measure)"))
    out.append(_card(head["dfe_pc_inc"] + ("%" if head["dfe_pc_inc"] != "x" else ""),
                     "within 20 weeks including exceptions (DfE's way)"))
    out.append(_card(head["law_pc_inc"] + ("%" if head["law_pc_inc"] != "x" else ""),
                     "issued within the law's 20 weeks (reg 13(2)), only evidenced exceptions lifting it"))
    out.append(_card(int(head["law_overdue"]), "plans past their 20-week due date and still not issued",
                     "bad" if head["law_overdue"] != "0" else ""))
    out.append(_card(int(head["dfe_den"]), f"plans issued in {st.year} (DfE's timeliness base)"))
    out.append(_card(int(head["requests"]), f"requests for assessment received in {st.year}"))
    out.append(_card(int(head["ehcplans"]), "EHC plans active at the reference date"))
    out.append(_card(st.law["week20_asserted_not_evidenced"], "Week20 exceptions asserted but not evidenced"))
    out.append(_card(f"{s.persons_in:,} = {s.evaluated:,} + {s.rejected:,}",
                     "persons read = persons evaluated + persons rejected"))
    out.append("</div></section>")
    # timeliness by month
    out.append(f"<section><h2>Timeliness by month</h2><p class=\"legend\"><span style=\"background:{_DFE}\"></span>"
               f"DfE's count (issue date minus ReceivedDate at most {st.within_days} days)"
               f"<span style=\"background:{_LAW}\"></span>the law's clock (SEND Regs reg 13(2) duty met)</p>")
    out.append(_month_chart(st.monthly, st.year))
    out.append("<table><tr><th>month</th><th class=n>DfE: issued</th><th class=n>DfE: within 20 weeks</th>"
               "<th class=n>law: issued</th><th class=n>law: met</th></tr>")
    for m in range(1, 13):
        key = f"{st.year}-{m:02d}"
        c = st.monthly.get(key, {})
        out.append(f"<tr><td>{key}</td><td class=n>{_n(c.get('dfe_den', 0))}</td><td class=n>{_n(c.get('dfe_within', 0))}</td>"
                   f"<td class=n>{_n(c.get('law_den', 0))}</td><td class=n>{_n(c.get('law_within', 0))}</td></tr>")
    out.append("</table></section>")
    # DfE's way and the law's way
    out.append("<section><h2>DfE's measures and the law's</h2><table><tr><th>measure (EES column)</th>"
               "<th class=n>DfE's way</th><th class=n>the law's way</th></tr>")
    for measure in ("plans_issued_den", "plans_issued_within_20_weeks", "pc_plans_issued_within_20_weeks",
                    "plans_issued_den_ex", "plans_issued_20_weeks_ex", "PC_plans_issued_20_weeks_ex",
                    "plans_issued_gt20weeks_ltYear", "plans_issued_gt_1_year", "request_outcome_six_weeks",
                    "request_outcome_over_6_weeks", "outcome_decision_within_time", "outcome_decision_over_time"):
        out.append(f"<tr><td><code>{measure}</code></td><td class=n>{_n(rows.get(('dfe', 'Total', measure), '-'))}</td>"
                   f"<td class=n>{_n(rows.get(('law', 'Total', measure), '-'))}</td></tr>")
    out.append(f"<tr><td><code>plans_overdue_not_issued_at_as_at</code></td><td class=n>not measured</td>"
               f"<td class=n>{_n(rows.get(('law', 'Total', 'plans_overdue_not_issued_at_as_at'), 0))}</td></tr></table>")
    out.append(
        "<p class=note><b>Why they differ.</b> DfE counts the days from <code>ReceivedDate</code> to the issue date and "
        f"calls at most {st.within_days} within 20 weeks; the law's due date is 20 weeks after the clock starts "
        "(receipt of a request, or the day the authority became responsible: reg 13(2), reg 5(1)(b)), so the two agree "
        "on the day count (140 days is the last day in time), but: (1) DfE's \"excluding exceptions\" drops every plan "
        "flagged <code>Week20</code>, while the law lifts the limit only where a reg 10(4) ground is evidenced in the "
        "facts, so a bare flag leaves the plan judged on its dates; (2) DfE keeps a plan with no received date in the "
        "denominator as not within 20 weeks, while the law cannot start a clock it has no date for; (3) DfE sees only "
        "plans issued, while the law also counts plans past their due date and still not issued at the as-at date; "
        "(4) the 6- and 16-week measures are judged the same way, with reg 5(4) and reg 10(4) exceptions only when "
        "evidenced. <code>statistics.csv</code> holds every measure under its EES column name, with "
        "<code>method</code> = dfe or law.</p></section>")
    # by rule
    out.append("<section><h2>Overdue and late duties by rule</h2>")
    out.append(_rule_chart([r for r in ranked if r[1] + r[2]]))
    out.append("<table><tr><th>rule</th><th class=n>overdue</th><th class=n>late</th><th class=n>excepted</th>"
               "<th class=n>undetermined</th><th>law</th></tr>")
    for rule, _o, _l in ranked:
        c = by_rule[rule]
        text, link = s.rule_cites.get(rule, ("", ""))
        cite = f'<a href="{escape(link)}">{escape(text)}</a>' if link else escape(text)
        out.append(f"<tr><td><code>{escape(rule)}</code></td><td class=n>{_n(c.get('overdue', 0))}</td>"
                   f"<td class=n>{_n(c.get('met_late', 0))}</td><td class=n>{_n(c.get('excepted', 0))}</td>"
                   f"<td class=n>{_n(c.get('undetermined', 0))}</td><td>{cite}</td></tr>")
    out.append("</table><p class=note>Every row of <code>findings.csv</code> is one rule outcome for one person and "
               "request (pseudonymous ids), with its due and done dates, days late and citation.</p></section>")
    # Week20
    n20 = st.law["week20_asserted_not_evidenced"]
    out.append(f"<section><h2>Week20 exceptions asserted but not evidenced ({n20:,})</h2><p class=note>SEN2's "
               "<code>Week20</code> says a 20-week exception applies; the law (reg 13(3) with reg 10(4)) lifts the limit "
               "only for a recorded ground: the school closed for 4 weeks or more, exceptional personal circumstances, "
               "or absence from the area for 4 weeks or more. None of these is in the return.</p>")
    if s.week20_unevidenced:
        out.append("<table><tr><th>person</th><th>request</th></tr>" + "".join(
            f"<tr><td>{escape(p)}</td><td>{escape(r)}</td></tr>" for p, r in s.week20_unevidenced) + "</table>")
        if n20 > len(s.week20_unevidenced):
            out.append(f"<p class=note>The first {len(s.week20_unevidenced)} of {n20:,} are shown.</p>")
    out.append("</section>")
    # rejected
    out.append(f"<section><h2>Persons rejected ({s.rejected:,})</h2>")
    if s.rejected:
        out.append("<table><tr><th>why (path and rule broken)</th><th class=n>persons</th></tr>" + "".join(
            f"<tr><td>{escape(r)}</td><td class=n>{n:,}</td></tr>" for r, n in s.rejected_reasons.most_common(30))
            + "</table><details><summary>each person</summary><table><tr><th>person</th><th>problems</th></tr>")
        out.append("".join(f"<tr><td>{escape(p)}</td><td>{escape('; '.join(pr))}</td></tr>"
                           for p, pr in s.rejected_list) + "</table></details>")
    else:
        out.append("<p>None: every person read was evaluated.</p>")
    if s.unknown_tags:
        out.append("<p class=note>Elements not recognised and ignored: " + escape(", ".join(
            f"{t} ({n})" for t, n in s.unknown_tags.most_common(20))) + "</p>")
    out.append("</section>")
    # receipt
    out.append("<section><h2>Receipt</h2><table>")
    inp = rc.get("input", {})
    for label, value in (("input", f"{inp.get('name')} ({inp.get('kind')}, {inp.get('bytes', 0):,} bytes)"),
                         ("input sha256", inp.get("sha256")), ("rulebook hash", rc.get("rulebook_hash")),
                         ("sendrules", rc.get("package_version")), ("Python", rc.get("python")),
                         ("as at", rc.get("as_at")),
                         ("settings changed", ", ".join(rc.get("settings_overridden", [])) or "none"),
                         ("mapping", json.dumps(rc.get("mapping", {}), sort_keys=True))):
        out.append(f"<tr><th>{escape(label)}</th><td><code>{escape(str(value))}</code></td></tr>")
    out.append("</table><details><summary>full receipt</summary><pre>"
               + escape(json.dumps(rc, indent=2, sort_keys=True)) + "</pre></details></section>")
    out.append("</main></body></html>\n")
    return "".join(out)

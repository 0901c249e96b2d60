"""Turn an Evaluation into the result document (format sendrules.result/1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from ..evaluate.evaluator import Evaluation, Outcome
from .jsonvalues import to_json
from .receipt import RESULT_FORMAT, receipt


def _cites(cj: tuple[dict, ...]) -> list[dict]:
    return [dict(c) for c in cj]


def outcome_dict(o: Outcome, ev: Evaluation) -> dict[str, Any]:
    prog = o.program
    ver = o.version or prog.latest
    rule = ver.rule
    unknown = o.unknown
    d: dict[str, Any] = {
        "rule": prog.id,
        "kind": prog.kind,
        "scope": prog.scope,
        "request_id": o.request_id,
        "record_id": o.record_id,
        "type": prog.vtype.kind if prog.kind != "duty" else "duty",
        "description": rule.description.strip(),
        "status": o.status,
        "value": None if prog.kind == "duty" else to_json(o.value),
        "missing": sorted(unknown.missing) if unknown else [],
        "errors": sorted(unknown.errors) if unknown else [],
        "conflicts": sorted(unknown.conflicts) if unknown else [],
        "version": None if o.version is None else {
            "valid_from": o.version.valid_from.isoformat(),
            "valid_to": o.version.valid_to.isoformat() if o.version.valid_to else None,
            "file": o.version.file,
        },
        "selected_on": o.selected_on.isoformat() if o.selected_on else None,
        "citations": _cites(ver.cite_json),
    }
    if o.duty is not None:
        s = o.duty
        excepted = [(label, cj) for label, cj in ver.exception_cite_json if label in s.excepted_by]
        d["duty"] = {
            "holder": rule.holder,
            "recipients": to_json(s.recipients) if s.recipients is not None else None,
            "trigger": to_json(s.trigger),
            "due": to_json(s.due),
            "discharged": to_json(s.discharged),
            "days_late": s.days_late,
            "days_overdue": s.days_overdue,
            "days_left": s.days_left,
            "due_alternatives": [d.isoformat() for d in s.due_alternatives],
            "excepted_by": [{"label": label, "citations": _cites(cj)} for label, cj in excepted],
            "notice": None if s.notice_recorded is None else {
                "content_recorded": s.notice_recorded,
                "missing_elements": list(s.notice_missing),
                "undecided_elements": list(s.notice_unknown),
            },
        }
    return d


def _timeline_key(o: Outcome) -> tuple:
    s = o.duty
    when = (s.due or s.trigger) if s is not None else None
    return (when or dt.date.max, o.key)


def needed(ev: Evaluation) -> tuple[list[dict], list[dict]]:
    """Findings and facts that some outcome could not be decided without."""
    findings: dict[tuple, dict] = {}
    facts: dict[tuple, dict] = {}
    declared = ev.rulebook.findings
    for o in ev.outcomes:
        u = o.unknown
        if u is None:
            continue
        for name in sorted(u.missing):
            if name.startswith("finding."):
                fid = name.split(".", 1)[1]
                f = declared[fid].finding if fid in declared else None
                req = o.request_id if f is not None and f.scope != "case" else None
                rev = o.record_id if f is not None and f.scope not in ("case", "request") else None
                entry = findings.setdefault((fid, req, rev), {
                    "finding": fid, "request_id": req, "record_id": rev,
                    "question": f.question.strip() if f else None,
                    "informs": list(f.informs) if f else [], "needed_by": []})
            else:
                root = name.split(".", 1)[0]
                req = o.request_id if root not in ("person", "as_at") else None
                rev = o.record_id if root not in ("person", "as_at", "request") else None
                entry = facts.setdefault((name, req, rev), {"fact": name, "request_id": req, "record_id": rev,
                                                           "needed_by": []})
            entry["needed_by"].append(o.key)
    order = lambda e: (e.get("finding") or e.get("fact"), e["request_id"] or "", e["record_id"] or "")  # noqa: E731
    return sorted(findings.values(), key=order), sorted(facts.values(), key=order)


def defects(ev: Evaluation) -> list[dict]:
    """Late or missing notices: every duty met late or overdue at the as-at date."""
    out = []
    for o in sorted((o for o in ev.outcomes if o.duty is not None), key=_timeline_key):
        s = o.duty
        if s.notice_missing:
            cites = {eid: cj for eid, _w, cj in s.version.notice_elements}
            out.append({
                "defect": "incomplete_notice", "duty": o.key, "rule": o.program.id, "request_id": o.request_id,
                "record_id": o.record_id,
                "due": to_json(s.due), "discharged": to_json(s.discharged), "days": None,
                "holder": s.version.rule.holder, "missing_elements": list(s.notice_missing), "force": "law",
                "citations": [dict(c) for eid in s.notice_missing for c in cites[eid]],
            })
        if s.status not in ("met_late", "overdue"):
            continue
        rule = s.version.rule
        out.append({
            "defect": "late" if s.status == "met_late" else "missing",
            "duty": o.key,
            "rule": o.program.id,
            "request_id": o.request_id,
            "record_id": o.record_id,
            "due": to_json(s.due),
            "discharged": to_json(s.discharged),
            "days": s.days_late if s.status == "met_late" else s.days_overdue,
            "holder": rule.holder,
            # a "should" in guidance is not a breach of law: auditors can tell the two apart
            "force": s.version.cite_json[0]["force"],   # the first citation creates the duty
            "citations": _cites(s.version.cite_json),
        })
    for o in ev.outcomes:
        if o.program.kind == "check" and o.value is False:
            ver = o.version or o.program.latest
            out.append({"defect": "procedure", "duty": o.key, "rule": o.program.id, "request_id": o.request_id,
                        "record_id": o.record_id, "force": ver.cite_json[0]["force"],
                        "due": None, "discharged": None, "days": None, "holder": None,
                        "description": ver.rule.description.strip(), "citations": _cites(ver.cite_json)})
    return out


def result_dict(ev: Evaluation) -> dict[str, Any]:
    """The full result document. Keys are stable dotted rule ids (with [request_id] for per-request rules)."""
    outcomes = {o.key: outcome_dict(o, ev) for o in ev.outcomes}
    duties = [o.key for o in sorted((o for o in ev.outcomes if o.program.kind == "duty" and o.status != "not_applicable"),
                                    key=_timeline_key)]
    findings_needed, facts_needed = needed(ev)
    doc = {
        "format": RESULT_FORMAT,
        # an area file's result names the area; a case file's names the (pseudonymous) case
        ("area_id" if ev.is_area else "case_id"): ev.subject_id,
        "as_at": ev.as_at.isoformat(),
        "outcomes": outcomes,
        "duties": duties,
        "defects": defects(ev),
        "findings_needed": findings_needed,
        "facts_needed": facts_needed,
        "receipt": receipt(ev),
    }
    if ev.explained:
        from ..explain.trace import trace_dict
        doc["explanation"] = trace_dict(ev)
    return doc


def group_by_request(ev: Evaluation) -> dict[str | None, list[Outcome]]:
    """Outcomes per request (reviews included with their request), case-wide ones under None."""
    groups: dict[str | None, list[Outcome]] = defaultdict(list)
    for o in ev.outcomes:
        groups[o.request_id].append(o)
    return groups

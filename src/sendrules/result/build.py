"""Turn an Evaluation into the result document (format `sendrules.result/2`).

The document is built as plain dicts in the canonical form of `result.model.Result` (empty and
absent fields left out; a test checks every document round-trips through the model unchanged),
because building dicts is several times cheaper than building models, and JSON is what most
callers want. `sendrules.evaluate()` wraps it in the typed model.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.values import Unknown
from ..evaluate.evaluator import Evaluation, Outcome
from ..facts.catalogue import FACTS_BY_NAME
from ..facts.scopes import SCOPES, ancestry
from .jsonvalues import to_json
from .model import RESULT_FORMAT
from .receipt import receipt


def _put(d: dict[str, Any], key: str, value: Any) -> None:
    """Set a key only when the value is not empty (the canonical form leaves empties out)."""
    if value is not None and value != [] and value != ():
        d[key] = value


def outcome_dict(o: Outcome) -> dict[str, Any]:
    """One outcome in canonical form."""
    s = o.duty
    if s is None:
        # a value outcome: the common case, written out so it reads each attribute once
        v = o.value
        if type(v) is Unknown:
            d: dict[str, Any] = {"status": v.status if o.applicable else "not_applicable"}
            _unknown(d, v)
        else:
            d = {"status": "determined" if o.applicable else "not_applicable"}
            if v is not None and v != () and v != []:
                _put(d, "value", v if type(v) in _PLAIN else to_json(v))
        if o.selected_on is not None:
            d["selected_on"] = o.selected_on.isoformat()
        if o.version is not None:
            d["version"] = o.version.valid_from.isoformat()
        return d
    d = {"status": o.status}
    if o.version is not None:
        d["version"] = o.version.valid_from.isoformat()
    u = o.unknown
    if u is not None:
        _unknown(d, u)
    if s is not None:
        duty: dict[str, Any] = {}
        for name in ("trigger", "due", "discharged"):
            value = getattr(s, name)
            if value is not None:
                duty[name] = value.isoformat()
        for name in ("days_late", "days_overdue", "days_left"):
            _put(duty, name, getattr(s, name))
        recipients = to_json(s.recipients)
        if recipients is not None:
            duty["recipients"] = recipients
        _put(duty, "due_alternatives", [x.isoformat() for x in s.due_alternatives])
        _put(duty, "excepted_by", list(s.excepted_by))
        if s.notice_recorded is not None:
            notice: dict[str, Any] = {"content_recorded": s.notice_recorded}
            _put(notice, "missing_elements", list(s.notice_missing))
            _put(notice, "undecided_elements", list(s.notice_unknown))
            duty["notice"] = notice
        if duty:
            d["duty"] = duty
    return d


_PLAIN = frozenset({str, bool, int})  # values whose JSON form is themselves


def _unknown(d: dict[str, Any], u: Unknown) -> None:
    if u.missing:
        d["missing"] = sorted(u.missing)
    if u.errors:
        d["errors"] = sorted(u.errors)
    if u.conflicts:
        d["conflicts"] = sorted(u.conflicts)


def _timeline_key(o: Outcome) -> tuple:
    s = o.duty
    when = (s.due or s.trigger) if s is not None else None
    return (when or dt.date.max, o.key)


def _owner(d: dict[str, Any], ids: tuple[str, ...]) -> None:
    if ids:
        d["request_id"] = ids[0]
    if len(ids) > 1:
        d["record_id"] = ids[1]


# how many record ids lead to a record of each scope (0 for the case or area itself)
_DEPTH = {s.name: len(ancestry(s.name)) - 1 for s in SCOPES}


def needed(ev: Evaluation) -> tuple[list[dict], list[dict]]:
    """Findings and facts that some outcome could not be decided without, each with the record it
    belongs to (a request's finding is needed once per request) and the outcomes that need it."""
    findings: dict[tuple, dict] = {}
    facts: dict[tuple, dict] = {}
    declared = ev.rulebook.findings
    for o in ev.decided:
        u = o.unknown
        if u is None or not u.missing:
            continue
        key = o.key
        for name in sorted(u.missing):
            if name.startswith("finding."):
                fid = name[8:]
                scope = declared[fid].scope if fid in declared else ev.root
                ids = o.ids[:_DEPTH[scope]]
                entry = findings.get((fid, ids))
                if entry is None:
                    entry = findings[(fid, ids)] = {"finding": fid}
                    _owner(entry, ids)
                    entry["needed_by"] = []
            else:
                spec = FACTS_BY_NAME.get(name)
                ids = o.ids[:_DEPTH[spec.scope]] if spec is not None else ()
                entry = facts.get((name, ids))
                if entry is None:
                    entry = facts[(name, ids)] = {"fact": name}
                    _owner(entry, ids)
                    entry["needed_by"] = []
            entry["needed_by"].append(key)
    return [findings[k] for k in sorted(findings)], [facts[k] for k in sorted(facts)]


def outcome_defects(o: Outcome) -> list[tuple[str, str]]:
    """The defects of one outcome as (defect, force), in the order `defects` lists them: a notice
    without a required element, then a notice late or missing; a failed procedural check."""
    s = o.duty
    found: list[tuple[str, str]] = []
    if s is not None:
        if s.notice_missing:
            found.append(("incomplete_notice", "law"))
        if s.status in ("met_late", "overdue"):
            # a "should" in guidance is not a breach of law: auditors can tell the two apart
            found.append(("late" if s.status == "met_late" else "missing",
                          s.version.cite_json[0]["force"]))   # the first citation creates the duty
    elif o.program.kind == "check" and o.value is False:
        found.append(("procedure", (o.version or o.program.latest).cite_json[0]["force"]))
    return found


def defects(ev: Evaluation) -> list[dict]:
    """Late or missing notices (a duty met late or overdue), notices without a required element,
    and procedural checks that failed."""
    out = []
    for o in sorted((o for o in ev.decided if o.duty is not None), key=_timeline_key):
        s = o.duty
        for defect, force in outcome_defects(o):
            if defect == "incomplete_notice":
                cites = {eid: cj for eid, _w, cj in s.version.notice_elements}
                d = {"defect": defect, "duty": o.key, "rule": o.program.id, "force": force,
                     "citations": [c["text"] for eid in s.notice_missing for c in cites[eid]],
                     "holder": s.version.rule.holder, "missing_elements": list(s.notice_missing)}
            else:
                d = {"defect": defect, "duty": o.key, "rule": o.program.id, "force": force,
                     "citations": [c["text"] for c in s.version.cite_json], "holder": s.version.rule.holder,
                     "days": s.days_late if s.status == "met_late" else s.days_overdue}
            _put(d, "due", to_json(s.due))
            _put(d, "discharged", to_json(s.discharged))
            _owner(d, o.ids)
            out.append(d)
    for o in ev.decided:
        if o.duty is None:
            for defect, force in outcome_defects(o):
                ver = o.version or o.program.latest
                d = {"defect": defect, "duty": o.key, "rule": o.program.id, "force": force,
                     "citations": [c["text"] for c in ver.cite_json]}
                _owner(d, o.ids)
                out.append(d)
    return out


def shown(ev: Evaluation, all_outcomes: bool = False) -> list[Outcome]:
    """The outcomes the document shows (with `all_outcomes`, the not_applicable ones too)."""
    if all_outcomes:
        return ev.outcomes
    return [o for o in ev.decided if o.applicable]


def summary_dict(ev: Evaluation) -> dict[str, Any]:
    """Every key of the result document but `outcomes` and `explanation`, in canonical form."""
    duties = [o.key for o in sorted((o for o in ev.decided if o.program.kind == "duty" and o.applicable),
                                    key=_timeline_key)]
    findings_needed, facts_needed = needed(ev)
    doc: dict[str, Any] = {
        "format": RESULT_FORMAT,
        # an area file's result names the area; a case file's names the (pseudonymous) case
        ("area_id" if ev.is_area else "case_id"): ev.subject_id,
        "as_at": ev.as_at.isoformat(),
        "receipt": receipt(ev),
    }
    _put(doc, "duties", duties)
    _put(doc, "defects", defects(ev))
    _put(doc, "findings_needed", findings_needed)
    _put(doc, "facts_needed", facts_needed)
    _put(doc, "notices", list(ev.notices))
    return doc


def result_dict(ev: Evaluation, all_outcomes: bool = False, explanation: dict | None = None) -> dict[str, Any]:
    """The result document in canonical form. `all_outcomes` keeps the not_applicable outcomes;
    `explanation` is the trace (explain.trace.trace_dict) when the caller asked for one."""
    doc = summary_dict(ev)
    doc["outcomes"] = {o.key: outcome_dict(o) for o in shown(ev, all_outcomes)}
    if explanation is not None:
        doc["explanation"] = explanation
    return doc

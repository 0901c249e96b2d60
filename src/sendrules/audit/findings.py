"""Findings: the duty outcomes an auditor acts on, one row each, from a result document.

A row is kept for a duty that is overdue, met late, excepted or undetermined (or conflict/error),
and for a failed check (a `procedure` or `incomplete_notice` defect). Every row comes from the
rules' own outcome; this module only selects and flattens. Rows carry the pseudonymous person and
request ids, never names, dates of birth or postcodes.
"""

from __future__ import annotations

import re
from typing import Any

from ..compile.rulebook import CompiledRulebook
from ..core.citations import citation_text, citation_url

DUTY_STATUSES = ("overdue", "met_late", "excepted", "undetermined", "conflict", "error")
FIELDS = ["person_id", "request_id", "record_id", "rule", "kind", "status", "defect", "force", "trigger", "due",
          "done", "days_late", "excepted_by", "missing", "citation", "link"]
# The rules whose every outcome (met included) the statistics read: the clocks DfE also measures.
MEASURE_RULES = ("plan.final_plan", "assessment.decision_whether_to_assess", "assessment.refusal_notice",
                 "plan.no_plan_notice", "reviews.decision_notice", "plan.week20_exception", "status.age_group")

_KEY = re.compile(r"^([^\[]+)(?:\[([^/\]]+)(?:/([^\]]+))?\])?$")


def split_key(key: str) -> tuple[str, str, str]:
    """`rule[R1/REV1]` -> ("rule", "R1", "REV1"); missing parts are empty."""
    m = _KEY.match(key)
    if not m:
        return key, "", ""
    return m.group(1), m.group(2) or "", m.group(3) or ""


class CitationIndex:
    """Each rule version's citations as one line of text and a link, built once per process."""

    def __init__(self, rb: CompiledRulebook) -> None:
        self.kinds: dict[str, str] = {rid: p.kind for rid, p in rb.programs.items()}
        self._by_version: dict[tuple[str, str], tuple[str, str]] = {}
        self._latest: dict[str, tuple[str, str]] = {}
        for rid, prog in rb.programs.items():
            for v in prog.versions:
                cites = v.rule.cite
                text = "; ".join(citation_text(c, rb.instruments.get(c.instrument)) for c in cites)
                link = next((u for c in cites if (u := citation_url(c, rb.instruments.get(c.instrument)))), "")
                self._by_version[(rid, v.valid_from.isoformat())] = (text, link or "")
                self._latest[rid] = (text, link or "")

    def cite(self, rule: str, version: str | None) -> tuple[str, str]:
        return self._by_version.get((rule, version or ""), self._latest.get(rule, ("", "")))

    def kind(self, rule: str) -> str:
        return self.kinds.get(rule, "")


def finding_rows(doc: dict[str, Any], person_id: str, index: CitationIndex) -> list[tuple]:
    """The finding rows of one result document, in outcome-key order, as tuples in FIELDS order."""
    rows: list[tuple] = []
    defects = {d["duty"]: d for d in doc.get("defects", ())}
    outcomes = doc.get("outcomes", {})
    # most outcomes are determined or met: filter on status before any parsing of the key
    keys = sorted(k for k, o in outcomes.items() if o["status"] in DUTY_STATUSES or k in defects)
    for key in keys:
        out = outcomes[key]
        rule, request_id, record_id = split_key(key)
        kind = index.kind(rule)
        status = out["status"]
        defect = defects.get(key)
        if not ((kind == "duty" and status in DUTY_STATUSES) or defect is not None):
            continue
        duty = out.get("duty") or {}
        days = duty.get("days_late", duty.get("days_overdue"))
        text, link = index.cite(rule, out.get("version"))
        rows.append((person_id, request_id, record_id, rule, kind, status, defect["defect"] if defect else "",
                     defect["force"] if defect else "", duty.get("trigger", ""), duty.get("due", ""),
                     duty.get("discharged", ""), "" if days is None else days,
                     " ".join(duty.get("excepted_by", ())), " ".join(out.get("missing", ())), text, link))
    return rows


def measure_outcomes(doc: dict[str, Any]) -> list[tuple]:
    """The outcomes of MEASURE_RULES, compactly: (rule, request_id, record_id, status, trigger, due, done, value)."""
    got: list[tuple] = []
    for key, out in doc.get("outcomes", {}).items():
        rule, request_id, record_id = split_key(key)
        if rule in MEASURE_RULES:
            duty = out.get("duty") or {}
            got.append((rule, request_id, record_id, out["status"], duty.get("trigger"), duty.get("due"),
                        duty.get("discharged"), out.get("value")))
    return got

"""Findings: the duty outcomes an auditor acts on, one row each, from a person's evaluation.

A row is kept for a duty that is overdue, met late, excepted or undetermined (or conflict/error),
and for a failed check (a `procedure` or `incomplete_notice` defect). Every row comes from the
rules' own outcome; this module only selects and flattens. Rows carry the pseudonymous person and
request ids, never names, dates of birth or postcodes.
"""

from __future__ import annotations

import re

from ..compile.rulebook import CompiledRulebook
from ..core.citations import citation_text, citation_url
from ..evaluate.evaluator import Evaluation, Outcome
from ..result.build import outcome_defects, outcome_dict

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


def person_rows(ev: Evaluation, person_id: str, index: CitationIndex) -> tuple[list[tuple], list[tuple], bool]:
    """One person's finding rows (in outcome-key order, tuples in FIELDS order), the outcomes of
    MEASURE_RULES (see `measure_outcomes`) and whether some outcome has status `error`.

    Read straight from the evaluation, so a person costs no result document: only the few outcomes
    kept are put in their canonical form (`outcome_dict`, the document's own code), and the rows
    are those the result document's outcomes and defects give (tests/test_audit.py checks they
    agree, person by person)."""
    kept: list[tuple[str, Outcome, str, str]] = []   # key, outcome, defect, force
    measures: list[tuple] = []
    has_error = False
    for o in ev.decided:
        if not o.applicable:
            continue
        status = o.status
        if status == "error":
            has_error = True
        prog = o.program
        if prog.id in MEASURE_RULES:
            measures.append(_measure(o, status))
        kind = prog.kind
        if kind != "duty" and kind != "check":
            continue   # only a duty or a check has defects (outcome_defects)
        defect, force = _defect(o)
        if defect or (kind == "duty" and status in DUTY_STATUSES):
            kept.append((o.key, o, defect, force))
    kept.sort(key=lambda k: k[0])
    rows = []
    for key, o, defect, force in kept:
        out = outcome_dict(o)
        rule, request_id, record_id = split_key(key)
        duty = out.get("duty") or {}
        days = duty.get("days_late", duty.get("days_overdue"))
        text, link = index.cite(rule, out.get("version"))
        rows.append((person_id, request_id, record_id, rule, index.kind(rule), out["status"], defect, force,
                     duty.get("trigger", ""), duty.get("due", ""), duty.get("discharged", ""),
                     "" if days is None else days, " ".join(duty.get("excepted_by", ())),
                     " ".join(out.get("missing", ())), text, link))
    return rows, measures, has_error


def _defect(o: Outcome) -> tuple[str, str]:
    """The defect a finding row reports for this outcome ("" if none) and its force: of the
    outcome's defects in the result document, the last (a late or missing notice wins)."""
    found = outcome_defects(o)
    return found[-1] if found else ("", "")


def _measure(o: Outcome, status: str) -> tuple:
    out = outcome_dict(o)
    rule, request_id, record_id = split_key(o.key)
    duty = out.get("duty") or {}
    return (rule, request_id, record_id, status, duty.get("trigger"), duty.get("due"), duty.get("discharged"),
            out.get("value"))


def measure_outcomes(ev: Evaluation) -> list[tuple]:
    """The outcomes of MEASURE_RULES, compactly: (rule, request_id, record_id, status, trigger, due,
    done, value), dates and values as the result document writes them."""
    return [_measure(o, o.status) for o in ev.decided if o.applicable and o.program.id in MEASURE_RULES]

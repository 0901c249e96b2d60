"""Properties of every duty in the bundled rulebook, on generated cases with many events.

- a due date is never before its trigger;
- adding evidence of an exception never turns a duty met on time into met_late (or anything late);
- a later discharge is never more on time than an earlier one;
- no generated case makes evaluation raise.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sendrules

from casebuilders import make_case

D = dt.date
RANK = {"met": 0, "excepted": 1, "met_late": 2}


def day(lo: str, hi: str):
    return st.dates(D.fromisoformat(lo), D.fromisoformat(hi))


@st.composite
def full_cases(draw) -> dict[str, Any]:
    received = draw(day("2015-01-05", "2030-12-31"))
    offs = lambda lo, hi: received + dt.timedelta(days=draw(st.integers(lo, hi)))  # noqa: E731
    request: dict[str, Any] = {
        "request_id": "R1", "received_date": received.isoformat(),
        "requested_by": draw(st.sampled_from(["parent", "school", "other"])),
        "decision": draw(st.sampled_from(["assess", "not_assess"])),
        "decision_notified_date": offs(10, 60).isoformat(),
    }
    if request["decision"] == "assess":
        request["draft_plan_served_date"] = offs(60, 130).isoformat()
        request["final_plan_issued_date"] = offs(100, 200).isoformat()
        meeting = offs(300, 420)
        request["reviews"] = [{"review_id": "V1", "meeting_date": meeting.isoformat(),
                               "meeting_notice_sent_date": (meeting - dt.timedelta(days=draw(st.integers(5, 20)))).isoformat(),
                               "report_sent_date": (meeting + dt.timedelta(days=draw(st.integers(5, 20)))).isoformat(),
                               "decision_notified_date": (meeting + dt.timedelta(days=draw(st.integers(10, 40)))).isoformat(),
                               "decision": "amend",
                               "amendment_proposals_sent_date": (meeting + dt.timedelta(days=20)).isoformat(),
                               "amended_plan_issued_date": (meeting + dt.timedelta(days=draw(st.integers(30, 110)))).isoformat()}]
        request["reassessment_request_received_date"] = offs(500, 600).isoformat()
        request["reassessment_decision_notified_date"] = offs(510, 620).isoformat()
        request["reassessment_decision"] = "reassess"
        request["reassessment_plan_issued_date"] = offs(560, 760).isoformat()
        request["tribunal_order_date"] = offs(200, 400).isoformat()
        request["tribunal_order"] = draw(st.sampled_from(["assess", "make_plan", "refer_back", "amend_provision",
                                                          "change_institution", "continue_and_amend"]))
        request["order_outcome"] = draw(st.sampled_from(["no_plan", "plan"]))
        for k in ("order_assessment_notified_date", "order_outcome_notified_date", "order_draft_plan_date",
                  "order_final_plan_date", "order_reconsidered_date"):
            request[k] = offs(210, 500).isoformat()
        request["mediation_la_told_wants_mediation_date"] = offs(60, 90).isoformat()
        request["mediation_held_date"] = offs(80, 130).isoformat()
        request["mediation_date_notified_date"] = offs(70, 125).isoformat()
        request["mediation_certificate_issued_date"] = offs(90, 140).isoformat()
        request["transfer_in_date"] = offs(250, 450).isoformat()
        request["transfer_in_notified_date"] = offs(260, 520).isoformat()
        request["transfer_in_review_date"] = offs(260, 700).isoformat()
    else:
        request["mediation_certificate_issued_date"] = offs(40, 90).isoformat()
    return make_case({"date_of_birth": "2012-05-05", "in_authority_area": True}, [request])


def _duties(doc: dict) -> dict[str, dict]:
    return {k: o for k, o in doc["outcomes"].items() if o["kind"] == "duty"}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=full_cases(), extra=st.integers(0, 900))
def test_due_date_never_before_trigger(rulebook, case, extra):
    as_at = D.fromisoformat(case["requests"][0]["received_date"]) + dt.timedelta(days=extra)
    doc = sendrules.evaluate(rulebook, case, as_at)
    for key, o in _duties(doc).items():
        duty = o.get("duty") or {}
        if duty.get("trigger") and duty.get("due"):
            assert duty["due"] >= duty["trigger"], key


EVIDENCE = {
    "absences_from_area": [{"start": "2014-01-01", "end": "2040-12-31"}],
    "exceptional_circumstances": [{"start": "2014-01-01", "end": "2040-12-31"}],
}
FINDINGS = {name: {"value": True} for name in (
    "absence_made_time_limit_impractical", "personal_circumstances_made_time_limit_impractical",
    "closure_made_time_limit_impractical", "coronavirus_made_time_limit_impractical")}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=full_cases(), extra=st.integers(0, 900))
def test_an_exception_never_makes_a_met_duty_late(rulebook, case, extra):
    as_at = D.fromisoformat(case["requests"][0]["received_date"]) + dt.timedelta(days=extra)
    plain = _duties(sendrules.evaluate(rulebook, case, as_at))
    with_evidence = copy.deepcopy(case)
    with_evidence["person"].update(EVIDENCE)
    with_evidence["requests"][0].setdefault("findings", {}).update(FINDINGS)
    excepted = _duties(sendrules.evaluate(rulebook, with_evidence, as_at))
    for key, o in plain.items():
        if o["status"] == "met":
            assert excepted[key]["status"] == "met", key
        if o["status"] in ("met_late", "overdue"):
            assert excepted[key]["status"] in (o["status"], "excepted"), key


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(received=day("2015-01-05", "2030-12-31"), a=st.integers(0, 400), b=st.integers(0, 400))
def test_a_later_final_plan_is_never_more_on_time(rulebook, received, a, b):
    early, late = sorted((a, b))
    results = []
    for offset in (early, late):
        issued = received + dt.timedelta(days=offset)
        case = make_case({"date_of_birth": "2012-05-05", "in_authority_area": True}, [{
            "request_id": "R1", "received_date": received.isoformat(), "requested_by": "parent",
            "decision": "assess", "decision_notified_date": (received + dt.timedelta(days=30)).isoformat(),
            "final_plan_issued_date": issued.isoformat(),
            "findings": {"coronavirus_made_time_limit_impractical": {"value": False}}}])
        as_at = received + dt.timedelta(days=max(late, 30))   # after the decision to assess was notified
        o = sendrules.evaluate(rulebook, case, as_at)["outcomes"]["plan.final_plan[R1]"]
        results.append((RANK[o["status"]], o["duty"]["days_late"] or 0))
    assert results[0] <= results[1]

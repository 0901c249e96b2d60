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
    """A schema 2.0 case: a request and, when assessed, the plan with a review and amendment, a
    re-assessment, a Tribunal order, mediation and a transfer in; every date after the request."""
    received = draw(day("2015-01-05", "2030-12-31"))
    offs = lambda lo, hi: (received + dt.timedelta(days=draw(st.integers(lo, hi)))).isoformat()  # noqa: E731
    request: dict[str, Any] = {
        "request_id": "R1", "received_date": received.isoformat(),
        "requested_by": draw(st.sampled_from(["parent", "school", "other"])),
        "outcome": draw(st.sampled_from(["assess", "not_assess"])),
        "outcome_date": offs(10, 60),
    }
    if request["outcome"] == "assess":
        meeting = received + dt.timedelta(days=draw(st.integers(300, 420)))
        after = lambda lo, hi: (meeting + dt.timedelta(days=draw(st.integers(lo, hi)))).isoformat()  # noqa: E731
        review = {"review_id": "V1", "meeting_date": meeting.isoformat(),
                  "meeting_notice_sent_date": (meeting - dt.timedelta(days=draw(st.integers(5, 20)))).isoformat(),
                  "report_sent_date": after(5, 20),
                  "outcome_date": after(10, 40),
                  "outcome": "amend",
                  "draft_date": after(20, 20),
                  "amended_plan_issued_date": after(30, 110)}
        request["assessment"] = {"plan": {
            "draft_served_date": offs(60, 130),
            "issued_date": offs(100, 200),
            "reviews": [review],
            "reassessment": {"request_received_date": offs(500, 600), "decision_notified_date": offs(510, 620),
                             "decision": "reassess", "plan_issued_date": offs(560, 760)},
            "transfer": {"in_date": offs(250, 450), "in_notified_date": offs(260, 520),
                         "in_review_date": offs(260, 700)},
        }}
        request["tribunal"] = {"order_date": offs(200, 400),
                               "order": draw(st.sampled_from(["assess", "make_plan", "refer_back", "amend_provision",
                                                              "change_institution", "continue_and_amend"])),
                               "outcome": draw(st.sampled_from(["no_plan", "plan"]))}
        for k in ("assessment_notified_date", "outcome_notified_date", "draft_plan_date", "final_plan_date",
                  "reconsidered_date"):
            request["tribunal"][k] = offs(210, 500)
        request["mediation"] = {"la_told_wants_mediation_date": offs(60, 90), "held_date": offs(80, 130),
                                "date_notified_date": offs(70, 125), "certificate_issued_date": offs(90, 140)}
    else:
        request["mediation"] = {"certificate_issued_date": offs(40, 90)}
    return make_case({"birth_date": "2012-05-05", "in_authority_area": True}, [request])


def _duties(rulebook, result) -> dict[str, Any]:
    """Every duty outcome, by key (the rule's kind is in the rulebook; the key starts with its id)."""
    return {k: o for k, o in result.outcomes.items() if rulebook.programs[k.split("[")[0]].kind == "duty"}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=full_cases(), extra=st.integers(0, 900))
def test_due_date_never_before_trigger(rulebook, case, extra):
    as_at = D.fromisoformat(case["requests"][0]["received_date"]) + dt.timedelta(days=extra)
    duties = _duties(rulebook, sendrules.evaluate(rulebook, case, as_at, all_outcomes=True))
    # the review's duties ran too (keyed by request and review)
    assert any(k.endswith("[R1/V1]") for k in duties) == ("assessment" in case["requests"][0])
    for key, o in duties.items():
        if o.duty is not None and o.duty.trigger and o.duty.due:
            assert o.duty.due >= o.duty.trigger, key
            assert all(d >= o.duty.trigger for d in o.duty.due_alternatives), key


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
    plain = _duties(rulebook, sendrules.evaluate(rulebook, case, as_at, all_outcomes=True))
    with_evidence = copy.deepcopy(case)
    with_evidence["person"].update(EVIDENCE)
    with_evidence["requests"][0].setdefault("findings", {}).update(FINDINGS)
    excepted = _duties(rulebook, sendrules.evaluate(rulebook, with_evidence, as_at, all_outcomes=True))
    assert set(excepted) == set(plain)
    for key, o in plain.items():
        if o.status == "met":
            assert excepted[key].status == "met", key
        if o.status in ("met_late", "overdue"):
            assert excepted[key].status in (o.status, "excepted"), key


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(received=day("2015-01-05", "2030-12-31"), a=st.integers(0, 400), b=st.integers(0, 400))
def test_a_later_final_plan_is_never_more_on_time(rulebook, received, a, b):
    early, late = sorted((a, b))
    results = []
    for offset in (early, late):
        issued = received + dt.timedelta(days=offset)
        case = make_case({"birth_date": "2012-05-05", "in_authority_area": True}, [{
            "request_id": "R1", "received_date": received.isoformat(), "requested_by": "parent",
            "outcome": "assess", "outcome_date": (received + dt.timedelta(days=30)).isoformat(),
            "assessment": {"plan": {"issued_date": issued.isoformat()}},
            "findings": {"coronavirus_made_time_limit_impractical": {"value": False}}}])
        as_at = received + dt.timedelta(days=max(late, 30))   # after the decision to assess was notified
        o = sendrules.evaluate(rulebook, case, as_at).outcomes["plan.final_plan[R1]"]
        assert o.duty.discharged == issued
        results.append((RANK[o.status], o.duty.days_late or 0))
    assert results[0] <= results[1]

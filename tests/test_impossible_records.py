"""A record about a person before their birth is refused (docs/adr/0017): a date of birth after
the as-at date gave `status.age_group: child`, and a request received before the birth gave a
duty `met` (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest

import sendrules
from sendrules.durable import host
from casebuilders import child_request_case, make_case

BORN = "2015-03-10"   # child_request_case's date of birth


def _problems(rulebook, case, as_at, engine="python") -> list[str]:
    with pytest.raises(sendrules.InputError) as exc:
        sendrules.evaluate(rulebook, case, dt.date.fromisoformat(as_at), engine=engine)
    return exc.value.problems


def test_an_as_at_date_before_the_birth_is_invalid_input(rulebook):
    problems = _problems(rulebook, make_case({"birth_date": BORN}), "2015-03-09")
    assert problems == ["as_at: is before person.birth_date (no duty is owed about a person not yet born; "
                        "evaluate at a date on or after the date of birth)"]
    assert not any(BORN in p or "2015-03-09" in p for p in problems)


def test_a_request_received_before_the_birth_is_invalid_input(rulebook):
    case = child_request_case("2015-03-09", notified="2015-03-20",
                              request_findings={"has_or_may_have_sen": {"value": True, "on": "2014-12-01"}})
    problems = _problems(rulebook, case, "2015-06-01")
    assert problems == [
        "requests[0].findings.has_or_may_have_sen.on: is before person.birth_date (a record about the person "
        "cannot come before their birth)",
        "requests[0].received_date: is before person.birth_date (a record about the person cannot come before "
        "their birth)"]


def test_dates_deep_in_a_request_are_checked(rulebook):
    case = child_request_case(request_extra={"assessment": {"plan": {"reviews": [
        {"review_id": "V1", "meeting_date": "2016-01-01"}, {"review_id": "V2", "meeting_date": "2014-01-01"}]}}})
    problems = _problems(rulebook, case, "2025-06-01")
    assert problems == ["requests[0].assessment.plan.reviews[1].meeting_date: is before person.birth_date (a "
                        "record about the person cannot come before their birth)"]


def test_a_case_finding_made_before_the_birth_is_refused(rulebook):
    case = child_request_case(received="2025-01-06")
    case["findings"] = {"parent_lacks_capacity": {"value": False, "on": "2015-03-09"}}
    assert _problems(rulebook, case, "2025-06-01")[0].startswith("findings.parent_lacks_capacity.on: is before")


def test_the_day_of_birth_itself_is_possible(rulebook):
    result = sendrules.evaluate(rulebook, child_request_case(BORN), dt.date.fromisoformat(BORN))
    assert result.outcomes["status.age_group"].value == "child"


def test_an_unknown_date_of_birth_checks_nothing(rulebook):
    case = child_request_case("2019-01-07")
    del case["person"]["birth_date"]
    result = sendrules.evaluate(rulebook, case, dt.date(2014, 10, 1))
    assert result.outcomes["status.age_group"].status == "undetermined"


def test_facts_about_the_school_or_the_parent_may_come_before_the_birth(rulebook):
    # a school's closure schedule and a parent's absence from the area are not records about the
    # person, and can be older than the child
    case = child_request_case("2025-01-06", absences_from_area=[{"start": "2014-01-01", "end": "2014-02-01"}],
                              closures=[{"setting": "school_or_post16", "closed_from": "2014-07-20",
                                         "reopens": "2014-09-01"}])
    sendrules.evaluate(rulebook, case, dt.date(2025, 6, 1))


@pytest.mark.skipif(not host.available(), reason="durable-rules is not installed")
def test_both_engines_refuse_alike(rulebook):
    case = child_request_case("2015-03-09")
    assert _problems(rulebook, case, "2015-06-01", "durable") == _problems(rulebook, case, "2015-06-01")
    assert _problems(rulebook, case, "2015-03-01", "durable") == _problems(rulebook, case, "2015-03-01")


def _transfer_case(aware: str, out: str) -> dict:
    return make_case({"birth_date": BORN}, [{"request_id": "R1", "assessment": {"plan": {
        "issued_date": "2020-01-06",
        "transfer": {"move_date": "2025-01-10", "aware_of_move_date": aware, "out_date": out}}}}])


def test_awareness_of_a_move_after_the_plan_was_transferred_is_refused(rulebook):
    """Found by the bad-input probe: awareness after the transfer was accepted, and with it after
    the as-at date the transfer duty read not_triggered although the plan had been sent."""
    assert _problems(rulebook, _transfer_case("2025-02-01", "2025-01-10"), "2025-06-01") == [
        "requests[0].assessment.plan.transfer: aware_of_move_date must be on or before out_date (the plan is "
        "transferred because of a move the authority knows of)"]
    # the same day is possible: it learnt of the move and sent the plan that day
    same = sendrules.evaluate(rulebook, _transfer_case("2025-01-10", "2025-01-10"), dt.date(2025, 6, 1))
    assert same.outcomes["transfer.plan_sent_to_new_authority[R1]"].status == "met"

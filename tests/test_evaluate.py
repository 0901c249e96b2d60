"""Evaluation through the public API on small case dicts.

The running example is the 6-week duty (SEND Regs 2014 reg 5(1)): a parent's request for a
child, received Monday 6 January 2025, is due by Monday 17 February 2025 (6 weeks = 42 days).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import sendrules
import sendrules.catalogue
from casebuilders import DUTY, FIXTURE_RULES, child_request_case, make_case
from sendrules.durable.host import available as durable_available
from sendrules.facts.case import Case

D = dt.date.fromisoformat
AS_AT = D("2025-03-01")


def evaluate(rulebook, case, as_at=AS_AT, **kw) -> sendrules.Result:
    """The typed result with every outcome, not_applicable ones included."""
    return sendrules.evaluate(rulebook, case, as_at, all_outcomes=True, **kw)


def outcome(rulebook, case, as_at=AS_AT, key=DUTY, **kw):
    return evaluate(rulebook, case, as_at, **kw).outcomes[key]


# --- the duty's status at an as-at date --------------------------------------------------------

@pytest.mark.parametrize("notified,as_at,status,extra", [
    (None, "2025-01-05", "not_triggered", {}),
    (None, "2025-01-06", "pending", {"days_left": 42}),
    (None, "2025-02-09", "pending", {"days_left": 8}),
    (None, "2025-02-10", "due_soon", {"days_left": 7}),
    (None, "2025-02-17", "due_soon", {"days_left": 0}),          # the due date itself is in time
    (None, "2025-02-18", "overdue", {"days_overdue": 1}),
    (None, "2025-03-01", "overdue", {"days_overdue": 12}),        # 11 more days of Feb + 1 Mar
    ("2025-01-06", "2025-03-01", "met", {"days_late": None}),
    ("2025-02-17", "2025-03-01", "met", {"days_late": None}),     # notice on the due date: met
    ("2025-02-18", "2025-03-01", "met_late", {"days_late": 1}),
    ("2025-02-28", "2025-03-01", "met_late", {"days_late": 11}),
])
def test_duty_status(rulebook, notified, as_at, status, extra):
    out = outcome(rulebook, child_request_case(notified=notified), D(as_at))
    assert out.status == status
    if status != "not_triggered":
        assert out.duty.trigger == D("2025-01-06")
        assert out.duty.due == D("2025-02-17")
    for k, v in extra.items():
        assert getattr(out.duty, k) == v


def test_defects_list_late_and_missing_notices(rulebook):
    late = sendrules.evaluate(rulebook, child_request_case(notified="2025-02-20"), AS_AT)
    timed = [d for d in late.defects if d.defect != "procedure"]
    assert [(d.defect, d.duty, d.due, d.discharged, d.days) for d in timed] == [
        ("late", DUTY, D("2025-02-17"), D("2025-02-20"), 3)]
    assert timed[0].citations[0] == "SEND Regs 2014 reg 5(1)"
    # the decision was notified with no record that the parent was consulted first (CFA s36(4))
    procedure = [d for d in late.defects if d.defect == "procedure"]
    assert [(d.rule, d.citations[0]) for d in procedure] == [
        ("coproduction.consulted_before_assessment_decision", "CFA 2014 s36(4)")]
    missing = sendrules.evaluate(rulebook, child_request_case(), AS_AT)
    assert [(d.defect, d.days) for d in missing.defects] == [("missing", 12)]
    on_time = sendrules.evaluate(rulebook, child_request_case(notified="2025-02-17",
                                                              request_extra={"consulted_date": "2025-01-20"}),
                                 AS_AT)
    assert on_time.defects == []


# --- events after the as-at date have not happened yet ------------------------------------------

def test_request_received_after_as_at_has_not_happened(rulebook):
    case = child_request_case(received="2025-03-02")
    assert outcome(rulebook, case).status == "not_triggered"
    assert outcome(rulebook, case, D("2025-03-02")).status == "pending"


def test_notice_after_as_at_has_not_happened(rulebook):
    case = child_request_case(notified="2025-02-20")
    out = outcome(rulebook, case, D("2025-02-19"))
    assert out.status == "overdue" and out.duty.discharged is None
    assert out.duty.days_overdue == 2
    out = outcome(rulebook, case, D("2025-02-20"))
    assert out.status == "met_late" and out.duty.discharged == D("2025-02-20")


@pytest.fixture(scope="module")
def events_rulebook():
    """Value rules that read events directly (fixtures/rules/good/events)."""
    return sendrules.load_rulebook(FIXTURE_RULES / "good" / "events")


@pytest.mark.parametrize("as_at,notified", [("2025-02-19", False), ("2025-02-20", True), ("2030-01-01", True)])
def test_event_dated_after_as_at_reads_as_not_happened(events_rulebook, as_at, notified):
    case = make_case(requests=[{"request_id": "r1", "outcome_date": "2025-02-20"}])
    out = outcome(events_rulebook, case, D(as_at), key="demo.notified[r1]")
    assert (out.status, out.value) == ("determined", notified)


@pytest.mark.parametrize("as_at,days", [
    ("2025-02-28", 0),     # the absence has not started: it is not there yet
    ("2025-03-01", 1),     # its first day
    ("2025-03-10", 10),    # only the part up to the as-at date has happened
    ("2025-04-30", 31),    # all of March
])
def test_periods_are_cut_at_the_as_at_date(events_rulebook, as_at, days):
    case = make_case({"absences_from_area": [{"start": "2025-03-01", "end": "2025-03-31"}]})
    assert outcome(events_rulebook, case, D(as_at), key="demo.longest_absence_2025").value == days


def test_an_unrecorded_event_is_not_missing(rulebook):
    """An event that is not recorded has not happened: it is never asked for."""
    res = sendrules.evaluate(rulebook, child_request_case(), AS_AT)
    facts = {f.fact for f in res.facts_needed}
    assert "request.outcome_date" not in facts
    assert res.outcomes[DUTY].missing == []


# --- attributes: absent means unknown -------------------------------------------------------

def test_absent_date_of_birth_is_unknown_and_asked_for(rulebook):
    res = sendrules.evaluate(rulebook, make_case({}), AS_AT)
    age = res.outcomes["status.age_group"]
    assert (age.status, age.value, age.missing) == ("undetermined", None, ["person.birth_date"])
    needed = {f.fact: f for f in res.facts_needed}
    assert "status.age_group" in needed["person.birth_date"].needed_by
    assert needed["person.birth_date"].request_id is None


@pytest.mark.parametrize("in_area,status,missing", [
    (None, "undetermined", ["person.in_authority_area"]),
    (False, "not_triggered", []),
    (True, "overdue", []),
])
def test_attribute_decides_the_trigger_of_a_request_not_under_s36(rulebook, in_area, status, missing):
    # a request from "other" is not an s36(1) request; the LA still becomes responsible (s24)
    # for a child in its area, which starts the same clock
    person = {"birth_date": "2015-03-10"}
    if in_area is not None:
        person["in_authority_area"] = in_area
    case = make_case(person, [{"request_id": "r1", "received_date": "2025-01-06", "requested_by": "other"}])
    out = outcome(rulebook, case)
    assert outcome(rulebook, case, key="assessment.is_s36_request[r1]").value is False
    assert (out.status, out.missing) == (status, missing)


# --- findings ------------------------------------------------------------------------------

def test_finding_dated_after_as_at_is_not_yet_made(rulebook):
    findings = {"has_or_may_have_sen": {"value": True, "on": "2025-02-10", "by": "SEN panel"},
                "sep_may_be_necessary": {"value": True, "on": "2025-01-20"}}
    case = child_request_case(request_findings=findings)
    key = "assessment.must_assess[r1]"
    before = outcome(rulebook, case, D("2025-02-09"), key=key)
    assert (before.status, before.missing) == ("undetermined", ["finding.has_or_may_have_sen"])
    on_the_day = outcome(rulebook, case, D("2025-02-10"), key=key)
    assert (on_the_day.status, on_the_day.value) == ("determined", True)


def test_undated_finding_counts_at_any_as_at(rulebook):
    findings = {"has_or_may_have_sen": {"value": False}}
    # The request (received 1 Oct 2014, about a child born 2010) is on record at the as-at date, so s36(8) applies.
    out = outcome(rulebook, child_request_case("2014-10-01", request_findings=findings, birth_date="2010-03-10"), D("2015-01-01"),
                  key="assessment.must_assess[r1]")
    assert (out.status, out.value) == ("determined", False)   # False and unknown is False


def test_presumption_applies_until_a_finding_is_made(rulebook):
    # a young person (born 2000) who is later found to lack capacity: the parent then acts
    case = make_case({"birth_date": "2000-05-01", "yp_has_representative": False},
                     findings={"yp_lacks_capacity": {"value": True, "on": "2025-02-01"}})
    before = outcome(rulebook, case, D("2025-01-31"), key="rights.holder")
    after = outcome(rulebook, case, D("2025-02-01"), key="rights.holder")
    assert (before.status, before.value) == ("determined", "young_person")   # capacity presumed
    assert (after.status, after.value) == ("determined", "parent")
    # once capacity is lacking, whether there is a representative matters (and is asked for)
    del case["person"]["yp_has_representative"]
    after = outcome(rulebook, case, D("2025-02-01"), key="rights.holder")
    assert (after.status, after.missing) == ("undetermined", ["person.yp_has_representative"])
    assert outcome(rulebook, case, D("2025-01-31"), key="rights.holder").value == "young_person"


def test_findings_are_validated(rulebook):
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, make_case(findings={"yp_lacks_capacityy": {"value": True}}), AS_AT)
    assert info.value.problems == [
        "findings.yp_lacks_capacityy: no such finding (did you mean 'yp_lacks_capacity'?)"]
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, make_case(findings={"has_or_may_have_sen": {"value": True}}), AS_AT)
    assert info.value.problems == [
        "findings.has_or_may_have_sen: this finding belongs in `requests[].findings`"]
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, make_case(findings={"yp_lacks_capacity": {"value": "yes"}}), AS_AT)
    assert info.value.problems == ["findings.yp_lacks_capacity.value: must be true or false"]


# --- the absence exception (reg 5(4)(d)) -----------------------------------------------------

@pytest.mark.parametrize("absence_end,finding,status,missing", [
    ("2025-02-06", True, "excepted", []),        # 10 Jan..6 Feb = 28 days within the 6 weeks
    ("2025-02-05", True, "overdue", []),         # 27 days: not 4 weeks
    ("2025-02-06", False, "overdue", []),
    ("2025-02-06", None, "undetermined", ["finding.absence_made_time_limit_impractical"]),
])
def test_absence_exception(rulebook, absence_end, finding, status, missing):
    req_findings = {} if finding is None else {"absence_made_time_limit_impractical": {"value": finding}}
    case = child_request_case(request_findings=req_findings,
                              absences_from_area=[{"start": "2025-01-10", "end": absence_end}])
    out = outcome(rulebook, case)
    assert (out.status, out.missing) == (status, missing)
    if status == "excepted":
        assert out.duty.excepted_by == ["absence_from_area"]
        version = next(v for v in sendrules.catalogue.catalogue(rulebook)["rules"][DUTY.split("[")[0]]["versions"]
                       if v["valid_from"] == out.version.isoformat())
        exception = next(e for e in version["exceptions"] if e["label"] == "absence_from_area")
        assert exception["citations"][0]["provision"] == "reg 5(4)(d)"


def test_exception_never_makes_an_on_time_notice_late(rulebook):
    case = child_request_case(notified="2025-02-10", absences_from_area=[{"start": "2025-01-10", "end": "2025-02-28"}])
    assert outcome(rulebook, case).status == "met"     # no finding needed: it was on time


# --- settings --------------------------------------------------------------------------------

def test_setting_override_changes_the_outcome_and_is_recorded(rulebook):
    case = make_case({"birth_date": "2008-02-29"})     # 25th birthday falls in 2033, a common year
    as_at = D("2033-02-28")
    default = sendrules.evaluate(rulebook, case, as_at)
    feb = sendrules.evaluate(rulebook, case, as_at, settings={"leap_day_birthday": "feb_28"})
    assert default.outcomes["age.birthday_25"].value == "2033-03-01"
    assert feb.outcomes["age.birthday_25"].value == "2033-02-28"
    assert default.outcomes["status.age_group"].value == "young_person"
    assert feb.outcomes["status.age_group"].value == "over_25"
    assert default.receipt.settings_overridden == []
    assert feb.receipt.settings_overridden == ["leap_day_birthday"]
    assert feb.receipt.settings["leap_day_birthday"] == "feb_28"


def test_due_soon_days_setting(rulebook):
    case = child_request_case()
    as_at = D("2025-02-07")      # 10 days before the due date
    assert outcome(rulebook, case, as_at).status == "pending"
    assert outcome(rulebook, case, as_at, settings={"due_soon_days": 10}).status == "due_soon"


@pytest.mark.parametrize("settings,problems", [
    ({"due_sooon_days": 3}, ["settings.due_sooon_days: no such setting (did you mean 'due_soon_days'?)"]),
    ({"leap_day_birthdy": "feb_28"},
     ["settings.leap_day_birthdy: no such setting (did you mean 'leap_day_birthday'?)"]),
    ({"due_soon_days": "3"}, ["settings.due_soon_days: must be *number"]),
    ({"due_soon_days": True}, ["settings.due_soon_days: must be *number"]),
    ({"due_soon_days": 1.5}, ["settings.due_soon_days: must be a whole number"]),
    ({"due_soon_days": 10 ** 400}, ["settings.due_soon_days: must be from 0 to 366"]),
    ({"due_soon_days": 3_000_000}, ["settings.due_soon_days: must be from 0 to 366"]),
    ({"due_soon_days": -1}, ["settings.due_soon_days: must be from 0 to 366"]),
    ({"apply_unverified": 1}, ["settings.apply_unverified: must be true or false"]),
    ({"leap_day_birthday": "29_feb"}, ["settings.leap_day_birthday: must be one of ['mar_1', 'feb_28']"]),
    ({"zzz": 1, "due_soon_days": None},
     ["settings.due_soon_days: must be *number", "settings.zzz: no such setting*leap_day_birthday*"]),
    # a day of the year (found by the bad-input probe: these gave `error` statuses, or a school year from June)
    ({"default_school_year_start": "x"}, ["settings.default_school_year_start: must be a month and day written MM-DD*"]),
    ({"default_school_year_start": "9-1"}, ["settings.default_school_year_start: must be a month and day written MM-DD*"]),
    ({"default_school_year_start": 901}, ["settings.default_school_year_start: must be a month and day written MM-DD*"]),
    ({"default_school_year_start": "02-30"}, ["settings.default_school_year_start: must be a day that every year has*"]),
    ({"default_school_year_start": "02-29"}, ["settings.default_school_year_start: must be a day that every year has*"]),
    ({"default_school_year_start": "06-01"}, ["settings.default_school_year_start: must be from 08-01 to 12-31"]),
])
def test_invalid_settings_raise_input_error(rulebook, settings, problems):
    """Each problem names the setting; `*` stands for any words (e.g. 'must be a finite number')."""
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, child_request_case(), AS_AT, settings=settings)
    got = info.value.problems
    assert len(got) == len(problems)
    for text, want in zip(got, problems):
        pattern = ".*".join(re.escape(part) for part in want.split("*"))
        assert re.fullmatch(pattern, text, re.DOTALL), (text, want)


def test_a_school_year_start_in_range_is_used(rulebook):
    for value in ("08-01", "09-01", "12-31"):
        res = sendrules.evaluate(rulebook, child_request_case(), AS_AT, settings={"default_school_year_start": value})
        assert res.receipt.settings["default_school_year_start"] == value


@pytest.mark.parametrize("bad", [[("due_soon_days", 7)], "due_soon_days=7", 7])
def test_settings_and_parameters_that_are_not_a_mapping_are_an_input_error(rulebook, bad):
    """Found by the bad-input probe: a list or a string raised AttributeError (exit 4 through a caller)."""
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, child_request_case(), AS_AT, settings=bad)
    assert info.value.problems == ["settings: must be a mapping of setting names to values"]
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, child_request_case(), AS_AT, parameters=bad)
    assert info.value.problems == ["parameters: must be a mapping of parameter names to values"]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_number_setting_is_an_input_error(rulebook, value):
    """Regression (fixed in 0416af9): NaN/Infinity passed validation and int() raised ValueError/OverflowError."""
    with pytest.raises(sendrules.InputError):
        sendrules.evaluate(rulebook, child_request_case(), AS_AT, settings={"due_soon_days": value})


# --- parameters (what-if) ----------------------------------------------------------------------

def test_parameter_override(rulebook):
    res = sendrules.evaluate(rulebook, child_request_case(), AS_AT, parameters={"assessment_decision_weeks": 8})
    # 6 Jan + 56 days: 25 days to 31 Jan, 28 in February, 3 into March
    assert res.outcomes[DUTY].duty.due == D("2025-03-03")
    assert res.outcomes[DUTY].status == "due_soon"
    assert res.receipt.parameters_overridden == {"assessment_decision_weeks": 8}
    baseline = sendrules.evaluate(rulebook, child_request_case(), AS_AT)
    assert baseline.outcomes[DUTY].duty.due == D("2025-02-17")
    assert baseline.receipt.parameters_overridden == {}
    assert baseline.receipt.run_hash != res.receipt.run_hash


@pytest.mark.parametrize("parameters,problem", [
    ({"assessment_decision_week": 8},
     "parameters.assessment_decision_week: no such parameter (did you mean 'assessment_decision_weeks'?)"),
    ({"assessment_decision_weeks": "8"}, "parameters.assessment_decision_weeks: must be a number"),
    ({"assessment_decision_weeks": True}, "parameters.assessment_decision_weeks: must be a number"),
    # issue 12: null made an overdue duty pending with no due date, and its defect disappeared
    ({"assessment_decision_weeks": None}, "parameters.assessment_decision_weeks: must be a number"),
    ({"assessment_decision_weeks": 6.5}, "parameters.assessment_decision_weeks: must be a whole number"),
    ({"assessment_decision_weeks": -1}, "parameters.assessment_decision_weeks: must be from 0 to 5,200"),
    ({"assessment_decision_weeks": 10 ** 30}, "parameters.assessment_decision_weeks: must be from 0 to 5,200"),
    ({"school_leaving_month": 13}, "parameters.school_leaving_month: must be from 1 to 12"),
    ({"school_leaving_weekday": 5}, "parameters.school_leaving_weekday: must be text"),
])
def test_invalid_parameters_raise_input_error(rulebook, parameters, problem):
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, child_request_case(), AS_AT, parameters=parameters)
    (got,) = info.value.problems
    assert got.startswith(problem)


def test_fractional_week_override_is_not_silently_truncated(rulebook):
    """Regression (fixed in 0416af9): int() truncated 6.5 weeks to 6 while the receipt recorded 6.5."""
    try:
        res = sendrules.evaluate(rulebook, child_request_case(), AS_AT, parameters={"assessment_decision_weeks": 6.5})
    except sendrules.InputError:
        return
    out = res.outcomes[DUTY]
    # 6.5 weeks is 45.5 days: the due date must not be the plain 6-week date
    assert out.status == "error" or out.duty.due != D("2025-02-17")


# --- undetermined outcomes list every missing fact, sorted ------------------------------------

def test_missing_facts_are_complete_and_sorted(rulebook):
    case = make_case({}, [{"request_id": "r1", "received_date": "2025-01-06"}])
    o = evaluate(rulebook, case).outcomes
    assert o["assessment.must_assess[r1]"].missing == [
        "finding.has_or_may_have_sen", "finding.sep_may_be_necessary"]
    assert o["assessment.is_s36_request[r1]"].missing == ["person.birth_date", "request.requested_by"]
    duty = o[DUTY]
    assert duty.status == "undetermined"
    assert duty.missing == ["person.birth_date", "person.in_authority_area", "request.requested_by"]
    for out in o.values():
        assert out.missing == sorted(set(out.missing))
        assert (out.status == "undetermined") == bool(out.missing and not out.errors and not out.conflicts)


def test_needed_lists(rulebook):
    case = make_case({}, [{"request_id": "r1", "received_date": "2025-01-06"}])
    res = sendrules.evaluate(rulebook, case, AS_AT)
    findings = [(f.finding, f.request_id) for f in res.findings_needed]
    assert findings == [("has_or_may_have_sen", "r1"), ("sep_may_be_necessary", "r1")]
    assert res.findings_needed[0].needed_by == ["assessment.must_assess[r1]"]
    question = sendrules.catalogue.catalogue(rulebook)["findings"]["has_or_may_have_sen"]["question"]
    assert "special educational needs" in question
    facts = [(f.fact, f.request_id or "") for f in res.facts_needed]
    assert facts == sorted(facts)
    assert ("person.birth_date", "") in facts and ("request.requested_by", "r1") in facts


def test_outcomes_cover_every_rule_and_request(rulebook):
    case = make_case({"birth_date": "2015-03-10"}, [{"request_id": "a"}, {"request_id": "b"}])
    res = evaluate(rulebook, case)
    case_rules = {p.id for p in rulebook.scopes["case"].programs}
    request_rules = {p.id for p in rulebook.scopes["request"].programs}
    assert set(res.outcomes) == case_rules | {f"{r}[{q}]" for r in request_rules for q in ("a", "b")}
    kind = {k: rulebook.programs[k.split("[")[0]].kind for k in res.outcomes}
    request_duties = {p.id for p in rulebook.scopes["request"].programs if p.kind == "duty"}
    assert "assessment.decision_whether_to_assess" in request_duties
    applicable = {k for k, o in res.outcomes.items() if kind[k] == "duty" and o.status != "not_applicable"}
    assert set(res.duties) == applicable  # the timeline leaves out duties whose scope does not apply
    assert {f"assessment.decision_whether_to_assess[{q}]" for q in ("a", "b")} <= applicable
    case_duties = {p.id for p in rulebook.scopes["case"].programs if p.kind == "duty"}
    assert {k.split("[")[0] for k in res.outcomes if kind[k] == "duty"} == request_duties | case_duties
    assert not any(k.startswith(("local_offer.", "inspection.")) for k in res.outcomes)  # area rules stay apart
    # by default the not_applicable outcomes are left out, and nothing else is
    compact = sendrules.evaluate(rulebook, case, AS_AT)
    assert set(compact.outcomes) == {k for k, o in res.outcomes.items() if o.status != "not_applicable"}


# --- input validation ------------------------------------------------------------------------

@pytest.mark.parametrize("as_at", [dt.datetime(2025, 3, 1, 12, 0), "2025-03-01", None])
def test_as_at_must_be_a_date(rulebook, as_at):
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, child_request_case(), as_at)
    assert info.value.problems == ["as_at: must be a date"]


@pytest.mark.parametrize("mutate,problem", [
    (lambda c: c["person"].update(birth_date="2015-02-30"), "person.birth_date: must be a date written YYYY-MM-DD that exists "
     "(the month 01-12, the day within the month)"),
    (lambda c: c["person"].update(birth_dat="2015-02-01"), "person.birth_dat: unexpected key (did you mean 'birth_date'?)"),
    (lambda c: c["requests"][0].update(assessment={"plan": {"issued": "2025-01-01"}}),
     "requests[0].assessment.plan.issued: unexpected key (did you mean 'issued_date'?)"),
    (lambda c: c.pop("case_id"), "case_id: required field is missing"),
    (lambda c: c.update(requests=[]), "requests: has too few items"),
    (lambda c: c["requests"].append(dict(c["requests"][0])),
     "requests[1].request_id: request_id values must be unique within the list (a record without one is "
     "numbered by its position)"),
    (lambda c: c["requests"][0].update(assessment={"plan": {"reviews": [{"review_id": "x"}, {"review_id": "x"}]}}),
     "requests[0].assessment.plan.reviews[1].review_id: review_id values must be unique within the list (a record "
     "without one is numbered by its position)"),
    (lambda c: c["requests"][0].update(outcome="maybe"), "requests[0].outcome: must be one of 'assess' or 'not_assess'"),
    (lambda c: c["person"].update(absences_from_area=[{"start": "2025-02-01", "end": "2025-01-01"}]),
     "person.absences_from_area[0]: end is before start"),
    (lambda c: c.update(schema_version="3.0"), "schema_version: must be one of '2.0'"),
])
def test_invalid_case_names_the_path(rulebook, mutate, problem):
    case = child_request_case()
    mutate(case)
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, case, AS_AT)
    assert problem in info.value.problems


def test_a_typed_case_with_repeated_ids_is_refused_too(rulebook):
    """A Case the caller built (pydantic's checks passed) must still have ids that can key the
    outcomes: two requests both R1 would otherwise share outcome keys and one would be lost."""
    case = child_request_case()
    case["requests"].append(dict(case["requests"][0]))
    typed = Case.model_validate(case)
    for engine in ("python",) + (("durable",) if durable_available() else ()):
        with pytest.raises(sendrules.InputError) as info:
            sendrules.evaluate(rulebook, typed, AS_AT, engine=engine)
        assert info.value.problems == [
            "requests[1].request_id: request_id values must be unique within the list (a record without one is "
            "numbered by its position)"]


def test_input_errors_do_not_echo_values(rulebook):
    case = child_request_case()
    case["case_id"] = "Jane Smith"
    case["person"]["birth_date"] = "Jane's birthday"
    case["requests"][0]["requested_by"] = "Mrs Smith"
    with pytest.raises(sendrules.InputError) as info:
        sendrules.evaluate(rulebook, case, AS_AT)
    assert len(info.value.problems) == 3
    assert "Smith" not in str(info.value) and "Jane" not in str(info.value)


def test_explain_adds_a_trace(rulebook):
    plain = sendrules.evaluate(rulebook, child_request_case(), AS_AT)
    explained = sendrules.evaluate(rulebook, child_request_case(), AS_AT, explain=True)
    assert plain.explanation is None and "explanation" not in plain.to_dict()
    nodes = {n.key: n for n in explained.explanation.nodes}
    assert set(nodes) == set(explained.outcomes)
    duty = nodes[DUTY]
    assert "17 February 2025" in duty.text
    assert {i.name for i in duty.inputs} >= {"assessment.clock_start", "request.outcome_date"}
    assert duty.citations[0].provision == "reg 5(1)"   # the explanation inlines what a reader needs
    assert explained.outcomes == plain.outcomes


def test_explanations_show_an_overridden_parameter(rulebook):
    """An explanation names a parameter rather than its value, so a what-if reads true: with the
    20-week limit set to 18, the text says 18 weeks (and the due date moves with it)."""
    case = child_request_case(notified="2025-02-10", request_extra={"outcome": "assess"})
    for weeks, due in ((20, "26 May 2025"), (18, "12 May 2025")):
        res = sendrules.evaluate(rulebook, case, D("2025-06-30"), explain=True, parameters={"final_plan_weeks": weeks})
        node = next(n for n in res.explanation.nodes if n.key == "plan.final_plan[r1]")
        assert f"within {weeks} weeks" in node.text and due in node.text


def test_a_template_that_writes_a_parameter_value_is_refused(tmp_path):
    """The check behind the test above: a rule whose explanation hard-codes the value of a
    parameter it reads does not compile."""
    import shutil
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE_RULES / "good" / "duty", root)
    rules = next(p for p in root.glob("*.yaml") if "explain:" in p.read_text(encoding="utf-8"))
    text = rules.read_text(encoding="utf-8")
    import re
    text = re.sub(r"explain: (.*)", r"explain: Due within 6 weeks. \1", text, count=1)
    rules.write_text(text, encoding="utf-8")
    rb, diags = sendrules.check_rules(root)
    assert rb is None
    assert any("writes '6 weeks'" in d.message and "{param." in d.message for d in diags)


@pytest.mark.parametrize("extra, says", [
    ({"type": "number", "default": 1, "form": "month_day"}, "`form` is for text settings"),
    ({"type": "text", "default": "09-01", "within": ["08-01", "12-31"]}, "`within` is for settings of form month_day"),
    ({"type": "text", "default": "09-01", "form": "month_day", "within": ["12-31", "08-01"]}, "the first day is after"),
    ({"type": "text", "default": "09-01", "form": "month_day", "within": ["08-01", "02-30"]}, "'02-30' must be a day"),
    ({"type": "text", "default": "07-01", "form": "month_day", "within": ["08-01", "12-31"]},
     "default must be from 08-01 to 12-31"),
])
def test_a_month_day_setting_declaration_is_checked(extra, says):
    from pydantic import ValidationError
    from sendrules.core.ruleformat import Setting
    with pytest.raises(ValidationError, match=re.escape(says)):
        Setting.model_validate({"id": "x", "description": "d", **extra})

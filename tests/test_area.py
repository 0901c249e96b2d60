"""Area files: the local authority's own duties, evaluated apart from any case.

The law is tested by rules/scenarios/local_area.yaml; this module tests the interface (CLI, API,
validation, the result document) and properties over generated area files.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sendrules
from sendrules import cli
from sendrules.errors import InputError
from sendrules.catalogue import catalogue
from sendrules.facts import area as area_model
from sendrules.result.model import Result
from casebuilders import child_request_case

AS_AT = dt.date(2026, 11, 28)
_RB: dict[str, Any] = {}


@pytest.fixture(autouse=True, scope="module")
def _share_rulebook(rulebook):
    _RB["rb"] = rulebook
    yield
    _RB.clear()


def area(**facts: Any) -> dict[str, Any]:
    return {"schema_version": "1.0", "area_id": "LA-999", **facts}


# --- the API and the result document ---------------------------------------------------------------

def _area_rules(rulebook) -> dict[str, dict]:
    """The area rules, from the catalogue (the result names a rule; the catalogue says its kind and scope)."""
    return {rid: r for rid, r in catalogue(rulebook)["rules"].items() if r["scope"] == "area"}


def test_area_result_names_the_area_and_holds_only_area_rules(rulebook):
    result = sendrules.evaluate_area(rulebook, area(ias_arranged_date="2014-09-01"), AS_AT, all_outcomes=True)
    doc = result.to_dict()
    assert Result.model_validate(doc) == result
    assert result.area_id == "LA-999" and "case_id" not in doc
    assert doc["receipt"]["area_schema_version"] == "1.0" and "case_schema_version" not in doc["receipt"]
    rules = _area_rules(rulebook)
    assert rules and set(doc["outcomes"]) == set(rules)
    # keyed by rule alone: an area rule runs once per area file, for no request or record
    assert all("[" not in key for key in doc["outcomes"])
    assert result.outcomes["ias.arrangements"].status == "met"
    # every area duty that applies is on the timeline, like a case's duties
    applicable = {k for k, o in result.outcomes.items() if o.status != "not_applicable"}
    assert set(result.duties) == {k for k in applicable if rules[k]["kind"] == "duty"}
    # without all_outcomes the document holds exactly the applicable outcomes, the rest unchanged
    compact = sendrules.evaluate_area(rulebook, area(ias_arranged_date="2014-09-01"), AS_AT)
    assert set(compact.outcomes) == applicable and applicable < set(rules)
    assert {k: o for k, o in result.outcomes.items() if k in applicable} == compact.outcomes
    assert compact.duties == result.duties


def test_case_results_never_hold_area_rules(rulebook):
    doc = sendrules.evaluate(rulebook, child_request_case(), AS_AT, all_outcomes=True)
    area_ids = set(_area_rules(rulebook))
    assert area_ids and not area_ids & {k.split("[")[0] for k in doc.outcomes}


def test_an_empty_area_owes_every_arrangement_and_says_what_it_needs(rulebook):
    doc = sendrules.evaluate_area(rulebook, area(), AS_AT)
    missing = {d.rule for d in doc.defects if d.defect == "missing"}
    assert {"local_offer.published", "joint_commissioning.arrangements", "ias.arrangements",
            "disagreement_resolution.arrangements", "local_offer.comments_published"} <= missing
    # attributes not given are unknown, never false
    assert doc.outcomes["local_offer.consulted"].status == "undetermined"
    assert "area.local_offer_consulted" in doc.outcomes["local_offer.consulted"].missing
    assert "area.local_offer_consulted" in {f.fact for f in doc.facts_needed}
    assert [f.finding for f in doc.findings_needed] == ["local_offer_kept_under_review"]
    # an area's needs belong to no request or record
    assert all(f.request_id is None and f.record_id is None for f in doc.facts_needed + doc.findings_needed)


def test_area_results_are_byte_identical_for_the_same_inputs(rulebook):
    a = area(dmo="yes", publications=[{"kind": "local_offer", "sent_date": "2014-09-01", "elements": None}])
    one = sendrules.evaluate_area(rulebook, a, AS_AT).to_json()
    two = sendrules.evaluate_area(rulebook, json.loads(json.dumps(a)), AS_AT).to_json()
    assert one == two


# --- validation ------------------------------------------------------------------------------------

@pytest.mark.parametrize("data,fragment", [
    ([], "<root>: an area file must be a JSON object"),
    (area(dmo="maybe"), "dmo: must be one of"),
    (area(local_offer_consulted=["parents", "the_mayor"]), "local_offer_consulted[1]: must be one of"),
    (area(joint_commissioning_agreed_date="1 Sep 2014"), "joint_commissioning_agreed_date: must be a date"),
    (area(local_offer_publishd="2014-09-01"), "local_offer_publishd: unexpected key"),
    (area(last_full_inspection_framework="2016", last_full_inspection_outcome="positive"),
     "last_full_inspection_outcome is for 2023-framework inspections"),
    (area(last_full_inspection_framework="2023", last_full_inspection_report_date="2022-12-31"),
     "last_full_inspection_report_date is before the 2023 framework began"),
    (area(findings={"has_or_may_have_sen": {"value": True}}),
     "findings.has_or_may_have_sen: this finding belongs in a case file (`requests[].findings`), not an area file"),
    (area(findings={"no_such_thing": {"value": True}}), "findings.no_such_thing: no such finding"),
])
def test_bad_area_files_are_refused_with_the_field_named(rulebook, data, fragment):
    with pytest.raises(InputError) as exc:
        sendrules.evaluate_area(rulebook, data, AS_AT)
    assert fragment in str(exc.value)


def test_area_errors_never_echo_values(rulebook):
    secret = "Ms Jane Example, 12 High Street"
    with pytest.raises(InputError) as exc:
        sendrules.evaluate_area(rulebook, area(area_id=secret, dmo=secret), AS_AT)
    assert secret not in str(exc.value) and "area_id" in str(exc.value)


def test_an_area_finding_in_a_case_is_refused(rulebook):
    case = child_request_case()
    case["findings"] = {"local_offer_kept_under_review": {"value": True}}
    with pytest.raises(InputError) as exc:
        sendrules.evaluate(rulebook, case, AS_AT)
    assert ("findings.local_offer_kept_under_review: this finding belongs in an area file's `findings` (an area "
            "finding is not about a case)") in str(exc.value)


# --- the command line --------------------------------------------------------------------------------

def test_cli_evaluates_area_and_case_files_together(tmp_path: Path, capsys):
    (tmp_path / "area.json").write_text(json.dumps(area(dmo="no", dco="no")))
    (tmp_path / "case.json").write_text(json.dumps(child_request_case()))
    code = cli.main(["evaluate", str(tmp_path / "area.json"), str(tmp_path / "case.json"),
                     "--as-at", "2026-11-28", "--format", "json"])
    assert code == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d.get("area_id") for d in docs] == ["LA-999", None]
    assert docs[1]["case_id"]
    assert docs[0]["outcomes"]["health.designated_medical_or_clinical_officer"]["value"] is False


def test_cli_text_report_for_an_area(tmp_path: Path, capsys):
    (tmp_path / "area.json").write_text(json.dumps(area(dmo="no", dco="no")))
    assert cli.main(["evaluate", str(tmp_path / "area.json"), "--as-at", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Area LA-999 at 28 November 2026")
    assert "Decisions about the area" in out
    assert "PROCEDURE (GUIDANCE): health.designated_medical_or_clinical_officer" in out


def test_cli_bad_area_file_exits_2_naming_file_and_field(tmp_path: Path, capsys):
    (tmp_path / "area.json").write_text(json.dumps(area(dmo="maybe")))
    code = cli.main(["evaluate", str(tmp_path / "area.json"), "--as-at", "2026-11-28", "--format", "json"])
    assert code == 2
    problems = json.loads(capsys.readouterr().out)["error"]["problems"]
    assert any(p.startswith("area.json: dmo: must be one of") for p in problems)


def test_cli_schema_area(capsys):
    assert cli.main(["schema", "area"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "publications" in schema["properties"] and schema["title"] == "Area"


# --- properties over generated area files ---------------------------------------------------------

def _dates(lo: str = "2010-01-01", hi: str = "2032-12-31"):
    return st.dates(min_value=dt.date.fromisoformat(lo), max_value=dt.date.fromisoformat(hi))


def _subset(values: tuple) -> st.SearchStrategy:
    return st.one_of(st.none(), st.lists(st.sampled_from(values), unique=True))


KINDS = ("local_offer", "local_offer_comments", "ias_services_publicised", "disagreement_resolution_publicised", "other")
ELEMENTS = ("comments", "response", "intended_action", "non_identifying", "parents", "children", "young_people",
            "schools_and_colleges", "sep_in_area", "on_website", "how_to_comment")
PUBLICATION = st.fixed_dictionaries({"kind": st.sampled_from(KINDS), "sent_date": _dates().map(dt.date.isoformat),
                                     "elements": st.one_of(st.none(), st.lists(st.sampled_from(ELEMENTS), unique=True))})


def _literal_values(annotation: Any) -> tuple:
    (inner,) = typing.get_args(typing.get_args(annotation)[0])  # list[Literal[...]] | None
    return typing.get_args(inner)


@st.composite
def areas(draw) -> dict[str, Any]:
    fields = area_model.Area.model_fields
    maybe_date = st.one_of(st.none(), _dates().map(dt.date.isoformat))
    framework = draw(st.sampled_from([None, "2016", "2023"]))
    report = draw(st.one_of(st.none(), _dates({None: "2010-01-01", "2016": "2016-05-01", "2023": "2023-01-01"}[framework])
                            .map(dt.date.isoformat)))
    a: dict[str, Any] = area(
        publications=draw(st.lists(PUBLICATION, max_size=8)),
        local_offer_reviewed_dates=draw(st.lists(_dates().map(dt.date.isoformat), max_size=4)),
        local_offer_consulted=draw(_subset(_literal_values(fields["local_offer_consulted"].annotation))),
        local_offer_involvement=draw(_subset(_literal_values(fields["local_offer_involvement"].annotation))),
        joint_commissioning_covers=draw(_subset(_literal_values(fields["joint_commissioning_covers"].annotation))),
        joint_commissioning_agreed_date=draw(maybe_date), ias_arranged_date=draw(maybe_date),
        disagreement_resolution_arranged_date=draw(maybe_date),
        disagreement_resolution_independent=draw(st.sampled_from([None, True, False])),
        dmo=draw(st.sampled_from([None, "yes", "no", "recruiting"])),
        dco=draw(st.sampled_from([None, "yes", "no", "recruiting"])),
        last_full_inspection_report_date=report, last_monitoring_inspection_date=draw(maybe_date),
        last_full_inspection_framework=framework,
        wsoa_made_date=draw(st.one_of(st.none(), _dates(max(report or "", "2016-05-01")).map(dt.date.isoformat))))
    if framework == "2023":
        a["last_full_inspection_outcome"] = draw(st.sampled_from([None, "positive", "inconsistent", "systemic_failings"]))
    if framework == "2016":
        a["wsoa_required"] = draw(st.sampled_from([None, True, False]))
    if draw(st.booleans()):
        a["findings"] = {"local_offer_kept_under_review": {"value": draw(st.booleans())}}
    return a


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(a=areas(), as_at=_dates("2014-09-01", "2032-12-31"))
def test_generated_areas_evaluate_without_error_and_deterministically(a, as_at):
    rb = _RB["rb"]
    result = sendrules.evaluate_area(rb, a, as_at)
    text = result.to_json()
    assert text == sendrules.evaluate_area(rb, json.loads(json.dumps(a)), as_at).to_json()
    assert Result.model_validate_json(text).to_json() == text      # the document is the typed model's
    assert sendrules.document(sendrules.evaluate_with(rb, "area", a, as_at)) == result.to_dict()
    assert result.area_id == "LA-999" and result.case_id is None and result.notices == []
    for key, o in result.outcomes.items():
        assert o.status not in ("error", "conflict", "not_applicable"), (key, o.errors, o.conflicts)
        duty = o.duty
        if duty and duty.trigger and duty.due:
            assert duty.due >= duty.trigger, key  # a deadline never falls before what starts it


@PROPS
@given(a=areas(), as_at=_dates("2014-09-01", "2032-12-31"), later=st.integers(min_value=1, max_value=2000))
def test_a_met_area_duty_stays_met_and_an_overdue_one_never_becomes_pending(a, as_at, later):
    """Time only moves an area duty forward: met stays met; overdue never turns back to pending."""
    rb = _RB["rb"]
    before = sendrules.evaluate_area(rb, a, as_at, all_outcomes=True).outcomes
    after = sendrules.evaluate_area(rb, a, as_at + dt.timedelta(days=later), all_outcomes=True).outcomes
    assert set(after) == set(before)
    for key, o in before.items():
        if rb.programs[key].kind != "duty" or o.status not in ("met", "met_late", "overdue"):
            continue
        now = after[key]
        if now.duty is None or now.duty.trigger != o.duty.trigger:
            continue  # a new cycle began (a later publication or inspection): a different duty
        if o.status in ("met", "met_late"):
            assert now.status == o.status, key
        else:
            # undetermined when an event now recorded lacks an attribute that says whether it discharges
            assert now.status in ("overdue", "met_late", "excepted", "undetermined"), key

"""The result document: canonical bytes, the receipt, and the published schemas."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

import sendrules
from sendrules import cli
from sendrules.result.canonical import canonical_json, sha256_of
from sendrules.schema import ResultOut
from casebuilders import DUTY, REPO, child_request_case, make_case

D = dt.date.fromisoformat
AS_AT = D("2025-03-01")

RECEIPT_KEYS = {"package_version", "rules_format", "case_schema_version", "result_format", "rulebook_hash",
                "rule_versions", "settings", "settings_overridden", "parameters_overridden", "holiday_calendar",
                "dependencies", "as_at", "input_hash", "run_hash"}

SAMPLE_CASES = [
    child_request_case(notified="2025-02-20"),
    child_request_case(absences_from_area=[{"start": "2025-01-10", "end": "2025-02-10"}]),
    make_case({}, [{"request_id": "r1", "received_date": "2025-01-06"}]),
    make_case({"date_of_birth": "2000-02-29", "education_setting": "fe_sector", "yp_has_representative": True},
              [{"request_id": "a", "received_date": "2024-11-04", "requested_by": "young_person",
                "decision_notified_date": "2024-12-01", "decision": "assess",
                "findings": {"has_or_may_have_sen": {"value": True}, "sep_may_be_necessary": {"value": False}}},
               {"request_id": "b", "received_date": "2025-02-25", "requested_by": "parent"}],
              findings={"yp_lacks_capacity": {"value": True, "on": "2024-01-01", "by": "psychologist"}}),
]


def canonical(rulebook, case, as_at=AS_AT, **kw) -> str:
    return canonical_json(sendrules.evaluate(rulebook, case, as_at, **kw))


# --- canonical JSON ---------------------------------------------------------------------------

@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("case", SAMPLE_CASES, ids=["late", "absence", "unknowns", "young_person"])
def test_canonical_json_is_identical_across_runs(rulebook, case, explain):
    first = canonical(rulebook, case, explain=explain)
    second = canonical(rulebook, json.loads(json.dumps(case)), explain=explain)
    assert first == second
    # key order of the input does not matter either
    reordered = {k: case[k] for k in reversed(list(case))}
    assert canonical(rulebook, reordered, explain=explain) == first


def test_canonical_json_form():
    assert canonical_json({"b": [1, {"z": 1, "a": "é"}], "a": None}) == '{"a":null,"b":[1,{"a":"é","z":1}]}'
    assert sha256_of({"a": 1, "b": 2}) == sha256_of({"b": 2, "a": 1})


_SUBPROCESS = r"""
import datetime as dt, json, sys
import sendrules
from sendrules.result.canonical import canonical_json
rb = sendrules.load_rulebook(sys.argv[1])
cases = json.loads(sys.stdin.read())
sys.stdout.write("\n".join(canonical_json(sendrules.evaluate(rb, c, dt.date(2025, 3, 1), explain=True))
                           for c in cases))
"""


def test_canonical_json_is_identical_across_processes_and_hash_seeds():
    """Set iteration order changes with PYTHONHASHSEED; the bytes must not."""
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-c", _SUBPROCESS, str(REPO / "rules")],
                              input=json.dumps(SAMPLE_CASES), capture_output=True, text=True, env=env,
                              timeout=120, check=True)
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == len(SAMPLE_CASES)


# --- the receipt ------------------------------------------------------------------------------

def test_receipt_fields(rulebook):
    doc = sendrules.evaluate(rulebook, child_request_case(), AS_AT)
    r = doc["receipt"]
    assert set(r) == RECEIPT_KEYS
    assert r["rulebook_hash"] == rulebook.content_hash and len(r["rulebook_hash"]) == 64
    assert len(r["input_hash"]) == 64 and len(r["run_hash"]) == 64
    assert r["as_at"] == "2025-03-01" == doc["as_at"]
    assert r["settings"] == rulebook.setting_defaults()
    assert list(r["settings"]) == sorted(r["settings"])
    assert r["holiday_calendar"] == rulebook.calendar.source
    assert r["result_format"] == doc["format"] == "sendrules.result/1"
    assert r["rules_format"] == "sendrules.rules/1" and r["case_schema_version"] == "1.0"
    assert set(r["dependencies"]) >= {"pydantic", "holidays", "PyYAML", "python-dateutil"}


def test_receipt_rule_versions(rulebook):
    doc = sendrules.evaluate(rulebook, child_request_case(), AS_AT)
    versions = doc["receipt"]["rule_versions"]
    keys = [(v["rule"], v["valid_from"]) for v in versions]
    assert keys == sorted(set(keys))
    used = {(o["rule"], o["version"]["valid_from"]) for o in doc["outcomes"].values() if o["version"]}
    assert set(keys) == used
    assert ("assessment.decision_whether_to_assess", "2014-09-01") in used


def test_run_hash_changes_with_what_the_result_depends_on(rulebook):
    case = child_request_case()
    base = sendrules.evaluate(rulebook, case, AS_AT)["receipt"]
    same = sendrules.evaluate(rulebook, child_request_case(), AS_AT)["receipt"]
    assert same == base
    # a setting given explicitly at its default value: same settings, same run
    explicit = sendrules.evaluate(rulebook, case, AS_AT, settings={"due_soon_days": 7})["receipt"]
    assert explicit["run_hash"] == base["run_hash"]
    assert explicit["settings_overridden"] == ["due_soon_days"]
    changed = sendrules.evaluate(rulebook, case, AS_AT, settings={"due_soon_days": 3})["receipt"]
    assert changed["run_hash"] != base["run_hash"]
    assert changed["input_hash"] == base["input_hash"]
    later = sendrules.evaluate(rulebook, case, AS_AT + dt.timedelta(days=1))["receipt"]
    assert later["run_hash"] != base["run_hash"] and later["input_hash"] == base["input_hash"]
    other = sendrules.evaluate(rulebook, child_request_case(notified="2025-02-01"), AS_AT)["receipt"]
    assert other["input_hash"] != base["input_hash"] and other["run_hash"] != base["run_hash"]


def test_explaining_does_not_change_outcomes_or_receipt(rulebook):
    plain = sendrules.evaluate(rulebook, SAMPLE_CASES[3], AS_AT)
    explained = sendrules.evaluate(rulebook, SAMPLE_CASES[3], AS_AT, explain=True)
    assert explained.pop("explanation")["format"] == "sendrules.trace/1"
    assert explained == plain


# --- the published schemas -----------------------------------------------------------------------

@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("case", SAMPLE_CASES, ids=["late", "absence", "unknowns", "young_person"])
def test_result_validates_against_published_schema(rulebook, case, explain):
    doc = sendrules.evaluate(rulebook, case, AS_AT, explain=explain)
    ResultOut.model_validate(doc)
    ResultOut.model_validate(json.loads(canonical_json(doc)))


def test_result_schema_rejects_an_unknown_top_level_key(rulebook):
    doc = sendrules.evaluate(rulebook, SAMPLE_CASES[0], AS_AT)
    doc["surprise"] = 1
    with pytest.raises(Exception):
        ResultOut.model_validate(doc)


@pytest.mark.parametrize("kind,title,required", [
    ("case", "Case", {"schema_version", "case_id", "person", "requests"}),
    ("area", "Area", {"schema_version", "area_id"}),
    ("result", "ResultOut", {"format", "as_at", "outcomes", "duties", "defects", "findings_needed",
                             "facts_needed", "receipt"}),
    ("rules", "RuleFile", {"format", "area"}),
    ("scenario", "ScenarioFile", {"format", "scenarios"}),
])
def test_cli_schema_prints_valid_json_schema(capsys, kind, title, required):
    assert cli.main(["schema", kind]) == 0
    out = capsys.readouterr().out
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{kind}.json")
    assert schema["title"] == title and schema["type"] == "object"
    assert set(schema["required"]) == required
    # every local reference resolves
    defs = schema.get("$defs", {})
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/") and ref.split("/")[-1] in defs


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for x in node:
            yield from _refs(x)


def test_case_schema_marks_events_and_attributes(capsys):
    cli.main(["schema", "case"])
    schema = json.loads(capsys.readouterr().out)
    person = schema["$defs"]["Person"]["properties"]
    assert person["date_of_birth"]["x-fact"] == "attribute"
    request = schema["$defs"]["Request"]["properties"]
    assert request["received_date"]["x-fact"] == "event"


def test_canonical_json_is_strict_json_even_for_odd_overrides(rulebook):
    """Regression (fixed in 0416af9): a NaN override reached the receipt and canonical JSON emitted NaN."""
    try:
        ev = sendrules.evaluate_case(rulebook, child_request_case(), AS_AT,
                                     parameters={"assessment_decision_weeks": float("nan")})
    except sendrules.InputError:
        return
    text = canonical_json(sendrules.result_dict(ev))

    def refuse(token: str):
        raise AssertionError(f"canonical JSON contains {token}")
    json.loads(text, parse_constant=refuse)

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
from sendrules.result.model import Result
from casebuilders import DUTY, REPO, child_request_case, make_case

D = dt.date.fromisoformat
AS_AT = D("2025-03-01")

RECEIPT_KEYS = {"package_version", "engine", "python", "rules_format", "case_schema_version", "result_format",
                "rulebook_hash", "settings", "holiday_calendar", "dependencies", "as_at", "input_hash", "run_hash",
                "rule_digests"}

SAMPLE_CASES = [
    child_request_case(notified="2025-02-20"),
    child_request_case(absences_from_area=[{"start": "2025-01-10", "end": "2025-02-10"}]),
    make_case({}, [{"request_id": "r1", "received_date": "2025-01-06"}]),
    make_case({"birth_date": "2000-02-29", "education_setting": "fe_sector", "yp_has_representative": True},
              [{"request_id": "a", "received_date": "2024-11-04", "requested_by": "young_person",
                "outcome_date": "2024-12-01", "outcome": "assess",
                "findings": {"has_or_may_have_sen": {"value": True}, "sep_may_be_necessary": {"value": False}}},
               {"request_id": "b", "received_date": "2025-02-25", "requested_by": "parent"}],
              findings={"yp_lacks_capacity": {"value": True, "on": "2024-01-01", "by": "psychologist"}}),
]


def canonical(rulebook, case, as_at=AS_AT, **kw) -> str:
    return sendrules.evaluate(rulebook, case, as_at, **kw).to_json()


def doc(rulebook, case, as_at=AS_AT, **kw) -> dict:
    return sendrules.evaluate(rulebook, case, as_at, **kw).to_dict()


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
sys.stdout.write("\n".join(sendrules.evaluate(rb, c, dt.date(2025, 3, 1), explain=True).to_json() for c in cases))
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
    d = doc(rulebook, child_request_case())
    r = d["receipt"]
    assert set(r) == RECEIPT_KEYS   # nothing overridden: the override lists are left out
    assert r["rulebook_hash"] == rulebook.content_hash and len(r["rulebook_hash"]) == 64
    assert len(r["input_hash"]) == 64 and len(r["run_hash"]) == 64
    assert r["as_at"] == "2025-03-01" == d["as_at"]
    assert r["settings"] == rulebook.setting_defaults()
    assert list(r["settings"]) == sorted(r["settings"])
    assert r["holiday_calendar"] == rulebook.calendar.source
    assert r["result_format"] == d["format"] == "sendrules.result/2"
    assert r["rules_format"] == "sendrules.rules/1" and r["case_schema_version"] == "2.0"
    assert r["engine"] == "python" and r["python"] == ".".join(map(str, sys.version_info[:3]))
    assert set(r["dependencies"]) >= {"pydantic", "holidays", "PyYAML", "python-dateutil"}


def test_every_outcome_names_its_rule_version(rulebook):
    """The receipt no longer lists the versions: each outcome carries the one it applied, and
    the catalogue has that version's text and citations."""
    d = doc(rulebook, child_request_case(), all_outcomes=True)
    from sendrules.catalogue import catalogue
    rules = catalogue(rulebook)["rules"]
    for key, o in d["outcomes"].items():
        if "version" in o:
            assert o["version"] in {v["valid_from"] for v in rules[key.split("[")[0]]["versions"]}
    assert d["outcomes"][DUTY]["version"] == "2014-09-01"


def test_run_hash_changes_with_what_the_result_depends_on(rulebook):
    case = child_request_case()
    base = doc(rulebook, case)["receipt"]
    same = doc(rulebook, child_request_case())["receipt"]
    assert same == base
    # a setting given explicitly at its default value: same settings, same run
    explicit = doc(rulebook, case, settings={"due_soon_days": 7})["receipt"]
    assert explicit["run_hash"] == base["run_hash"]
    assert explicit["settings_overridden"] == ["due_soon_days"]
    changed = doc(rulebook, case, settings={"due_soon_days": 3})["receipt"]
    assert changed["run_hash"] != base["run_hash"]
    assert changed["input_hash"] == base["input_hash"]
    later = doc(rulebook, case, AS_AT + dt.timedelta(days=1))["receipt"]
    assert later["run_hash"] != base["run_hash"] and later["input_hash"] == base["input_hash"]
    other = doc(rulebook, child_request_case(notified="2025-02-01"))["receipt"]
    assert other["input_hash"] != base["input_hash"] and other["run_hash"] != base["run_hash"]


def test_a_schema_1_0_file_gives_the_same_result_with_a_notice(rulebook):
    """Schema 1.0 files keep working: upgraded on load, the same receipt and outcomes, and a notice."""
    from sendrules.facts.migrate import downgrade_case
    new = SAMPLE_CASES[3]
    old = downgrade_case(new)
    assert old["schema_version"] == "1.0" and old["requests"][0]["decision"] == "assess"
    a, b = doc(rulebook, new), doc(rulebook, old)
    assert b.pop("notices") == ["case schema 1.0 was upgraded to 2.0 on load (`sendrules migrate FILE` writes "
                                "the 2.0 file)"]
    assert "notices" not in a and a == b


def test_explaining_does_not_change_outcomes_or_receipt(rulebook):
    plain = doc(rulebook, SAMPLE_CASES[3])
    explained = doc(rulebook, SAMPLE_CASES[3], explain=True)
    assert explained.pop("explanation")["format"] == "sendrules.trace/2"
    assert explained == plain


# --- the published schemas -----------------------------------------------------------------------

@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("case", SAMPLE_CASES, ids=["late", "absence", "unknowns", "young_person"])
def test_document_is_the_canonical_form_of_the_typed_result(rulebook, case, explain):
    """The fast dict path and the typed model agree exactly: the dict validates against the closed
    model, and dumping the model gives the same dict back (empty fields left out the same way)."""
    for all_outcomes in (False, True):
        ev = sendrules.evaluate_with(rulebook, "case", case, AS_AT, explain=explain)
        d = sendrules.document(ev, all_outcomes, explain)
        assert Result.model_validate(d).to_dict() == d
        assert Result.model_validate(json.loads(canonical_json(d))).to_json() == canonical_json(d)


@pytest.mark.parametrize("where", ["top", "outcome", "duty", "receipt", "defect", "trace"])
def test_result_schema_is_closed(rulebook, where):
    d = doc(rulebook, SAMPLE_CASES[0], explain=True)
    target = {"top": d, "outcome": d["outcomes"][DUTY], "duty": d["outcomes"][DUTY]["duty"],
              "receipt": d["receipt"], "defect": d["defects"][0], "trace": d["explanation"]["nodes"][0]}[where]
    target["surprise"] = 1
    with pytest.raises(Exception):
        Result.model_validate(d)


@pytest.mark.parametrize("kind,title,required", [
    ("case", "Case", {"schema_version", "case_id", "person", "requests"}),
    ("area", "Area", {"schema_version", "area_id"}),
    ("result", "Result", {"format", "as_at", "outcomes", "receipt"}),
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
    assert person["birth_date"]["x-fact"] == "attribute"
    request = schema["$defs"]["Request"]["properties"]
    assert request["received_date"]["x-fact"] == "event"
    assert schema["$defs"]["Plan"]["properties"]["issued_date"]["x-fact"] == "event"
    assert schema["properties"]["schema_version"]["const"] == "2.0"


def test_canonical_json_is_strict_json_even_for_odd_overrides(rulebook):
    """Regression (fixed in 0416af9): a NaN override reached the receipt and canonical JSON emitted NaN."""
    try:
        text = sendrules.evaluate(rulebook, child_request_case(), AS_AT,
                                  parameters={"assessment_decision_weeks": float("nan")}).to_json()
    except sendrules.InputError:
        return

    def refuse(token: str):
        raise AssertionError(f"canonical JSON contains {token}")
    json.loads(text, parse_constant=refuse)


def test_the_typical_example_result_stays_under_10_kb(rulebook):
    """Issue 10's size target: the typical example case's default JSON result (receipt included) is
    at most 10,000 bytes; a receipt or outcome field added later must fit in it."""
    case = json.loads((REPO / "examples").glob("02-*.json").__next__().read_text(encoding="utf-8"))
    for as_at in (D("2026-01-15"), D("2026-12-05"), D("2030-06-30")):
        doc = sendrules.evaluate(rulebook, case, as_at).to_json()
        assert len(doc.encode("utf-8")) <= 10_000, (as_at, len(doc))
        assert '"rule_digests"' in doc and '"run_hash"' in doc

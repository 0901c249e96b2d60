"""The command line: exit codes 0 (ok), 1 (scenario failed), 2 (invalid input), 3 (rules failed checks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sendrules
from sendrules import cli
from casebuilders import DUTY, FIXTURE_RULES, REPO, child_request_case

BAD_RULES = FIXTURE_RULES / "bad"


def write_case(tmp_path: Path, case: dict, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- success ---------------------------------------------------------------------------------

def test_evaluate_json(tmp_path, capsys):
    path = write_case(tmp_path, child_request_case(notified="2025-02-20"))
    code, out, err = run(capsys, "evaluate", path, "--as-at", "2025-03-01", "--format", "json")
    # standard error names the rules in use, and nothing else
    assert code == 0 and err.splitlines() == [f"sendrules: rules: {REPO / 'rules'} (the bundled law)"]
    doc = json.loads(out)
    assert doc["outcomes"][DUTY]["status"] == "met_late"
    assert doc["defects"][0]["days"] == 3
    assert "explanation" not in doc


def test_evaluate_json_explain_and_several_cases(tmp_path, capsys):
    a = write_case(tmp_path, child_request_case(), "a.json")
    b = write_case(tmp_path, child_request_case(notified="2025-01-20"), "b.json")
    code, out, _ = run(capsys, "evaluate", a, b, "--as-at", "2025-03-01", "--format", "json", "--explain")
    assert code == 0
    docs = json.loads(out)
    assert [d["outcomes"][DUTY]["status"] for d in docs] == ["overdue", "met"]
    assert all("explanation" in d for d in docs)


def test_evaluate_text_report(tmp_path, capsys):
    path = write_case(tmp_path, child_request_case())
    code, out, _ = run(capsys, "evaluate", path, "--as-at", "2025-03-01")
    assert code == 0
    assert "Case case-1 at 1 March 2025 (2025-03-01)" in out
    assert f"{DUTY}: OVERDUE by 12 day(s)" in out
    assert "SEND Regs 2014 reg 5(1)" in out
    assert "Defects: 1" in out


def test_evaluate_with_setting(tmp_path, capsys):
    path = write_case(tmp_path, child_request_case())
    code, out, _ = run(capsys, "evaluate", path, "--as-at", "2025-02-07", "--format", "json",
                       "--setting", "due_soon_days=10")
    assert code == 0
    doc = json.loads(out)
    assert doc["outcomes"][DUTY]["status"] == "due_soon"
    assert doc["receipt"]["settings_overridden"] == ["due_soon_days"]


def test_check_bundled_rules(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("rules: ") and lines[0].endswith("rules (the bundled law)")
    assert lines[-2].startswith("ok: ")
    assert lines[-1].startswith("rulebook hash: ") and len(lines[-1].split()[-1]) == 64


def test_check_json(capsys):
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 0
    assert json.loads(out)["ok"] is True


def test_check_good_fixture_with_warning(capsys):
    code, out, _ = run(capsys, "--rules", FIXTURE_RULES / "good" / "derived_conflict_warning", "check")
    assert code == 0
    assert "derived_conflict_warning/rules.yaml:25: warning: demo.label: exceptions" in out
    assert "1 warning(s)" in out


@pytest.mark.parametrize("kind", ["case", "result", "rules", "scenario"])
def test_schema(capsys, kind):
    code, out, _ = run(capsys, "schema", kind)
    assert code == 0
    assert json.loads(out)["$id"].endswith(f"{kind}.json")


# --- invalid input: exit 2 -------------------------------------------------------------------

def test_invalid_case_text(tmp_path, capsys):
    case = child_request_case()
    case["person"]["birth_date"] = "10/03/2015"
    path = write_case(tmp_path, case)
    code, out, err = run(capsys, "evaluate", path, "--as-at", "2025-03-01")
    assert code == 2 and out == ""
    assert "sendrules: invalid input" in err
    assert "case.json: person.birth_date: must be a date written YYYY-MM-DD" in err
    assert "10/03/2015" not in err


def test_invalid_case_json_names_paths_never_values(tmp_path, capsys):
    case = child_request_case()
    case["person"]["birth_date"] = "Jane Smith 2015"
    case["requests"][0]["requested_by"] = "grandmother Smith"
    case["requests"][0]["colour"] = "blue"
    case["findings"] = {"yp_lacks_capacity": {"value": "not sure"}}
    path = write_case(tmp_path, case)
    code, out, err = run(capsys, "evaluate", path, "--as-at", "2025-03-01", "--format", "json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["kind"] == "invalid_input" and error["exit_code"] == 2
    problems = error["problems"]
    assert "case.json: person.birth_date: must be a date written YYYY-MM-DD" in problems
    assert "case.json: requests[0].colour: unexpected key" in problems
    assert any(p.startswith("case.json: requests[0].requested_by: must be one of") for p in problems)
    for secret in ("Jane", "Smith", "grandmother", "blue", "not sure"):
        assert secret not in out and secret not in err


def test_findings_problem_after_the_case_validates(tmp_path, capsys):
    case = child_request_case()
    case["findings"] = {"yp_lacks_capacity": {"value": "not sure"}}
    code, out, _ = run(capsys, "evaluate", write_case(tmp_path, case), "--as-at", "2025-03-01", "--format", "json")
    assert code == 2
    assert json.loads(out)["error"]["problems"] == [
        "case.json: findings.yp_lacks_capacity.value: must be true or false"]
    assert "not sure" not in out


@pytest.mark.parametrize("content,fragment", [
    ('{"schema_version": "1.0",\n "case_id": ', "case.json: not valid JSON (line 2, column 13)"),
    ("[1, 2, 3]", "case.json: <root>: a case must be a JSON object"),
    ("", "not valid JSON"),
])
def test_unreadable_case_files(tmp_path, capsys, content, fragment):
    path = tmp_path / "case.json"
    path.write_text(content, encoding="utf-8")
    code, out, _ = run(capsys, "evaluate", path, "--as-at", "2025-03-01", "--format", "json")
    assert code == 2
    assert any(fragment in p for p in json.loads(out)["error"]["problems"])


def test_missing_case_file(tmp_path, capsys):
    code, _, err = run(capsys, "evaluate", tmp_path / "nope.json", "--as-at", "2025-03-01")
    assert code == 2 and "cannot read" in err


def test_unknown_setting_suggests(tmp_path, capsys):
    path = write_case(tmp_path, child_request_case())
    code, out, _ = run(capsys, "evaluate", path, "--as-at", "2025-03-01", "--format", "json",
                       "--setting", "due_sooon_days=3")
    assert code == 2
    assert json.loads(out)["error"]["problems"] == [
        "case.json: settings.due_sooon_days: no such setting (did you mean 'due_soon_days'?)"]


@pytest.mark.parametrize("raw", ["NaN", "Infinity"])
def test_non_finite_setting_is_invalid_input(tmp_path, capsys, raw):
    """Regression (fixed in 0416af9): json.loads gives nan, which crashed in int(): exit 4 internal_error."""
    path = write_case(tmp_path, child_request_case())
    code, out, _ = run(capsys, "evaluate", path, "--as-at", "2025-03-01", "--format", "json",
                       "--setting", f"due_soon_days={raw}")
    assert code == 2, out


@pytest.mark.parametrize("argv", [
    ["evaluate", "case.json", "--as-at", "01/03/2025"],
    ["schema", "everything"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(capsys, argv):
    assert cli.main(argv) == 2
    assert "sendrules: invalid input" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["evaluate", "case.json", "--as-at", "01/03/2025", "--format", "json"],
    ["evaluate", "--format=json"],
    ["check", "--format", "json", "--frobnicate"],
])
def test_usage_errors_are_json_when_json_is_asked_for(capsys, argv):
    """Issue 12: usage errors were argparse's plain text although the README says errors are JSON."""
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    error = json.loads(out)["error"]
    assert (error["kind"], error["exit_code"]) == ("invalid_input", 2) and len(error["problems"]) == 1
    assert err == ""


# --- rules that fail their checks: exit 3 ----------------------------------------------------------

def test_check_bad_rules_exits_3(capsys):
    code, out, _ = run(capsys, "--rules", BAD_RULES / "unknown_name", "check")
    assert code == 3
    assert "unknown_name/rules.yaml:9: error [rules[0].value]: unknown name 'person.birth_dat'" in out
    assert out.strip().endswith("failed: 1 error(s)")


def test_check_bad_rules_json(capsys):
    code, out, _ = run(capsys, "--rules", BAD_RULES / "parameter_gap", "check", "--format", "json")
    assert code == 3
    doc = json.loads(out)
    assert doc["ok"] is False
    assert doc["diagnostics"] == [{"file": "parameter_gap/rules.yaml", "line": 14, "severity": "error",
                                   "key": "parameters[0].values[1]",
                                   "message": "parameter 'weeks': gap between 2015-08-31 and 2015-09-02 "
                                              "(no value in force in between)"}]


@pytest.mark.parametrize("command", [["evaluate", "CASE", "--as-at", "2025-03-01"], ["explain", "demo.a"],
                                     ["test"]])
def test_any_command_needing_rules_exits_3_on_bad_rules(tmp_path, capsys, command):
    case = write_case(tmp_path, child_request_case())
    argv = ["--rules", BAD_RULES / "cycle"] + [case if a == "CASE" else a for a in command]
    code, _, err = run(capsys, *argv)
    assert code == 3
    assert "sendrules: check failed" in err
    assert "rules depend on each other in a cycle" in err


def test_bad_rules_json_error_object(tmp_path, capsys):
    case = write_case(tmp_path, child_request_case())
    code, out, _ = run(capsys, "--rules", BAD_RULES / "yaml_syntax", "evaluate", case, "--as-at", "2025-03-01",
                       "--format", "json")
    assert code == 3
    error = json.loads(out)["error"]
    assert error["kind"] == "check_failed" and error["exit_code"] == 3
    assert error["problems"][0].startswith("yaml_syntax/rules.yaml:11: error: YAML error")


# --- explain ---------------------------------------------------------------------------------

def test_explain_rule_prints_its_citations(capsys):
    code, out, _ = run(capsys, "explain", "assessment.decision_whether_to_assess")
    assert code == 0
    assert out.startswith("assessment.decision_whether_to_assess  (duty, request scope; rules/assessment.yaml:")
    assert "law:" in out
    assert "SEND Regs 2014 reg 5(1) [law; verified against primary text]" in out
    assert "https://www.legislation.gov.uk/uksi/2014/1530/regulation/5" in out
    assert "SEND Regs 2014 reg 5(4)(d)" in out          # the exception's citation too
    assert "due: add_weeks(trigger, param.assessment_decision_weeks)" in out


def test_explain_shows_a_quote_in_quotation_marks_and_a_paraphrase_as_one(capsys):
    code, out, _ = run(capsys, "explain", "age.birthday_16")
    assert code == 0
    assert "      paraphrase: the time at which a person attains a particular age" in out
    assert '"the time at which' not in out
    code, out, _ = run(capsys, "explain", "reviews.annual_review")
    assert '      "must review an EHC plan that it maintains' in out
    assert "sendrules convention period starting with [convention;" in out


def test_the_catalogue_keeps_quotes_and_paraphrases_apart(capsys):
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    cites = json.loads(out)["rules"]["age.birthday_16"]["versions"][0]["citations"]
    flra = next(c for c in cites if c["instrument"] == "flra1969")
    assert "paraphrase" in flra and "quote" not in flra
    assert flra["url"] == "https://www.legislation.gov.uk/ukpga/1969/46/section/9"


def test_explain_rule_json(capsys):
    code, out, _ = run(capsys, "explain", "csa.limb", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["rule"] == "csa.limb"
    cites = [c["provision"] for v in doc["versions"] for c in v["cite"]]
    assert "s8(3)(c)" in cites


@pytest.mark.parametrize("name,fragment", [
    ("setting.leap_day_birthday", "setting.leap_day_birthday (enum; default 'mar_1')"),
    ("leap_day_birthday", "FLRA 1969 s9(1)"),
    ("param.assessment_decision_weeks", "2014-09-01 to open: 6 (SEND Regs 2014 reg 5(1)"),
    ("finding.yp_lacks_capacity", "presumed False when no finding is recorded (MCA 2005 s1(2)"),
])
def test_explain_other_names(capsys, name, fragment):
    code, out, _ = run(capsys, "explain", name)
    assert code == 0
    assert fragment in out


@pytest.mark.parametrize("name,suggestion", [
    ("csa.limbb", "csa.limb"),
    ("assessment.decision_whether_to_asess", "assessment.decision_whether_to_assess"),
    ("setting.leap_day_birthdy", "setting.leap_day_birthday"),
])
def test_explain_misspelt_name_suggests(capsys, name, suggestion):
    code, out, err = run(capsys, "explain", name)
    assert code == 2 and out == ""
    assert f"{name}: no such rule, setting, parameter or finding (did you mean '{suggestion}'?)" in err


def test_explain_misspelt_json(capsys):
    code, out, _ = run(capsys, "explain", "rights.holdr", "--format", "json")
    assert code == 2
    assert json.loads(out)["error"]["problems"] == [
        "rights.holdr: no such rule, setting, parameter or finding (did you mean 'rights.holder'?)"]


# --- scenario runner --------------------------------------------------------------------------

SCENARIO_1 = """\
format: sendrules.scenarios/1
scenarios:
  - name: notice one day late
    source: SEND Regs 2014 reg 5(1)
    working: 6 Jan 2025 + 42 days = 17 Feb 2025; notice on 18 Feb is 1 day late
    as_at: 2025-03-01
    case:
      person: {date_of_birth: 2015-03-10, in_authority_area: true}
      requests:
        - {request_id: r1, received_date: 2025-01-06, requested_by: parent, decision_notified_date: 2025-02-18}
    expect:
      outcomes:
        assessment.decision_whether_to_assess[r1]: {status: met_late, due: 2025-02-17, days_late: DAYS}
"""


SCENARIO_2 = """\
format: sendrules.scenarios/2
scenarios:
  - name: notice one day late
    source: SEND Regs 2014 reg 5(1)
    working: 6 Jan 2025 + 42 days = 17 Feb 2025; notice on 18 Feb is 1 day late
    as_at: 2025-03-01
    case:
      person: {birth_date: 2015-03-10, in_authority_area: true}
      requests:
        - {request_id: r1, received_date: 2025-01-06, requested_by: parent, outcome_date: 2025-02-18}
    expect:
      outcomes:
        assessment.decision_whether_to_assess[r1]: {status: met_late, due: 2025-02-17, days_late: DAYS}
"""


@pytest.mark.parametrize("scenario", [SCENARIO_1, SCENARIO_2], ids=["format1", "format2"])
@pytest.mark.parametrize("days,code", [(1, 0), (2, 1)])
def test_scenario_runner_exit_codes(tmp_path, capsys, days, code, scenario):
    path = tmp_path / "s.yaml"
    path.write_text(scenario.replace("DAYS", str(days)), encoding="utf-8")
    got, out, _ = run(capsys, "test", path, "--format", "json")
    assert got == code
    doc = json.loads(out)
    assert (doc["passed"], doc["failed"], doc["errors"]) == ((1, 0, []) if code == 0 else (0, 1, []))
    if code:
        assert doc["scenarios"][0]["failures"] == [
            "assessment.decision_whether_to_assess[r1].days_late: expected 2, got 1"]


def test_migrate_upgrades_a_case_file(tmp_path, capsys):
    from sendrules.facts.migrate import downgrade_case
    new = child_request_case(notified="2025-02-20", request_extra={"assessment": {"plan": {"issued_date": "2025-05-01"}}})
    old = downgrade_case(new)
    assert old["requests"][0]["final_plan_issued_date"] == "2025-05-01"
    path = write_case(tmp_path, old)
    code, out, _ = run(capsys, "migrate", path)
    assert code == 0 and json.loads(out) == new
    code, _, err = run(capsys, "migrate", path, "--in-place")
    assert code == 0 and "upgraded" in err
    assert json.loads(path.read_text(encoding="utf-8")) == new
    # a 2.0 file is not upgraded again
    code, _, err = run(capsys, "migrate", path)
    assert code == 2 and "not a schema 1.0 case file" in err


def test_migrate_upgrades_a_scenario_file_keeping_its_comments(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text("# kept\n" + SCENARIO_1.replace("DAYS", "1"), encoding="utf-8")
    code, out, _ = run(capsys, "migrate", path)
    assert code == 0
    assert out.startswith("# kept\nformat: sendrules.scenarios/2")
    assert "outcome_date: 2025-02-18" in out and "decision_notified_date" not in out
    path.write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "test", path, "--format", "json")
    assert code == 0 and json.loads(out)["passed"] == 1


def test_evaluate_says_when_a_1_0_file_was_upgraded(tmp_path, capsys):
    from sendrules.facts.migrate import downgrade_case
    path = write_case(tmp_path, downgrade_case(child_request_case(notified="2025-02-20")))
    code, out, err = run(capsys, "evaluate", path, "--as-at", "2025-03-01", "--format", "json")
    assert code == 0
    assert "case schema 1.0 was upgraded to 2.0" in err
    assert json.loads(out)["notices"] == ["case schema 1.0 was upgraded to 2.0 on load (`sendrules migrate FILE` "
                                          "writes the 2.0 file)"]


def test_rules_catalogue_carries_each_citation_once(capsys):
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    cat = json.loads(out)
    rule = cat["rules"]["assessment.decision_whether_to_assess"]
    assert rule["kind"] == "duty" and rule["scope"] == "request"
    assert rule["versions"][0]["citations"][0]["provision"] == "reg 5(1)"
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "assessment.decision_whether_to_assess  (duty, request)" in out


def test_evaluate_json_is_compact_and_leaves_out_not_applicable(tmp_path, capsys):
    path = write_case(tmp_path, child_request_case())
    _, out, _ = run(capsys, "evaluate", path, "--as-at", "2025-03-01", "--format", "json")
    doc = json.loads(out)
    assert out.count("\n") == 1                                  # one canonical line
    assert all(o["status"] != "not_applicable" for o in doc["outcomes"].values())
    _, out_all, _ = run(capsys, "evaluate", path, "--as-at", "2025-03-01", "--format", "json", "--all")
    every = json.loads(out_all)["outcomes"]
    assert set(doc["outcomes"]) < set(every)
    assert {k for k, o in every.items() if o["status"] != "not_applicable"} == set(doc["outcomes"])


@pytest.mark.parametrize("kind,prefix,one", [
    ("settings", "setting.", "setting.leap_day_birthday (enum; default 'mar_1')"),
    ("parameters", "param.", "param.assessment_decision_weeks (unit: weeks)"),
    ("findings", "finding.", "finding.yp_lacks_capacity (bool"),
])
def test_explain_lists_every_setting_parameter_or_finding(capsys, kind, prefix, one):
    """`--setting` help and the README send users to `sendrules explain settings`: it must list them."""
    code, out, _ = run(capsys, "explain", kind)
    assert code == 0
    assert one in out
    rb = sendrules.load_rulebook()
    table = {"settings": rb.settings, "parameters": rb.parameters, "findings": rb.findings}[kind]
    listed = [line.split(" ")[0] for line in out.splitlines() if line.startswith(prefix)]
    assert listed == [prefix + name for name in sorted(table)]
    code, out, _ = run(capsys, "explain", kind, "--format", "json")
    assert code == 0
    assert [item["name"] for item in json.loads(out)] == [prefix + name for name in sorted(table)]

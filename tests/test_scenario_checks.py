"""Scenario files that check nothing fail, and the runner's exit codes follow the contract
(issue 12: `expect: {}` passed; `error: "invalid input"` matched any input error; a misspelt
defect key set to null matched any defect; an empty folder passed; a path that does not exist
was a failed scenario; an impossible date was an internal error; `--engine durable` without the
extra failed every scenario)."""

from __future__ import annotations

import json
import textwrap

import pytest

from sendrules import cli
from sendrules.durable import host
from subprocess_cli import sendrules

HEAD = """\
format: sendrules.scenarios/2
scenarios:
  - name: probe
    source: CFA 2014 s36(1)
    working: received Mon 5 Jan 2026 by the parent; due 16 Feb 2026 (42 days)
    as_at: AS_AT
    case:
      person: {birth_date: 2015-03-02}
      requests: [{request_id: R1, received_date: 2026-01-05, requested_by: REQUESTER}]
"""


def _scenario(tmp_path, expect: str, as_at: str = "2026-03-10", requester: str = "parent"):
    path = tmp_path / "s.yaml"
    path.write_text(HEAD.replace("AS_AT", as_at).replace("REQUESTER", requester)
                    + textwrap.indent(expect, "    "), encoding="utf-8")
    return path


def _run(capsys, *argv) -> tuple[int, dict]:
    code = cli.main([str(a) for a in argv] + ["--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_an_expectation_that_checks_nothing_is_refused(tmp_path, capsys):
    code, doc = _run(capsys, "test", _scenario(tmp_path, "expect: {}\n"))
    assert code == 2
    assert "`expect` checks nothing" in doc["errors"][0] and doc["passed"] == 0


@pytest.mark.parametrize("expect,fragment", [
    ("expect:\n  defects: [{dutty: null}]\n", "defects[0]: unknown key 'dutty' (did you mean 'duty'?)"),
    ("expect:\n  defects: [{}]\n", "defects[0]: checks nothing"),
    ("expect:\n  outcomes:\n    assessment.decision_whether_to_assess[R1]: {}\n", "checks nothing"),
    ("expect:\n  outcomes:\n    assessment.decision_whether_to_assess[R1]: {stauts: overdue}\n",
     "unknown key 'stauts' (did you mean 'status'?)"),
    ("expect: {error: ''}\n", "an empty fragment matches any error"),
])
def test_misspelt_or_empty_checks_are_refused(tmp_path, capsys, expect, fragment):
    code, doc = _run(capsys, "test", _scenario(tmp_path, expect))
    assert code == 2
    assert fragment in doc["errors"][0]


def test_a_misspelt_defect_key_no_longer_matches_any_defect(tmp_path, capsys):
    # the duty is overdue at 10 March 2026, so there is a `missing` defect for the key to "match"
    code, doc = _run(capsys, "test", _scenario(tmp_path, "expect:\n  defects: [{defect: missing, dutty: null}]\n"))
    assert code == 2 and "unknown key 'dutty'" in doc["errors"][0]


def test_an_expected_error_must_name_its_field(tmp_path, capsys):
    # the heading "invalid input" is no longer part of what is matched
    code, doc = _run(capsys, "test", _scenario(tmp_path, "expect: {error: invalid input}\n", requester="nobody"))
    assert code == 1
    assert doc["scenarios"][0]["failures"][0].startswith("expected an error containing 'invalid input'")
    # a fragment of the message that names no field would match many different errors
    code, doc = _run(capsys, "test", _scenario(tmp_path, "expect: {error: must be one of}\n", requester="nobody"))
    assert code == 1
    (failure,) = doc["scenarios"][0]["failures"]
    assert "names no field" in failure


def test_an_expected_error_matches_one_problem_not_the_heading(tmp_path, capsys):
    ok = _scenario(tmp_path, "expect: {error: 'requests[0].requested_by: must be one of'}\n", requester="nobody")
    assert _run(capsys, "test", ok)[0] == 0
    wrong = _scenario(tmp_path, "expect: {error: 'requests[0].received_date: must be'}\n", requester="nobody")
    code, doc = _run(capsys, "test", wrong)
    assert code == 1 and "expected an error containing" in doc["scenarios"][0]["failures"][0]


def test_an_impossible_date_in_a_scenario_is_invalid_input_with_its_line(tmp_path):
    proc = sendrules("test", _scenario(tmp_path, "expect: {no_defects: true}\n", as_at="2026-02-30"))
    assert proc.returncode == 2, proc.stderr
    assert b"s.yaml:6: error: YAML error: not a real date" in proc.stdout


def test_an_empty_folder_is_invalid_input(tmp_path):
    proc = sendrules("test", tmp_path)
    assert proc.returncode == 2
    assert b"no scenario files (*.yaml) in this folder" in proc.stderr


def test_a_path_that_does_not_exist_is_invalid_input(tmp_path):
    proc = sendrules("test", tmp_path / "nowhere", "--format", "json")
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["error"]["problems"] == [f"{tmp_path / 'nowhere'}: no such file or folder"]


def test_the_durable_engine_without_its_extra_is_invalid_input_with_the_install_hint(monkeypatch, capsys):
    monkeypatch.setattr(host, "_engine", None)
    code, doc = _run(capsys, "test", "--engine", "durable")
    assert code == 2
    assert doc["error"]["problems"] == [f"engine: durable-rules is not installed ({host.INSTALL_HINT})"]

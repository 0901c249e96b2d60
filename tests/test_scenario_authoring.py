"""Writing scenarios: `sendrules scenario new` skeletons (placeholders only, failing until filled in),
failing scenarios that print the difference first, and `test --coverage` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from sendrules import cli
from sendrules.scenarios.models import PLACEHOLDER

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "02-six-week-duty-overdue.json"
DUTY = "assessment.decision_whether_to_assess[R1]"


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    return [value]


def test_skeleton_has_placeholders_only_and_fails_until_filled(tmp_path, capsys):
    out = tmp_path / "s.yaml"
    code, _, err = run(capsys, "scenario", "new", EXAMPLE, "--as-at", "2026-03-01", "--out", out)
    assert code == 0 and "skeleton written" in err
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    sc = doc["scenarios"][0]
    outcomes = sc["expect"]["outcomes"]
    assert DUTY in outcomes
    # not one value the engine computed: every expectation is the placeholder
    assert set(_leaves(outcomes)) == {PLACEHOLDER}
    text = out.read_text(encoding="utf-8")
    assert "2025-12-29" not in text and "status: overdue" not in text
    code, text, _ = run(capsys, "test", out)
    assert code == 1
    assert "not filled in" in text and f"still to fill: expect.outcomes.{DUTY}.status" in text
    assert "still to fill: source" in text


def test_a_filled_in_skeleton_runs(tmp_path, capsys):
    out = tmp_path / "s.yaml"
    run(capsys, "scenario", "new", EXAMPLE, "--as-at", "2026-03-01", "--out", out)
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    sc = doc["scenarios"][0]
    sc["name"] = "request of 17 November 2025 not answered by 1 March 2026"
    sc["source"] = "SEND Regs 2014 reg 5(1)"
    sc["working"] = ("Received Mon 17 Nov 2025; within 6 weeks = 42 days: 17 Nov + 13 = 30 Nov, + 29 = "
                     "Mon 29 Dec 2025. Nothing notified by 1 Mar 2026: overdue.")
    sc["expect"] = {"outcomes": {DUTY: {"status": "overdue", "due": "2025-12-29"}}}
    out.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    code, text, _ = run(capsys, "test", out)
    assert code == 0, text


def test_skeleton_never_overwrites_and_refuses_an_area_file(tmp_path, capsys):
    out = tmp_path / "s.yaml"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "scenario", "new", EXAMPLE, "--as-at", "2026-03-01", "--out", out)
    assert code == 2 and "already exists" in err and out.read_text(encoding="utf-8") == "keep me"
    code, _, err = run(capsys, "scenario", "new", ROOT / "examples" / "08-area-local-offer.json", "--as-at",
                       "2026-03-01")
    assert code == 2 and "not a case file" in err


def _failing(tmp_path: Path) -> Path:
    doc = {"format": "sendrules.scenarios/2", "scenarios": [{
        "name": "a wrong due date", "source": "SEND Regs 2014 reg 5(1)",
        "working": "deliberately wrong: 6 weeks from 17 Nov 2025 is 29 Dec 2025, not 30 Dec",
        "as_at": "2026-03-01", "case": json.loads(EXAMPLE.read_text(encoding="utf-8")),
        "expect": {"outcomes": {DUTY: {"due": "2025-12-30"}}}}]}
    p = tmp_path / "bad.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return p


def test_a_failing_scenario_prints_the_difference_first_and_the_trace_only_with_explain(tmp_path, capsys):
    bad = _failing(tmp_path)
    code, text, _ = run(capsys, "test", bad)
    assert code == 1
    assert f"{DUTY}.due: expected '2025-12-30', got '2025-12-29'" in text
    assert "trace:" not in text and "give --explain" in text
    code, text, _ = run(capsys, "test", bad, "--explain")
    assert code == 1 and "trace:" in text
    assert text.index("expected '2025-12-30'") < text.index("trace:")
    assert "Why: overdue" in text


def test_coverage_on_the_command_line(tmp_path, capsys):
    bad_allow = tmp_path / "allow.txt"
    bad_allow.write_text("no.such_rule because it is only a probe here\n", encoding="utf-8")
    one = ROOT / "rules" / "scenarios" / "definitions.yaml"
    html = tmp_path / "cov.html"
    code, text, _ = run(capsys, "test", one, "--coverage", "--allowlist", bad_allow, "--coverage-html", html)
    assert code == 1
    assert "NOT REACHED by any scenario" in text and "ALLOW-LIST PROBLEMS" in text
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    code, out, _ = run(capsys, "test", one, "--coverage", "--format", "json", "--allowlist", bad_allow)
    doc = json.loads(out)
    assert code == 1 and doc["coverage"]["ok"] is False and doc["coverage"]["gaps"]


SCENARIO_DOC = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")


def test_the_scenario_format_doc_describes_every_field():
    from sendrules.scenarios.models import DEFECT_FIELDS, OUTCOME_FIELDS, Expect, Scenario
    for model in (Scenario, Expect):
        for name in model.model_fields:
            assert f"| `{name}` |" in SCENARIO_DOC, f"docs/scenarios.md: {model.__name__}.{name} is not described"
    for name in OUTCOME_FIELDS:
        assert f"| `{name}` |" in SCENARIO_DOC, f"docs/scenarios.md: outcome field {name} is not described"
    for name in DEFECT_FIELDS:
        assert f"`{name}`" in SCENARIO_DOC, f"docs/scenarios.md: defect field {name} is not described"


def test_the_scenario_format_doc_example_passes(tmp_path, capsys):
    start = SCENARIO_DOC.index("```yaml\nformat: sendrules.scenarios/2") + len("```yaml\n")
    example = tmp_path / "example.yaml"
    example.write_text(SCENARIO_DOC[start:SCENARIO_DOC.index("```", start)], encoding="utf-8")
    code, text, _ = run(capsys, "test", example)
    assert code == 0, text

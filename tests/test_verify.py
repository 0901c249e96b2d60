"""`sendrules verify`: a result replayed from its receipt, byte for byte; what differs when not."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import sendrules
from sendrules.api import document
from sendrules.commands.verify import report
from sendrules.engines import evaluate_with
from sendrules.errors import InputError
from sendrules.result.canonical import canonical_json
from sendrules.verify import verify

from subprocess_cli import sendrules as run_cli
from test_overlay import EXAMPLE, RULES, plan_case

AS_AT = dt.date(2026, 1, 5)


def result_file(tmp_path: Path, rb, case: dict, name: str = "result.json", all_outcomes: bool = False,
                explain: bool = False, **kw) -> Path:
    """The bytes `sendrules evaluate --format json` writes for one case."""
    ev = evaluate_with(rb, "case", case, AS_AT, explain=explain, **kw)
    p = tmp_path / name
    p.write_text(canonical_json(document(ev, all_outcomes, explain)) + "\n", encoding="utf-8")
    return p


def case_file(tmp_path: Path, case: dict, name: str = "case.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(case, indent=1), encoding="utf-8")
    return p


CASE = plan_case("2025-03-03", 19, "V-1")


@pytest.mark.parametrize("kw", [
    {},
    {"settings": {"due_soon_days": 3}},
    {"parameters": {"assessment_decision_weeks": 8}},
    {"all_outcomes": True},
    {"explain": True},
])
def test_a_result_is_reproduced_byte_for_byte(rulebook, tmp_path, kw):
    res = result_file(tmp_path, rulebook, CASE, **kw)
    v = verify(res, case_file(tmp_path, CASE), RULES)
    assert v.reproduced and v.same_content and v.input_matches and v.rulebook_matches, report(v)
    assert not v.differing_outcomes and not v.changed_groups
    assert report(v)[0] == "reproduced: the same result, byte for byte"


def test_a_result_with_an_overlay_is_replayed_with_it_and_the_overlay_checked(rulebook, tmp_path):
    overlaid = sendrules.load_rulebook(RULES, overlay=EXAMPLE)
    res = result_file(tmp_path, overlaid, CASE)
    case = case_file(tmp_path, CASE)
    v = verify(res, case, RULES)
    assert v.reproduced and v.overlay == str(EXAMPLE) and v.overlay_matches
    # the overlay moved: --overlay names where it is now; the receipt's file differs, so the bytes do too
    moved = tmp_path / "moved.yaml"
    shutil.copy(EXAMPLE, moved)
    v = verify(res, case, RULES, moved)
    assert v.overlay_matches and v.rulebook_matches and v.same_content is False and not v.reproduced
    assert not v.differing_outcomes    # the outcomes are the same; only the receipt's file name differs
    # the overlay was edited since: the hash says so, and the outcome that changed is named
    moved.write_text(EXAMPLE.read_text(encoding="utf-8").replace("value: 18", "value: 20"), encoding="utf-8")
    v = verify(res, case, RULES, moved)
    assert not v.overlay_matches and not v.rulebook_matches and not v.reproduced
    assert "plan.final_plan" in v.changed_groups["plan"]
    assert ("plan.final_plan[R1]", "met_late", "met") in v.differing_outcomes


def test_a_different_case_is_caught_by_the_input_hash(rulebook, tmp_path):
    res = result_file(tmp_path, rulebook, CASE)
    other = plan_case("2025-03-03", 17, "V-1")
    v = verify(res, case_file(tmp_path, other), RULES)
    assert not v.input_matches and not v.reproduced and v.rulebook_matches
    assert ("plan.final_plan[R1]", "met", "met (a value or date differs)") in v.differing_outcomes
    lines = "\n".join(report(v))
    assert "DIFFERS from the case evaluated" in lines and "2025-" not in lines   # no dates echoed


def test_a_reformatted_result_has_the_same_content_but_not_the_same_bytes(rulebook, tmp_path):
    res = result_file(tmp_path, rulebook, CASE)
    res.write_text(json.dumps(json.loads(res.read_text(encoding="utf-8")), indent=2), encoding="utf-8")
    v = verify(res, case_file(tmp_path, CASE), RULES)
    assert v.same_content and not v.reproduced
    assert report(v)[0].startswith("same content, different bytes")


def test_a_changed_rulebook_names_the_rules_that_changed(rulebook, tmp_path):
    res = result_file(tmp_path, rulebook, CASE)
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    params = rules / "parameters.yaml"
    text = params.read_text(encoding="utf-8")
    assert text.count("        value: 20\n") == 1
    params.write_text(text.replace("        value: 20\n", "        value: 18\n"), encoding="utf-8")
    v = verify(res, case_file(tmp_path, CASE), rules)
    assert not v.rulebook_matches and not v.reproduced
    # only the plan group's digest moved: the parameter is read by plan.final_plan alone
    assert list(v.changed_groups) == ["plan"] and "plan.final_plan" in v.changed_groups["plan"]
    assert not v.missing_rules
    assert v.differing_outcomes == [("plan.final_plan[R1]", "met", "met_late")]
    assert any(line.startswith("    rules changed since, in group plan: one or more of ") and "plan.final_plan" in line
               for line in report(v))


def test_a_rule_edited_in_a_group_the_result_did_not_use_changes_no_group(rulebook, tmp_path):
    """A rulebook edit outside the rules a result applied moves the rulebook hash but no group digest."""
    res = result_file(tmp_path, rulebook, CASE)
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    la = rules / "local_area.yaml"
    la.write_text(la.read_text(encoding="utf-8").replace("description: >", "description: >\n  Edited.", 1),
                  encoding="utf-8")
    v = verify(res, case_file(tmp_path, CASE), rules)
    assert not v.rulebook_matches and not v.changed_groups and not v.missing_rules
    assert "    none of the rules this result applied has changed (the change is elsewhere)" in report(v)


def test_what_is_not_a_result_is_invalid_input(rulebook, tmp_path):
    case = case_file(tmp_path, CASE)
    for text in ("[]", '{"outcomes": {}}', "not json"):
        bad = tmp_path / "bad.json"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(InputError):
            verify(bad, case, RULES)
    res = result_file(tmp_path, rulebook, CASE)
    doc = json.loads(res.read_text(encoding="utf-8"))
    doc["receipt"]["as_at"] = "yesterday"
    res.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match="receipt.as_at is not a date"):
        verify(res, case, RULES)


def test_an_overlay_path_from_the_receipt_opens_only_an_overlay_file(rulebook, tmp_path):
    """Found by the bad-input probe: a tampered receipt naming /etc/passwd as its overlay had verify
    open and parse that file. A receipt's path must name a YAML file; --overlay may name any."""
    overlaid = sendrules.load_rulebook(RULES, overlay=EXAMPLE)
    res = result_file(tmp_path, overlaid, CASE)
    case = case_file(tmp_path, CASE)
    doc = json.loads(res.read_text(encoding="utf-8"))
    doc["receipt"]["overlay"]["file"] = "/etc/passwd"
    res.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match="does not name a YAML overlay file; give the overlay with --overlay"):
        verify(res, case, RULES)
    assert verify(res, case, RULES, EXAMPLE).overlay_matches    # named by the user: opened


def test_the_command_exits_0_when_reproduced_and_1_when_not(tmp_path):
    case = case_file(tmp_path, CASE)
    made = run_cli("evaluate", case, "--as-at", "2026-01-05", "--format", "json", "--overlay", EXAMPLE)
    assert made.returncode == 0, made.stderr
    res = tmp_path / "r.json"
    res.write_bytes(made.stdout)
    ok = run_cli("verify", res, case, "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["reproduced"] is True, ok.stderr
    res.write_bytes(made.stdout.replace(b'"status":"met_late"', b'"status":"met"', 1))
    bad = run_cli("verify", res, case)
    assert bad.returncode == 1 and bad.stdout.startswith(b"NOT reproduced")

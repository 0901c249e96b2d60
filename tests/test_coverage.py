"""The coverage gate: every rule and exception label is reached by a bundled scenario, or is on the
reviewed allow-list with a reason; and the gate's own machinery can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendrules.coverage.allowlist import ALLOWLIST_NAME, read_allowlist
from sendrules.coverage.collect import Coverage, Target, collect, reachable_statuses, targets_of
from sendrules.coverage.report import gate, html_page, text_lines
from sendrules.scenarios.runner import scenario_files

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "rules" / "scenarios"


@pytest.fixture(scope="module")
def bundled(rulebook) -> Coverage:
    return collect(rulebook, scenario_files(SCENARIOS))


def test_every_rule_and_exception_label_is_reached_or_allowed(bundled):
    allowed, problems = read_allowlist(ROOT / "rules" / ALLOWLIST_NAME, bundled)
    verdict = gate(bundled, allowed, problems)
    assert verdict.problems == []
    assert [str(t) for t in verdict.gaps] == [], (
        "reached by no scenario: write one from the law (docs/scenarios.md), or allow-list it with the reason")


def test_every_rule_is_reached(bundled):
    """Rules themselves are never allow-listed today: each is reached by some scenario."""
    assert [str(t) for t in bundled.unreached(("rule",))] == []


def test_a_rule_no_scenario_reaches_fails_the_gate(rulebook):
    one = SCENARIOS / "definitions.yaml"
    cov = collect(rulebook, [one])
    verdict = gate(cov, [], [])
    assert not verdict.ok
    assert Target("appeal.deadline_cease") in verdict.gaps
    text = "\n".join(text_lines(cov, verdict))
    assert "NOT REACHED" in text and "coverage gate: FAILED" in text


def test_reach_is_recorded_per_scenario(bundled):
    who = bundled.scenarios_reaching(Target("assessment.decision_whether_to_assess", status="met_late"))
    assert who and all(":" in w for w in who)
    # an exception label is reached only when its condition held
    assert bundled.scenarios_reaching(Target("assessment.decision_whether_to_assess", label="absence_from_area"))


def test_status_targets_follow_the_duty_shape(rulebook):
    progs = rulebook.programs
    assert "excepted" in reachable_statuses(progs["assessment.decision_whether_to_assess"])
    assert reachable_statuses(progs["csa.end_date"]) == ()
    untimed = [p for p in progs.values() if p.kind == "duty" and "overdue" not in reachable_statuses(p)]
    assert untimed and all(reachable_statuses(p) == ("met", "pending") for p in untimed)


def _allow(tmp_path: Path, text: str) -> Path:
    p = tmp_path / ALLOWLIST_NAME
    p.write_text(text, encoding="utf-8")
    return p


def test_allowlist_entries_need_a_reason_a_real_target_and_no_reach(bundled, tmp_path):
    unreached = bundled.unreached()
    reached = Target("assessment.decision_whether_to_assess", label="absence_from_area")
    lines = ["# comment", "assessment.decision_whether_to_asess a misspelt rule id here",
             f"{reached} this label is in fact reached by scenarios"]
    if unreached:
        lines += [f"{unreached[0]} too short", f"{unreached[0]}"]
    allowed, problems = read_allowlist(_allow(tmp_path, "\n".join(lines) + "\n"), bundled)
    assert allowed == []
    assert any(":2: " in p and "did you mean" in p for p in problems)
    assert any(":3: " in p and "remove it from the allow-list" in p for p in problems)
    if unreached:
        assert any(":4: " in p and "give the reason" in p for p in problems)
    assert not gate(bundled, allowed, problems).ok


def test_an_allowlisted_gap_passes_and_is_reported(rulebook, tmp_path):
    cov = collect(rulebook, [SCENARIOS / "definitions.yaml"])
    lines = [f"{t} unreachable in this probe: the probe runs one file" for t in cov.unreached()]
    allowed, problems = read_allowlist(_allow(tmp_path, "\n".join(lines)), cov)
    verdict = gate(cov, allowed, problems)
    assert verdict.ok and len(verdict.allowed) == len(cov.unreached())
    assert "Allowed unreached" in "\n".join(text_lines(cov, verdict))


def test_targets_cover_every_label_of_every_version(rulebook):
    ts = targets_of(rulebook)
    labels = {t.label for t in ts if t.rule == "assessment.decision_whether_to_assess" and t.label}
    assert {"absence_from_area", "school_closure", "coronavirus"} <= labels


def test_html_report_escapes_and_lists_the_gaps(rulebook, tmp_path):
    cov = collect(rulebook, [SCENARIOS / "definitions.yaml"])
    page = html_page(cov, gate(cov, [], []))
    assert page.startswith("<!doctype html>") and 'id="gaps"' in page and "Gate failed" in page
    assert "<script" not in page


def test_coverage_page_in_a_browser(bundled, rulebook, tmp_path):
    from browser import chromium_page
    allowed, problems = read_allowlist(ROOT / "rules" / ALLOWLIST_NAME, bundled)
    out = tmp_path / "coverage.html"
    out.write_text(html_page(bundled, gate(bundled, allowed, problems)), encoding="utf-8")
    with chromium_page() as page:
        page.goto(out.as_uri())
        assert page.title() == "sendrules: scenario coverage"
        rows = page.locator("#rules tr").count()
        assert rows == len(rulebook.programs) + 1
        assert "Gate passed" in page.inner_text("body")
        if Path("/work/briefs/shots").is_dir():
            page.screenshot(path="/work/briefs/shots/coverage-report.png")

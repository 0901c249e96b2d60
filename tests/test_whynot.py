"""Why-not: `--explain` says which condition decided each outcome, in plain English."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sendrules.explain.text import report

ROOT = Path(__file__).resolve().parents[1]
AS_AT = dt.date(2026, 3, 1)
DUTY = "assessment.decision_whether_to_assess[R1]"


def _report(rulebook, example: str, explain: bool = True) -> str:
    case = json.loads((ROOT / "examples" / example).read_text(encoding="utf-8"))
    from sendrules.engines import evaluate_with
    ev = evaluate_with(rulebook, "case", case, AS_AT, explain=explain)
    return report(ev, explain=explain)


def _block(text: str, key: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if key in line and ("due " in line or "no due date" in line))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  ") and not lines[i].startswith("      ")
                and not lines[i].startswith("           ")), len(lines))
    return "\n".join(lines[start:end])


def test_overdue_says_the_due_date_and_why_no_exception_applied(rulebook):
    block = _block(_report(rulebook, "02-six-week-duty-overdue.json"), DUTY)
    assert "Why: overdue: not done by the as-at date, 62 day(s) after the due date; due 29 December 2025, 6 weeks " \
           "after the date the duty was triggered" in block
    assert "no exception lifted the time limit:" in block
    assert ("absence_from_area: not so: one of the continuous periods the child, parent or young person was absent "
            "from the LA's area lasted at least 28 days (4 weeks)") in block


def test_excepted_names_the_exception_and_its_conditions(rulebook):
    block = _block(_report(rulebook, "06-absence-exception.json"), DUTY)
    assert "but lifted by: absence_from_area" in block
    assert "absence_from_area: the council's answer is yes to “Was it impractical" in block


def test_met_and_pending_say_when(rulebook):
    text = _report(rulebook, "01-six-week-duty-met.json")
    assert "Why: met: done on 10 December 2025, on or before the due date" in _block(text, DUTY)
    assert "Why: not yet due: due 23 March 2026" in _block(text, "plan.final_plan[R1]")


def test_not_applicable_names_the_applies_when_part_that_failed(rulebook):
    text = _report(rulebook, "06-absence-exception.json")
    i = text.index("  plans.may_continue_past_25: not applicable")
    assert "Why: not applicable, because this does not hold:" in text[i:i + 600]
    assert "not so:" in text[i:i + 600]


def test_not_triggered_says_what_starts_it(rulebook):
    block = _block(_report(rulebook, "06-absence-exception.json"), "cease.decision_notice[R1]")
    assert ("Why: not triggered: the date the authority determined to cease to maintain the plan is not recorded on "
            "or before the as-at date") in block


def test_no_why_without_explain(rulebook):
    assert "Why:" not in _report(rulebook, "02-six-week-duty-overdue.json", explain=False)


def test_cli_explain_shows_why(tmp_path, capsys):
    from sendrules.cli import main
    code = main(["evaluate", str(ROOT / "examples" / "02-six-week-duty-overdue.json"), "--as-at", "2026-03-01",
                 "--explain"])
    out = capsys.readouterr().out
    assert code == 0 and "Why: overdue" in out

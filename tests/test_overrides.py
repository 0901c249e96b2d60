"""Settings and parameter overrides are checked against their declared type and range, and the
two engines agree at the end of the calendar (issue 12: an OverflowError from a setting of 1
followed by 400 zeros, and from the durable engine at an as-at date in the last week of 9999)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import sendrules
from sendrules.durable import host
from sendrules.durable.backend import soon_limit
from casebuilders import REPO, child_request_case
from subprocess_cli import error_doc, sendrules as run

EXAMPLE = REPO / "examples" / "07-plan-reviews-and-notices.json"


def test_a_huge_setting_on_the_command_line_is_invalid_input():
    proc = run("evaluate", EXAMPLE, "--as-at", "2026-01-15", "--setting", "due_soon_days=1" + "0" * 400,
               "--format", "json")
    assert proc.returncode == 2, proc.stderr
    assert error_doc(proc)["problems"] == ["07-plan-reviews-and-notices.json: settings.due_soon_days: must be from "
                                           "0 to 366"]


@pytest.mark.parametrize("value", [10 ** 400, 3_000_000, float("1e308")], ids=["10**400", "3e6", "1e308"])
def test_a_huge_setting_through_the_api_is_invalid_input(rulebook, value):
    with pytest.raises(sendrules.InputError, match="settings.due_soon_days: must be"):
        sendrules.evaluate(rulebook, child_request_case(), dt.date(2025, 3, 1), settings={"due_soon_days": value})


def test_the_largest_allowed_setting_evaluates(rulebook):
    result = sendrules.evaluate(rulebook, child_request_case(), dt.date(2025, 1, 7), settings={"due_soon_days": 366})
    assert result.outcomes["assessment.decision_whether_to_assess[r1]"].status == "due_soon"


def test_the_soon_limit_stops_at_the_calendars_last_day():
    assert soon_limit(dt.date(2026, 1, 15), 7) == dt.date(2026, 1, 22)
    assert soon_limit(dt.date(9999, 12, 26), 7) == dt.date.max
    assert soon_limit(dt.date.max, 0) == dt.date.max


@pytest.mark.skipif(not host.available(), reason="durable-rules is not installed")
@pytest.mark.parametrize("as_at,settings", [
    ("9999-12-25", {}), ("9999-12-26", {}), ("9999-12-31", {}), ("9999-06-01", {"due_soon_days": 366}),
])
def test_both_engines_agree_at_the_end_of_the_calendar(rulebook, as_at, settings):
    case = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    docs = []
    for engine in ("python", "durable"):
        doc = sendrules.evaluate(rulebook, case, dt.date.fromisoformat(as_at), settings=settings, engine=engine).to_dict()
        for key in ("engine", "run_hash"):
            doc["receipt"].pop(key)
        docs.append(doc)
    assert docs[0] == docs[1]


def test_parameters_declare_their_range_and_check_reports_values_outside_it():
    rb, diags = sendrules.check_rules(REPO / "tests" / "fixtures" / "rules" / "bad" / "parameter_out_of_range")
    assert rb is None
    assert [d.line for d in diags] == [12, 21]

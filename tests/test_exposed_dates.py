"""A check or decision may not hide a date it computes (compile/exposed_dates.py, docs/adr/0016)."""

from __future__ import annotations

import pytest

import sendrules
from casebuilders import FIXTURE_RULES
from sendrules.calendar.working_days import england_calendar
from sendrules.compile.exposed_dates import hidden_dates
from sendrules.compile.functions import DATE_ARITHMETIC, DATE_SELECTIONS, function_table
from sendrules.core import types as T


@pytest.mark.parametrize("source, found", [
    ("a > last_day_beginning_with(b, 15)", ["last_day_beginning_with"]),
    ("add_weeks(b, 2) <= a", ["add_weeks"]),
    ("a is not None and a <= appeal_deadline(b, c)", ["appeal_deadline"]),
    ("first_late_cycle(xs, date(2014, 9, 1), 12) is None", ["first_late_cycle"]),
    ("latest_date_before(xs, add_days(b, 1)) is not None", ["add_days"]),
    ("a < date(year(b), 3, 31)", ["date"]),
    ("a >= date(2018, 4, 1)", []),
    ("a > named.window_end and a >= b", []),
    ("latest_date_before(xs, b) is not None", []),
    ("a if add_days(b, 1) is None else c", ["add_days"]),
    ("f(add_days(b, 1))", []),           # an argument, not a comparison: the call itself is what is shown
    ("(", []),                           # unparseable: left to the expression compiler
])
def test_hidden_dates_finds_date_arithmetic_inside_comparisons(source, found):
    assert hidden_dates(source) == found


def test_every_function_returning_a_date_is_classified_once():
    table = function_table(england_calendar())
    returning_dates = {name for name, f in table.items() if f.returns == T.DATE}
    assert DATE_ARITHMETIC.isdisjoint(DATE_SELECTIONS)
    assert returning_dates == DATE_ARITHMETIC | DATE_SELECTIONS, (
        "a new function returning a date must be listed in DATE_ARITHMETIC or DATE_SELECTIONS")


def test_the_fixture_reports_exactly_the_hidden_dates():
    rb, diags = sendrules.check_rules(FIXTURE_RULES / "bad" / "hidden_dates")
    errors = sorted((d.line, d.key) for d in diags if d.severity == "error")
    # the value rule and the check reading it (rules[3], rules[4]) are accepted
    assert errors == [(13, "rules[0].value"), (28, "rules[1].exceptions[0].when"), (44, "rules[2].value")]
    assert rb is None


def test_no_bundled_check_or_decision_compares_a_computed_date():
    rb = sendrules.load_rulebook()
    for prog in rb.programs.values():
        if prog.kind not in ("check", "decision"):
            continue
        for v in prog.versions:
            for expr in (v.rule.value, v.rule.default, *(e.when for e in v.rule.exceptions)):
                if expr is not None:
                    assert hidden_dates(str(expr)) == [], f"{prog.id} ({v.file}:{v.line})"

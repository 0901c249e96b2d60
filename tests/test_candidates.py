"""An unknown that is one of a few values (from an if/else on an unknown condition): what is
decided anyway is known; what is not stays unknown with every missing name."""

from __future__ import annotations

import datetime as dt

import sendrules
from sendrules.calendar.working_days import england_calendar
from sendrules.core import types as T
from sendrules.compile.expressions import ExprError, compile_expression
from sendrules.core.runtime import Env, Symbol
from sendrules.compile.functions import function_table
from sendrules.core.values import Unknown

FUNCS = function_table(england_calendar())
SYMS = {"x": Symbol("x", T.BOOL, "fact", 0), "d": Symbol("d", T.DATE, "fact", 1)}


class _R:
    def knows(self, name: str) -> bool:
        return name in SYMS

    def resolve(self, name: str) -> Symbol:
        if name not in SYMS:
            raise ExprError(name)
        return SYMS[name]


def ev(src: str, x, d=dt.date(2025, 6, 2)):
    return compile_expression(src, _R(), FUNCS).fn(Env([x, d]))


def test_if_else_on_unknown_keeps_both_values_as_candidates():
    u = ev("10 if x else 14", Unknown(missing=frozenset({"x"})))
    assert type(u) is Unknown and u.missing == {"x"} and u.candidates == {10, 14}


def test_function_maps_over_candidates():
    u = ev("add_weeks(d, 10 if x else 14)", Unknown(missing=frozenset({"x"})))
    assert type(u) is Unknown and u.candidates == {dt.date(2025, 8, 11), dt.date(2025, 9, 8)}


def test_results_that_agree_are_known():
    assert ev("year(add_weeks(d, 10 if x else 14))", Unknown(missing=frozenset({"x"}))) == 2025


def test_known_condition_is_unaffected():
    assert ev("add_weeks(d, 10 if x else 14)", True) == dt.date(2025, 8, 11)


def _case(**tribunal):
    return {"schema_version": "2.0", "case_id": "c", "person": {"birth_date": "2012-02-02"},
            "requests": [{"request_id": "R1", "tribunal": {"order_date": "2025-06-02", "order": "assess", **tribunal}}]}


def test_duty_met_under_every_possible_due_date(rulebook):
    # Reg 44(2)(b): 10 weeks (11 Aug 2025) for a no-plan decision, 14 weeks (8 Sep) for a plan.
    res = sendrules.evaluate(rulebook, _case(outcome_notified_date="2025-08-04"), dt.date(2025, 9, 15))
    o = res.outcomes["tribunal.assessment_outcome[R1]"]
    assert o.status == "met"
    assert o.duty.due_alternatives == [dt.date(2025, 8, 11), dt.date(2025, 9, 8)]


def test_duty_undetermined_when_the_possible_due_dates_disagree(rulebook):
    # Sent 25 Aug: late for a no-plan decision, in time for a plan; the outcome is not recorded.
    res = sendrules.evaluate(rulebook, _case(outcome_notified_date="2025-08-25"), dt.date(2025, 9, 15))
    o = res.outcomes["tribunal.assessment_outcome[R1]"]
    assert o.status == "undetermined" and o.missing == ["request.tribunal.outcome"]


def test_pending_reports_the_earliest_possible_due_date(rulebook):
    res = sendrules.evaluate(rulebook, _case(), dt.date(2025, 7, 1))
    o = res.outcomes["tribunal.assessment_outcome[R1]"]
    assert o.status == "pending" and o.duty.due == dt.date(2025, 8, 11) and o.duty.days_left == 41


def test_lateness_is_counted_from_the_latest_possible_due_date(rulebook):
    # Nothing sent by 1 Oct 2025: overdue under both; counted from 8 Sep (23 days), never overstated.
    res = sendrules.evaluate(rulebook, _case(), dt.date(2025, 10, 1))
    o = res.outcomes["tribunal.assessment_outcome[R1]"]
    assert o.status == "overdue" and o.duty.due == dt.date(2025, 9, 8) and o.duty.days_overdue == 23

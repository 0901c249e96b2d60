"""The timescale primitives of the statutory-clock rules. Every expected date is worked by hand.

England bank holidays used: 2025: 1 Jan, Fri 18 Apr (Good Friday), Mon 21 Apr, 5 May, 26 May,
25 Aug, 25-26 Dec. 2026: 1 Jan, Fri 3 Apr, Mon 6 Apr, 4 May, 25 May, Mon 31 Aug, Fri 25 Dec,
Mon 28 Dec (Boxing Day substitute).
"""

from __future__ import annotations

import datetime as dt

import pytest

from sendrules.calendar import dates
from sendrules.calendar.working_days import appeal_deadline, england_calendar

D = dt.date
CAL = england_calendar()


@pytest.mark.parametrize("start,n,last", [
    (D(2025, 3, 3), 15, D(2025, 3, 17)),    # reg 13(1)(a): served day is day 1, so day 15 is served + 14
    (D(2024, 2, 20), 15, D(2024, 3, 5)),    # across 29 February 2024
    (D(2025, 12, 24), 15, D(2026, 1, 7)),
    (D(2025, 3, 3), 1, D(2025, 3, 3)),
])
def test_last_day_beginning_with(start, n, last):
    assert dates.last_day_beginning_with(start, n) == last


@pytest.mark.parametrize("start,n,last", [
    (D(2025, 3, 10), 12, D(2026, 3, 9)),    # CFA s44(1): the day before the anniversary
    (D(2024, 2, 29), 12, D(2025, 2, 28)),   # no 29 Feb 2025: the period runs to the end of February
    (D(2024, 2, 29), 48, D(2028, 2, 28)),   # 29 Feb 2028 exists: the day before it
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),    # leap year
    (D(2025, 11, 30), 3, D(2026, 2, 28)),   # reg 15(5)(b) three months beginning with the transfer
    (D(2025, 8, 11), 3, D(2025, 11, 10)),
    (D(2025, 12, 31), 12, D(2026, 12, 30)),
])
def test_last_day_of_months_starting_with(start, n, last):
    assert dates.last_day_of_months_starting_with(start, n, "mar_1") == last


@pytest.mark.parametrize("start,n,mar_1,feb_28", [
    (D(2024, 2, 29), 12, D(2025, 2, 28), D(2025, 2, 27)),   # a 29 February anniversary in a common year
    (D(2024, 2, 29), 36, D(2027, 2, 28), D(2027, 2, 27)),
    (D(2024, 2, 29), 48, D(2028, 2, 28), D(2028, 2, 28)),   # 29 Feb 2028 exists: the rule does not matter
    (D(2024, 2, 29), 3, D(2024, 5, 28), D(2024, 5, 28)),    # 29 May exists
    (D(2025, 1, 29), 1, D(2025, 2, 28), D(2025, 2, 28)),    # a month end, not a 29 February anniversary
])
def test_leap_day_anniversary_rule_decides_only_a_29_february_anniversary(start, n, mar_1, feb_28):
    assert dates.last_day_of_months_starting_with(start, n, "mar_1") == mar_1
    assert dates.last_day_of_months_starting_with(start, n, "feb_28") == feb_28
    if mar_1 == feb_28:   # where the rule does not matter, none need be given
        assert dates.last_day_of_months_starting_with(start, n, "not_applicable") == mar_1


def test_a_29_february_anniversary_needs_a_rule():
    with pytest.raises(ValueError):
        dates.last_day_of_months_starting_with(D(2024, 2, 29), 12, "not_applicable")


def test_day_before_a_fixed_date():
    assert dates.day_before(D(2026, 2, 15)) == D(2026, 2, 14)   # reg 18(1)(b) "before 15th February"
    assert dates.day_before(D(2024, 3, 1)) == D(2024, 2, 29)


def test_notice_records():
    notices = (("final_plan", D(2025, 5, 2), frozenset({"right_to_appeal"})),
               ("final_plan", D(2025, 4, 30), None),
               ("no_plan", D(2025, 4, 1), frozenset()))
    assert dates.notice_date(notices, "final_plan") == D(2025, 4, 30)      # the earliest
    assert dates.notice_elements(notices, "final_plan") is None           # earliest had no content recorded
    assert dates.notice_elements(notices, "no_plan") == frozenset()
    assert dates.notice_date(notices, "review_decision") is None
    assert dates.notice_elements((), "final_plan") is None


# A school closed from Wed 23 July 2025 and re-opening Wed 3 September 2025 (42 days): the window is
# from one week before the closure (16 July) to one week before re-opening (27 August).
SUMMER = (("school_or_post16", D(2025, 7, 23), D(2025, 9, 3)),)


@pytest.mark.parametrize("asked,expected", [
    (D(2025, 7, 15), False), (D(2025, 7, 16), True), (D(2025, 8, 27), True), (D(2025, 8, 28), False)])
def test_advice_in_closure_window_edges(asked, expected):
    advice = (("school_head_or_principal", asked),)
    assert dates.advice_in_closure_window(advice, SUMMER, "school_head_or_principal", "school_or_post16", 28) is expected


def test_advice_in_closure_window_needs_four_weeks_the_right_adviser_and_setting():
    short = (("school_or_post16", D(2025, 7, 23), D(2025, 8, 19)),)       # 27 days
    asked = (("school_head_or_principal", D(2025, 8, 1)),)
    assert not dates.advice_in_closure_window(asked, short, "school_head_or_principal", "school_or_post16", 28)
    exactly = (("school_or_post16", D(2025, 7, 23), D(2025, 8, 20)),)     # 28 days
    assert dates.advice_in_closure_window(asked, exactly, "school_head_or_principal", "school_or_post16", 28)
    assert not dates.advice_in_closure_window((("health", D(2025, 8, 1)),), SUMMER,
                                              "school_head_or_principal", "school_or_post16", 28)
    assert not dates.advice_in_closure_window(asked, SUMMER, "early_years_provider", "early_years", 28)


@pytest.mark.parametrize("sent,certificate,deadline", [
    (D(2025, 11, 8), None, D(2026, 1, 8)),          # plain 2 months, a Thursday
    (D(2025, 10, 24), None, D(2025, 12, 24)),       # Wed 24 Dec is before the holiday period
    (D(2025, 10, 27), None, D(2026, 1, 2)),         # Sat 27 Dec -> first working day after 1 Jan
    (D(2025, 11, 1), None, D(2026, 1, 2)),          # 1 Jan itself is in the period
    (D(2025, 6, 2), None, D(2025, 9, 1)),           # Sat 2 Aug -> first working day after Sun 31 Aug
    (D(2026, 6, 29), None, D(2026, 9, 1)),          # 29 Aug 2026; Mon 31 Aug is a bank holiday -> Tue 1 Sep
    (D(2025, 12, 31), None, D(2026, 3, 2)),         # 28 Feb 2026 is a Saturday -> Mon 2 Mar
    (D(2025, 3, 3), D(2025, 4, 10), D(2025, 5, 12)),  # later of Sat 3 May and Sat 10 May -> Mon 12 May
    (D(2025, 3, 3), D(2025, 3, 20), D(2025, 5, 6)),   # Sat 3 May is later; Mon 5 May bank holiday -> Tue 6 May
])
def test_appeal_deadline(sent, certificate, deadline):
    assert appeal_deadline(CAL, sent, certificate) == deadline


@pytest.mark.parametrize("start,n,result", [
    (D(2025, 4, 16), 3, D(2025, 4, 23)),    # Thu 17, (Good Fri 18, w/e, Easter Mon 21), Tue 22, Wed 23
    (D(2025, 12, 23), 3, D(2025, 12, 30)),  # Wed 24, (25, 26, w/e), Mon 29, Tue 30
    (D(2025, 7, 28), -5, D(2025, 7, 21)),   # five working days before Mon 28 July
])
def test_working_days_for_mediation_limits(start, n, result):
    assert CAL.add_working_days(start, n) == result


def test_latest_dates():
    meetings = (D(2024, 5, 20), D(2025, 6, 2))
    assert dates.latest_date_in(meetings) == D(2025, 6, 2)
    assert dates.latest_date_in(()) is None
    assert dates.latest_date_before(meetings, D(2025, 6, 2)) == D(2024, 5, 20)
    assert dates.latest_date_before(meetings, D(2024, 5, 20)) is None


@pytest.mark.parametrize("period_from,period_to,expected", [
    (D(2025, 8, 1), D(2025, 9, 30), True),     # asked on the first day the limit ran: counted
    (D(2025, 7, 1), D(2025, 8, 1), True),      # asked on the due date: counted
    (D(2025, 8, 2), D(2025, 9, 30), False),    # asked the day before the limit began (an earlier process)
    (D(2025, 6, 1), D(2025, 7, 31), False),    # asked the day after the due date
])
def test_advice_in_closure_window_only_while_the_limit_ran(period_from, period_to, expected):
    """Reg 10(4)(a): the limit is impractical *because* advice was asked in the window, so the
    advice must have been asked while that limit ran (both ends counted)."""
    asked = (("school_head_or_principal", D(2025, 8, 1)),)
    assert dates.advice_in_closure_window(asked, SUMMER, "school_head_or_principal", "school_or_post16", 28,
                                          period_from, period_to) is expected

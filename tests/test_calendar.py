"""Calendar primitives: date arithmetic as English law counts it, and working days in England.

Every expected date below was worked out by hand from a calendar (noted beside it), not by
calling the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sendrules.calendar import dates
from sendrules.calendar.working_days import england_calendar

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return england_calendar()


# --- add_days / add_weeks / add_months ---------------------------------------------------------

@pytest.mark.parametrize("start,n,want", [
    ("2025-01-06", 6, "2025-02-17"),   # Mon 6 Jan + 42 days: 25 left in Jan, 17 into Feb (Mon)
    ("2024-02-01", 4, "2024-02-29"),   # leap year: 1 Feb + 28 days
    ("2023-02-01", 4, "2023-03-01"),
    ("2024-12-20", 2, "2025-01-03"),   # across the year end
    ("2025-03-10", 0, "2025-03-10"),
    ("2025-03-10", -1, "2025-03-03"),
])
def test_add_weeks(start, n, want):
    assert dates.add_weeks(D(start), n) == D(want)


@pytest.mark.parametrize("start,n,want", [
    ("2023-01-31", 1, "2023-02-28"),   # 31 Jan + 1 month: no 31 Feb, so the month's last day
    ("2024-01-31", 1, "2024-02-29"),   # in a leap year the last day is the 29th
    ("2023-01-31", 2, "2023-03-31"),   # counted from the start date, not chained via February
    ("2023-03-31", 1, "2023-04-30"),
    ("2023-08-31", 1, "2023-09-30"),
    ("2024-02-29", 12, "2025-02-28"),
    ("2023-03-31", -1, "2023-02-28"),
    ("2023-12-15", 1, "2024-01-15"),
    ("2023-05-31", 9, "2024-02-29"),
])
def test_add_months_at_month_ends(start, n, want):
    assert dates.add_months(D(start), n) == D(want)


def test_add_days_and_days_between():
    assert dates.add_days(D("2024-02-28"), 1) == D("2024-02-29")
    assert dates.add_days(D("2023-02-28"), 1) == D("2023-03-01")
    assert dates.days_between(D("2025-01-06"), D("2025-02-17")) == 42
    assert dates.days_between(D("2025-02-17"), D("2025-01-06")) == -42


# --- birthdays (FLRA 1969 s9) and 29 February ---------------------------------------------------

@pytest.mark.parametrize("dob,age,rule,want", [
    ("2008-05-10", 16, "mar_1", "2024-05-10"),
    ("2008-05-10", 16, "feb_28", "2024-05-10"),     # the rule matters only for 29 February
    ("2008-02-29", 16, "mar_1", "2024-02-29"),      # 2024 is a leap year: the real anniversary
    ("2008-02-29", 16, "feb_28", "2024-02-29"),
    ("2008-02-29", 17, "mar_1", "2025-03-01"),      # 2025 is common
    ("2008-02-29", 17, "feb_28", "2025-02-28"),
    ("2000-02-29", 25, "mar_1", "2025-03-01"),
    ("2000-02-29", 25, "feb_28", "2025-02-28"),
    ("1996-02-29", 104, "mar_1", "2100-03-01"),     # 2100 is not a leap year (century rule)
    ("1996-02-29", 104, "feb_28", "2100-02-28"),
    ("1996-02-29", 4, "mar_1", "2000-02-29"),       # 2000 is (divisible by 400)
    ("2000-02-28", 1, "mar_1", "2001-02-28"),
    ("2000-03-01", 1, "feb_28", "2001-03-01"),
])
def test_birthday(dob, age, rule, want):
    assert dates.birthday(D(dob), age, rule) == D(want)


def test_birthday_unknown_leap_rule_only_matters_for_29_february():
    assert dates.birthday(D("2001-06-01"), 16, "no_such_rule") == D("2017-06-01")
    with pytest.raises(ValueError, match="leap_day_rule"):
        dates.birthday(D("2008-02-29"), 17, "no_such_rule")


def test_is_29_february():
    assert dates.is_29_february(D("2008-02-29"))
    assert not dates.is_29_february(D("2008-02-28"))
    assert not dates.is_29_february(D("2008-03-01"))


# --- school leaving date and anniversaries -----------------------------------------------------

@pytest.mark.parametrize("year,month,weekday,want", [
    (2023, 6, "friday", "2023-06-30"),   # 30 June 2023 is itself a Friday
    (2024, 6, "friday", "2024-06-28"),   # 30 June 2024 is a Sunday
    (2025, 6, "friday", "2025-06-27"),   # 30 June 2025 is a Monday
    (2026, 6, "friday", "2026-06-26"),   # 30 June 2026 is a Tuesday
    (2025, 8, "monday", "2025-08-25"),   # 31 August 2025 is a Sunday
    (2026, 8, "Monday", "2026-08-31"),   # 31 August 2026 is a Monday; case-insensitive
    (2024, 2, "thursday", "2024-02-29"), # leap day
])
def test_last_weekday_of_month(year, month, weekday, want):
    assert dates.last_weekday_of_month(year, month, weekday) == D(want)


def test_last_weekday_of_month_rejects_unknown_weekday():
    with pytest.raises(KeyError):
        dates.last_weekday_of_month(2025, 6, "fryday")


@pytest.mark.parametrize("d,month,day,want", [
    ("2025-03-01", 7, 31, "2025-07-31"),
    ("2025-07-31", 7, 31, "2025-07-31"),   # on: the same day counts
    ("2025-08-01", 7, 31, "2026-07-31"),   # after: next year's
    ("2025-12-31", 1, 1, "2026-01-01"),
])
def test_first_date_on_or_after(d, month, day, want):
    assert dates.first_date_on_or_after(D(d), month, day) == D(want)


def test_month_day_and_term_starts():
    assert dates.month_day(2025, "09-01") == D("2025-09-01")
    starts = (D("2024-09-04"), D("2025-01-06"), D("2025-09-03"), D("2025-08-30"))
    assert dates.term_start_after_july(starts, 2025) == D("2025-08-30")
    assert dates.term_start_after_july(starts, 2024) == D("2024-09-04")
    assert dates.term_start_after_july(starts, 2023) is None
    assert dates.term_start_after_july((D("2025-07-31"),), 2025) is None  # July is not after July


def test_earliest_latest_year():
    assert dates.earliest(D("2025-01-02"), D("2024-12-31"), D("2025-06-01")) == D("2024-12-31")
    assert dates.latest(D("2025-01-02"), D("2024-12-31")) == D("2025-01-02")
    assert dates.year_of(D("2025-01-02")) == 2025


# --- a continuous period during a window, both ends counted ---------------------------------------

P = lambda a, b: (D(a), D(b))  # noqa: E731


@pytest.mark.parametrize("periods,start,end,want", [
    ([P("2025-01-01", "2025-01-31")], "2025-01-10", "2025-02-28", 22),   # 10..31 Jan inclusive
    ([P("2025-01-10", "2025-01-10")], "2025-01-01", "2025-01-31", 1),    # a single day counts as 1
    ([P("2025-01-01", "2025-01-10")], "2025-01-10", "2025-01-20", 1),    # touching on one day
    ([P("2025-01-01", "2025-01-09")], "2025-01-10", "2025-01-20", 0),    # ends the day before
    ([P("2025-01-21", "2025-02-01")], "2025-01-10", "2025-01-20", 0),    # starts the day after
    ([P("2024-12-01", "2025-03-01")], "2025-01-07", "2025-02-17", 42),   # covers the whole window
    # the longest single period, not the sum: 1..10 (10 days) and 15..30 (16 days)
    ([P("2025-01-01", "2025-01-10"), P("2025-01-15", "2025-01-30")], "2025-01-01", "2025-01-31", 16),
    ([P("2024-02-01", "2024-03-31")], "2024-02-01", "2024-02-29", 29),   # February of a leap year
    ([], "2025-01-01", "2025-01-31", 0),
])
def test_longest_overlap_days(periods, start, end, want):
    assert dates.longest_overlap_days(tuple(periods), D(start), D(end)) == want


def test_four_weeks_is_28_inclusive_days():
    # reg 5(4)(d): 4 weeks within the 6 weeks after a request received on Mon 6 Jan 2025
    window = (D("2025-01-07"), D("2025-02-17"))
    assert dates.longest_overlap_days((P("2025-01-20", "2025-02-16"),), *window) == 28
    assert dates.longest_overlap_days((P("2025-01-20", "2025-02-15"),), *window) == 27


# --- working days in England ---------------------------------------------------------------

@pytest.mark.parametrize("day,working", [
    # Christmas 2024: Wed 25 Christmas Day, Thu 26 Boxing Day, Wed 1 Jan 2025 New Year's Day
    ("2024-12-24", True), ("2024-12-25", False), ("2024-12-26", False), ("2024-12-27", True),
    ("2024-12-28", False), ("2024-12-29", False), ("2025-01-01", False), ("2025-01-02", True),
    # Christmas 2021 fell on a Saturday: substitute days Mon 27 and Tue 28 December
    ("2021-12-27", False), ("2021-12-28", False), ("2021-12-29", True),
    # Christmas 2022 on a Sunday: Boxing Day Mon 26, substitute for Christmas Tue 27
    ("2022-12-26", False), ("2022-12-27", False), ("2022-12-28", True),
    # Easter 2025 (Sunday 20 April): Good Friday 18 April, Easter Monday 21 April
    ("2025-04-17", True), ("2025-04-18", False), ("2025-04-21", False), ("2025-04-22", True),
    # Easter 2024 (Sunday 31 March): Good Friday 29 March, Easter Monday 1 April
    ("2024-03-29", False), ("2024-04-01", False), ("2024-04-02", True),
    # Easter 2026 (Sunday 5 April): Good Friday 3 April, Easter Monday 6 April
    ("2026-04-03", False), ("2026-04-06", False),
    # Summer bank holiday in England: the last Monday in August
    ("2024-08-26", False), ("2025-08-25", False), ("2026-08-31", False), ("2025-08-18", True),
    # Scottish holidays are working days in England
    ("2025-08-04", True),    # first Monday in August (Scotland)
    ("2025-01-02", True),    # 2 January (Scotland)
    ("2026-11-30", True),    # St Andrew's Day, a Monday in 2026
    # one-off bank holidays
    ("2023-05-08", False),   # coronation of King Charles III
    ("2022-09-19", False),   # state funeral of Queen Elizabeth II
    ("2022-06-02", False), ("2022-06-03", False),   # platinum jubilee
    ("2020-05-08", False), ("2020-05-04", True),     # early May holiday moved to Friday 8 May (VE Day)
])
def test_is_working_day(cal, day, working):
    assert cal.is_working_day(D(day)) is working


@pytest.mark.parametrize("start,n,want", [
    ("2024-12-24", 1, "2024-12-27"),   # skips Christmas Day and Boxing Day
    ("2024-12-24", 2, "2024-12-30"),   # and the weekend
    ("2024-12-24", 4, "2025-01-02"),   # 27, 30, 31 Dec, then 2 Jan (1 Jan is a holiday)
    ("2021-12-24", 1, "2021-12-29"),   # Sat, Sun and two substitute days
    ("2025-04-17", 1, "2025-04-22"),   # over Easter
    ("2025-08-22", 1, "2025-08-26"),   # Fri before the summer bank holiday
    ("2025-03-07", 5, "2025-03-14"),   # an ordinary week
    ("2025-03-08", 0, "2025-03-08"),   # zero: the day itself, even a Saturday
    ("2025-04-22", -1, "2025-04-17"),  # backwards over Easter
])
def test_add_working_days(cal, start, n, want):
    assert cal.add_working_days(D(start), n) == D(want)


def test_working_days_outside_the_data_are_refused(cal):
    with pytest.raises(ValueError, match="no bank-holiday data for 2009"):
        cal.is_working_day(D("2009-12-31"))
    with pytest.raises(ValueError, match="no bank-holiday data"):
        cal.add_working_days(D("2060-12-30"), 5)


def test_calendar_names_its_source(cal):
    assert cal.source.startswith("holidays ") and "ENG" in cal.source


@pytest.mark.parametrize("day, want", [
    ("2025-01-19", False), ("2025-01-20", True), ("2025-02-01", True), ("2025-02-16", True), ("2025-02-17", False),
    ("2025-03-01", True),
])
def test_period_includes_counts_both_ends(day, want):
    periods = (P("2025-01-20", "2025-02-16"), P("2025-03-01", "2025-03-01"))
    assert dates.period_includes(periods, D(day)) is want
    assert dates.period_includes((), D(day)) is False


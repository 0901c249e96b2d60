"""The calendar primitives at the edges mutation testing found unguarded (docs/mutation.md).

Each expected date is worked by hand from a calendar and the law's wording (docs/time.md), never
taken from the code under test. England bank holidays used: 2025: Wed 1 Jan, Good Friday 18 Apr,
Mon 21 Apr, Mon 5 May, Mon 26 May, Mon 25 Aug, Thu 25 and Fri 26 Dec. 2026: Thu 1 Jan, Good Friday
3 Apr, Mon 6 Apr, Mon 4 May, Mon 25 May, Mon 31 Aug, Fri 25 Dec, Mon 28 Dec (Boxing Day substitute).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sendrules.calendar import dates
from sendrules.calendar.today import ENGLAND, today_in_england
from sendrules.calendar.working_days import appeal_deadline, england_calendar, nth_institution_day

D = dt.date
CAL = england_calendar()
UTC = dt.timezone.utc


# --- a count must be whole --------------------------------------------------------------------

def test_whole_counts_pass_through_and_fractions_are_refused():
    assert dates.whole(3) == 3 and type(dates.whole(3.0)) is int
    assert dates.whole(-2.0) == -2
    for bad in (2.5, 0.5, -1.5):
        with pytest.raises(ValueError, match="^a count of days, weeks or months must be a whole number$"):
            dates.whole(bad)


@pytest.mark.parametrize("fn", [dates.add_days, dates.add_weeks, dates.add_months, dates.last_day_beginning_with])
def test_date_arithmetic_refuses_a_fractional_count(fn):
    with pytest.raises(ValueError, match="whole number"):
        fn(D(2025, 1, 6), 1.5)


def test_working_day_and_institution_day_counts_refuse_a_fraction():
    with pytest.raises(ValueError, match="whole number"):
        CAL.add_working_days(D(2025, 1, 6), 2.5)
    with pytest.raises(ValueError, match="whole number"):
        nth_institution_day(CAL, D(2025, 1, 6), 2.5, ())


# --- within N days / weeks / months -------------------------------------------------------------

@pytest.mark.parametrize("start,n,want", [
    (D(2025, 1, 6), 15, D(2025, 1, 21)),     # reg 25(1) "within 15 days": 6 Jan + 15 calendar days
    (D(2025, 3, 2), 30, D(2025, 4, 1)),      # reg 36(2) "within 30 days": 29 left in March, then 1 April
    (D(2025, 1, 6), -1, D(2025, 1, 5)),
])
def test_add_days(start, n, want):
    assert dates.add_days(start, n) == want


@pytest.mark.parametrize("start,n,want", [
    (D(2025, 1, 6), 6, D(2025, 2, 17)),      # reg 5(1) "within 6 weeks": 42 days, a Monday again
    (D(2025, 1, 6), 16, D(2025, 4, 28)),     # reg 13(2) 16 weeks: 112 days = 25 (Jan) + 28 + 31 + 28 (Apr)
    (D(2024, 12, 30), 1, D(2025, 1, 6)),
])
def test_add_weeks(start, n, want):
    assert dates.add_weeks(start, n) == want


@pytest.mark.parametrize("start,n,want", [
    (D(2025, 1, 15), 2, D(2025, 3, 15)),     # HESC r20(1)(c) "within 2 months after": same day number
    (D(2025, 12, 31), 2, D(2026, 2, 28)),    # no 31 February: the month's last day
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    (D(2025, 5, 31), -1, D(2025, 4, 30)),
])
def test_add_months(start, n, want):
    assert dates.add_months(start, n) == want


# --- ages and 29 February ---------------------------------------------------------------------

def test_birthday_refuses_an_unknown_rule_naming_the_known_ones():
    with pytest.raises(ValueError, match=r"^leap_day_rule must be one of \('mar_1', 'feb_28'\)$"):
        dates.birthday(D(2008, 2, 29), 17, "nearest")
    with pytest.raises(ValueError, match="whole number"):
        dates.birthday(D(2008, 5, 10), 16.5, "mar_1")


def test_birthday_of_a_29_february_child_in_a_common_year_under_each_rule():
    # FLRA 1969 s9(1): attains 18 on the anniversary; 2026 is a common year
    assert dates.birthday(D(2008, 2, 29), 18, "mar_1") == D(2026, 3, 1)
    assert dates.birthday(D(2008, 2, 29), 18, "feb_28") == D(2026, 2, 28)
    # born 28 February or 1 March: no rule needed, none consulted
    assert dates.birthday(D(2008, 2, 28), 18, "nearest") == D(2026, 2, 28)
    assert dates.birthday(D(2008, 3, 1), 18, "nearest") == D(2026, 3, 1)
    # the 29th of another month is an ordinary day
    assert dates.birthday(D(2008, 3, 29), 18, "nearest") == D(2026, 3, 29)
    assert dates.birthday(D(2008, 1, 29), 18, "nearest") == D(2026, 1, 29)


def test_is_29_february_needs_both_the_day_and_the_month():
    assert dates.is_29_february(D(2024, 2, 29))
    assert not dates.is_29_february(D(2024, 3, 29))
    assert not dates.is_29_february(D(2024, 1, 29))
    assert not dates.is_29_february(D(2024, 2, 28))


# --- the school leaving date: the last Friday in June (SI 1997/1970) ----------------------------------

@pytest.mark.parametrize("weekday,want", [
    # 30 June 2025 is a Monday
    ("monday", D(2025, 6, 30)), ("tuesday", D(2025, 6, 24)), ("wednesday", D(2025, 6, 25)),
    ("thursday", D(2025, 6, 26)), ("friday", D(2025, 6, 27)), ("saturday", D(2025, 6, 28)),
    ("sunday", D(2025, 6, 29)), ("SUNDAY", D(2025, 6, 29)),
])
def test_last_weekday_of_june_2025_for_every_weekday(weekday, want):
    assert dates.last_weekday_of_month(2025, 6, weekday) == want


def test_last_weekday_of_a_31_day_month():
    # 31 December 2025 is a Wednesday
    assert dates.last_weekday_of_month(2025, 12, "wednesday") == D(2025, 12, 31)
    assert dates.last_weekday_of_month(2025, 12, "thursday") == D(2025, 12, 25)


def test_first_date_on_or_after_in_a_later_month_of_the_same_year():
    assert dates.first_date_on_or_after(D(2025, 3, 1), 7, 31) == D(2025, 7, 31)
    assert dates.first_date_on_or_after(D(2025, 7, 30), 7, 31) == D(2025, 7, 31)   # the day before
    assert dates.first_date_on_or_after(D(2025, 8, 1), 7, 31) == D(2026, 7, 31)


def test_month_day_reads_month_then_day():
    assert dates.month_day(2025, "02-15") == D(2025, 2, 15)
    assert dates.month_day(2026, "12-01") == D(2026, 12, 1)


def test_term_start_after_july_takes_the_first_from_august_of_that_year_only():
    starts = (D(2025, 9, 3), D(2025, 8, 1), D(2026, 8, 31), D(2025, 7, 30))
    assert dates.term_start_after_july(starts, 2025) == D(2025, 8, 1)      # 1 August is after July
    assert dates.term_start_after_july(starts, 2026) == D(2026, 8, 31)
    assert dates.term_start_after_july((D(2025, 9, 3), D(2025, 9, 1)), 2025) == D(2025, 9, 1)   # the first


def test_earliest_and_latest_of_several():
    ds = (D(2025, 5, 1), D(2024, 5, 1), D(2026, 5, 1))
    assert dates.earliest(*ds) == D(2024, 5, 1)
    assert dates.latest(*ds) == D(2026, 5, 1)


# --- continuous periods (reg 5(4)(d) "not less than 4 weeks") ------------------------------------

def test_longest_overlap_clips_each_period_to_the_window_on_both_sides():
    # a period from 1 to 31 January against a window from 10 to 20 January: 11 days, both ends
    assert dates.longest_overlap_days(((D(2025, 1, 1), D(2025, 1, 31)),), D(2025, 1, 10), D(2025, 1, 20)) == 11
    # the longer period listed first still wins over a shorter one after it
    periods = ((D(2025, 1, 1), D(2025, 1, 20)), (D(2025, 1, 25), D(2025, 1, 26)))
    assert dates.longest_overlap_days(periods, D(2025, 1, 1), D(2025, 1, 31)) == 20


def test_period_includes_the_first_and_last_day_only():
    periods = ((D(2025, 1, 20), D(2025, 2, 16)),)
    assert dates.period_includes(periods, D(2025, 1, 20))
    assert dates.period_includes(periods, D(2025, 2, 16))
    assert not dates.period_includes(periods, D(2025, 2, 17))
    assert not dates.period_includes(periods, D(2025, 1, 19))


# --- "beginning with" / "starting with" periods ---------------------------------------------------

@pytest.mark.parametrize("start,n,want", [
    (D(2025, 3, 3), 15, D(2025, 3, 17)),     # reg 22(2)(c): 15 days beginning with Mon 3 March
    (D(2025, 3, 3), 2, D(2025, 3, 4)),
])
def test_last_day_beginning_with(start, n, want):
    assert dates.last_day_beginning_with(start, n) == want


@pytest.mark.parametrize("start,n,want", [
    (D(2025, 10, 1), 2, D(2025, 11, 30)),    # ends in November: the day before 1 December
    (D(2025, 10, 1), 3, D(2025, 12, 31)),    # the day before 1 January 2026
    (D(2025, 11, 15), 2, D(2026, 1, 14)),    # into the next year
    (D(2025, 9, 10), 3, D(2025, 12, 9)),     # ends in December of the same year
    (D(2025, 3, 10), 24, D(2027, 3, 9)),     # two whole years
    (D(2025, 12, 1), 1, D(2025, 12, 31)),
    (D(2025, 3, 30), 11, D(2026, 2, 28)),    # no 30 February 2026: to the end of February
    (D(2025, 3, 28), 11, D(2026, 2, 27)),    # 28 February exists: the day before it
    (D(2025, 4, 30), 10, D(2026, 2, 28)),
])
def test_months_starting_with(start, n, want):
    assert dates.last_day_of_months_starting_with(start, n, "mar_1") == want


def test_months_starting_with_29_february_the_rule_decides_only_in_february():
    # 29 February 2024 + 12 months: February 2025 has no 29th
    assert dates.last_day_of_months_starting_with(D(2024, 2, 29), 12, "feb_28") == D(2025, 2, 27)
    assert dates.last_day_of_months_starting_with(D(2024, 2, 29), 12, "mar_1") == D(2025, 2, 28)
    # 31 January + 1 month: a month end, not an anniversary of 29 February; no rule needed
    assert dates.last_day_of_months_starting_with(D(2025, 1, 31), 1, "any") == D(2025, 2, 28)
    with pytest.raises(ValueError, match=r"^leap_day_rule must be one of \('mar_1', 'feb_28'\) for a period "
                                         r"starting with 29 February$"):
        dates.last_day_of_months_starting_with(D(2024, 2, 29), 12, "nearest")
    with pytest.raises(ValueError, match="whole number"):
        dates.last_day_of_months_starting_with(D(2025, 1, 31), 1.5, "mar_1")


def test_day_before():
    assert dates.day_before(D(2026, 1, 1)) == D(2025, 12, 31)


# --- notices ------------------------------------------------------------------------------------

NOTICES = (
    ("final_plan", D(2025, 5, 2), frozenset({"right_to_appeal", "mediation"})),
    ("final_plan", D(2025, 4, 30), frozenset({"right_to_appeal"})),
    ("local_offer", D(2025, 9, 1), frozenset({"a"})),
    ("local_offer", D(2024, 9, 1), frozenset({"a", "b", "c"})),
    ("local_offer", D(2025, 9, 1), None),
    ("local_offer", D(2025, 9, 1), frozenset({"b", "c"})),
)


def test_notice_date_and_elements_are_the_earliest_notice_of_the_kind():
    assert dates.notice_date(NOTICES, "final_plan") == D(2025, 4, 30)
    assert dates.notice_elements(NOTICES, "final_plan") == frozenset({"right_to_appeal"})
    assert dates.notice_elements(NOTICES, "local_offer") == frozenset({"a", "b", "c"})


def test_notice_dates_lists_every_sending_of_the_kind_earliest_first():
    assert dates.notice_dates(NOTICES, "local_offer") == (D(2024, 9, 1), D(2025, 9, 1), D(2025, 9, 1), D(2025, 9, 1))
    assert dates.notice_dates(NOTICES, "final_plan") == (D(2025, 4, 30), D(2025, 5, 2))
    assert dates.notice_dates(NOTICES, "cease") == ()


def test_latest_notice_elements_is_the_one_in_force_and_the_fuller_on_the_same_day():
    # three publications on 1 September 2025: one without content, {a} and {b, c}: the fuller counts
    assert dates.latest_notice_elements(NOTICES, "local_offer") == frozenset({"b", "c"})
    assert dates.latest_notice_elements(NOTICES, "final_plan") == frozenset({"right_to_appeal", "mediation"})
    assert dates.latest_notice_elements(NOTICES, "cease") is None
    only_unrecorded = (("local_offer", D(2025, 9, 1), None), ("local_offer", D(2024, 9, 1), frozenset({"a"})))
    assert dates.latest_notice_elements(only_unrecorded, "local_offer") is None
    # two as full as each other: the choice is fixed (by the sorted names), whatever the order
    tie = (("k", D(2025, 1, 1), frozenset({"b"})), ("k", D(2025, 1, 1), frozenset({"a"})))
    assert dates.latest_notice_elements(tie, "k") == frozenset({"b"})
    assert dates.latest_notice_elements(tie[::-1], "k") == frozenset({"b"})


# --- "at least annually" (SEND Regs reg 56(3)) ----------------------------------------------------

def test_first_late_cycle_each_publication_within_twelve_months_of_the_last():
    start = D(2014, 9, 1)
    # on the anniversary itself is in time (within 12 months); then a year from each publication
    assert dates.first_late_cycle((D(2015, 9, 1), D(2016, 8, 20), D(2017, 8, 20)), start, 12) is None
    # the third was a day late: due 20 August 2017, a year after the second
    assert dates.first_late_cycle((D(2015, 9, 1), D(2016, 8, 20), D(2017, 8, 21)), start, 12) == D(2017, 8, 20)
    # the first was late: due 1 September 2015; the order they were recorded in does not matter
    assert dates.first_late_cycle((D(2016, 8, 1), D(2015, 9, 2)), start, 12) == D(2015, 9, 1)
    # a publication before the start does not count towards the first cycle
    assert dates.first_late_cycle((D(2014, 8, 1), D(2015, 9, 2)), start, 12) == D(2015, 9, 1)
    assert dates.first_late_cycle((), start, 12) is None
    # one on the start date itself opens the next cycle
    assert dates.first_late_cycle((D(2014, 9, 1), D(2015, 9, 1)), start, 12) is None


# --- advice requested during a closure (reg 10(4)(a)) ---------------------------------------------

def test_advice_in_closure_window_checks_each_closure():
    # a half-term closure too short to count, then the summer closure (23 July to 3 September 2025)
    closures = (("school_or_post16", D(2025, 2, 17), D(2025, 2, 24)),
                ("school_or_post16", D(2025, 7, 23), D(2025, 9, 3)))
    asked = (("health", D(2025, 2, 20)), ("school_head_or_principal", D(2025, 8, 1)))
    assert dates.advice_in_closure_window(asked, closures, "school_head_or_principal", "school_or_post16", 28)
    # the adviser asked during the summer is not the one in question
    assert not dates.advice_in_closure_window(asked, closures, "health", "school_or_post16", 28)
    # a closure of another setting, listed first, is skipped and the matching one still found
    mixed = (("early_years", D(2025, 7, 1), D(2025, 9, 1)),) + closures
    assert dates.advice_in_closure_window(asked, mixed, "school_head_or_principal", "school_or_post16", 28)



def test_advice_outside_the_time_limit_is_passed_over_and_the_next_request_still_counts():
    """Only advice asked for while this limit ran counts (docs/time.md); an earlier or later
    request in the same closure window is passed over, not the end of the search. Summer closure
    23 July to 3 September 2025: the window runs 16 July to 27 August, both counted."""
    summer = (("school_or_post16", D(2025, 7, 23), D(2025, 9, 3)),)
    head = "school_head_or_principal"
    # 17 July is in the window but before this request was received (20 July); 1 August counts
    early_then_in = ((head, D(2025, 7, 17)), (head, D(2025, 8, 1)))
    assert dates.advice_in_closure_window(early_then_in, summer, head, "school_or_post16", 28,
                                          period_from=D(2025, 7, 20))
    assert not dates.advice_in_closure_window(early_then_in[:1], summer, head, "school_or_post16", 28,
                                              period_from=D(2025, 7, 20))
    # 20 August is in the window but after the limit passed (10 August); 1 August counts
    late_then_in = ((head, D(2025, 8, 20)), (head, D(2025, 8, 1)))
    assert dates.advice_in_closure_window(late_then_in, summer, head, "school_or_post16", 28,
                                          period_to=D(2025, 8, 10))
    assert not dates.advice_in_closure_window(late_then_in[:1], summer, head, "school_or_post16", 28,
                                              period_to=D(2025, 8, 10))

# --- known and unknown dates ----------------------------------------------------------------------

def test_latest_and_earliest_known_skip_unrecorded_dates():
    assert dates.latest_known(None, D(2025, 1, 2), D(2024, 1, 2), None) == D(2025, 1, 2)
    assert dates.earliest_known(D(2025, 1, 2), None, D(2024, 1, 2)) == D(2024, 1, 2)
    assert dates.latest_known(None, None) is None
    assert dates.earliest_known(None) is None
    assert dates.latest_known() is None and dates.earliest_known() is None


def test_first_date_after_and_latest_date_before_are_strict():
    meetings = (D(2025, 6, 2), D(2024, 5, 20), D(2026, 1, 5))
    assert dates.first_date_after(meetings, D(2024, 5, 20)) == D(2025, 6, 2)
    assert dates.first_date_after(meetings, D(2024, 1, 1)) == D(2024, 5, 20)
    assert dates.first_date_after(meetings, D(2026, 1, 5)) is None
    assert dates.latest_date_before(meetings, D(2026, 1, 5)) == D(2025, 6, 2)
    assert dates.latest_date_before(meetings, D(2030, 1, 1)) == D(2026, 1, 5)
    assert dates.latest_date_in(meetings) == D(2026, 1, 5)


# --- today in England -------------------------------------------------------------------------------

@pytest.mark.parametrize("moment,want", [
    (dt.datetime(2025, 1, 15, 23, 30, tzinfo=UTC), D(2025, 1, 15)),    # winter: London is on GMT
    (dt.datetime(2025, 6, 30, 23, 30, tzinfo=UTC), D(2025, 7, 1)),     # summer: 00:30 BST next day
    (dt.datetime(2025, 3, 29, 23, 30, tzinfo=UTC), D(2025, 3, 29)),    # the night before BST starts
    (dt.datetime(2025, 3, 30, 23, 30, tzinfo=UTC), D(2025, 3, 31)),    # BST from 01:00 UTC 30 March
    # 05:00 on 1 July in UTC+14 is 15:00 UTC on 30 June: still 30 June in London
    (dt.datetime(2025, 7, 1, 5, 0, tzinfo=dt.timezone(dt.timedelta(hours=14))), D(2025, 6, 30)),
])
def test_today_in_england_is_the_london_date(moment, want):
    assert today_in_england(moment) == want


def test_today_in_england_refuses_a_naive_time_and_defaults_to_now():
    with pytest.raises(ValueError, match="^now must be an aware datetime$"):
        today_in_england(dt.datetime(2025, 6, 30, 23, 30))
    assert ENGLAND == "Europe/London"
    before = dt.datetime.now(ZoneInfo("Europe/London")).date()
    got = today_in_england()
    after = dt.datetime.now(ZoneInfo("Europe/London")).date()
    assert got in (before, after)


# --- working days in England --------------------------------------------------------------------

def test_friday_works_saturday_does_not():
    assert CAL.is_working_day(D(2025, 3, 7))        # Friday
    assert not CAL.is_working_day(D(2025, 3, 8))    # Saturday
    assert not CAL.is_working_day(D(2025, 3, 9))    # Sunday
    assert CAL.is_working_day(D(2025, 3, 10))       # Monday


def test_the_data_covers_2010_to_2060_inclusive():
    assert CAL.is_working_day(D(2010, 1, 4))        # Mon 4 January 2010, the first year covered
    assert not CAL.is_working_day(D(2010, 1, 1))    # New Year's Day 2010
    assert CAL.is_working_day(D(2060, 12, 31))      # Friday 31 December 2060, the last year covered
    assert not CAL.is_working_day(D(2060, 12, 27))  # Mon 27: substitute for Christmas Day (Sat 25)
    with pytest.raises(ValueError, match=r"^no bank-holiday data for 2061 \(covered 2010-2060\)$"):
        CAL.is_working_day(D(2061, 1, 3))
    with pytest.raises(ValueError, match=r"^no bank-holiday data for 2009 \(covered 2010-2060\)$"):
        CAL.add_working_days(D(2010, 1, 5), -3)     # Mon 4, then back into December 2009


def test_a_calendar_for_chosen_years():
    small = england_calendar(2024, 2025)
    assert (small.first_year, small.last_year) == (2024, 2025)
    assert not small.is_working_day(D(2025, 12, 25)) and not small.is_working_day(D(2024, 1, 1))
    # the bank holidays of England, not only those common to the United Kingdom: Easter Monday and
    # the summer bank holiday (the last Monday in August) are not Scottish; 2 January is not English
    assert not small.is_working_day(D(2025, 4, 21)) and not small.is_working_day(D(2024, 8, 26))
    assert small.is_working_day(D(2025, 1, 2)) and small.is_working_day(D(2024, 8, 5))
    assert D(2026, 1, 1) not in small.non_working and D(2023, 12, 25) not in small.non_working
    assert small.source.endswith(" (GB, subdiv ENG)")
    with pytest.raises(ValueError, match="2026"):
        small.is_working_day(D(2026, 1, 5))


@pytest.mark.parametrize("start,n,want", [
    (D(2025, 1, 6), 3, D(2025, 1, 9)),       # reg 34(1) "within 3 working days": Tue, Wed, Thu
    (D(2025, 1, 10), 1, D(2025, 1, 13)),     # Friday: the next working day is Monday
    (D(2025, 1, 10), 15, D(2025, 1, 31)),    # reg 15(2): three whole weeks of working days
    (D(2025, 1, 13), -1, D(2025, 1, 10)),    # backwards over a weekend
    (D(2025, 11, 5), -6, D(2025, 10, 28)),   # reg 37(2) clear: five clear working days before Wed 5 Nov
    (D(2026, 12, 24), 1, D(2026, 12, 29)),   # Fri 25, weekend, Mon 28 (Boxing Day substitute)
    (D(2025, 5, 2), 1, D(2025, 5, 6)),       # Fri 2 May, Mon 5 May bank holiday
])
def test_add_working_days(start, n, want):
    assert CAL.add_working_days(start, n) == want


# --- school or institution days (SEND Regs reg 48) ------------------------------------------------

HALF_TERM = (("school_or_post16", D(2025, 10, 27), D(2025, 11, 3)),)   # closed Mon 27 Oct, re-opens Mon 3 Nov


@pytest.mark.parametrize("served,n,closures,want", [
    # ten days after Fri 10 October: 13-17 and 20-24 October, before the half term
    (D(2025, 10, 10), 10, HALF_TERM, D(2025, 10, 24)),
    # after Fri 17 October: 20-24 October, half term skipped, 3-7 November (the re-opening day counts)
    (D(2025, 10, 17), 10, HALF_TERM, D(2025, 11, 7)),
    (D(2025, 10, 17), 10, (), D(2025, 10, 31)),
    # served on the Friday before the closure: the first day it is open is the re-opening Monday
    (D(2025, 10, 24), 1, HALF_TERM, D(2025, 11, 3)),
    # bank holidays are not school days even with no closure recorded: Fri 18 and Mon 21 April 2025
    (D(2025, 4, 16), 2, (), D(2025, 4, 22)),
    (D(2025, 4, 16), 0, (), D(2025, 4, 16)),
])
def test_nth_institution_day(served, n, closures, want):
    assert nth_institution_day(CAL, served, n, closures) == want


def test_a_closure_from_its_first_day_is_not_a_school_day():
    closed_wednesday = (("school_or_post16", D(2025, 10, 15), D(2025, 10, 16)),)   # one day, Wed 15
    assert nth_institution_day(CAL, D(2025, 10, 13), 2, closed_wednesday) == D(2025, 10, 16)
    assert nth_institution_day(CAL, D(2025, 10, 13), 2, ()) == D(2025, 10, 15)


# --- the Tribunal appeal deadline (HESC Rules r20(1)(c), r12(2)-(3)(a)) ----------------------------

@pytest.mark.parametrize("sent,certificate,want", [
    # due Thu 25 December 2025, itself in the Christmas period: the first working day after
    # 1 January 2026 is Friday 2 January (not the first working day after Christmas, 29 December)
    (D(2025, 10, 25), None, D(2026, 1, 2)),
    # due Wed 31 December 2025: same
    (D(2025, 10, 31), None, D(2026, 1, 2)),
    # due Wed 24 December 2025: a working day before the period, unchanged
    (D(2025, 10, 24), None, D(2025, 12, 24)),
    # due Fri 2 January 2026: after the period, unchanged
    (D(2025, 11, 2), None, D(2026, 1, 2)),
    # due Sat 25 December 2027: the first working day after 1 January 2028 (a Saturday):
    # Mon 3 January 2028 is the New Year substitute, so Tuesday 4 January
    (D(2027, 10, 25), None, D(2028, 1, 4)),
    # due Fri 1 August 2025, a working day in August: moved to Mon 1 September
    (D(2025, 6, 1), None, D(2025, 9, 1)),
    # due Sun 31 August 2025: the first working day after 31 August is Mon 1 September
    (D(2025, 6, 30), None, D(2025, 9, 1)),
    # due Mon 1 September 2025: not August, a working day, unchanged
    (D(2025, 7, 1), None, D(2025, 9, 1)),
    # due Tue 30 September 2025 (a working day) from the notice; the certificate's month ends sooner
    (D(2025, 7, 30), D(2025, 8, 10), D(2025, 9, 30)),
    # due Wed 1 October 2025: one month from a certificate of 1 September is later than 2 months
    # from the notice (Fri 1 August, which would move to 1 September)
    (D(2025, 6, 1), D(2025, 9, 1), D(2025, 10, 1)),
    # due Sun 1 February 2026: an ordinary non-working day, to Mon 2 February (1 February is not
    # 1 January: nothing moves it back to the start of the year)
    (D(2025, 12, 1), None, D(2026, 2, 2)),
    # the later date falls on a Saturday: to Monday 12 January 2026
    (D(2025, 11, 10), None, D(2026, 1, 12)),
])
def test_appeal_deadline(sent, certificate, want):
    assert appeal_deadline(CAL, sent, certificate) == want

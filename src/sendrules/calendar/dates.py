"""Date arithmetic as English legislation counts it.

Every function is pure. Conventions (which day counts, month ends, 29 February)
are documented in docs/time.md and decided by the caller where the law leaves
them open.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt

from dateutil.relativedelta import relativedelta

def whole(n: float) -> int:
    """A count of days, weeks or months must be a whole number; never silently truncated."""
    if int(n) != n:
        raise ValueError("a count of days, weeks or months must be a whole number")
    return int(n)


WEEKDAYS = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
LEAP_DAY_RULES = ("mar_1", "feb_28")


def add_days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=whole(n))


def add_weeks(d: dt.date, n: int) -> dt.date:
    """'Within N weeks of X': X + 7N days; the due date itself is in time."""
    return d + dt.timedelta(weeks=whole(n))


def add_months(d: dt.date, n: int) -> dt.date:
    """Calendar months; a day missing from the target month becomes its last day (31 Jan + 1 = 28/29 Feb)."""
    return d + relativedelta(months=whole(n))


def birthday(dob: dt.date, years: int, leap_day_rule: str) -> dt.date:
    """The day a person born on dob attains `years` (Family Law Reform Act 1969 s9(1)).

    For 29 February in a common year the law is unsettled; leap_day_rule picks
    1 March ('mar_1') or 28 February ('feb_28').
    """
    year = dob.year + whole(years)
    if dob.month == 2 and dob.day == 29 and not _cal.isleap(year):
        if leap_day_rule == "mar_1":
            return dt.date(year, 3, 1)
        if leap_day_rule == "feb_28":
            return dt.date(year, 2, 28)
        raise ValueError(f"leap_day_rule must be one of {LEAP_DAY_RULES}")
    return dob.replace(year=year)


def is_29_february(d: dt.date) -> bool:
    return d.month == 2 and d.day == 29


def last_weekday_of_month(year: int, month: int, weekday: str) -> dt.date:
    """E.g. the last Friday in June of `year`."""
    target = WEEKDAYS[weekday.lower()]
    last = dt.date(int(year), int(month), _cal.monthrange(int(year), int(month))[1])
    return last - dt.timedelta(days=(last.weekday() - target) % 7)


def first_date_on_or_after(d: dt.date, month: int, day: int) -> dt.date:
    """The first `day`/`month` falling on or after d (e.g. the first 31 July on or after a birthday)."""
    candidate = dt.date(d.year, int(month), int(day))
    return candidate if candidate >= d else dt.date(d.year + 1, int(month), int(day))


def month_day(year: int, mmdd: str) -> dt.date:
    """The date `mmdd` ('09-01') in `year`."""
    month, day = mmdd.split("-")
    return dt.date(int(year), int(month), int(day))


def term_start_after_july(starts: tuple[dt.date, ...], year: int) -> dt.date | None:
    """The first recorded term start after July in `year` (EA 1996 s579(1) school year), or None."""
    found = [s for s in starts if s.year == int(year) and s.month >= 8]
    return min(found) if found else None


def days_between(a: dt.date, b: dt.date) -> int:
    """b - a in days (positive when b is later)."""
    return (b - a).days


def longest_overlap_days(periods: tuple[tuple[dt.date, dt.date], ...], start: dt.date, end: dt.date) -> int:
    """Longest part of any one period that lies within [start, end], counting both ends.

    Used for 'a continuous period of not less than 4 weeks during' a window:
    each recorded period is continuous, so the longest overlap is the test.
    """
    best = 0
    for p_start, p_end in periods:
        lo, hi = max(p_start, start), min(p_end, end)
        if hi >= lo:
            best = max(best, (hi - lo).days + 1)
    return best


def period_includes(periods: tuple[tuple[dt.date, dt.date], ...], d: dt.date) -> bool:
    """Whether a recorded period includes the day d (both ends of a period count)."""
    return any(p_start <= d <= p_end for p_start, p_end in periods)


def earliest(*ds: dt.date) -> dt.date:
    return min(ds)


def latest(*ds: dt.date) -> dt.date:
    return max(ds)


def year_of(d: dt.date) -> int:
    return d.year


def last_day_beginning_with(d: dt.date, n: int) -> dt.date:
    """Last day of a period of n days beginning with d: d is day 1 ('at least 15 days beginning with
    the day on which the draft plan was served' ends on d + 14)."""
    return d + dt.timedelta(days=whole(n) - 1)


def last_day_of_months_starting_with(d: dt.date, n: int, leap_day_rule: str) -> dt.date:
    """Last day of the period of n months starting with d (CFA s44(1), SEND Regs reg 15(5)).

    d is the first day, so the period ends the day before the corresponding date n months on
    (12 months starting with 10 March 2025 end on 9 March 2026). Where that month has no
    corresponding day (the 31st, 30 November + 3 months), the period runs to the end of that month
    (legal catalogue conventions 9 and 10). For a period starting with 29 February that ends in a
    common year, leap_day_rule says which day is the anniversary: 'mar_1' (the period runs to the
    end of February, as for any other month end) or 'feb_28' (it ends on 27 February); any other
    rule is refused there, so a caller that cannot say which is never silently given one.
    """
    n = whole(n)
    years, month0 = divmod(d.month - 1 + n, 12)
    year, month = d.year + years, month0 + 1
    last = _cal.monthrange(year, month)[1]
    if d.day <= last:
        return dt.date(year, month, d.day) - dt.timedelta(days=1)
    if is_29_february(d) and month == 2:
        if leap_day_rule == "feb_28":
            return dt.date(year, 2, 27)
        if leap_day_rule != "mar_1":
            raise ValueError(f"leap_day_rule must be one of {LEAP_DAY_RULES} for a period starting with 29 February")
    return dt.date(year, month, last)


def day_before(d: dt.date) -> dt.date:
    """'Before 15 February' is met on 14 February at the latest."""
    return d - dt.timedelta(days=1)


def notice_date(notices: tuple, kind: str) -> dt.date | None:
    """Earliest recorded sending of a notice of this kind, or None."""
    dates = [sent for k, sent, _ in notices if k == kind]
    return min(dates) if dates else None


def notice_elements(notices: tuple, kind: str) -> frozenset[str] | None:
    """Elements of the earliest notice of this kind; None when there is none or its content was not recorded."""
    found = sorted(((sent, elements) for k, sent, elements in notices if k == kind), key=lambda x: x[0])
    return found[0][1] if found else None


def notice_dates(notices: tuple, kind: str) -> tuple[dt.date, ...]:
    """Every recorded sending or publication of this kind, earliest first."""
    return tuple(sorted(sent for k, sent, _ in notices if k == kind))


def latest_notice_elements(notices: tuple, kind: str) -> frozenset[str] | None:
    """Elements of the latest notice or publication of this kind (the one in force now); None when
    there is none or its content was not recorded. Of two on the same day, the fuller record counts."""
    found = [(sent, elements) for k, sent, elements in notices if k == kind]
    if not found:
        return None
    last = max(sent for sent, _ in found)
    same_day = [e for sent, e in found if sent == last]
    recorded = [e for e in same_day if e is not None]
    return max(recorded, key=lambda e: (len(e), sorted(e))) if recorded else None


def first_late_cycle(dates_: tuple, start: dt.date, months: int) -> dt.date | None:
    """For something owed at least every `months` months from `start` (e.g. reg 56(3) "at least
    annually"): the due date of the first cycle whose next occurrence came late, or None when
    each recorded occurrence followed the one before (or `start`) within `months` months.
    The cycle still running after the last occurrence is not judged here."""
    prev = start
    for d in sorted(x for x in dates_ if x >= start):
        due = add_months(prev, months)
        if d > due:
            return due
        prev = d
    return None


def advice_in_closure_window(advice: tuple, closures: tuple, adviser: str, setting: str,
                             min_closure_days: int, period_from: dt.date | None = None,
                             period_to: dt.date | None = None) -> bool:
    """SEND Regs reg 10(4)(a)/(b): advice was requested from `adviser` during a period beginning one
    week before a closure of at least `min_closure_days` and ending one week before re-opening
    (both ends counted).

    Only advice requested while the time limit ran (from `period_from` to `period_to`, both
    counted) can have made that limit impractical: a request made for an earlier process, or
    after the limit had passed, does not lift it (docs/time.md)."""
    for kind, closed_from, reopens in closures:
        if kind != setting or (reopens - closed_from).days < min_closure_days:
            continue
        start, end = closed_from - dt.timedelta(days=7), reopens - dt.timedelta(days=7)
        for who, asked in advice:
            if who != adviser or not start <= asked <= end:
                continue
            if period_from is not None and asked < period_from:
                continue
            if period_to is not None and asked > period_to:
                continue
            return True
    return False


def latest_known(*ds: dt.date | None) -> dt.date | None:
    """The latest of the dates that are recorded (None is skipped), or None if none is."""
    known = [d for d in ds if d is not None]
    return max(known) if known else None


def earliest_known(*ds: dt.date | None) -> dt.date | None:
    """The earliest of the dates that are recorded (None is skipped), or None if none is."""
    known = [d for d in ds if d is not None]
    return min(known) if known else None


def latest_date_in(dates_: tuple[dt.date, ...]) -> dt.date | None:
    """The latest of a list of dates, or None when the list is empty."""
    return max(dates_) if dates_ else None


def first_date_after(dates_: tuple[dt.date, ...], d: dt.date) -> dt.date | None:
    """The earliest date in the list strictly after d, or None."""
    later = [x for x in dates_ if x > d]
    return min(later) if later else None


def latest_date_before(dates_: tuple[dt.date, ...], d: dt.date) -> dt.date | None:
    """The latest date in the list strictly before d, or None."""
    earlier = [x for x in dates_ if x < d]
    return max(earlier) if earlier else None

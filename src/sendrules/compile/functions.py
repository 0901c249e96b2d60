"""The functions rule expressions may call: a fixed whitelist of calendar primitives.

Each entry gives argument types (checked when rules compile) and the Python
callable. Unless `accepts_none` is set, a None argument (an event that has not
happened) makes the result None, and an Unknown argument makes it Unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..calendar import dates
from ..calendar.working_days import WorkingDayCalendar, appeal_deadline, nth_institution_day
from ..core import types as T


@dataclass(frozen=True)
class Function:
    name: str
    args: tuple[T.VType, ...]
    returns: T.VType
    fn: Callable[..., Any]
    doc: str
    variadic: bool = False  # the last arg type repeats (at least len(args) arguments)
    accepts_none: bool = False


def _date(y: int, m: int, d: int) -> dt.date:
    return dt.date(int(y), int(m), int(d))


def _published_elements(notices: tuple, kind: str) -> Any:
    """Elements of the latest publication of a kind in an area file; None when nothing of that kind
    was published; unknown (naming the missing record) when its content was not recorded."""
    if not any(k == kind for k, _sent, _el in notices):
        return None
    found = dates.latest_notice_elements(notices, kind)
    if found is None:
        from ..core.values import Unknown
        return Unknown(missing=frozenset([f"area.publications[{kind}].elements"]))
    return found


def function_table(calendar: WorkingDayCalendar) -> dict[str, Function]:
    """All callable functions, with working days bound to the compiled calendar."""
    fs = [
        Function("date", (T.NUMBER, T.NUMBER, T.NUMBER), T.DATE, _date, "date(year, month, day)"),
        Function("add_days", (T.DATE, T.NUMBER), T.DATE, dates.add_days, "d + n calendar days"),
        Function("add_weeks", (T.DATE, T.NUMBER), T.DATE, dates.add_weeks, "d + 7n days ('within n weeks of d')"),
        Function("add_months", (T.DATE, T.NUMBER), T.DATE, dates.add_months,
                 "d + n calendar months; a missing day becomes the month's last day"),
        Function("add_working_days", (T.DATE, T.NUMBER), T.DATE, calendar.add_working_days,
                 "the nth working day in England after d"),
        Function("is_working_day", (T.DATE,), T.BOOL, calendar.is_working_day, "not a weekend, Christmas Day or bank holiday"),
        Function("birthday", (T.DATE, T.NUMBER, T.TEXT), T.DATE, dates.birthday,
                 "birthday(dob, age, leap_day_rule): the day the age is attained (FLRA 1969 s9)"),
        Function("is_29_february", (T.DATE,), T.BOOL, dates.is_29_february, "born on a leap day"),
        Function("last_weekday_of_month", (T.NUMBER, T.NUMBER, T.TEXT), T.DATE, dates.last_weekday_of_month,
                 "last_weekday_of_month(year, month, 'friday')"),
        Function("first_date_on_or_after", (T.DATE, T.NUMBER, T.NUMBER), T.DATE, dates.first_date_on_or_after,
                 "first_date_on_or_after(d, month, day)"),
        Function("month_day", (T.NUMBER, T.TEXT), T.DATE, dates.month_day, "month_day(year, 'MM-DD')"),
        Function("term_start_after_july", (T.DATES, T.NUMBER), T.DATE, dates.term_start_after_july,
                 "first recorded term start after July in a year, or None"),
        Function("year", (T.DATE,), T.NUMBER, dates.year_of, "the calendar year of d"),
        Function("days_between", (T.DATE, T.DATE), T.NUMBER, dates.days_between, "b - a in days"),
        Function("longest_overlap_days", (T.PERIODS, T.DATE, T.DATE), T.NUMBER, dates.longest_overlap_days,
                 "longest part of one recorded period inside [start, end], both ends counted"),
        Function("period_includes", (T.PERIODS, T.DATE), T.BOOL, dates.period_includes,
                 "whether a recorded period includes the day d (both ends counted)"),
        Function("last_day_beginning_with", (T.DATE, T.NUMBER), T.DATE, dates.last_day_beginning_with,
                 "last day of n days beginning with d (d is day 1)"),
        Function("last_day_of_months_starting_with", (T.DATE, T.NUMBER, T.TEXT), T.DATE,
                 dates.last_day_of_months_starting_with,
                 "last_day_of_months_starting_with(d, n, leap_day_rule): last day of n months starting with d "
                 "(anniversary - 1; leap_day_rule decides a 29 February anniversary)"),
        Function("day_before", (T.DATE,), T.DATE, dates.day_before, "d - 1 day ('before 15 February')"),
        Function("notice_date", (T.NOTICES, T.TEXT), T.DATE, dates.notice_date,
                 "earliest recorded notice of a kind, or None"),
        Function("notice_elements", (T.NOTICES, T.TEXT), T.set_of(None), dates.notice_elements,
                 "elements recorded for the earliest notice of a kind, or None"),
        Function("notice_dates", (T.NOTICES, T.TEXT), T.DATES, dates.notice_dates,
                 "every recorded notice or publication of a kind, earliest first"),
        Function("latest_notice_elements", (T.NOTICES, T.TEXT), T.set_of(None), dates.latest_notice_elements,
                 "elements recorded for the latest notice or publication of a kind, or None"),
        Function("published_elements", (T.NOTICES, T.TEXT), T.set_of(None), _published_elements,
                 "elements of the latest area publication of a kind; None if none; unknown if not recorded"),
        Function("first_late_cycle", (T.DATES, T.DATE, T.NUMBER), T.DATE, dates.first_late_cycle,
                 "first_late_cycle(dates, start, months): due date of the first cycle that ran late, or None"),
        Function("add_years", (T.DATE, T.NUMBER), T.DATE, lambda d, n: dates.add_months(d, 12 * int(n)),
                 "d + n years (as 12n calendar months; 29 February becomes 28 February)"),
        Function("advice_in_closure_window", (T.ADVICE, T.CLOSURES, T.TEXT, T.TEXT, T.NUMBER, T.DATE, T.DATE), T.BOOL,
                 dates.advice_in_closure_window,
                 "advice_in_closure_window(advice, closures, adviser, setting, min_days, from, to): reg 10(4)(a)/(b), "
                 "advice requested from `from` to `to` (both counted)"),
        Function("appeal_deadline", (T.DATE, T.DATE), T.DATE,
                 lambda sent, cert: None if sent is None else appeal_deadline(calendar, sent, cert), "HESC r20(1)(c) with r12", accepts_none=True),
        Function("latest_known", (T.DATE, T.DATE), T.DATE, dates.latest_known,
                 "the latest of the recorded dates (None skipped), or None", variadic=True, accepts_none=True),
        Function("earliest_known", (T.DATE, T.DATE), T.DATE, dates.earliest_known,
                 "the earliest of the recorded dates (None skipped), or None", variadic=True, accepts_none=True),
        Function("latest_date_in", (T.DATES,), T.DATE, dates.latest_date_in, "the latest of a list of dates, or None"),
        Function("latest_date_before", (T.DATES, T.DATE), T.DATE, dates.latest_date_before,
                 "the latest date in a list strictly before d, or None"),
        Function("first_date_after", (T.DATES, T.DATE), T.DATE, dates.first_date_after,
                 "the earliest date in a list strictly after d, or None"),
        Function("nth_institution_day", (T.DATE, T.NUMBER, T.CLOSURES), T.DATE,
                 lambda d, n, closures: nth_institution_day(calendar, d, n, closures),
                 "the nth day after d the institution is open: a working day outside recorded closures"),
        Function("earliest", (T.DATE, T.DATE), T.DATE, dates.earliest, "the earliest date", variadic=True),
        Function("latest", (T.DATE, T.DATE), T.DATE, dates.latest, "the latest date", variadic=True),
    ]
    return {f.name: f for f in fs}


# Every function that returns a date is one of two kinds. Date arithmetic computes a new date from
# others (a deadline, the end of a window); a selection picks one of the dates recorded or given. A
# check or decision may not compare a computed date inline (compile/exposed_dates.py): an auditor needs
# it, so it must be a named value rule that the result shows. `date(y, m, d)` is arithmetic unless its
# arguments are all written as numbers.
DATE_ARITHMETIC = frozenset({
    "date", "add_days", "add_weeks", "add_months", "add_years", "add_working_days", "birthday",
    "last_weekday_of_month", "first_date_on_or_after", "month_day", "last_day_beginning_with",
    "last_day_of_months_starting_with", "day_before", "first_late_cycle", "appeal_deadline",
    "nth_institution_day",
})
DATE_SELECTIONS = frozenset({
    "term_start_after_july", "notice_date", "latest_known", "earliest_known", "latest_date_in",
    "latest_date_before", "first_date_after", "earliest", "latest",
})

# Handled specially by the compiler (they look at unknowns instead of propagating them).
SPECIAL_FUNCTIONS = {
    "is_known": "is_known(x): true when x is known (an unknown attribute or finding gives false)",
    "first_known": "first_known(a, b, ...): the first argument that is known and not None",
}

"""Working days in England: not a Saturday, Sunday, Christmas Day, Good Friday or bank holiday.

Bank holidays come from the maintained `holidays` package, computed once when a
rulebook is compiled (evaluation does no I/O and touches no shared mutable state).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import whole

FIRST_YEAR = 2010
LAST_YEAR = 2060


@dataclass(frozen=True)
class WorkingDayCalendar:
    non_working: frozenset[dt.date]
    source: str
    first_year: int
    last_year: int

    def is_working_day(self, d: dt.date) -> bool:
        self._check(d)
        return d.weekday() < 5 and d not in self.non_working

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The nth working day after d (d itself is not counted)."""
        step = 1 if n >= 0 else -1
        remaining = abs(whole(n))
        while remaining:
            d += dt.timedelta(days=step)
            if self.is_working_day(d):
                remaining -= 1
        return d

    def _check(self, d: dt.date) -> None:
        if not (self.first_year <= d.year <= self.last_year):
            raise ValueError(f"no bank-holiday data for {d.year} (covered {self.first_year}-{self.last_year})")


def england_calendar(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> WorkingDayCalendar:
    """Build the England calendar once. Christmas Day and Good Friday are always included."""
    import holidays  # imported here: a process that reads the calendar from the compile cache never needs it

    years = range(first_year, last_year + 1)
    bank = holidays.country_holidays("GB", subdiv="ENG", years=years)
    days = set(bank.keys())
    days |= {dt.date(y, 12, 25) for y in years}
    source = f"holidays {holidays.__version__} (GB, subdiv ENG)"
    return WorkingDayCalendar(frozenset(days), source, first_year, last_year)


def nth_institution_day(cal: WorkingDayCalendar, d: dt.date, n: int, closures: tuple) -> dt.date:
    """The nth day after d on which the school or institution is open (SEND Regs reg 48(2)): a
    working day in England that falls in no recorded closure [closed_from, reopens)."""
    from .dates import whole

    remaining, day = whole(n), d
    while remaining:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day) and not any(start <= day < reopens for _, start, reopens in closures):
            remaining -= 1
    return day


def appeal_deadline(cal: WorkingDayCalendar, notice_sent: dt.date, certificate_issued: dt.date | None) -> dt.date:
    """Last day to register an SEN appeal (HESC Rules r20(1)(c) with r12(2)-(3)(a)).

    Two months after the decision notice was sent or, if later, one month from the date the
    mediation certificate was issued. A deadline falling from 25 December to 1 January moves to
    the first working day after 1 January; one falling in August to the first working day after
    31 August; one on a non-working day to the next working day. The Tribunal's 5pm cut-off
    (r12(1)) is a time of day and is not modelled: dates are whole days.
    """
    from .dates import add_months

    due = add_months(notice_sent, 2)
    if certificate_issued is not None:
        due = max(due, add_months(certificate_issued, 1))
    if (due.month == 12 and due.day >= 25) or (due.month == 1 and due.day == 1):
        year = due.year + 1 if due.month == 12 else due.year
        due = cal.add_working_days(dt.date(year, 1, 1), 1)
    elif due.month == 8:
        due = cal.add_working_days(dt.date(due.year, 8, 31), 1)
    while not cal.is_working_day(due):
        due += dt.timedelta(days=1)
    return due

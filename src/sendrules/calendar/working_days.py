"""Working days in England: not a Saturday, Sunday, Christmas Day, Good Friday or bank holiday.

Bank holidays come from the maintained `holidays` package, computed once when a
rulebook is compiled (evaluation does no I/O and touches no shared mutable state).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays

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
    years = range(first_year, last_year + 1)
    bank = holidays.country_holidays("GB", subdiv="ENG", years=years)
    days = set(bank.keys())
    days |= {dt.date(y, 12, 25) for y in years}
    source = f"holidays {holidays.__version__} (GB, subdiv ENG)"
    return WorkingDayCalendar(frozenset(days), source, first_year, last_year)

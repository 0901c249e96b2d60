"""Today's date in England: the default as-at date.

The law is English, so "today" is the date in Europe/London (GMT, or BST in summer), whatever
the time zone of the machine: a server in UTC+14 is a day ahead of London for much of the day,
and a day decides whether a duty is met or overdue. The IANA data comes from the operating
system or, where it has none (Windows, slim containers), the `tzdata` package.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

ENGLAND = "Europe/London"


def today_in_england(now: dt.datetime | None = None) -> dt.date:
    """The date in England at `now` (an aware datetime; default: the present moment)."""
    moment = now if now is not None else dt.datetime.now(dt.timezone.utc)
    if moment.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return moment.astimezone(ZoneInfo(ENGLAND)).date()

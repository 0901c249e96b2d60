"""Dates are written YYYY-MM-DD and nothing else.

Python's own readers accept more (20251103, 2025-W45-1, a time after the date) and pydantic in
its lax mode takes a number as a Unix timestamp, so `"received_date": 1762128000` became
2025-11-03 without a word. Every date a user gives goes through `iso_date`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
WRITTEN = "must be a date written YYYY-MM-DD"


def parse_iso_date(text: str) -> dt.date:
    """A YYYY-MM-DD date; ValueError (naming no value) for anything else or an impossible date."""
    if not _ISO.match(text):
        raise ValueError(WRITTEN)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(WRITTEN + " that exists (the month 01-12, the day within the month)") from None


def iso_date(value: Any) -> dt.date:
    """A date given as a `datetime.date` (not a datetime) or as YYYY-MM-DD text (a pydantic
    before-validator: anything else is refused before pydantic's lax conversion sees it)."""
    if isinstance(value, dt.datetime):
        raise ValueError("must be a date without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value)
    raise ValueError(WRITTEN)

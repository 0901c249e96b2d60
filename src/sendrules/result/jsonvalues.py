"""Plain JSON for rule values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.values import Unknown


def to_json(v: Any) -> Any:
    if type(v) is Unknown:
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (frozenset, set)):
        return sorted(to_json(x) for x in v)
    if isinstance(v, tuple):
        return [to_json(x) for x in v]
    return v

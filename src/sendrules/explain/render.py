"""Format values and fill explanation templates in plain English."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..evaluate.evaluator import Outcome
from ..core.values import Unknown
from .lookup import Lookup

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def fmt(v: Any) -> str:
    if type(v) is Unknown:
        return "unknown"
    if v is None:
        return "not recorded"
    if v is True:
        return "yes"
    if v is False:
        return "no"
    if isinstance(v, dt.date):
        return f"{v.day} {v:%B %Y}"
    if isinstance(v, (frozenset, set, tuple, list)):
        items = [fmt(x) for x in sorted(v, key=str)]
        if not items:
            return "none"
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    if isinstance(v, str):
        return v.replace("_", " ")
    return str(v)


def local_values(o: Outcome) -> dict[str, Any]:
    out: dict[str, Any] = {"value": o.value, "status": o.status.replace("_", " ")}
    s = o.duty
    if s is not None:
        rule = (o.version or o.program.latest).rule
        out.update(trigger=s.trigger, due=s.due, discharged=s.discharged, days_late=s.days_late,
                   days_overdue=s.days_overdue, days_left=s.days_left, holder=rule.holder,
                   recipients=s.recipients)
    return out


def fill(template: str, o: Outcome, lookup: Lookup) -> str:
    locals_ = local_values(o)

    def sub(m: re.Match) -> str:
        name = m.group(1).strip()
        return fmt(locals_[name] if name in locals_ else lookup.value(name, o))
    return _PLACEHOLDER.sub(sub, template).strip()

"""The values a number setting or parameter may take: the range its declaration gives (`min`,
`max`), or else one that follows from its unit; whole numbers where the rulebook's are.

Overrides are checked against it (a what-if of `assessment_decision_weeks: null` silently turned
an overdue duty into a pending one; `due_soon_days` of 3,000,000 overflowed the calendar).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# The longest a time limit of each unit may be: a century, well past any limit in the law, and
# short enough that any date of the case plus the limit stays inside the calendar's years.
UNIT_MAX: dict[str, int] = {"years": 100, "months": 1200, "weeks": 5200, "days": 36525, "working_days": 26100}
# A number with no unit and no declared range: still bounded, so arithmetic never overflows.
UNBOUNDED = 1_000_000_000


@dataclass(frozen=True)
class NumberRange:
    lo: float
    hi: float
    whole: bool

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` (never quoting it), or None when it is allowed."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "must be a number"
        if isinstance(value, float) and not math.isfinite(value):
            return "must be a finite number"
        if self.whole and not isinstance(value, int):
            return "must be a whole number"
        if not self.lo <= value <= self.hi:
            return f"must be from {_show(self.lo)} to {_show(self.hi)}"
        return None

    def describe(self) -> str:
        return f"{'a whole number' if self.whole else 'a number'} from {_show(self.lo)} to {_show(self.hi)}"


def _show(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def number_range(unit: str, lo: float | None, hi: float | None, values: list[Any]) -> NumberRange:
    """The range of a number declared with `unit`, optional bounds, and its rulebook values (a
    number the rulebook always gives as a whole number is whole)."""
    whole = all(isinstance(v, int) and not isinstance(v, bool) for v in values) and not any(
        isinstance(b, float) for b in (lo, hi))
    if unit in UNIT_MAX:
        default_lo, default_hi = 0, UNIT_MAX[unit]
    else:
        default_lo, default_hi = -UNBOUNDED, UNBOUNDED
    return NumberRange(default_lo if lo is None else lo, default_hi if hi is None else hi, whole)

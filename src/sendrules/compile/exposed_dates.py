"""A check or decision may not hide a date it computes.

A `check` (a procedural requirement) or a `decision` reports yes or no. When it works out a date
to compare with, such as the last day of a representation window or an appeal deadline, that date
is what an auditor needs to see, and a bare `false` does not show it. So a comparison inside a
check or decision may not contain date arithmetic: the date must be a named `type: date` value
rule (its outcome carries the date, its citation and version), which the check then reads.
docs/adr/0016 records why this is a rule of the format rather than a new field of the result.
"""

from __future__ import annotations

import ast

from .functions import DATE_ARITHMETIC

KINDS = frozenset({"check", "decision"})


def hidden_dates(source: str) -> list[str]:
    """The date-arithmetic functions called inside an operand of a comparison in `source`."""
    try:
        tree = ast.parse("(" + " ".join(source.split()) + ")", mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []  # the expression compiler reports it
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        for operand in (node.left, *node.comparators):
            for sub in ast.walk(operand):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and _computes_date(sub):
                    found.add(sub.func.id)
    return sorted(found)


def _computes_date(call: ast.Call) -> bool:
    name = call.func.id  # type: ignore[attr-defined]
    if name == "date":
        # date(2018, 4, 1) is a fixed date written in the rule; date(year(d), 3, 31) is computed.
        return not all(isinstance(a, ast.Constant) for a in call.args)
    return name in DATE_ARITHMETIC


def message(functions: list[str]) -> str:
    """The diagnostic for a check or decision that compares a computed date inline."""
    called = ", ".join(f"{f}(...)" for f in functions)
    return (f"a check or decision compares a date it computes ({called}) without showing it: "
            "give that date a name as a `type: date` value rule, so the result shows it, and compare with the rule")

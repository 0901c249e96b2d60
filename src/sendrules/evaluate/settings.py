"""Named settings: the rulebook's defaults, overridden by the caller, validated."""

from __future__ import annotations

from typing import Any

from ..compile.rulebook import CompiledRulebook
from ..errors import InputError
from ..core.suggest import did_you_mean
from ..core.parameters import ParameterTable, override_problem, override_table
from ..core.ranges import number_range
from ..core.ruleformat import Setting, month_day_problem


def resolve_settings(rb: CompiledRulebook, overrides: dict[str, Any] | None) -> dict[str, Any]:
    values = rb.setting_defaults()
    if overrides is not None and not isinstance(overrides, dict):
        raise InputError(["settings: must be a mapping of setting names to values"])
    if not overrides:
        return values
    problems = []
    for name, val in sorted((overrides or {}).items()):
        s = rb.settings.get(name)
        if s is None:
            problems.append(f"settings.{name}: no such setting" + (
                did_you_mean(name, rb.settings) or f"; the settings are {', '.join(sorted(rb.settings))}"))
            continue
        problem = setting_problem(s, val)
        if problem is not None:
            problems.append(f"settings.{name}: {problem}")
            continue
        values[name] = val
    if problems:
        raise InputError(problems)
    return values


def setting_problem(s: Setting, val: Any) -> str | None:
    """Why `val` cannot be the setting's value (its declared type, values and range), or None."""
    if s.type == "number":
        return number_range("none", s.min, s.max, [s.default]).problem(val)
    if s.type == "bool":
        return None if isinstance(val, bool) else "must be true or false"
    if s.type == "enum":
        return None if isinstance(val, str) and val in (s.values or []) else f"must be one of {s.values}"
    if s.form == "month_day":
        return month_day_problem(val, s.within)
    return None if isinstance(val, str) else "must be text"


def parameter_tables(rb: CompiledRulebook, overrides: dict[str, Any] | None) -> dict[str, ParameterTable]:
    """The rulebook's parameter tables, with any caller overrides applied at every date."""
    if overrides is not None and not isinstance(overrides, dict):
        raise InputError(["parameters: must be a mapping of parameter names to values"])
    if not overrides:
        return rb.parameters
    tables = dict(rb.parameters)
    problems = []
    for name, val in sorted((overrides or {}).items()):
        base = tables.get(name)
        if base is None:
            problems.append(f"parameters.{name}: no such parameter" + did_you_mean(name, tables))
            continue
        problem = override_problem(base, val)
        if problem is not None:
            problems.append(f"parameters.{name}: {problem}")
            continue
        tables[name] = override_table(base, val)
    if problems:
        raise InputError(problems)
    return tables

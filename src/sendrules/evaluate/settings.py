"""Named settings: the rulebook's defaults, overridden by the caller, validated."""

from __future__ import annotations

import math
from typing import Any

from ..compile.rulebook import CompiledRulebook
from ..errors import InputError
from ..core.suggest import did_you_mean
from ..core.parameters import ParameterTable, override_table


def resolve_settings(rb: CompiledRulebook, overrides: dict[str, Any] | None) -> dict[str, Any]:
    values = rb.setting_defaults()
    if not overrides:
        return values
    problems = []
    for name, val in sorted((overrides or {}).items()):
        s = rb.settings.get(name)
        if s is None:
            problems.append(f"settings.{name}: no such setting" + did_you_mean(name, rb.settings))
            continue
        ok = {
            "bool": isinstance(val, bool),
            "number": isinstance(val, (int, float)) and not isinstance(val, bool) and math.isfinite(val),
            "text": isinstance(val, str),
            "enum": isinstance(val, str) and val in (s.values or []),
        }[s.type]
        if not ok:
            allowed = f"one of {s.values}" if s.type == "enum" else (
                "a finite number" if s.type == "number" else s.type)
            problems.append(f"settings.{name}: must be {allowed}")
            continue
        values[name] = val
    if problems:
        raise InputError(problems)
    return values


def parameter_tables(rb: CompiledRulebook, overrides: dict[str, Any] | None) -> dict[str, ParameterTable]:
    """The rulebook's parameter tables, with any caller overrides applied at every date."""
    if not overrides:
        return rb.parameters
    tables = dict(rb.parameters)
    problems = []
    for name, val in sorted((overrides or {}).items()):
        base = tables.get(name)
        if base is None:
            problems.append(f"parameters.{name}: no such parameter" + did_you_mean(name, tables))
            continue
        current = base.entries[0].value
        same_kind = (isinstance(val, bool) == isinstance(current, bool)) and (
            isinstance(val, str) == isinstance(current, str))
        if not same_kind or (isinstance(val, float) and not math.isfinite(val)):
            problems.append(f"parameters.{name}: must be of the same type as the rulebook's value")
            continue
        tables[name] = override_table(base, val)
    if problems:
        raise InputError(problems)
    return tables

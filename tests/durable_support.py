"""Shared by the durable-rules tests: the engine must be there, and a way to compare backends."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest

from sendrules.errors import InputError
from sendrules.evaluate.evaluator import evaluate_case
from sendrules.explain.text import report
from sendrules.result.build import result_dict
from sendrules.result.canonical import canonical_json
from sendrules.scenarios.runner import _case, load_scenarios, scenario_files

ROOT = Path(__file__).resolve().parents[1]


def require_durable() -> None:
    """Fail (never skip) when durable-rules is missing where it can be installed: the README's
    test command installs it, so a missing engine means the cross-check did not run."""
    from sendrules.durable import host
    if host.available():
        return
    if sys.version_info >= (3, 13):
        pytest.skip("durable-rules 2.0.28 does not import on Python 3.13 (the extra is marked < 3.13)")
    pytest.fail(f'durable-rules is not installed: pip install -e ".[test,durable]" ({host.IMPORT_ERROR})')


def scenarios() -> list[tuple[str, int | None, Any]]:
    return load_scenarios(scenario_files(ROOT / "rules" / "scenarios")).scenarios


def outcome_of(fn, rb, case: dict, as_at: dt.date, settings=None, parameters=None, explain: bool = True) -> str:
    """Everything a caller sees: the canonical result document (with the trace when explaining)
    and the plain-English report; or the input error's text."""
    try:
        ev = fn(rb, case, as_at, settings, explain, parameters)
    except InputError as exc:
        return f"InputError: {exc}"
    doc = canonical_json(result_dict(ev))
    return doc + ("\n" + report(ev, explain=True) if explain else "")


def compare(rb, case: dict, as_at: dt.date, settings=None, parameters=None, explain: bool = True,
            durable=None) -> tuple[str, str]:
    from sendrules.durable.backend import evaluate_case_durable

    def dur(*a):
        return evaluate_case_durable(*a, compiled=durable)
    return (outcome_of(evaluate_case, rb, case, as_at, settings, parameters, explain),
            outcome_of(dur, rb, case, as_at, settings, parameters, explain))


def scenario_case(sc: Any) -> dict:
    return _case(sc)

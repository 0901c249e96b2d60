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
from sendrules.scenarios.runner import _area, _case, load_scenarios, scenario_files

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
            durable=None, area: bool = False) -> tuple[str, str]:
    """The two engines' outcomes for a case (or, with area=True, an area file)."""
    from sendrules.durable.backend import evaluate_area_durable, evaluate_case_durable
    from sendrules.evaluate.area import evaluate_area
    python_fn, durable_fn = (evaluate_area, evaluate_area_durable) if area else (evaluate_case, evaluate_case_durable)

    def dur(*a):
        return durable_fn(*a, compiled=durable)
    return (outcome_of(python_fn, rb, case, as_at, settings, parameters, explain),
            outcome_of(dur, rb, case, as_at, settings, parameters, explain))


def scenario_case(sc: Any) -> dict:
    """The scenario's input: its case, or its area file (see `is_area`)."""
    return _area(sc) if sc.area is not None else _case(sc)


def is_area(sc: Any) -> bool:
    return sc.area is not None

"""Shared by the durable-rules tests: the engine must be there, and a way to compare backends."""

from __future__ import annotations

import copy
import functools
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest

import sendrules
from sendrules.errors import InputError
from sendrules.explain.text import report
from sendrules.result.canonical import canonical_json
from sendrules.scenarios.runner import LoadedScenario, load_scenarios, scenario_files, scenario_input

ROOT = Path(__file__).resolve().parents[1]
# The only receipt fields that name the engine: everything else of the two documents must be equal.
ENGINE_FIELDS = ("engine", "run_hash")


def require_durable() -> None:
    """Fail (never skip) when durable-rules is missing where it can be installed: the README's
    test command installs it, so a missing engine means the cross-check did not run."""
    from sendrules.durable import host
    if host.available():
        return
    if sys.version_info >= (3, 13):
        pytest.skip("durable-rules 2.0.28 does not import on Python 3.13 (the extra is marked < 3.13)")
    pytest.fail(f'durable-rules is not installed: pip install -e ".[test,durable]" ({host.IMPORT_ERROR})')


@functools.cache
def scenarios() -> list[LoadedScenario]:
    """Every bundled scenario, read once per process (the YAML takes seconds to parse)."""
    loaded = load_scenarios(scenario_files(ROOT / "rules" / "scenarios"))
    assert not loaded.errors, loaded.errors
    return loaded.scenarios


def normalised(doc: dict) -> dict:
    """The document with the receipt's engine name and run hash (which covers the engine) blanked;
    nothing else is touched."""
    receipt = doc["receipt"]
    for key in ENGINE_FIELDS:
        assert key in receipt, key
        receipt[key] = "<engine>"
    return doc


def outcome_of(rb, root: str, data: Any, as_at: dt.date, settings=None, parameters=None, explain: bool = True,
               engine: str = "python", durable=None) -> str:
    """Everything a caller sees: the canonical result document (every outcome, not-applicable ones
    too; with the trace and the plain-English report when explaining); or the input error's text."""
    try:
        if engine == "durable" and durable is not None:
            from sendrules.durable.backend import evaluate_durable
            ev = evaluate_durable(rb, root, data, as_at, settings, explain, parameters, compiled=durable)
        else:
            ev = sendrules.evaluate_with(rb, root, data, as_at, settings=settings, explain=explain,
                                         parameters=parameters, engine=engine)
    except InputError as exc:
        return f"InputError: {exc}"
    assert ev.engine == engine
    doc = canonical_json(normalised(sendrules.document(ev, all_outcomes=True, explain=explain)))
    return doc + ("\n" + report(ev, explain=True) if explain else "")


def compare(rb, root: str, data: Any, as_at: dt.date, settings=None, parameters=None, explain: bool = True,
            durable=None) -> tuple[str, str]:
    """The two engines' outcomes for a case (root "case") or an area file (root "area").
    `durable` is a DurableRulebook to run instead of the cached compilation (a mutant)."""
    # each engine gets its own copy: nothing one engine does to its input can reach the other
    python = outcome_of(rb, root, copy.deepcopy(data), as_at, settings, parameters, explain, "python")
    durable_ = outcome_of(rb, root, copy.deepcopy(data), as_at, settings, parameters, explain, "durable", durable)
    return python, durable_


def scenario_args(ls: LoadedScenario) -> tuple[str, dict, dt.date, Any, Any]:
    """(root, input, as_at, settings, parameters) of a loaded scenario."""
    root, data = scenario_input(ls)
    sc = ls.scenario
    return root, data, sc.as_at, sc.settings, sc.parameters


def is_area(ls: LoadedScenario) -> bool:
    return ls.scenario.area is not None

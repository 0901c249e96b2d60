"""Every bundled scenario is a test: a failing scenario fails CI, with its trace."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendrules.scenarios.runner import load_scenarios, run_scenario, scenario_files

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "rules" / "scenarios"
LOADED = load_scenarios(scenario_files(SCENARIO_DIR))


def test_scenario_files_are_valid() -> None:
    assert LOADED.errors == []


def test_there_are_scenarios() -> None:
    assert len(LOADED.scenarios) >= 40


def test_bundled_scenarios_are_format_2() -> None:
    """The bundled scenarios were converted by `sendrules migrate` and hold 2.0 cases."""
    assert not [ls.file for ls in LOADED.scenarios if ls.legacy]


@pytest.mark.parametrize("loaded", LOADED.scenarios,
                         ids=[f"{Path(ls.file).stem}:{ls.scenario.name}" for ls in LOADED.scenarios])
def test_scenario(rulebook, loaded) -> None:
    result = run_scenario(rulebook, loaded)
    if not result.passed:
        pytest.fail(f"{loaded.file}:{loaded.line} {loaded.scenario.name}\n" + "\n".join(result.failures)
                    + "\n--- trace ---\n" + result.report, pytrace=False)

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


@pytest.mark.parametrize(
    "file,line,scenario",
    LOADED.scenarios,
    ids=[f"{Path(f).stem}:{sc.name}" for f, _, sc in LOADED.scenarios],
)
def test_scenario(rulebook, file: str, line: int, scenario) -> None:
    result = run_scenario(rulebook, file, line, scenario)
    if not result.passed:
        pytest.fail(f"{file}:{line} {scenario.name}\n" + "\n".join(result.failures)
                    + "\n--- trace ---\n" + result.report, pytrace=False)

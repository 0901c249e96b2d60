"""The cross-check: the durable-rules backend and the Python backend give identical results.

Every bundled scenario (result document, explanation trace and report), and at least 10,000
generated cases: variations of the scenarios' cases (dates moved, facts dropped so they become
unknown, yes/no facts and findings flipped, values swapped for others seen in the corpus, the
as-at date moved) plus the property tests' random cases. A difference fails with the case.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydantic import ValidationError

from sendrules.facts.case import Case
from durable_support import compare, is_area, require_durable, scenario_case, scenarios
from test_area import areas
from test_properties import AS_AT, cases

SCENARIOS = scenarios()
CASE_SCENARIOS = [s for s in SCENARIOS if not is_area(s[2])]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# 10,000 generated cases in all (the floor); SENDRULES_DIFF_EXAMPLES lowers it for a quick local run.
TOTAL = int(os.environ.get("SENDRULES_DIFF_EXAMPLES", "10000"))
_RB: dict[str, Any] = {}


@pytest.fixture(autouse=True, scope="module")
def _durable(rulebook):
    require_durable()
    _RB["rb"] = rulebook
    yield
    _RB.clear()


def _same(case: dict, as_at: dt.date, settings_: Any = None, parameters: Any = None, explain: bool = True,
          area: bool = False) -> None:
    python, durable = compare(_RB["rb"], case, as_at, settings_, parameters, explain, area=area)
    assert durable == python


@pytest.mark.parametrize("index", range(len(SCENARIOS)), ids=[s[2].name[:60] for s in SCENARIOS])
def test_scenario_identical_on_both_engines(index):
    _file, _line, sc = SCENARIOS[index]
    _same(scenario_case(sc), sc.as_at, sc.settings, sc.parameters, area=is_area(sc))


def test_every_scenario_is_cross_checked():
    assert len(SCENARIOS) >= 700
    assert len(SCENARIOS) - len(CASE_SCENARIOS) >= 40  # the area scenarios too


# --- generated variations of the scenario corpus ---------------------------------------------

def _pools() -> dict[str, list]:
    """Every scalar value seen under each key in the corpus (to swap enums and ids plausibly)."""
    pools: dict[str, set] = {}

    def walk(x: Any, key: str | None) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, k)
        elif isinstance(x, list):
            for v in x:
                walk(v, key)
        elif key is not None and isinstance(x, str) and not ISO.match(x):
            pools.setdefault(key, set()).add(x)
    for _f, _l, sc in CASE_SCENARIOS:
        walk(sc.case, None)
    return {k: sorted(v) for k, v in pools.items() if len(v) > 1}


POOLS = _pools()
KEEP = {"schema_version", "case_id", "request_id"}


@st.composite
def varied(draw) -> tuple[dict, dt.date, Any, Any]:
    _f, _l, sc = draw(st.sampled_from(CASE_SCENARIOS))
    base = copy.deepcopy(scenario_case(sc))
    shift = draw(st.integers(-60, 60))
    drops = [True]

    def vary(x: Any, key: str | None) -> Any:
        if isinstance(x, dict):
            out = {}
            for k, v in x.items():
                if drops[0] and k not in KEEP and draw(st.integers(0, 9)) == 0:
                    continue                          # dropped: an unknown attribute or unrecorded event
                out[k] = vary(v, k)
            return out
        if isinstance(x, list):
            return [vary(v, key) for v in x]
        if isinstance(x, bool):
            return (not x) if draw(st.integers(0, 7)) == 0 else x
        if isinstance(x, str) and ISO.match(x):
            d = dt.date.fromisoformat(x)
            move = shift + (draw(st.integers(-20, 20)) if draw(st.integers(0, 3)) == 0 else 0)
            return (d + dt.timedelta(days=move)).isoformat()
        if isinstance(x, str) and key in POOLS and key not in KEEP and draw(st.integers(0, 7)) == 0:
            return draw(st.sampled_from(POOLS[key]))
        return x
    case = vary(base, None)
    try:
        Case.model_validate(case)
    except ValidationError:
        # a required field was dropped: vary again without drops, so most cases evaluate
        drops[0] = False
        case = vary(base, None)
    as_at = sc.as_at + dt.timedelta(days=draw(st.sampled_from([0, 0, shift, draw(st.integers(-400, 400))])))
    return case, as_at, sc.settings, sc.parameters


def _budget(n: int):
    return settings(max_examples=n, deadline=None, derandomize=False, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# The budget is split into chunks so pytest-xdist can spread it over the machine's cores; each
# chunk is its own hypothesis run (a different random stream), and the chunks add up to TOTAL.
CHUNKS = 4
VARIED = max(1, TOTAL * 7 // 10)
RANDOM = max(1, TOTAL - VARIED)


@pytest.mark.parametrize("chunk", range(CHUNKS))
@_budget(max(1, VARIED // CHUNKS))
@given(v=varied())
def test_varied_scenario_cases_identical(chunk, v):
    case, as_at, settings_, parameters = v
    _same(case, as_at, settings_, parameters, explain=False)


@pytest.mark.parametrize("chunk", range(CHUNKS))
@_budget(max(1, RANDOM // CHUNKS))
@given(case=cases(), as_at=AS_AT)
def test_random_cases_identical(chunk, case, as_at):
    _same(case, as_at, explain=False)


def test_the_generated_budget_is_at_least_ten_thousand_cases():
    if "SENDRULES_DIFF_EXAMPLES" not in os.environ:
        assert (VARIED // CHUNKS + RANDOM // CHUNKS) * CHUNKS >= 10_000


@_budget(300)
@given(area=areas(), as_at=st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2032, 12, 31)))
def test_generated_area_files_identical(area, as_at):
    """Area files (the local authority's own duties) on top of the 10,000 cases."""
    _same(area, as_at, explain=False, area=True)

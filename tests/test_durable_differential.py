"""The cross-check: the durable-rules backend and the Python backend give identical results.

Every bundled scenario (result document with its explanation trace, and the plain-English
report), and at least 10,000 generated cases (result document): variations of the scenarios'
cases (dates moved, facts dropped so they become unknown, yes/no facts and findings flipped,
values swapped for others seen at the same place in the corpus, the as-at date moved) plus the
property tests' random cases. The two documents may differ only in the receipt's engine name and
run hash. A difference fails with the case.

Cost: a generated case takes the durable engine some 20 times as long as the Python one, so the
generated cases compare the result document only (every outcome, not-applicable ones too); the
explanation trace and the report are compared on every scenario and on a sample of the
generated cases (one in `EXPLAINED` = 20 by a hash of the case, ~500), which covers the trace
code on varied inputs at a twentieth of its cost.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from durable_support import compare, is_area, require_durable, scenario_args, scenarios
from sendrules.facts import migrate
from sendrules.facts.case import Case
from test_area import areas
from test_properties import AS_AT, cases

SCENARIOS = scenarios()
CASE_SCENARIOS = [s for s in SCENARIOS if not is_area(s)]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# 10,000 generated cases in all (the floor); SENDRULES_DIFF_EXAMPLES lowers it for a quick local run.
TOTAL = int(os.environ.get("SENDRULES_DIFF_EXAMPLES", "10000"))
EXPLAINED = 20   # about one generated case in EXPLAINED is compared with its trace and report too
_RB: dict[str, Any] = {}


@pytest.fixture(autouse=True, scope="module")
def _durable(rulebook):
    require_durable()
    from sendrules.durable.backend import compile_durable
    compile_durable(rulebook)   # once per worker, before the first timed example
    _RB["rb"] = rulebook
    yield
    _RB.clear()


def _same(root: str, data: Any, as_at: dt.date, settings_: Any = None, parameters: Any = None,
          explain: bool = True) -> None:
    python, durable = compare(_RB["rb"], root, data, as_at, settings_, parameters, explain)
    assert durable == python


@pytest.mark.parametrize("index", range(len(SCENARIOS)), ids=[s.scenario.name[:60] for s in SCENARIOS])
def test_scenario_identical_on_both_engines(index):
    _same(*scenario_args(SCENARIOS[index]), explain=True)


def test_a_duty_with_no_version_on_its_trigger_date_is_explained_alike():
    """Found by the generated cases: the trigger (two weeks before a meeting in May 2014) falls
    before the duty's law starts. Both engines say error; the explanation must show the same
    value read for the parameter (the Python engine reads it at the as-at date, where the
    trigger was computed)."""
    case = {"schema_version": "2.0", "case_id": "c", "person": {},
            "requests": [{"request_id": "r0", "assessment": {"plan": {"reviews": [
                {"review_id": "V2", "meeting_date": "2014-05-07"}]}}}]}
    _same("case", case, dt.date(2015, 1, 2), explain=True)


def test_every_scenario_is_cross_checked():
    assert len(SCENARIOS) >= 700
    assert len(SCENARIOS) - len(CASE_SCENARIOS) >= 40  # the area scenarios too


# --- generated variations of the scenario corpus ---------------------------------------------

def _case_2_0(ls) -> dict:
    """A scenario's case as a schema 2.0 dict (a format 1 file's case is upgraded)."""
    _root, data = scenario_args(ls)[:2]
    data = copy.deepcopy(data)
    return migrate.upgrade_case(data) if data.get("schema_version") == migrate.FROM_VERSION else data


BASES = [(_case_2_0(ls), ls.scenario) for ls in CASE_SCENARIOS]


def _is_id(key: str) -> bool:
    return key == "schema_version" or key == "id" or key.endswith("_id")


def _pools() -> dict[tuple[str, ...], list]:
    """Every text value seen at each place of the nested case in the corpus (the path of keys from
    the case down, list positions left out), to swap enums plausibly: `requests.outcome` is
    swapped only with other request outcomes, never with a review's or a tribunal's."""
    pools: dict[tuple[str, ...], set] = {}

    def walk(x: Any, path: tuple[str, ...]) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, path + (k,))
        elif isinstance(x, list):
            for v in x:
                walk(v, path)
        elif path and isinstance(x, str) and not ISO.match(x) and not _is_id(path[-1]):
            pools.setdefault(path, set()).add(x)
    for case, _sc in BASES:
        walk(case, ())
    return {k: sorted(v) for k, v in pools.items() if len(v) > 1}


POOLS = _pools()


@st.composite
def varied(draw) -> tuple[dict, dt.date, Any, Any]:
    base, sc = draw(st.sampled_from(BASES))
    shift = draw(st.integers(-60, 60))
    drops = [True]

    def vary(x: Any, path: tuple[str, ...]) -> Any:
        if isinstance(x, dict):
            out = {}
            for k, v in x.items():
                # dropped: an unknown attribute or an unrecorded event (a whole record more rarely)
                if drops[0] and not _is_id(k) and draw(st.integers(0, 29 if isinstance(v, (dict, list)) else 9)) == 0:
                    continue
                out[k] = vary(v, path + (k,))
            return out
        if isinstance(x, list):
            return [vary(v, path) for v in x]
        if isinstance(x, bool):
            return (not x) if draw(st.integers(0, 7)) == 0 else x
        if isinstance(x, dt.date) or (isinstance(x, str) and ISO.match(x)):
            # a scenario's YAML gives dates; a moved date is written as ISO text, as in a case file
            d = x if isinstance(x, dt.date) else dt.date.fromisoformat(x)
            move = shift + (draw(st.integers(-20, 20)) if draw(st.integers(0, 3)) == 0 else 0)
            return (d + dt.timedelta(days=move)).isoformat()
        if isinstance(x, str) and path in POOLS and draw(st.integers(0, 7)) == 0:
            return draw(st.sampled_from(POOLS[path]))
        return x
    case = vary(base, ())
    try:
        Case.model_validate(case)
    except ValidationError:
        # a required field was dropped: vary again without drops, so most cases evaluate
        drops[0] = False
        case = vary(base, ())
    as_at = sc.as_at + dt.timedelta(days=draw(st.sampled_from([0, 0, shift, draw(st.integers(-400, 400))])))
    return case, as_at, sc.settings, sc.parameters


# A mismatch fails at once with the whole generated case. Shrinking it takes minutes (every step
# runs durable; hypothesis gave up after 5 minutes on one chunk), so it is opt-in for debugging:
# SENDRULES_DIFF_SHRINK=1.
PHASES = [p for p in Phase if os.environ.get("SENDRULES_DIFF_SHRINK") or p.name not in ("shrink", "explain")]


def _budget(n: int):
    return settings(max_examples=n, deadline=None, derandomize=False, database=None, phases=PHASES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# The budget is split into chunks so pytest-xdist (`--dist worksteal`) keeps every core busy to the
# end; each chunk is its own hypothesis run (a different random stream), and the chunks add up to TOTAL.
CHUNKS = 16
VARIED = max(1, TOTAL * 7 // 10)
RANDOM = max(1, TOTAL - VARIED)
VARIED_PER_CHUNK = -(-VARIED // CHUNKS)
RANDOM_PER_CHUNK = -(-RANDOM // CHUNKS)


def _explained(*example: Any) -> bool:
    """About one generated case in EXPLAINED is also compared with its explanation trace and
    report: chosen by a hash of the example itself, so a failure replays alike (a drawn choice
    would follow hypothesis' mutations of the examples it likes, and explain far more than that)."""
    return zlib.crc32(repr(example).encode()) % EXPLAINED == 0


class _Count:
    """Counts a chunk's examples, so the budget is known to have run in full."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> None:
        self.n += 1


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_varied_scenario_cases_identical(chunk):
    count = _Count()

    @_budget(VARIED_PER_CHUNK)
    @given(v=varied())
    def check(v):
        count()
        case, as_at, settings_, parameters = v
        _same("case", case, as_at, settings_, parameters, explain=_explained(case, as_at))
    check()
    assert count.n >= VARIED_PER_CHUNK


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_cases_identical(chunk):
    count = _Count()

    @_budget(RANDOM_PER_CHUNK)
    @given(case=cases(), as_at=AS_AT)
    def check(case, as_at):
        count()
        _same("case", case, as_at, explain=_explained(case, as_at))
    check()
    assert count.n >= RANDOM_PER_CHUNK


def test_the_generated_budget_is_at_least_ten_thousand_cases():
    if "SENDRULES_DIFF_EXAMPLES" not in os.environ:
        assert (VARIED_PER_CHUNK + RANDOM_PER_CHUNK) * CHUNKS >= 10_000


@pytest.mark.parametrize("chunk", range(2))
@_budget(150)
@given(area=areas(), as_at=st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2032, 12, 31)))
def test_generated_area_files_identical(chunk, area, as_at):
    """Area files (the local authority's own duties) on top of the 10,000 cases."""
    _same("area", area, as_at, explain=False)

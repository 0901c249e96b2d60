"""The check of the check: alter one rule in the durable compilation only (the Python backend
and the rule files untouched) and the differential comparison over the scenarios must notice.

If these pass while the mutant is in place, the cross-check proves nothing; they are also the
evidence that durable decides outcomes itself (a pass-through would not change).

The mutant is built here, not by a hook in the backend: `build_durable(rb)` compiles the law
afresh, and a second `build_durable(rb, engine)` runs it on a `ConfinedEngine` whose ruleset
definitions are the fresh ones with one rule altered.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

import pytest

from durable_support import outcome_of, require_durable, scenario_args, scenarios

SCENARIOS = scenarios()
OVER_CSA = "status.is_over_compulsory_school_age"
SIX_WEEKS = "assessment.decision_whether_to_assess"
_PYTHON: dict[int, str] = {}   # the Python engine's document per scenario, shared by the tests of a worker


@pytest.fixture(autouse=True)
def _durable():
    require_durable()


def _mutant(rb, mutate: Callable[[dict[str, dict]], None], fresh=None):
    """A durable compilation whose ruleset definitions pass through `mutate` (it alters them in
    place) each time a Host is built; the Python backend and the rule files are untouched."""
    from sendrules.durable.backend import build_durable
    from sendrules.durable.host import ConfinedEngine
    rules = (fresh or build_durable(rb)).ruleset

    def defs() -> dict[str, dict]:
        d = rules()
        mutate(d)
        return d
    return build_durable(rb, ConfinedEngine(defs))


def _program(ruleset_name: str) -> str:
    """The rule id whose ruleset this is (its body's, or its scope's)."""
    return ruleset_name.split(":", 1)[1].split("/", 1)[0]


def _mismatches(rb, mutant, first: bool = False) -> int:
    """Scenarios whose result document differs between the Python engine and `mutant`;
    `first`: stop at the first difference (enough to show the comparison notices)."""
    from sendrules.durable.host import DurableActionError
    n = 0
    for i, ls in enumerate(SCENARIOS):
        args = scenario_args(ls)
        if i not in _PYTHON:    # the Python side never changes: computed once per worker
            _PYTHON[i] = outcome_of(rb, *args, explain=False, engine="python")
        try:
            durable = outcome_of(rb, *args, explain=False, engine="durable", durable=mutant)
        except DurableActionError:
            durable = None      # the mutant could not decide at all: also a difference
        n += _PYTHON[i] != durable
        if first and n:
            break
    return n


def test_a_wrong_comparison_in_one_durable_rule_is_caught(rulebook):
    """`status.is_over_compulsory_school_age` is `as_at > csa.end_date`: the mutant's rule for
    "both known and as_at later" derives False (it runs the action of the "not later" rule)."""
    from sendrules.durable.backend import build_durable
    fresh = build_durable(rulebook)
    ((name, rid),) = [(name, r) for name, rules in fresh.ruleset().items() if _program(name) == OVER_CSA
                      for r in rules
                      if re.fullmatch(r"n\d+\.t", r) and fresh.graph.node_source[int(r[1:-2])] == "as_at > csa.end_date"]
    changed: list[str] = []

    def mutate(defs: dict[str, dict]) -> None:
        rules = defs[name]
        rules[rid]["run"] = rules[rid[:-2] + ".f"]["run"]
        changed.append(rid)
    n = _mismatches(rulebook, _mutant(rulebook, mutate, fresh), first=True)
    assert changed, "the mutation did not apply"
    assert n > 0


def test_a_wrong_duty_condition_in_one_durable_rule_is_caught(rulebook):
    """The 6-week duty's "met" rule tests done <= due; the mutant tests done < due."""
    changed: list[str] = []

    def mutate(defs: dict[str, dict]) -> None:
        for name, rules in defs.items():
            if _program(name) != SIX_WEEKS:
                continue
            for rid, rule in rules.items():
                if re.fullmatch(re.escape(SIX_WEEKS) + r"\.v\d+\.met", rid):
                    rule["all"] = copy.deepcopy(rule["all"])   # the compiled graph stays as it was
                    for p in rule["all"]:
                        conds = next(iter(p.values()))["$and"]
                        for i, c in enumerate(conds):
                            if c == {"$lte": {"v": {"d": "v"}}}:
                                conds[i] = {"$lt": c["$lte"]}
                                changed.append(rid)
    n = _mismatches(rulebook, _mutant(rulebook, mutate), first=True)
    assert changed, "the mutation did not apply"
    assert n > 0


def test_the_unmutated_compilation_agrees(rulebook):
    """Control for the two above: built the same way, with no mutation there is no difference."""
    assert _mismatches(rulebook, _mutant(rulebook, lambda defs: None)) == 0

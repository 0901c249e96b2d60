"""The check of the check: alter one rule in the durable compilation only (the Python backend
and the rule files untouched) and the differential comparison over the scenarios must notice.

If these pass while the mutant is in place, the cross-check proves nothing; they are also the
evidence that durable decides outcomes itself (a pass-through would not change).
"""

from __future__ import annotations

import re

import pytest

from durable_support import compare, is_area, require_durable, scenario_case, scenarios

SCENARIOS = scenarios()


@pytest.fixture(autouse=True)
def _durable():
    require_durable()


def _mismatches(rb, mutate) -> int:
    from sendrules.durable.backend import compile_durable
    from sendrules.durable.host import DurableActionError
    mutant = compile_durable(rb, mutate=mutate)
    n = 0
    for _f, _l, sc in SCENARIOS:
        try:
            python, durable = compare(rb, scenario_case(sc), sc.as_at, sc.settings, sc.parameters,
                                      explain=False, durable=mutant, area=is_area(sc))
        except DurableActionError:
            n += 1          # the mutant could not decide at all: also a difference
            continue
        n += python != durable
    return n


def test_a_wrong_comparison_in_one_durable_rule_is_caught(rulebook):
    """`status.is_over_compulsory_school_age` is `as_at > csa.end_date`: the mutant's rule for
    "both known and as_at later" derives False (it runs the action of the "not later" rule)."""
    changed: list[str] = []

    def mutate(rules: dict) -> None:
        if "status.is_over_compulsory_school_age.v0" not in rules:
            return
        rid = next(r for r in rules if re.fullmatch(r"n\d+\.t", r) and r[:-2] + ".f" in rules)
        rules[rid]["run"] = rules[rid[:-2] + ".f"]["run"]
        changed.append(rid)
    n = _mismatches(rulebook, mutate)
    assert changed, "the mutation did not apply"
    assert n > 0


def test_a_wrong_duty_condition_in_one_durable_rule_is_caught(rulebook):
    """The 6-week duty's "met" rule tests done <= due; the mutant tests done < due."""
    changed: list[str] = []

    def mutate(rules: dict) -> None:
        for rid, rule in rules.items():
            if rid.startswith("assessment.decision_whether_to_assess.v") and rid.endswith(".met"):
                for p in rule["all"]:
                    conds = next(iter(p.values()))["$and"]
                    for i, c in enumerate(conds):
                        if "$lte" in c and "d" in str(c):
                            conds[i] = {"$lt": c["$lte"]}
                            changed.append(rid)
    n = _mismatches(rulebook, mutate)
    assert changed, "the mutation did not apply"
    assert n > 0


def test_the_unmutated_compilation_agrees(rulebook):
    """Control for the two above: with no mutation there is no difference."""
    assert _mismatches(rulebook, lambda rules: None) == 0

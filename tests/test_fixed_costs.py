"""The per-case fixed costs made cheaper (docs/adr/0019, "Later"): each shortcut must give what
the long way gives, and must not serve one call's answer to another. Timings live in benchmarks/."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from sendrules.api import document
from sendrules.audit.findings import FIELDS
from sendrules.audit.run import _row_json
from sendrules.core.canonical import canonical_json, sha256_of
from sendrules.engines import evaluate_with
from sendrules.errors import InputError
from sendrules.result.receipt import _REPLAY, run_hash

ROOT = Path(__file__).resolve().parents[1]
AS_AT = dt.date(2026, 1, 15)


def _example(name: str) -> dict:
    return json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))


def _replay_hash(receipt: dict) -> str:
    """The run_hash the long way: sha256 of the canonical JSON of the replay keys."""
    replay = {k: receipt.get(k) for k in _REPLAY}
    if "only" in receipt:
        replay["only"] = receipt["only"]
    return sha256_of(replay)


# --- the receipt's run_hash from a template ----------------------------------------------------

@pytest.mark.parametrize("kw", [
    {},
    {"settings": {"due_soon_days": 3}},
    {"settings": {"due_soon_days": 3, "apply_unverified": True}},
    {"only": ["status.age_group"]},
    {"parameters": {"advice_response_weeks": 5}},
    {"settings": {"due_soon_days": 3}, "only": ["assessment.decision_whether_to_assess[R1]"]},
])
def test_run_hash_from_the_template_is_the_hash_of_the_replay_text(rulebook, kw):
    case = _example("07-plan-reviews-and-notices.json")
    for as_at in (dt.date(2019, 2, 28), AS_AT, dt.date(2031, 12, 31)):   # the template is reused
        receipt = document(evaluate_with(rulebook, "case", case, as_at, **kw))["receipt"]
        assert receipt["run_hash"] == _replay_hash(receipt)


def test_run_hash_falls_back_to_the_full_text_when_a_template_cannot_be_made(rulebook):
    receipt = document(evaluate_with(rulebook, "case", _example("01-six-week-duty-met.json"), AS_AT))["receipt"]
    # a setting whose text holds the template's placeholder, and a value no memo key can hold
    odd = dict(receipt, settings={**receipt["settings"], "note": "<<as_at>>"})
    assert run_hash(odd, rulebook) == _replay_hash(odd)
    unhashable = dict(receipt, parameters_overridden={"weeks": [1, 2]})
    assert run_hash(unhashable, rulebook) == _replay_hash(unhashable)
    # text that canonical JSON would escape is never spliced in
    quoted = dict(receipt, input_hash='ab"c')
    assert run_hash(quoted, rulebook) == _replay_hash(quoted)


def test_a_different_as_at_or_input_gives_a_different_run_hash(rulebook):
    case = _example("01-six-week-duty-met.json")
    a = document(evaluate_with(rulebook, "case", case, AS_AT))["receipt"]["run_hash"]
    b = document(evaluate_with(rulebook, "case", case, AS_AT + dt.timedelta(days=1)))["receipt"]["run_hash"]
    other = copy.deepcopy(case)
    other["case_id"] = "another"
    c = document(evaluate_with(rulebook, "case", other, AS_AT))["receipt"]["run_hash"]
    assert len({a, b, c}) == 3


# --- settings resolved once per list of settings ---------------------------------------------

def test_remembered_settings_are_never_served_to_other_settings(rulebook):
    case = _example("02-six-week-duty-overdue.json")
    three = evaluate_with(rulebook, "case", case, AS_AT, settings={"due_soon_days": 3})
    default = evaluate_with(rulebook, "case", case, AS_AT)
    assert three.settings["due_soon_days"] == 3 and default.settings["due_soon_days"] != 3
    # True == 1 in Python, but a yes/no is not a number of days: it must not reuse 1's entry
    evaluate_with(rulebook, "case", case, AS_AT, settings={"due_soon_days": 1})
    with pytest.raises(InputError, match="settings.due_soon_days: must be a number"):
        evaluate_with(rulebook, "case", case, AS_AT, settings={"due_soon_days": True})
    # a caller editing the settings it got back does not edit the next evaluation's
    three.settings["due_soon_days"] = 99
    again = evaluate_with(rulebook, "case", case, AS_AT, settings={"due_soon_days": 3})
    assert again.settings["due_soon_days"] == 3
    assert canonical_json(document(again)) == canonical_json(document(
        evaluate_with(rulebook, "case", case, AS_AT, settings={"due_soon_days": 3})))


def test_a_bad_setting_is_refused_every_time_not_only_the_first(rulebook):
    case = _example("01-six-week-duty-met.json")
    for _ in range(2):
        with pytest.raises(InputError, match="no such setting"):
            evaluate_with(rulebook, "case", case, AS_AT, settings={"no_such": 1})


# --- the input hash left to the receipt --------------------------------------------------------

def test_without_the_input_hash_up_front_the_receipt_still_has_it(rulebook):
    case = _example("07-plan-reviews-and-notices.json")
    eager = evaluate_with(rulebook, "case", case, AS_AT)
    lazy = evaluate_with(rulebook, "case", case, AS_AT, hash_input=False)
    assert lazy.input_hash == "" and eager.input_hash
    assert canonical_json(document(lazy)) == canonical_json(document(eager))


# --- the quick paths of the record checks ----------------------------------------------------

def test_a_repeated_review_id_deep_in_a_later_request_is_still_refused(rulebook):
    case = _example("07-plan-reviews-and-notices.json")
    first = case["requests"][0]
    second = copy.deepcopy(first)
    second["request_id"] = "R2"
    reviews = second["assessment"]["plan"]["reviews"]
    reviews[1]["review_id"] = reviews[0]["review_id"]
    case["requests"].append(second)
    with pytest.raises(InputError) as info:
        evaluate_with(rulebook, "case", case, AS_AT)
    assert info.value.problems == ["requests[1].assessment.plan.reviews[1].review_id: review_id values must be "
                                   "unique within the list (a record without one is numbered by its position)"]


def test_an_undeclared_finding_on_a_review_alone_is_still_found(rulebook):
    case = _example("07-plan-reviews-and-notices.json")
    case["requests"][0]["assessment"]["plan"]["reviews"][1]["findings"] = {"no_such_finding": {"value": True}}
    with pytest.raises(InputError) as info:
        evaluate_with(rulebook, "case", case, AS_AT)
    assert any(p.startswith("requests[0].assessment.plan.reviews[1].findings.no_such_finding: no such finding")
               for p in info.value.problems)


# --- the audit's findings.jsonl lines ---------------------------------------------------------

def test_a_findings_line_is_json_dumps_with_sorted_keys():
    row = tuple(f"v{i} é \"q\" \n" if i % 3 else i for i in range(len(FIELDS)))
    assert _row_json(row) == json.dumps(dict(zip(FIELDS, row)), sort_keys=True) + "\n"


def test_values_equal_in_python_but_written_apart_in_json_never_share_a_template(rulebook):
    """1, 1.0 and True are equal (and hash alike) in Python; canonical JSON writes them 1, 1.0 and
    true, so a template made for one must not be used for another."""
    receipt = document(evaluate_with(rulebook, "case", _example("01-six-week-duty-met.json"), AS_AT))["receipt"]
    for value in (1, 1.0, True):
        body = dict(receipt, settings={**receipt["settings"], "weight": value})
        assert run_hash(body, rulebook) == _replay_hash(body)

"""Properties of findings (council judgements), on generated placement, ceasing, budget and
assessment cases:

- adding a finding never turns a determined outcome into an undetermined one, when the facts
  (attributes) are known: a finding that overturns a legal presumption can send a case down a
  path that needs a fact not yet recorded (after a s39(4) ground, s33 asks for the parent's
  wishes), which is more information, not less certainty about the judgements;
- an outcome never changes when a finding its explanation does not mention (directly or through
  the rules it reads) changes.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sendrules
from sendrules.facts.scopes import ancestry, outcome_key

from casebuilders import make_case

AS_AT = dt.date(2026, 6, 1)
REQUEST_FINDINGS = [
    "has_or_may_have_sen", "sep_may_be_necessary", "requested_institution_unsuitable",
    "requested_incompatible_with_others_education", "requested_incompatible_with_resources",
    "mainstream_incompatible_with_others_education", "no_reasonable_steps_to_prevent_incompatibility",
    "authority_no_longer_responsible", "plan_no_longer_necessary", "yp_does_not_wish_to_return",
    "return_not_appropriate", "dp_recipient_capable", "dp_used_appropriately", "dp_best_interests",
    "dp_no_adverse_impact", "dp_efficient_use_of_resources",
]


def _prune(node: Any) -> Any:
    """Leave out facts not drawn (None) and the sub-records left empty by that."""
    if isinstance(node, dict):
        out = {k: _prune(v) for k, v in node.items() if v is not None}
        return {k: v for k, v in out.items() if v != {}}
    return node


@st.composite
def cases(draw, attributes_known: bool = False) -> dict[str, Any]:
    """A schema 2.0 case: one request assessed, with a plan that maybe names a school, is maybe
    being ceased, has maybe a personal budget with direct payments and maybe a review."""
    maybe = lambda v: draw(st.one_of(st.none(), st.just(v)))  # noqa: E731
    known = (lambda v: v) if attributes_known else maybe  # noqa: E731
    request: dict[str, Any] = {
        "request_id": "R1", "received_date": "2025-03-03", "requested_by": "parent", "outcome": "assess",
        "outcome_date": "2025-04-07",
        "assessment": {"plan": {
            "draft_served_date": "2025-06-02",
            "issued_date": maybe("2025-07-14"),
            "placement": {
                "institution_request_date": maybe(draw(st.sampled_from(["2025-06-10", "2025-06-20"]))),
                "institution_requested_kind": known(draw(st.sampled_from(
                    ["academy", "non_maintained_special_school", "independent_school_not_approved"]))),
                "wishes_against_mainstream": known(draw(st.booleans())),
                "representation_period_end": known("2025-06-30"),
                "names_institution": known(draw(st.booleans())),
                "named_institution_kind": known(draw(st.sampled_from(
                    ["maintained_school", "academy", "non_maintained_special_school", "other"]))),
            },
            "ceasing": {"decision_date": maybe("2026-02-02"), "ceased_attending_date": maybe("2025-11-03")},
            "personal_budget": {
                "request_date": maybe("2025-06-05"),
                "request_stage": known(draw(st.sampled_from(["draft_preparation", "review", "other"]))),
                "direct_payments": {"requested": known(draw(st.booleans())),
                                    "recipient": known(draw(st.sampled_from(["parent", "young_person", "nominee"]))),
                                    "for_school_place": known(draw(st.booleans())),
                                    "recipient_excluded": known(draw(st.booleans())),
                                    "recipient_over_compulsory_school_age": known(draw(st.booleans()))},
            },
            "reviews": draw(st.sampled_from([[], [{"review_id": "V1", "meeting_date": "2025-12-01"}],
                                             [{"review_id": "V1", "meeting_date": "2025-12-01", "outcome": "amend",
                                               "outcome_date": "2025-12-20", "draft_date": "2025-12-20"}]])),
        }},
        "findings": {name: {"value": draw(st.booleans())}
                     for name in draw(st.lists(st.sampled_from(REQUEST_FINDINGS), unique=True, max_size=8))},
    }
    born = draw(st.sampled_from(["2008-03-01", "2012-05-05", "2016-09-09"]))
    # a person born after 1 September 2014 can have had no statement (SI 2014/2270; refused otherwise)
    kinds = ["none", "maintained_on_commencement"] if born < "2014-09-01" else ["none"]
    person = {"birth_date": born,
              "in_authority_area": True,
              "statement": {"kind": known(draw(st.sampled_from(kinds)))},
              "had_learning_difficulty_assessment": known(draw(st.booleans())),
              "education_setting": known(draw(st.sampled_from(["fe_sector", "apprenticeship", "other_course",
                                                               "none"]))),
              "course_end_date": known("2033-07-31")}
    return make_case(_prune(person), [_prune(request)])


def _outcomes(rulebook, case, explain=False):
    # every outcome, the not_applicable ones too: a finding may move an outcome in or out of its rule's scope
    return sendrules.evaluate(rulebook, case, AS_AT, explain=explain, all_outcomes=True)


SETTINGS = dict(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(**SETTINGS)
@given(case=cases(attributes_known=True), extra=st.sampled_from(REQUEST_FINDINGS), value=st.booleans())
def test_adding_a_finding_never_makes_a_determined_outcome_undetermined(rulebook, case, extra, value):
    case = copy.deepcopy(case)
    case["requests"][0].setdefault("findings", {}).pop(extra, None)   # so the finding is added, not there already
    before = _outcomes(rulebook, case).outcomes
    more = copy.deepcopy(case)
    more["requests"][0]["findings"][extra] = {"value": value}
    after = _outcomes(rulebook, more).outcomes
    assert set(after) == set(before)
    for key, o in before.items():
        if o.status == "determined":
            assert after[key].status in ("determined", "not_applicable"), (key, extra)


def _mentioned_findings(rulebook, doc: dict, key: str) -> set[str]:
    """Findings in an outcome's explanation: its own inputs and, recursively, those of the rules it read
    (a rule reads rules of its own scope and the scopes around it: a review's rule reads its request's)."""
    nodes = {n["key"]: n for n in doc["explanation"]["nodes"]}
    seen, stack, found = set(), [key], set()
    while stack:
        k = stack.pop()
        if k in seen:
            continue
        assert k in nodes, k    # every outcome (all_outcomes) is explained
        seen.add(k)
        node = nodes[k]
        _, _, rest = k.partition("[")
        ids = tuple(rest.rstrip("]").split("/")) if rest else ()
        for inp in node.get("inputs", []):
            name = inp["name"]
            if name.startswith("finding."):
                found.add(name.split(".", 1)[1])
            elif inp["kind"] == "rule":
                depth = len(ancestry(rulebook.programs[name].scope)) - 1
                assert depth <= len(ids), (k, name)
                stack.append(outcome_key(name, ids[:depth]))
    return found


@settings(**SETTINGS)
@given(case=cases(), flip=st.sampled_from(REQUEST_FINDINGS), value=st.booleans())
def test_an_outcome_does_not_depend_on_findings_its_explanation_omits(rulebook, case, flip, value):
    base = _outcomes(rulebook, case, explain=True)
    doc = base.to_dict()
    changed = copy.deepcopy(case)
    changed["requests"][0].setdefault("findings", {})[flip] = {"value": value}
    after = _outcomes(rulebook, changed).outcomes
    assert set(after) == set(base.outcomes)
    for key, o in base.outcomes.items():
        if flip not in _mentioned_findings(rulebook, doc, key):
            assert (after[key].status, after[key].value) == (o.status, o.value), (key, flip)

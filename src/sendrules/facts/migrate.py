"""Schema 1.0 case files to schema 2.0, and the 1.0 fact names to the 2.0 ones.

Schema 1.0 held a request as one flat record of 119 fields; 2.0 nests them the way the SEN2
return does. These tables are the whole difference: each 1.0 field (of the person, a request or
a review) maps to its 2.0 path. The same tables upgrade case files on load (`sendrules migrate`
writes the upgraded file), translate 1.0 fact names (in old scenario files), and downgrade for
the round-trip test. Fields not listed keep their name and place.
"""

from __future__ import annotations

import copy
from typing import Any

FROM_VERSION = "1.0"
TO_VERSION = "2.0"

PERSON_1_0: dict[str, str] = {
    'statement_of_sen': 'statement.kind',
    'statement_transfer_notice_date': 'statement.transfer_notice_date',
    'statement_transfer_assessment_began_date': 'statement.transfer_assessment_began_date',
    'statement_transfer_outcome': 'statement.transfer_outcome',
    'statement_transfer_concluded_date': 'statement.transfer_concluded_date',
    'date_of_birth': 'birth_date',
}

REQUEST_1_0: dict[str, str] = {
    'dp_requested': 'assessment.plan.personal_budget.direct_payments.requested',
    'dp_recipient': 'assessment.plan.personal_budget.direct_payments.recipient',
    'dp_recipient_over_compulsory_school_age': 'assessment.plan.personal_budget.direct_payments.recipient_over_compulsory_school_age',
    'dp_recipient_excluded': 'assessment.plan.personal_budget.direct_payments.recipient_excluded',
    'dp_for_school_place': 'assessment.plan.personal_budget.direct_payments.for_school_place',
    'dp_provision_on_premises': 'assessment.plan.personal_budget.direct_payments.provision_on_premises',
    'dp_premises_consent_date': 'assessment.plan.personal_budget.direct_payments.premises_consent_date',
    'dp_refused_date': 'assessment.plan.personal_budget.direct_payments.refused_date',
    'dp_refusal_notified_date': 'assessment.plan.personal_budget.direct_payments.refusal_notified_date',
    'dp_terms_agreed_date': 'assessment.plan.personal_budget.direct_payments.terms_agreed_date',
    'dp_first_payment_date': 'assessment.plan.personal_budget.direct_payments.first_payment_date',
    'dp_first_review_date': 'assessment.plan.personal_budget.direct_payments.first_review_date',
    'dp_in_section_j': 'assessment.plan.personal_budget.direct_payments.in_section_j',
    'dp_consent_withdrawn_date': 'assessment.plan.personal_budget.direct_payments.consent_withdrawn_date',
    'dp_yp_consent_sought_date': 'assessment.plan.personal_budget.direct_payments.yp_consent_sought_date',
    'dp_yp_consent_given': 'assessment.plan.personal_budget.direct_payments.yp_consent_given',
    'dp_stopped_date': 'assessment.plan.personal_budget.direct_payments.stopped_date',
    'dp_stop_notified_date': 'assessment.plan.personal_budget.direct_payments.stop_notified_date',
    'dp_reduction_notified_date': 'assessment.plan.personal_budget.direct_payments.reduction_notified_date',
    'dp_reduced_date': 'assessment.plan.personal_budget.direct_payments.reduced_date',
    'dp_repayment_ground': 'assessment.plan.personal_budget.direct_payments.repayment_ground',
    'dp_reduction_reconsideration_requested_date': 'assessment.plan.personal_budget.direct_payments.reduction_reconsideration_requested_date',
    'dp_reduction_reconsidered_date': 'assessment.plan.personal_budget.direct_payments.reduction_reconsidered_date',
    'dp_stop_reconsideration_requested_date': 'assessment.plan.personal_budget.direct_payments.stop_reconsideration_requested_date',
    'dp_stop_reconsidered_date': 'assessment.plan.personal_budget.direct_payments.stop_reconsidered_date',
    'dp_repayment_reconsideration_requested_date': 'assessment.plan.personal_budget.direct_payments.repayment_reconsideration_requested_date',
    'dp_repayment_reconsidered_date': 'assessment.plan.personal_budget.direct_payments.repayment_reconsidered_date',
    'pb_request_date': 'assessment.plan.personal_budget.request_date',
    'pb_request_stage': 'assessment.plan.personal_budget.request_stage',
    'pb_information_given_date': 'assessment.plan.personal_budget.information_given_date',
    'pb_block_arrangement': 'assessment.plan.personal_budget.block_arrangement',
    'placement_views_considered_date': 'assessment.plan.placement.views_considered_date',
    'institution_request_date': 'assessment.plan.placement.institution_request_date',
    'institution_requested_kind': 'assessment.plan.placement.institution_requested_kind',
    'representation_period_end': 'assessment.plan.placement.representation_period_end',
    'consultations': 'assessment.plan.placement.consultations',
    'plan_names_institution': 'assessment.plan.placement.names_institution',
    'named_institution_kind': 'assessment.plan.placement.named_institution_kind',
    'named_institution_admitted_date': 'assessment.plan.placement.named_institution_admitted_date',
    's61_arrangement_date': 'assessment.plan.placement.s61_arrangement_date',
    'wishes_against_mainstream': 'assessment.plan.placement.wishes_against_mainstream',
    'private_specialist_placement_date': 'assessment.plan.placement.private_specialist_placement_date',
    'cease_considering_notified_date': 'assessment.plan.ceasing.considering_notified_date',
    'cease_parent_consulted_date': 'assessment.plan.ceasing.parent_consulted_date',
    'cease_institution_consulted_date': 'assessment.plan.ceasing.institution_consulted_date',
    'cease_decision_date': 'assessment.plan.ceasing.decision_date',
    'cease_notified_date': 'assessment.plan.ceasing.notified_date',
    'cease_appeal_lodged_date': 'assessment.plan.ceasing.appeal_lodged_date',
    'cease_appeal_determined_date': 'assessment.plan.ceasing.appeal_determined_date',
    'cease_outcomes_considered': 'assessment.plan.ceasing.outcomes_considered',
    'ceased_attending_date': 'assessment.plan.ceasing.ceased_attending_date',
    'phase_transfer_date': 'assessment.plan.phase_transfer.date',
    'phase_transfer_kind': 'assessment.plan.phase_transfer.kind',
    'phase_transfer_plan_amended_date': 'assessment.plan.phase_transfer.final_date',
    'reassessment_request_received_date': 'assessment.plan.reassessment.request_received_date',
    'reassessment_decided_by_la_date': 'assessment.plan.reassessment.decided_by_la_date',
    'reassessment_decision_notified_date': 'assessment.plan.reassessment.decision_notified_date',
    'reassessment_decision': 'assessment.plan.reassessment.decision',
    'previous_assessment_date': 'assessment.plan.reassessment.previous_assessment_date',
    'reassessment_plan_issued_date': 'assessment.plan.reassessment.plan_issued_date',
    'move_date': 'assessment.plan.transfer.move_date',
    'aware_of_move_date': 'assessment.plan.transfer.aware_of_move_date',
    'plan_transferred_out_date': 'assessment.plan.transfer.out_date',
    'transfer_in_date': 'assessment.plan.transfer.in_date',
    'transfer_in_notified_date': 'assessment.plan.transfer.in_notified_date',
    'transfer_in_review_date': 'assessment.plan.transfer.in_review_date',
    'health_body_change': 'assessment.plan.health_body_change.kind',
    'old_health_body_aware_date': 'assessment.plan.health_body_change.old_body_aware_date',
    'new_health_body_notified_date': 'assessment.plan.health_body_change.new_body_notified_date',
    'new_health_body_aware_date': 'assessment.plan.health_body_change.new_body_aware_date',
    'health_provision_not_practicable': 'assessment.plan.health_body_change.provision_not_practicable',
    'health_body_requested_la_date': 'assessment.plan.health_body_change.requested_la_date',
    'draft_plan_served_date': 'assessment.plan.draft_served_date',
    'draft_consultation_date': 'assessment.plan.draft_consultation_date',
    'final_plan_issued_date': 'assessment.plan.issued_date',
    'plan_ceased_date': 'assessment.plan.cease_date',
    'reviews': 'assessment.plan.reviews',
    'he_disclosure_requested_date': 'assessment.plan.he_disclosure_requested_date',
    'he_disclosure_made_date': 'assessment.plan.he_disclosure_made_date',
    'assessment_views_recorded_date': 'assessment.views_recorded_date',
    'advice_requests': 'assessment.advice_requests',
    'admitted_for_assessment': 'assessment.admitted_for_assessment',
    'no_plan_notified_date': 'assessment.no_plan_notified_date',
    'week20_exception_flag': 'assessment.week20',
    'mediation_certificate_issued_date': 'mediation.certificate_issued_date',
    'mediation_adviser_told_no_mediation_date': 'mediation.adviser_told_no_mediation_date',
    'mediation_la_told_wants_mediation_date': 'mediation.la_told_wants_mediation_date',
    'mediation_health_issues': 'mediation.health_issues',
    'mediation_health_only': 'mediation.health_only',
    'mediation_health_bodies_notified_date': 'mediation.health_bodies_notified_date',
    'mediation_health_body_received_notice_date': 'mediation.health_body_received_notice_date',
    'mediation_la_cannot_arrange_notified_date': 'mediation.la_cannot_arrange_notified_date',
    'mediation_date_notified_date': 'mediation.date_notified_date',
    'mediation_held_date': 'mediation.held_date',
    'mediation_notice_consent': 'mediation.notice_consent',
    'mediation_agreement_date': 'mediation.agreement_date',
    'mediation_agreement_appealable': 'mediation.agreement_appealable',
    'mediation_agreement_done_date': 'mediation.agreement_done_date',
    'mediation_agreement_health_body_party_only': 'mediation.agreement_health_body_party_only',
    'mediation_agreement_la_notified_date': 'mediation.agreement_la_notified_date',
    'tribunal_order_date': 'tribunal.order_date',
    'tribunal_order': 'tribunal.order',
    'unopposed_notified_date': 'tribunal.unopposed_notified_date',
    'unopposed_appeal': 'tribunal.unopposed_appeal',
    'order_assessment_notified_date': 'tribunal.assessment_notified_date',
    'order_outcome_notified_date': 'tribunal.outcome_notified_date',
    'order_outcome': 'tribunal.outcome',
    'order_draft_plan_date': 'tribunal.draft_plan_date',
    'order_final_plan_date': 'tribunal.final_plan_date',
    'order_reconsidered_date': 'tribunal.reconsidered_date',
    'decision_notified_date': 'outcome_date',
    'decision': 'outcome',
    'assessment_consulted_date': 'consulted_date',
}

REVIEW_1_0: dict[str, str] = {
    'decision_notified_date': 'outcome_date',
    'decision': 'outcome',
    'amendment_proposals_sent_date': 'draft_date',
}

TABLES: dict[str, dict[str, str]] = {"person": PERSON_1_0, "request": REQUEST_1_0, "review": REVIEW_1_0}
NOTICE = "case schema 1.0 was upgraded to 2.0 on load (`sendrules migrate FILE` writes the 2.0 file)"


def _move(record: dict[str, Any], table: dict[str, str]) -> dict[str, Any]:
    """A copy of one record with each mapped field moved to its 2.0 path (unmapped keys stay,
    so validation reports anything unexpected where it was written)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        path = table.get(key, key).split(".")
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):  # a 2.0 key used in a 1.0 file: leave it for validation
                break
        else:
            node[path[-1]] = value
            continue
        out[key] = value
    return out


def upgrade_case(data: dict[str, Any]) -> dict[str, Any]:
    """A schema 2.0 case dict from a schema 1.0 one (the input is not changed)."""
    out = {k: copy.deepcopy(v) for k, v in data.items() if k not in ("person", "requests")}
    out["schema_version"] = TO_VERSION
    if isinstance(data.get("person"), dict):
        out["person"] = _move(data["person"], PERSON_1_0)
    elif "person" in data:
        out["person"] = copy.deepcopy(data["person"])
    if isinstance(data.get("requests"), list):
        out["requests"] = [_upgrade_request(r) if isinstance(r, dict) else copy.deepcopy(r) for r in data["requests"]]
    elif "requests" in data:
        out["requests"] = copy.deepcopy(data["requests"])
    return out


def _upgrade_request(request: dict[str, Any]) -> dict[str, Any]:
    req = copy.deepcopy(request)
    reviews = req.get("reviews")
    if isinstance(reviews, list):
        req["reviews"] = [_move(r, REVIEW_1_0) if isinstance(r, dict) else r for r in reviews]
    return _move(req, REQUEST_1_0)


def _flatten(record: dict[str, Any], table: dict[str, str]) -> dict[str, Any]:
    inverse = {v: k for k, v in table.items()}
    out: dict[str, Any] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            path = f"{prefix}{key}"
            if path in inverse:
                out[inverse[path]] = value
            elif isinstance(value, dict) and any(p.startswith(path + ".") for p in inverse):
                walk(value, path + ".")
            else:
                out[path] = value
    walk(record, "")
    return out


def downgrade_case(data: dict[str, Any]) -> dict[str, Any]:
    """A schema 1.0 case dict from a 2.0 one: the inverse of `upgrade_case` (for tests)."""
    out = copy.deepcopy(data)
    out["schema_version"] = FROM_VERSION
    out["person"] = _flatten(out["person"], PERSON_1_0)
    requests = []
    for r in out["requests"]:
        flat = _flatten(r, REQUEST_1_0)
        if "reviews" in flat:
            flat["reviews"] = [_flatten(x, REVIEW_1_0) for x in flat["reviews"]]
        requests.append(flat)
    out["requests"] = requests
    return out


def fact_name(name: str) -> str:
    """The 2.0 name of a 1.0 fact name (`request.final_plan_issued_date` ->
    `request.assessment.plan.issued_date`); other names are returned unchanged."""
    root, _, rest = name.partition(".")
    table = TABLES.get(root)
    if table is None or not rest:
        return name
    head, _, tail = rest.partition(".")
    if head in table:
        return f"{root}.{table[head]}" + (f".{tail}" if tail else "")
    return name

"""The case-facts contract (schema version 1.0): one child or young person per case.

Shaped after the SEN2 return (person -> requests -> ...) so a SEN2 record maps to a
case without loss, plus the facts the duties need. Each fact field is marked as an
*event* (something that happens on a date: unrecorded means it has not happened;
dated after the as-at date means it has not happened yet) or an *attribute*
(known or unknown: absent means unknown). Names are never collected: `case_id` is a
stable pseudonym.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"


def event(description: str) -> dict:
    return {"description": description, "json_schema_extra": {"x-fact": "event"}}


def attribute(description: str) -> dict:
    return {"description": description, "json_schema_extra": {"x-fact": "attribute"}}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=2000)


class FindingRecord(_Strict):
    """A council (or court) judgement, with who made it, when, and on what evidence."""

    value: bool | str
    by: str | None = Field(default=None, max_length=200, description="role of the decision maker, never a name")
    on: dt.date | None = Field(default=None, description="date of the judgement; one dated after the as-at date is not yet made")
    evidence: str | None = Field(default=None, max_length=2000)


class Period(_Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"


class NoticeRecord(_Strict):
    """A notice the authority sent: what kind, when, and which required elements it contained."""

    kind: str = Field(pattern=NAME_PATTERN, description="e.g. decision_whether_to_assess, no_plan, final_plan")
    sent_date: dt.date
    elements: list[str] | None = Field(default=None, max_length=50, description=(
        "the required elements the notice contained (e.g. right_to_appeal); null when its content was not recorded"))


class AdviceRequest(_Strict):
    """A request for advice for the EHC needs assessment (reg 6(1)); the body asked must respond
    within 6 weeks of receiving it (reg 8)."""

    advice_id: str | None = Field(default=None, pattern=ID_PATTERN, description=(
        "stable id of the request for advice; when absent the position is used (A1, A2, ...)"))
    adviser: Literal["school_head_or_principal", "early_years_provider", "health", "educational_psychologist",
                     "social_care", "other"] = Field(**attribute("who was asked for advice"))
    requested_date: dt.date = Field(**event("date the authority asked for the advice"))
    received_date: dt.date | None = Field(default=None, **event(
        "date the body received the request (reg 8(1)); when not recorded see setting advice_received_on_request_date"))
    response_date: dt.date | None = Field(default=None, **event("date the advice was provided"))
    missed_appointment_dates: list[dt.date] = Field(default_factory=list, max_length=20, **event(
        "dates the child or young person failed to keep an appointment made by the body (reg 8(2)(c))"))
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings scoped to this advice request")


class Closure(_Strict):
    """A continuous closure of the school, post-16 institution or early years provider the person attends."""

    setting: Literal["school_or_post16", "early_years"]
    closed_from: dt.date
    reopens: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> "Closure":
        if self.reopens <= self.closed_from:
            raise ValueError("reopens must be after closed_from")
        return self


class Review(_Strict):
    """One review of the EHC plan made after this request (CFA s44; SEND Regs regs 19-22)."""

    review_id: str = Field(pattern=ID_PATTERN)
    meeting_date: dt.date | None = Field(default=None, **event("date of the review meeting (SEN2 ReviewMeeting)"))
    meeting_notice_sent_date: dt.date | None = Field(default=None, **event(
        "date notice of the meeting was sent to those invited (reg 20(3), 21(3))"))
    advice_circulated_date: dt.date | None = Field(default=None, **event(
        "date the advice and information obtained was circulated to those invited (reg 20(4), 21(4))"))
    report_sent_date: dt.date | None = Field(default=None, **event(
        "date the review report was sent to everyone invited (reg 20(9), 21(8))"))
    decision_notified_date: dt.date | None = Field(default=None, **event(
        "date the authority notified its decision to continue, amend or cease (SEN2 LastReview)"))
    decision: Literal["continue", "amend", "cease"] | None = Field(default=None, **attribute(
        "the decision after the review (SEN2 ReviewOutcome M/A/C)"))
    amendment_proposals_sent_date: dt.date | None = Field(default=None, **event(
        "date the copy of the plan with the notice of proposed amendments was sent (reg 22(2)(a); SEN2 ReviewDraft)"))
    amended_plan_issued_date: dt.date | None = Field(default=None, **event(
        "date the final amended plan was issued (reg 22(3))"))
    no_amendment_notified_date: dt.date | None = Field(default=None, **event(
        "date the authority notified that it will not amend after all (reg 22(4))"))
    views_sought_date: dt.date | None = Field(default=None, **event(
        "date the child and parent, or the young person, were consulted for this review and their views, "
        "wishes and feelings recorded (CFA s44(6); SEND Regs reg 19(a))"))
    notices: list[NoticeRecord] = Field(default_factory=list, max_length=50, **event(
        "notices sent about this review, with the elements each contained"))
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings scoped to this review")


class Consultation(_Strict):
    """The authority's consultation of a school or college it proposes to name (CFA s39(2); CoP 9.83)."""

    consultation_id: str | None = Field(default=None, pattern=ID_PATTERN, description=(
        "stable id; when absent the position is used (C1, C2, ...)"))
    sent_date: dt.date = Field(**event("date the consultation was sent"))
    received_date: dt.date | None = Field(default=None, **event("date the institution received it"))
    response_date: dt.date | None = Field(default=None, **event("date the institution replied"))
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings scoped to this consultation")


Requester = Literal["parent", "parent_representative", "young_person", "young_person_representative",
                    "school", "post16_institution", "other"]


class Request(_Strict):
    """One request for an EHC needs assessment (SEN2 module 2), or the LA becoming responsible (s24)."""

    request_id: str = Field(pattern=ID_PATTERN)
    received_date: dt.date | None = Field(default=None, **event(
        "date the LA received the request (SEN2 ReceivedDate); starts the 6- and 20-week clocks"))
    requested_by: Requester | None = Field(default=None, **attribute(
        "who made the request: parent, young person, their representative, a school or post-16 institution, or other"))
    became_responsible_date: dt.date | None = Field(default=None, **event(
        "date the LA became responsible under CFA s24 without a s36(1) request (e.g. brought to its attention)"))
    decision_notified_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was notified whether an EHC needs assessment will be secured "
        "(SEN2 RequestOutcomeDate)"))
    decision: Literal["assess", "not_assess"] | None = Field(default=None, **attribute(
        "the decision notified (SEN2 RequestOutcome Y/N)"))
    assessment_consulted_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was consulted before the authority decided whether an EHC needs "
        "assessment may be necessary (CFA s36(4); SEND Regs reg 3)"))
    assessment_views_recorded_date: dt.date | None = Field(default=None, **event(
        "date the views, wishes and feelings of the child and parent, or the young person, were recorded for "
        "the EHC needs assessment and taken into account (SEND Regs reg 7(a))"))
    draft_consultation_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was consulted about the content of the plan while the draft was "
        "prepared (CFA s38(1))"))
    placement_views_considered_date: dt.date | None = Field(default=None, **event(
        "date the authority considered the parent's or young person's representations and any request about "
        "the school or college to be named, before naming one (CFA s19(a), s38(2)(b))"))
    advice_requests: list[AdviceRequest] = Field(default_factory=list, max_length=100, **event(
        "requests for advice made for the assessment (reg 6), with the date each was made"))
    no_plan_notified_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was notified that no EHC plan will be made after the assessment "
        "(reg 10; SEN2 AssessmentOutcomeDate with outcome N)"))
    draft_plan_served_date: dt.date | None = Field(default=None, **event("date the draft EHC plan was served (reg 13(1))"))
    final_plan_issued_date: dt.date | None = Field(default=None, **event(
        "date the final EHC plan was issued (reg 13(2); SEN2 AssessmentOutcomeDate with outcome Y)"))
    mediation_certificate_issued_date: dt.date | None = Field(default=None, **event(
        "date a mediation certificate (CFA s55(4) or (5)) was issued about this request's decisions"))
    week20_exception_flag: bool | None = Field(default=None, **attribute(
        "SEN2 Week20: the authority asserted that a 20-week exception applies"))
    notices: list[NoticeRecord] = Field(default_factory=list, max_length=100, **event(
        "notices sent about this request, with the elements each contained"))
    phase_transfer_date: dt.date | None = Field(default=None, **attribute(
        "date of the next transfer between phases of education (SEND Regs reg 2(1), reg 18)"))
    phase_transfer_kind: Literal["secondary_to_post16", "other_phase", "between_post16"] | None = Field(
        default=None, **attribute("kind of that transfer: reg 18(1)(a), reg 18(1)(b) or reg 18(2)"))
    phase_transfer_plan_amended_date: dt.date | None = Field(default=None, **event(
        "date the plan was reviewed and amended (or confirmed) for the transfer (SEN2 PhaseTransferFinalDate)"))
    # Re-assessment (CFA s44(2)-(3); SEND Regs regs 23-27): the current one for this request's plan.
    reassessment_request_received_date: dt.date | None = Field(default=None, **event(
        "date a request to re-assess the plan was received (s44(2)) or the health body asked (reg 23)"))
    reassessment_decided_by_la_date: dt.date | None = Field(default=None, **event(
        "date the authority itself decided to re-assess (s44(3)), with no request"))
    reassessment_decision_notified_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was notified whether a re-assessment is necessary (reg 25(1))"))
    reassessment_decision: Literal["reassess", "not_reassess"] | None = Field(default=None, **attribute(
        "the decision on the request to re-assess"))
    previous_assessment_date: dt.date | None = Field(default=None, **event(
        "date the last EHC needs assessment or re-assessment was completed, before this request (reg 24(a))"))
    reassessment_plan_issued_date: dt.date | None = Field(default=None, **event(
        "date the amended or replacement plan after re-assessment was issued (reg 27(2))"))
    # Tribunal orders (reg 44) and unopposed appeals (reg 45).
    tribunal_order_date: dt.date | None = Field(default=None, **event("date of the First-tier Tribunal's order"))
    tribunal_order: Literal["assess", "make_plan", "refer_back", "amend_provision", "change_institution",
                            "continue_and_amend", "continue", "cease_dismissed"] | None = Field(default=None, **attribute(
        "what the order requires (SEND Regs reg 43(2), reg 44(2)(a)-(h))"))
    unopposed_notified_date: dt.date | None = Field(default=None, **event(
        "date the authority told the Tribunal it would not oppose the appeal (reg 45(1))"))
    unopposed_appeal: Literal["refusal_to_assess", "refusal_to_make_plan", "plan_content", "institution_only",
                              "plan_content_and_institution", "refusal_to_amend", "cease"] | None = Field(
        default=None, **attribute("the decision appealed against, for reg 45(3)-(6A)"))
    order_assessment_notified_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was told the authority will assess or re-assess (reg 44(2)(b), 45(3))"))
    order_outcome_notified_date: dt.date | None = Field(default=None, **event(
        "after an ordered or conceded assessment: date of the no-plan decision, or of the final plan (reg 44(2)(b), 45(3A))"))
    order_outcome: Literal["no_plan", "plan"] | None = Field(default=None, **attribute(
        "after an ordered or conceded assessment, whether the authority decided no plan is needed or made a plan"))
    order_draft_plan_date: dt.date | None = Field(default=None, **event(
        "date the draft plan was issued after an order or concession to make a plan (reg 44(2)(c), 45(6)(a))"))
    order_final_plan_date: dt.date | None = Field(default=None, **event(
        "date the final or amended plan was issued in compliance (reg 44(2)(c),(e),(f),(h); 45(4)-(6A))"))
    order_reconsidered_date: dt.date | None = Field(default=None, **event(
        "after a referral back: date the authority reconsidered (draft plan or reg 5 notice) (reg 44(2)(d))"))
    # Mediation and the appeal (CFA s52-55; SEND Regs regs 33-39).
    mediation_adviser_told_no_mediation_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person told the mediation adviser they do not want mediation (reg 34(1))"))
    mediation_la_told_wants_mediation_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person told the authority they wish to pursue mediation (reg 36(2), 35(4))"))
    mediation_health_issues: bool | None = Field(default=None, **attribute(
        "the mediation issues include health care provision (reg 35)"))
    mediation_date_notified_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was told the date and place of the mediation (reg 37(2))"))
    mediation_held_date: dt.date | None = Field(default=None, **event("date the mediation took place (concluded)"))
    mediation_notice_consent: bool | None = Field(default=None, **attribute(
        "the parent or young person agreed to less than 5 working days' notice of the mediation (reg 37(2))"))
    # Transfer of the plan between local authorities (reg 15).
    mediation_health_bodies_notified_date: dt.date | None = Field(default=None, **event(
        "date the authority told each responsible commissioning body the mediation issues (reg 35(2))"))
    mediation_health_only: bool | None = Field(default=None, **attribute(
        "the mediation issues are limited to health care provision (reg 35(3): the commissioning body arranges it)"))
    mediation_health_body_received_notice_date: dt.date | None = Field(default=None, **event(
        "date the responsible commissioning body received the authority's reg 35(2) notice"))
    mediation_la_cannot_arrange_notified_date: dt.date | None = Field(default=None, **event(
        "date the authority told the mediation adviser it could not arrange the mediation in time (reg 39(2))"))
    mediation_agreement_health_body_party_only: bool | None = Field(default=None, **attribute(
        "the authority was not a party to the agreement (a health-only mediation, reg 42(4))"))
    mediation_agreement_la_notified_date: dt.date | None = Field(default=None, **event(
        "date the commissioning body told the authority of the agreement (reg 42(4))"))
    mediation_agreement_date: dt.date | None = Field(default=None, **event("date of a mediation agreement (reg 42)"))
    mediation_agreement_appealable: bool | None = Field(default=None, **attribute(
        "the agreement covers matters that could be appealed to the Tribunal (then reg 44 limits apply, reg 42(2))"))
    mediation_agreement_done_date: dt.date | None = Field(default=None, **event(
        "date the authority did what the agreement required (reg 42(3))"))
    he_disclosure_requested_date: dt.date | None = Field(default=None, **event(
        "date the young person asked the authority to disclose the plan for higher education (reg 47)"))
    he_disclosure_made_date: dt.date | None = Field(default=None, **event("date the plan was disclosed (reg 47)"))
    cease_considering_notified_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was told the authority is considering ceasing the plan (reg 31(1)(a))"))
    cease_parent_consulted_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was consulted about ceasing (reg 31(1)(b))"))
    cease_institution_consulted_date: dt.date | None = Field(default=None, **event(
        "date the head teacher or principal of the named institution was consulted about ceasing (reg 31(1)(c))"))
    cease_decision_date: dt.date | None = Field(default=None, **event(
        "date the authority determined to cease to maintain the plan (reg 31(2))"))
    cease_notified_date: dt.date | None = Field(default=None, **event(
        "date the decision to cease was notified to the parent or young person (reg 31(2))"))
    health_body_change: Literal["move", "same_authority"] | None = Field(default=None, **attribute(
        "the responsible commissioning body changed because of a move (reg 15(7)) or otherwise (reg 16)"))
    old_health_body_aware_date: dt.date | None = Field(default=None, **event(
        "date the original commissioning body became aware of the move or change"))
    new_health_body_notified_date: dt.date | None = Field(default=None, **event(
        "date the original body notified the new responsible commissioning body"))
    new_health_body_aware_date: dt.date | None = Field(default=None, **event(
        "date the new commissioning body became aware of the move, or that it is responsible (reg 15(8), 16(3))"))
    health_provision_not_practicable: bool | None = Field(default=None, **attribute(
        "it is not practicable for the new commissioning body to arrange the plan's health care provision"))
    health_body_requested_la_date: dt.date | None = Field(default=None, **event(
        "date the new commissioning body asked the authority to assess or review (reg 15(8), 16(3))"))
    admitted_for_assessment: bool | None = Field(default=None, **attribute(
        "admitted to a special school or special post-16 institution for the EHC needs assessment (reg 48)"))
    ceased_attending_date: dt.date | None = Field(default=None, **event(
        "date the young person stopped attending the institution in the plan and so receiving education or training (reg 30)"))
    cease_appeal_lodged_date: dt.date | None = Field(default=None, **event(
        "date an appeal against the decision to cease was brought (CFA s45(4)(b))"))
    cease_appeal_determined_date: dt.date | None = Field(default=None, **event(
        "date that appeal was finally determined (CFA s45(4)(b))"))
    plan_ceased_date: dt.date | None = Field(default=None, **event("date the authority ceased to maintain the plan"))
    institution_request_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person asked for a particular school or institution to be named (CFA s38(2)(b)(ii))"))
    institution_requested_kind: Literal[
        "maintained_school", "maintained_nursery_school", "academy", "fe_sector_institution",
        "non_maintained_special_school", "s41_approved_institution", "independent_school_not_approved",
        "other"] | None = Field(default=None, **attribute("the kind of institution requested (CFA s38(3))"))
    representation_period_end: dt.date | None = Field(default=None, **attribute(
        "the last day of the period the s38(2)(b) notice specified for representations and requests"))
    named_institution_admitted_date: dt.date | None = Field(default=None, **event(
        "date the named school or institution admitted the child or young person (CFA s43(2))"))
    named_institution_kind: Literal["maintained_school", "maintained_nursery_school", "academy", "fe_sector_institution",
                                    "non_maintained_special_school", "s41_approved_institution", "other"] | None = Field(
        default=None, **attribute("the kind of institution named in the final plan (CFA s43(1))"))
    plan_names_institution: bool | None = Field(default=None, **attribute(
        "the final plan names a particular school or institution (not only a type; CFA s39(5)(a), s40(2)(a))"))
    s61_arrangement_date: dt.date | None = Field(default=None, **event(
        "date the authority decided to arrange the provision otherwise than in a school or post-16 institution (CFA s61)"))
    wishes_against_mainstream: bool | None = Field(default=None, **attribute(
        "the parent or young person does not wish a mainstream or maintained nursery placement (CFA s33(2)(a))"))
    private_specialist_placement_date: dt.date | None = Field(default=None, **event(
        "date an independent, non-maintained special or special post-16 placement was arranged whose cost will not "
        "be met by a local authority or the Secretary of State (CFA s33(6))"))
    pb_request_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person asked for a personal budget (CFA s49(1))"))
    pb_request_stage: Literal["draft_preparation", "review", "reassessment", "other"] | None = Field(
        default=None, **attribute("when the request was made: while the draft plan was prepared, during a review "
                                  "or re-assessment (PB Regs reg 4(1)), or at another time"))
    dp_requested: bool | None = Field(default=None, **attribute("the request includes direct payments (PB Regs reg 4(2))"))
    dp_recipient: Literal["parent", "young_person", "nominee"] | None = Field(default=None, **attribute(
        "who would receive the direct payments (PB Regs reg 5(1))"))
    dp_recipient_over_compulsory_school_age: bool | None = Field(default=None, **attribute(
        "a parent or nominee recipient who is an individual is over compulsory school age (PB Regs reg 5(2)(b))"))
    dp_recipient_excluded: bool | None = Field(default=None, **attribute(
        "the intended recipient is a person listed in the Schedule to the PB Regs (drug or alcohol requirements)"))
    dp_for_school_place: bool | None = Field(default=None, **attribute(
        "the payments would fund a place at a school or post-16 institution (PB Regs reg 6(2))"))
    dp_provision_on_premises: bool | None = Field(default=None, **attribute(
        "goods or services bought with the payments are to be used or provided at a school, college or early years setting (reg 9)"))
    dp_premises_consent_date: dt.date | None = Field(default=None, **event(
        "date the head teacher, principal or early years provider consented in writing (PB Regs reg 9)"))
    dp_refused_date: dt.date | None = Field(default=None, **event("date the authority decided not to make direct payments (reg 7)"))
    dp_refusal_notified_date: dt.date | None = Field(default=None, **event("date that decision was notified in writing"))
    pb_information_given_date: dt.date | None = Field(default=None, **event(
        "date the parent or young person was given the personal budget information of PB Regs reg 3"))
    pb_block_arrangement: bool | None = Field(default=None, **attribute(
        "the provision is secured under arrangements paying an aggregate sum that includes a notional amount for it (reg 4A)"))
    dp_terms_agreed_date: dt.date | None = Field(default=None, **event(
        "date the recipient agreed in writing to the reg 8(3) conditions"))
    dp_consent_withdrawn_date: dt.date | None = Field(default=None, **event(
        "date the recipient said in writing that they no longer consent to direct payments (reg 14(1)(a))"))
    dp_stopped_date: dt.date | None = Field(default=None, **event("date direct payments stopped"))
    dp_yp_consent_sought_date: dt.date | None = Field(default=None, **event(
        "date the authority took steps to find out whether the young person consents to direct payments (reg 15(1))"))
    dp_in_section_j: bool | None = Field(default=None, **attribute(
        "the provision secured by direct payments is set out in Section J of the plan (SEND Regs reg 12(1)(j))"))
    dp_reduction_notified_date: dt.date | None = Field(default=None, **event(
        "date the recipient was given notice, with reasons, of a reduction (PB Regs reg 12(1))"))
    dp_reduced_date: dt.date | None = Field(default=None, **event("date the reduction took effect"))
    dp_stop_notified_date: dt.date | None = Field(default=None, **event(
        "date written notice of stopping, with reasons, was given (reg 14(3))"))
    dp_repayment_ground: Literal["circumstances_changed", "not_used_for_agreed_provision", "offence",
                                 "death", "none"] | None = Field(default=None, **attribute(
        "the ground on which repayment is sought (PB Regs reg 13(1))"))
    cease_outcomes_considered: bool | None = Field(default=None, **attribute(
        "in deciding the young person no longer needs the special educational provision, the authority had "
        "regard to whether the plan's educational or training outcomes have been achieved (CFA s45(3))"))
    dp_reduction_reconsideration_requested_date: dt.date | None = Field(default=None, **event(
        "date the recipient asked the authority to reconsider a reduction (PB Regs reg 12(2))"))
    dp_reduction_reconsidered_date: dt.date | None = Field(default=None, **event(
        "date written reasons for the decision on reconsidering a reduction were given (reg 12(3))"))
    dp_stop_reconsideration_requested_date: dt.date | None = Field(default=None, **event(
        "date the recipient asked the authority to reconsider stopping direct payments (reg 14(4))"))
    dp_stop_reconsidered_date: dt.date | None = Field(default=None, **event(
        "date written reasons for the decision on reconsidering stopping were given (reg 14(5))"))
    dp_repayment_reconsideration_requested_date: dt.date | None = Field(default=None, **event(
        "date the recipient asked the authority to reconsider requiring repayment (reg 13)"))
    dp_repayment_reconsidered_date: dt.date | None = Field(default=None, **event(
        "date written reasons for the decision on reconsidering repayment were given (reg 13)"))
    dp_yp_consent_given: bool | None = Field(default=None, **attribute(
        "after the reg 15(1) steps, the young person notified consent to the direct payments (PB Regs reg 14(1)(e))"))
    dp_first_payment_date: dt.date | None = Field(default=None, **event("date direct payments were first made"))
    dp_first_review_date: dt.date | None = Field(default=None, **event("date of the first review of the direct payments (reg 11(2)(a))"))
    move_date: dt.date | None = Field(default=None, **event(
        "date the child or young person moved to another local authority's area (reg 15(1))"))
    aware_of_move_date: dt.date | None = Field(default=None, **event(
        "date this (old) authority became aware of the move (reg 15(2))"))
    plan_transferred_out_date: dt.date | None = Field(default=None, **event(
        "date this (old) authority transferred the plan to the new authority (reg 15(2))"))
    transfer_in_date: dt.date | None = Field(default=None, **event(
        "date the plan was transferred to this authority from another (reg 15(1))"))
    transfer_in_notified_date: dt.date | None = Field(default=None, **event(
        "date the new authority told the family the plan had transferred, whether it will assess and when it will review (reg 15(4))"))
    transfer_in_review_date: dt.date | None = Field(default=None, **event(
        "date of the new authority's first review after the transfer (reg 15(5))"))
    consultations: list[Consultation] = Field(default_factory=list, max_length=30, **event(
        "consultations of schools or colleges about naming them in the plan"))
    reviews: list[Review] = Field(default_factory=list, max_length=60, **event(
        "reviews of the plan made after this request, each with its own dates"))
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings scoped to this request")

    @model_validator(mode="after")
    def _unique_record_ids(self) -> "Request":
        ids = [r.review_id for r in self.reviews]
        if len(ids) != len(set(ids)):
            raise ValueError("review_id values must be unique within a request")
        advice = [a.advice_id for a in self.advice_requests if a.advice_id is not None]
        if len(advice) != len(set(advice)):
            raise ValueError("advice_id values must be unique within a request")
        return self


class Person(_Strict):
    """The child or young person. No names; the date of birth is the only identifying fact used."""

    date_of_birth: dt.date | None = Field(default=None, **attribute("date of birth (SEN2 PersonBirthDate)"))
    autumn_term_starts: list[dt.date] | None = Field(default=None, max_length=40, **attribute(
        "known start dates of the first school term after July, used as the start of the school year"))
    absences_from_area: list[Period] = Field(default_factory=list, max_length=200, **event(
        "continuous periods the child, parent or young person was absent from the LA's area"))
    exceptional_circumstances: list[Period] = Field(default_factory=list, max_length=200, **event(
        "periods of recorded exceptional personal circumstances affecting the child, parent or young person"))
    closures: list[Closure] = Field(default_factory=list, max_length=200, **event(
        "closures of the school, post-16 institution or early years provider attended (its published "
        "schedule: closures after the as-at date count too)"))
    closures_complete: bool | None = Field(default=None, **attribute(
        "every closure of the institution attended (holidays, training days) is recorded in `closures`, "
        "so its open days can be counted (reg 48)"))
    in_authority_area: bool | None = Field(default=None, **attribute(
        "the child or young person is in the local authority's area (CFA s24(1))"))
    parent_has_representative: bool | None = Field(default=None, **attribute(
        "the parent has a deputy, LPA donee or registered EPA attorney (CFA s80(6); PB Regs reg 16)"))
    yp_has_representative: bool | None = Field(default=None, **attribute(
        "the young person has a deputy, LPA donee or registered EPA attorney (CFA s80(6))"))
    education_setting: Literal["fe_sector", "apprenticeship", "other_course", "none"] | None = Field(
        default=None, **attribute("education or training around the 25th birthday (SEND Regs reg 46(1))"))
    course_end_date: dt.date | None = Field(default=None, **attribute(
        "date the apprenticeship training or other course is scheduled to end"))
    statement_of_sen: Literal["none", "maintained_on_commencement", "arising_under_parts_3_4"] | None = Field(
        default=None, **attribute(
            "a statement of SEN (Education Act 1996 Part 4): none; maintained on 1 September 2014 (SI 2014/2270 "
            "art 14); or made later through an old-law assessment or appeal under way, to which art 17 applies"))
    statement_transfer_notice_date: dt.date | None = Field(default=None, **event(
        "date notice of the transfer EHC needs assessment was given (SI 2014/2270 art 18(1))"))
    statement_transfer_assessment_began_date: dt.date | None = Field(default=None, **event(
        "date the transfer EHC needs assessment began (SI 2014/2270 arts 21(3), 22(3))"))
    statement_transfer_outcome: Literal["plan", "no_plan"] | None = Field(default=None, **attribute(
        "how the transfer assessment concluded: a final EHC plan, or notice that no plan will be made"))
    statement_transfer_concluded_date: dt.date | None = Field(default=None, **event(
        "date the transfer assessment concluded: the final EHC plan was issued or no plan was notified"))
    had_learning_difficulty_assessment: bool | None = Field(default=None, **attribute(
        "the young person had a learning difficulty assessment (Learning and Skills Act 2000 s139A) "
        "(SI 2014/2270 art 28)"))


class Case(_Strict):
    """One child or young person and their requests."""

    schema_version: Literal["1.0"]
    case_id: str = Field(pattern=ID_PATTERN, description="stable pseudonymous id; never a name")
    person: Person
    requests: Annotated[list[Request], Field(min_length=1, max_length=100)]
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings about the case as a whole")

    @model_validator(mode="after")
    def _unique_request_ids(self) -> "Case":
        ids = [r.request_id for r in self.requests]
        if len(ids) != len(set(ids)):
            raise ValueError("request_id values must be unique")
        return self

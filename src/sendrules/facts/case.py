"""The case-facts contract (schema version 2.0): one child or young person per case.

Nested the way the SEN2 person-level return nests its records: person -> requests ->
assessment -> plan (placement, personal budget, ceasing) -> reviews, with the procedural
records the law needs beyond SEN2 (notices, advice requests, consultations, mediation,
Tribunal, transfer between authorities, re-assessment, phase transfer) as sub-records of
their own. Field names follow SEN2's items where SEN2 has one (docs/case-format.md maps them).

Each fact field is marked as an *event* (something that happens on a date: unrecorded means
it has not happened; dated after the as-at date means it has not happened yet) or an
*attribute* (known or unknown: absent means unknown). A sub-record that is absent has every
event unrecorded and every attribute unknown. Names are never collected: `case_id` is a
stable pseudonym. Schema 1.0 files are upgraded on load (facts/migrate.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..core.isodate import iso_date

SCHEMA_VERSION = "2.0"

# Every date in a case or area file: YYYY-MM-DD text (or a date, from YAML), nothing else.
Date = Annotated[dt.date, BeforeValidator(iso_date)]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
# SI 2014/2270 art 2(1): "the commencement date" of the 2014 Act's Part 3 and of the transitional order.
COMMENCEMENT = dt.date(2014, 9, 1)


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
    on: Date | None = Field(default=None, description="date of the judgement; one dated after the as-at date is not yet made")
    evidence: str | None = Field(default=None, max_length=2000)


class Period(_Strict):
    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"


class NoticeRecord(_Strict):
    """A notice the authority sent: what kind, when, and which required elements it contained."""

    kind: str = Field(pattern=NAME_PATTERN, description="e.g. decision_whether_to_assess, no_plan, final_plan")
    sent_date: Date
    elements: list[str] | None = Field(default=None, max_length=50, description=(
        "the required elements the notice contained (e.g. right_to_appeal); null when its content was not recorded"))


class AdviceRequest(_Strict):
    """A request for advice for the EHC needs assessment (reg 6(1)); the body asked must respond     within 6
    weeks of receiving it (reg 8)."""

    advice_id: str | None = Field(default=None, pattern=ID_PATTERN, description=(
        "stable id of the request for advice; when absent the position is used (A1, A2, ...)"))
    adviser: Literal["school_head_or_principal", "early_years_provider", "health", "educational_psychologist",
                     "social_care", "other"] = Field(**attribute("who was asked for advice"))
    requested_date: Date = Field(**event("date the authority asked for the advice"))
    received_date: Date | None = Field(default=None, **event(
        "date the body received the request (reg 8(1)); when not recorded see setting advice_received_on_request_date"))
    response_date: Date | None = Field(default=None, **event("date the advice was provided"))
    missed_appointment_dates: list[Date] = Field(default_factory=list, max_length=20, **event(
        "dates the child or young person failed to keep an appointment made by the body (reg 8(2)(c))"))
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings scoped to this advice request")


class Closure(_Strict):
    """A continuous closure of the school, post-16 institution or early years provider the person attends."""

    setting: Literal["school_or_post16", "early_years"]
    closed_from: Date
    reopens: Date

    @model_validator(mode="after")
    def _ordered(self) -> "Closure":
        if self.reopens <= self.closed_from:
            raise ValueError("reopens must be after closed_from")
        return self


class Review(_Strict):
    """One review of the EHC plan (CFA s44; SEND Regs regs 18-22; SEN2 ActivePlans ReviewMeeting,
    ReviewOutcome, LastReview, ReviewDraft)."""

    review_id: str = Field(pattern=ID_PATTERN)
    meeting_date: Date | None = Field(default=None, **event("date of the review meeting (SEN2 ReviewMeeting)"))
    meeting_notice_sent_date: Date | None = Field(default=None, **event(
        "date notice of the meeting was sent to those invited (reg 20(3), 21(3))"))
    advice_circulated_date: Date | None = Field(default=None, **event(
        "date the advice and information obtained was circulated to those invited (reg 20(4), 21(4))"))
    report_sent_date: Date | None = Field(default=None, **event(
        "date the review report was sent to everyone invited (reg 20(9), 21(8))"))
    outcome_date: Date | None = Field(default=None, **event(
        "date the authority notified its decision to continue, amend or cease (SEN2 LastReview)"))
    outcome: Literal["continue", "amend", "cease"] | None = Field(default=None, **attribute(
        "the decision after the review (SEN2 ReviewOutcome M/A/C)"))
    draft_date: Date | None = Field(default=None, **event(
        "date the copy of the plan with the notice of proposed amendments was sent (reg 22(2)(a); SEN2 ReviewDraft)"))
    amended_plan_issued_date: Date | None = Field(default=None, **event(
        "date the final amended plan was issued (reg 22(3))"))
    no_amendment_notified_date: Date | None = Field(default=None, **event(
        "date the authority notified that it will not amend after all (reg 22(4))"))
    views_sought_date: Date | None = Field(default=None, **event(
        "date the child and parent, or the young person, were consulted for this review and their views, "
        "wishes and feelings recorded (CFA s44(6); SEND Regs reg 19(a))"))
    outcomes_considered: bool | None = Field(default=None, **attribute(
        "for a young person aged over 18, the review had regard to whether the plan's educational or training "
        "outcomes have been achieved (CFA s44(5))"))
    notices: list[NoticeRecord] = Field(default_factory=list, max_length=50, **event(
        "notices sent about this review, with the elements each contained"))
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings scoped to this review")


class Statement(_Strict):
    """A statement of SEN (Education Act 1996 Part 4) and its transfer to an EHC plan (SI 2014/2270)."""

    kind: Literal["none", "maintained_on_commencement", "arising_under_parts_3_4"] | None = Field(
        default=None, **attribute(
            "a statement of SEN (Education Act 1996 Part 4): none; maintained on 1 September 2014 (SI 2014/2270 "
            "art 14); or made later through an old-law assessment or appeal under way, to which art 17 applies"))
    transfer_notice_date: Date | None = Field(default=None, **event(
        "date notice of the transfer EHC needs assessment was given (SI 2014/2270 art 18(1))"))
    transfer_assessment_began_date: Date | None = Field(default=None, **event(
        "date the transfer EHC needs assessment began (SI 2014/2270 arts 21(3), 22(3))"))
    transfer_outcome: Literal["plan", "no_plan"] | None = Field(default=None, **attribute(
        "how the transfer assessment concluded: a final EHC plan, or notice that no plan will be made"))
    transfer_concluded_date: Date | None = Field(default=None, **event(
        "date the transfer assessment concluded: the final EHC plan was issued or no plan was notified"))
    post16_transfer_2015: bool | None = Field(default=None, **attribute(
        "the child was expected to transfer to a post-16 institution during 2015 (SI 2014/2270 art 12(1))"))
    transfer_2016_2017_kind: Literal["none", "post16", "other_phase"] | None = Field(default=None, **attribute(
        "the first transfer to a different phase of education (SI 2014/2270 art 14(6)) the child or young "
        "person was expected to make during 2016 or 2017: to a post-16 institution (art 14(3)(a)), another "
        "(art 14(3)(b)), or none"))
    transfer_2016_2017_date: Date | None = Field(default=None, **attribute(
        "the date of that expected transfer (SI 2014/2270 art 14(2)(a))"))
    year9_in_2016_or_2017: bool | None = Field(default=None, **attribute(
        "the child came to be in year 9 during 2016 or 2017 (SI 2014/2270 art 14(2)(b))"))
    year10_start_date: Date | None = Field(default=None, **attribute(
        "the date the child began (or was to begin) year 10 (SI 2014/2270 art 14(3)(c))"))
    old_law_appeal_lodged_date: Date | None = Field(default=None, **event(
        "date the parent brought an appeal under EA 1996 s326 or Sch 27 para 8 (SI 2014/2270 art 16(1)(b))"))
    old_law_appeal_determined_date: Date | None = Field(default=None, **event(
        "date that appeal was fully determined (SI 2014/2270 art 16(3))"))


    @model_validator(mode="after")
    def _transfer_in_2016_or_2017(self) -> "Statement":
        if self.transfer_2016_2017_date is not None and self.transfer_2016_2017_date.year not in (2016, 2017):
            raise ValueError("transfer_2016_2017_date must fall in 2016 or 2017 (SI 2014/2270 art 14(2)(a))")
        return self


class Person(_Strict):
    """The child or young person (SEN2 module 1). No names; the date of birth is the only identifying fact
    used."""

    birth_date: Date | None = Field(default=None, **attribute("date of birth (SEN2 PersonBirthDate)"))
    in_authority_area: bool | None = Field(default=None, **attribute(
        "the child or young person is in the local authority's area (CFA s24(1))"))
    parent_has_representative: bool | None = Field(default=None, **attribute(
        "the parent has a deputy, LPA donee or registered EPA attorney (CFA s80(6); PB Regs reg 16)"))
    yp_has_representative: bool | None = Field(default=None, **attribute(
        "the young person has a deputy, LPA donee or registered EPA attorney (CFA s80(6))"))
    autumn_term_starts: list[Date] | None = Field(default=None, max_length=40, **attribute(
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
    education_setting: Literal["fe_sector", "apprenticeship", "other_course", "none"] | None = Field(
        default=None, **attribute("education or training around the 25th birthday (SEND Regs reg 46(1))"))
    course_end_date: Date | None = Field(default=None, **attribute(
        "date the apprenticeship training or other course is scheduled to end"))
    statement: Statement | None = Field(default=None, description="a statement of SEN and its transfer (SI 2014/2270); absent when nothing is recorded")
    had_learning_difficulty_assessment: bool | None = Field(default=None, **attribute(
        "the young person had a learning difficulty assessment (Learning and Skills Act 2000 s139A) "
        "(SI 2014/2270 art 28)"))

    @model_validator(mode="after")
    def _statement_needs_earlier_birth(self) -> "Person":
        # Every way to a statement under SI 2014/2270 (arts 5-9, 11(1)) starts from something in
        # place before 1 September 2014, so none can concern a person born on or after that day.
        if (self.birth_date is not None and self.birth_date >= COMMENCEMENT and self.statement is not None
                and self.statement.kind in ("maintained_on_commencement", "arising_under_parts_3_4")):
            raise ValueError("statement.kind: a statement of SEN cannot concern a person born on or after "
                             "1 September 2014 (SI 2014/2270 arts 5-9 and 11(1)); record kind none or leave it out")
        return self


class DirectPayments(_Strict):
    """Direct payments for the personal budget (CFA s49(3)-(4); PB Regs regs 4-16)."""

    requested: bool | None = Field(default=None, **attribute("the request includes direct payments (PB Regs reg 4(2))"))
    recipient: Literal["parent", "young_person", "nominee"] | None = Field(default=None, **attribute(
        "who would receive the direct payments (PB Regs reg 5(1))"))
    recipient_over_compulsory_school_age: bool | None = Field(default=None, **attribute(
        "a parent or nominee recipient who is an individual is over compulsory school age (PB Regs reg 5(2)(b))"))
    recipient_excluded: bool | None = Field(default=None, **attribute(
        "the intended recipient is a person listed in the Schedule to the PB Regs (drug or alcohol requirements)"))
    for_school_place: bool | None = Field(default=None, **attribute(
        "the payments would fund a place at a school or post-16 institution (PB Regs reg 6(2))"))
    provision_on_premises: bool | None = Field(default=None, **attribute(
        "goods or services bought with the payments are to be used or provided at a school, college or early years setting (reg 9)"))
    premises_consent_date: Date | None = Field(default=None, **event(
        "date the head teacher, principal or early years provider consented in writing (PB Regs reg 9)"))
    refused_date: Date | None = Field(default=None, **event("date the authority decided not to make direct payments (reg 7)"))
    refusal_notified_date: Date | None = Field(default=None, **event("date that decision was notified in writing"))
    terms_agreed_date: Date | None = Field(default=None, **event(
        "date the recipient agreed in writing to the reg 8(3) conditions"))
    first_payment_date: Date | None = Field(default=None, **event("date direct payments were first made"))
    first_review_date: Date | None = Field(default=None, **event("date of the first review of the direct payments (reg 11(2)(a))"))
    in_section_j: bool | None = Field(default=None, **attribute(
        "the provision secured by direct payments is set out in Section J of the plan (SEND Regs reg 12(1)(j))"))
    consent_withdrawn_date: Date | None = Field(default=None, **event(
        "date the recipient said in writing that they no longer consent to direct payments (reg 14(1)(a))"))
    yp_consent_sought_date: Date | None = Field(default=None, **event(
        "date the authority took steps to find out whether the young person consents to direct payments (reg 15(1))"))
    yp_consent_given: bool | None = Field(default=None, **attribute(
        "after the reg 15(1) steps, the young person notified consent to the direct payments (PB Regs reg 14(1)(e))"))
    stopped_date: Date | None = Field(default=None, **event("date direct payments stopped"))
    stop_notified_date: Date | None = Field(default=None, **event(
        "date written notice of stopping, with reasons, was given (reg 14(3))"))
    reduction_notified_date: Date | None = Field(default=None, **event(
        "date the recipient was given notice, with reasons, of a reduction (PB Regs reg 12(1))"))
    reduced_date: Date | None = Field(default=None, **event("date the reduction took effect"))
    repayment_ground: Literal["circumstances_changed", "not_used_for_agreed_provision", "offence",
                                 "death", "none"] | None = Field(default=None, **attribute(
        "the ground on which repayment is sought (PB Regs reg 13(1))"))
    reduction_reconsideration_requested_date: Date | None = Field(default=None, **event(
        "date the recipient asked the authority to reconsider a reduction (PB Regs reg 12(2))"))
    reduction_reconsidered_date: Date | None = Field(default=None, **event(
        "date written reasons for the decision on reconsidering a reduction were given (reg 12(3))"))
    stop_reconsideration_requested_date: Date | None = Field(default=None, **event(
        "date the recipient asked the authority to reconsider stopping direct payments (reg 14(4))"))
    stop_reconsidered_date: Date | None = Field(default=None, **event(
        "date written reasons for the decision on reconsidering stopping were given (reg 14(5))"))
    repayment_reconsideration_requested_date: Date | None = Field(default=None, **event(
        "date the recipient asked the authority to reconsider requiring repayment (reg 13)"))
    repayment_reconsidered_date: Date | None = Field(default=None, **event(
        "date written reasons for the decision on reconsidering repayment were given (reg 13)"))


class PersonalBudget(_Strict):
    """A personal budget for the plan (CFA s49; PB Regs regs 3-4A; SEN2 NamedPlan PB, OA, DP)."""

    request_date: Date | None = Field(default=None, **event(
        "date the parent or young person asked for a personal budget (CFA s49(1))"))
    request_stage: Literal["draft_preparation", "review", "reassessment", "other"] | None = Field(
        default=None, **attribute("when the request was made: while the draft plan was prepared, during a review "
                                  "or re-assessment (PB Regs reg 4(1)), or at another time"))
    information_given_date: Date | None = Field(default=None, **event(
        "date the parent or young person was given the personal budget information of PB Regs reg 3"))
    block_arrangement: bool | None = Field(default=None, **attribute(
        "the provision is secured under arrangements paying an aggregate sum that includes a notional amount for it (reg 4A)"))
    direct_payments: DirectPayments | None = Field(default=None, description="direct payments requested or made")


class Consultation(_Strict):
    """The authority's consultation of a school or college it proposes to name (CFA s39(2); CoP 9.83)."""

    consultation_id: str | None = Field(default=None, pattern=ID_PATTERN, description=(
        "stable id; when absent the position is used (C1, C2, ...)"))
    sent_date: Date = Field(**event("date the consultation was sent"))
    received_date: Date | None = Field(default=None, **event("date the institution received it"))
    response_date: Date | None = Field(default=None, **event("date the institution replied"))
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings scoped to this consultation")


class Placement(_Strict):
    """Naming a school or institution in the plan (CFA s33, s38(2)-(3), s39-s43; SEN2 NamedPlan PlanDetail),
    with the consultations of the institutions the authority proposes to name."""

    views_considered_date: Date | None = Field(default=None, **event(
        "date the authority considered the parent's or young person's representations and any request about "
        "the school or college to be named, before naming one (CFA s19(a), s38(2)(b))"))
    institution_request_date: Date | None = Field(default=None, **event(
        "date the parent or young person asked for a particular school or institution to be named (CFA s38(2)(b)(ii))"))
    institution_requested_kind: Literal[
        "maintained_school", "maintained_nursery_school", "academy", "fe_sector_institution",
        "non_maintained_special_school", "s41_approved_institution", "independent_school_not_approved",
        "other"] | None = Field(default=None, **attribute("the kind of institution requested (CFA s38(3))"))
    representation_period_end: Date | None = Field(default=None, **attribute(
        "the last day of the period the s38(2)(b) notice specified for representations and requests"))
    consultations: list[Consultation] = Field(default_factory=list, max_length=30, **event(
        "consultations of schools or colleges about naming them in the plan"))
    names_institution: bool | None = Field(default=None, **attribute(
        "the final plan names a particular school or institution (not only a type; CFA s39(5)(a), s40(2)(a))"))
    named_institution_kind: Literal["maintained_school", "maintained_nursery_school", "academy", "fe_sector_institution",
                                    "non_maintained_special_school", "s41_approved_institution", "other"] | None = Field(
        default=None, **attribute("the kind of institution named in the final plan (CFA s43(1))"))
    named_institution_admitted_date: Date | None = Field(default=None, **event(
        "date the named school or institution admitted the child or young person (CFA s43(2))"))
    s61_arrangement_date: Date | None = Field(default=None, **event(
        "date the authority decided to arrange the provision otherwise than in a school or post-16 institution (CFA s61)"))
    wishes_against_mainstream: bool | None = Field(default=None, **attribute(
        "the parent or young person does not wish a mainstream or maintained nursery placement (CFA s33(2)(a))"))
    private_specialist_placement_date: Date | None = Field(default=None, **event(
        "date an independent, non-maintained special or special post-16 placement was arranged whose cost will not "
        "be met by a local authority or the Secretary of State (CFA s33(6))"))


class Ceasing(_Strict):
    """Ceasing to maintain the plan (CFA s45; SEND Regs regs 29-31; SEN2 NamedPlan CeaseDate)."""

    considering_notified_date: Date | None = Field(default=None, **event(
        "date the parent or young person was told the authority is considering ceasing the plan (reg 31(1)(a))"))
    parent_consulted_date: Date | None = Field(default=None, **event(
        "date the parent or young person was consulted about ceasing (reg 31(1)(b))"))
    institution_consulted_date: Date | None = Field(default=None, **event(
        "date the head teacher or principal of the named institution was consulted about ceasing (reg 31(1)(c))"))
    decision_date: Date | None = Field(default=None, **event(
        "date the authority determined to cease to maintain the plan (reg 31(2))"))
    notified_date: Date | None = Field(default=None, **event(
        "date the decision to cease was notified to the parent or young person (reg 31(2))"))
    appeal_lodged_date: Date | None = Field(default=None, **event(
        "date an appeal against the decision to cease was brought (CFA s45(4)(b))"))
    appeal_determined_date: Date | None = Field(default=None, **event(
        "date that appeal was finally determined (CFA s45(4)(b))"))
    outcomes_considered: bool | None = Field(default=None, **attribute(
        "in deciding the young person no longer needs the special educational provision, the authority had "
        "regard to whether the plan's educational or training outcomes have been achieved (CFA s45(3))"))
    ceased_attending_date: Date | None = Field(default=None, **event(
        "date the young person stopped attending the institution in the plan and so receiving education or training (reg 30)"))


class PhaseTransfer(_Strict):
    """The next transfer between phases of education (SEND Regs reg 18; SEN2 PhaseTransferDueDate,
    PhaseTransferFinalDate)."""

    date: Date | None = Field(default=None, **attribute(
        "date of the next transfer between phases of education (SEND Regs reg 2(1), reg 18)"))
    kind: Literal["secondary_to_post16", "other_phase", "between_post16"] | None = Field(
        default=None, **attribute("kind of that transfer: reg 18(1)(a), reg 18(1)(b) or reg 18(2)"))
    final_date: Date | None = Field(default=None, **event(
        "date the plan was reviewed and amended (or confirmed) for the transfer (SEN2 PhaseTransferFinalDate)"))


class Reassessment(_Strict):
    """The current re-assessment of the plan (CFA s44(2)-(3); SEND Regs regs 23-27)."""

    request_received_date: Date | None = Field(default=None, **event(
        "date a request to re-assess the plan was received (s44(2)) or the health body asked (reg 23)"))
    requested_by: Literal["parent_or_young_person", "institution", "responsible_commissioning_body"] | None = Field(
        default=None, **attribute(
            "who asked for the re-assessment: the parent or young person (CFA s44(2)(a)), the school or college "
            "attended (s44(2)(b)), or the responsible commissioning body (SEND Regs reg 23)"))
    outcomes_considered: bool | None = Field(default=None, **attribute(
        "for a young person aged over 18, in deciding whether to re-assess the authority had regard to whether the "
        "plan's educational or training outcomes have been achieved (CFA s44(5))"))
    decided_by_la_date: Date | None = Field(default=None, **event(
        "date the authority itself decided to re-assess (s44(3)), with no request"))
    decision_notified_date: Date | None = Field(default=None, **event(
        "date the parent or young person was notified whether a re-assessment is necessary (reg 25(1))"))
    decision: Literal["reassess", "not_reassess"] | None = Field(default=None, **attribute(
        "the decision on the request to re-assess"))
    previous_assessment_date: Date | None = Field(default=None, **event(
        "date the last EHC needs assessment or re-assessment was completed, before this request (reg 24(a))"))
    plan_issued_date: Date | None = Field(default=None, **event(
        "date the amended or replacement plan after re-assessment was issued (reg 27(2))"))


class Transfer(_Strict):
    """Transfer of the plan between local authorities (SEND Regs reg 15; SEN2 TransferLA, Exported)."""

    move_date: Date | None = Field(default=None, **event(
        "date the child or young person moved to another local authority's area (reg 15(1))"))
    aware_of_move_date: Date | None = Field(default=None, **attribute(
        "date this (old) authority became aware of the move (reg 15(2)); an attribute, because a recorded "
        "move was known to the authority at some date, and not recording it leaves that date unknown "
        "(setting move_awareness_unrecorded)"))
    out_date: Date | None = Field(default=None, **event(
        "date this (old) authority transferred the plan to the new authority (reg 15(2))"))
    in_date: Date | None = Field(default=None, **event(
        "date the plan was transferred to this authority from another (reg 15(1))"))
    in_notified_date: Date | None = Field(default=None, **event(
        "date the new authority told the family the plan had transferred, whether it will assess and when it will review (reg 15(4))"))
    in_review_date: Date | None = Field(default=None, **event(
        "date of the new authority's first review after the transfer (reg 15(5))"))
    interim_attendance_arranged_date: Date | None = Field(default=None, **event(
        "date the new authority arranged attendance at another appropriate school or institution, attendance at "
        "the one in the plan being no longer practicable after the move (reg 15(6))"))

    @model_validator(mode="after")
    def _aware_before_transfer(self) -> "Transfer":
        # reg 15(2) transfers the plan because of a move the authority knows of: a record saying it
        # learnt of the move after sending the plan is impossible (docs/adr/0017)
        if self.aware_of_move_date is not None and self.out_date is not None and self.aware_of_move_date > self.out_date:
            raise ValueError("aware_of_move_date must be on or before out_date (the plan is transferred because of "
                             "a move the authority knows of)")
        return self


class HealthBodyChange(_Strict):
    """A change of the responsible health commissioning body (SEND Regs regs 15(7)-(8), 16)."""

    kind: Literal["move", "same_authority"] | None = Field(default=None, **attribute(
        "the responsible commissioning body changed because of a move (reg 15(7)) or otherwise (reg 16)"))
    old_body_aware_date: Date | None = Field(default=None, **event(
        "date the original commissioning body became aware of the move or change"))
    new_body_notified_date: Date | None = Field(default=None, **event(
        "date the original body notified the new responsible commissioning body"))
    new_body_aware_date: Date | None = Field(default=None, **event(
        "date the new commissioning body became aware of the move, or that it is responsible (reg 15(8), 16(3))"))
    provision_not_practicable: bool | None = Field(default=None, **attribute(
        "it is not practicable for the new commissioning body to arrange the plan's health care provision"))
    requested_la_date: Date | None = Field(default=None, **event(
        "date the new commissioning body asked the authority to assess or review (reg 15(8), 16(3))"))


class Plan(_Strict):
    """The EHC plan made after the assessment (SEN2 module 4, NamedPlan): its draft, its issue, where it names,
    its personal budget, ceasing, reviews, and the other processes that act on a maintained plan."""

    draft_served_date: Date | None = Field(default=None, **event("date the draft EHC plan was served (reg 13(1))"))
    draft_consultation_date: Date | None = Field(default=None, **event(
        "date the parent or young person was consulted about the content of the plan while the draft was "
        "prepared (CFA s38(1))"))
    issued_date: Date | None = Field(default=None, **event(
        "date the final EHC plan was issued (reg 13(2); SEN2 AssessmentOutcomeDate with outcome Y)"))
    cease_date: Date | None = Field(default=None, **event("date the authority ceased to maintain the plan"))
    placement: Placement | None = Field(default=None, description="naming a school or institution")
    personal_budget: PersonalBudget | None = Field(default=None, description="a personal budget asked for or prepared")
    ceasing: Ceasing | None = Field(default=None, description="ceasing to maintain the plan")
    reviews: list[Review] = Field(default_factory=list, max_length=60, **event(
        "reviews of the plan made after this request, each with its own dates"))
    phase_transfer: PhaseTransfer | None = Field(default=None, description="the next phase transfer")
    reassessment: Reassessment | None = Field(default=None, description="a re-assessment of the plan")
    transfer: Transfer | None = Field(default=None, description="a transfer of the plan between authorities")
    health_body_change: HealthBodyChange | None = Field(default=None, description="a change of health commissioning body")
    he_disclosure_requested_date: Date | None = Field(default=None, **event(
        "date the young person asked the authority to disclose the plan for higher education (reg 47)"))
    he_disclosure_made_date: Date | None = Field(default=None, **event("date the plan was disclosed (reg 47)"))


class Assessment(_Strict):
    """The EHC needs assessment after a decision to assess (SEN2 module 3, Assessment; SEND Regs regs 6-10)."""

    views_recorded_date: Date | None = Field(default=None, **event(
        "date the views, wishes and feelings of the child and parent, or the young person, were recorded for "
        "the EHC needs assessment and taken into account (SEND Regs reg 7(a))"))
    advice_requests: list[AdviceRequest] = Field(default_factory=list, max_length=100, **event(
        "requests for advice made for the assessment (reg 6), with the date each was made"))
    admitted_for_assessment: bool | None = Field(default=None, **attribute(
        "admitted to a special school or special post-16 institution for the EHC needs assessment (reg 48)"))
    no_plan_notified_date: Date | None = Field(default=None, **event(
        "date the parent or young person was notified that no EHC plan will be made after the assessment "
        "(reg 10; SEN2 AssessmentOutcomeDate with outcome N)"))
    no_plan_others_notified_date: Date | None = Field(default=None, **event(
        "date the responsible commissioning body and the head teacher, principal or early years SEN lead were "
        "told of the decision not to make a plan (SEND Regs reg 10(2))"))
    week20: bool | None = Field(default=None, **attribute(
        "SEN2 Week20: the authority asserted that a 20-week exception applies"))
    plan: Plan | None = Field(default=None, description="the EHC plan, once a draft or final plan exists (SEN2 NamedPlan)")


class Mediation(_Strict):
    """Mediation about this request's decisions, and any mediation agreement (CFA s52-s57; SEND Regs regs
    33-42)."""

    certificate_issued_date: Date | None = Field(default=None, **event(
        "date a mediation certificate (CFA s55(4) or (5)) was issued about this request's decisions"))
    adviser_told_no_mediation_date: Date | None = Field(default=None, **event(
        "date the parent or young person told the mediation adviser they do not want mediation (reg 34(1))"))
    la_told_wants_mediation_date: Date | None = Field(default=None, **event(
        "date the parent or young person told the authority they wish to pursue mediation (reg 36(2), 35(4))"))
    health_issues: bool | None = Field(default=None, **attribute(
        "the mediation issues include health care provision (reg 35)"))
    health_only: bool | None = Field(default=None, **attribute(
        "the mediation issues are limited to health care provision (reg 35(3): the commissioning body arranges it)"))
    health_bodies_notified_date: Date | None = Field(default=None, **event(
        "date the authority told each responsible commissioning body the mediation issues (reg 35(2))"))
    health_body_received_notice_date: Date | None = Field(default=None, **event(
        "date the responsible commissioning body received the authority's reg 35(2) notice"))
    la_cannot_arrange_notified_date: Date | None = Field(default=None, **event(
        "date the authority told the mediation adviser it could not arrange the mediation in time (reg 39(2))"))
    date_notified_date: Date | None = Field(default=None, **event(
        "date the parent or young person was told the date and place of the mediation (reg 37(2))"))
    held_date: Date | None = Field(default=None, **event("date the mediation took place (concluded)"))
    notice_consent: bool | None = Field(default=None, **attribute(
        "the parent or young person agreed to less than 5 working days' notice of the mediation (reg 37(2))"))
    agreement_date: Date | None = Field(default=None, **event("date of a mediation agreement (reg 42)"))
    agreement_appealable: bool | None = Field(default=None, **attribute(
        "the agreement covers matters that could be appealed to the Tribunal (then reg 44 limits apply, reg 42(2))"))
    agreement_done_date: Date | None = Field(default=None, **event(
        "date the authority (or commissioning body) did what the agreement required (reg 42(3)); for an "
        "agreement on appealable matters, the last step: the no-plan notice, the final or amended plan, or "
        "the reconsideration (reg 42(2) with reg 44(2))"))
    agreement_requires: Literal["assess", "make_plan", "refer_back", "amend_provision", "change_institution",
                                "continue_and_amend", "continue"] | None = Field(default=None, **attribute(
        "for an agreement on matters that could be appealed, what it requires of the authority, read as the "
        "Tribunal order it stands for (reg 42(2); reg 44(2)(b)-(h))"))
    agreement_assessment_notified_date: Date | None = Field(default=None, **event(
        "after an agreement that the authority will assess or re-assess, date the parent or young person was "
        "told it will (reg 42(2) with reg 44(2)(b))"))
    agreement_outcome: Literal["no_plan", "plan"] | None = Field(default=None, **attribute(
        "after an agreed assessment, whether the authority decided no plan is needed or made a plan "
        "(reg 42(2) with reg 44(2)(b)(i)-(ii))"))
    agreement_draft_plan_date: Date | None = Field(default=None, **event(
        "after an agreement to make a plan, date the draft plan was issued (reg 42(2) with reg 44(2)(c)(i))"))
    agreement_timescale_agreed_date: Date | None = Field(default=None, **event(
        "date the parties to the mediation agreed in writing to a timescale other than reg 42(2)-(3)'s "
        "(reg 42(5))"))
    agreement_timescale_end: Date | None = Field(default=None, **attribute(
        "the last day of the timescale the parties agreed in writing (reg 42(5))"))
    agreement_health_body_party_only: bool | None = Field(default=None, **attribute(
        "the authority was not a party to the agreement (a health-only mediation, reg 42(4))"))
    agreement_la_notified_date: Date | None = Field(default=None, **event(
        "date the commissioning body told the authority of the agreement (reg 42(4))"))


class Recommendations(_Strict):
    """Recommendations of the First-tier Tribunal on the health or social care in the plan, and the responses
    to them (SI 2017/1306 regs 4-7; decisions appealed against made on or after 3 April 2018)."""

    made_date: Date | None = Field(default=None, **event(
        "date of the recommendation (SI 2017/1306 regs 6(3), 7(1))"))
    health: bool | None = Field(default=None, **attribute(
        "a recommendation was made on health care needs or health care provision (regs 4-6)"))
    social_care: bool | None = Field(default=None, **attribute(
        "a recommendation was made on social care needs or social care provision (regs 4, 5 and 7)"))
    health_response_direction_date: Date | None = Field(default=None, **event(
        "date the Tribunal directed a different time limit for the commissioning body's response (reg 6(4))"))
    health_response_directed_due: Date | None = Field(default=None, **attribute(
        "the last day of that directed time limit (reg 6(4))"))
    health_response_date: Date | None = Field(default=None, **event(
        "date the responsible commissioning body responded in writing to the parent or young person and to "
        "the authority (reg 6(3), 6(5))"))
    health_followed_in_full: bool | None = Field(default=None, **attribute(
        "the commissioning body decided to follow the whole recommendation (else reasons are due, reg 6(5)(c))"))
    health_response_received_date: Date | None = Field(default=None, **event(
        "date the authority received the commissioning body's response (reg 6(6))"))
    health_response_copied_date: Date | None = Field(default=None, **event(
        "date the authority sent a copy of that response to the Secretary of State (reg 6(6))"))
    social_care_response_direction_date: Date | None = Field(default=None, **event(
        "date the Tribunal directed a different time limit for the authority's response (reg 7(2))"))
    social_care_response_directed_due: Date | None = Field(default=None, **attribute(
        "the last day of that directed time limit (reg 7(2))"))
    social_care_response_date: Date | None = Field(default=None, **event(
        "date the authority responded in writing to the parent or young person (reg 7(1), 7(3))"))
    social_care_followed_in_full: bool | None = Field(default=None, **attribute(
        "the authority decided to follow the whole recommendation (else reasons are due, reg 7(3)(c))"))
    social_care_response_copied_date: Date | None = Field(default=None, **event(
        "date the authority sent a copy of its response to the Secretary of State (reg 7(4))"))


class Tribunal(_Strict):
    """First-tier Tribunal orders and unopposed appeals about this request's decisions (SEND Regs regs 43-45)."""

    order_date: Date | None = Field(default=None, **event("date of the First-tier Tribunal's order"))
    order: Literal["assess", "make_plan", "refer_back", "amend_provision", "change_institution",
                            "continue_and_amend", "continue", "cease_dismissed"] | None = Field(default=None, **attribute(
        "what the order requires (SEND Regs reg 43(2), reg 44(2)(a)-(h))"))
    unopposed_notified_date: Date | None = Field(default=None, **event(
        "date the authority told the Tribunal it would not oppose the appeal (reg 45(1))"))
    unopposed_appeal: Literal["refusal_to_assess", "refusal_to_make_plan", "plan_content", "institution_only",
                              "plan_content_and_institution", "refusal_to_amend", "cease"] | None = Field(
        default=None, **attribute("the decision appealed against, for reg 45(3)-(6A)"))
    assessment_notified_date: Date | None = Field(default=None, **event(
        "date the parent or young person was told the authority will assess or re-assess (reg 44(2)(b), 45(3))"))
    outcome_notified_date: Date | None = Field(default=None, **event(
        "after an ordered or conceded assessment: date of the no-plan decision, or of the final plan (reg 44(2)(b), 45(3A))"))
    outcome: Literal["no_plan", "plan"] | None = Field(default=None, **attribute(
        "after an ordered or conceded assessment, whether the authority decided no plan is needed or made a plan"))
    draft_plan_date: Date | None = Field(default=None, **event(
        "date the draft plan was issued after an order or concession to make a plan (reg 44(2)(c), 45(6)(a))"))
    final_plan_date: Date | None = Field(default=None, **event(
        "date the final or amended plan was issued in compliance (reg 44(2)(c),(e),(f),(h); 45(4)-(6A))"))
    reconsidered_date: Date | None = Field(default=None, **event(
        "after a referral back: date the authority reconsidered (draft plan or reg 5 notice) (reg 44(2)(d))"))
    direction_date: Date | None = Field(default=None, **event(
        "date the Tribunal directed a period for complying with its order other than reg 44(2)'s (reg 44(1))"))
    directed_due_date: Date | None = Field(default=None, **attribute(
        "the last day of the period the Tribunal directed for taking the action its order requires (reg 44(1))"))
    recommendations: Recommendations | None = Field(default=None, description=(
        "the Tribunal's recommendations on health or social care, and the responses (SI 2017/1306)"))


Requester = Literal["parent", "parent_representative", "young_person", "young_person_representative",
                    "school", "post16_institution", "other"]


class Request(_Strict):
    """One request for an EHC needs assessment, or the LA becoming responsible under CFA s24 (SEN2 module 2,
    Requests), with everything that followed from it."""

    request_id: str = Field(pattern=ID_PATTERN)
    received_date: Date | None = Field(default=None, **event(
        "date the LA received the request (SEN2 ReceivedDate); starts the 6- and 20-week clocks"))
    requested_by: Requester | None = Field(default=None, **attribute(
        "who made the request: parent, young person, their representative, a school or post-16 institution, or other"))
    became_responsible_date: Date | None = Field(default=None, **event(
        "date the LA became responsible under CFA s24 without a s36(1) request (e.g. brought to its attention)"))
    outcome_date: Date | None = Field(default=None, **event(
        "date the parent or young person was notified whether an EHC needs assessment will be secured "
        "(SEN2 RequestOutcomeDate)"))
    outcome: Literal["assess", "not_assess"] | None = Field(default=None, **attribute(
        "the decision notified (SEN2 RequestOutcome Y/N)"))
    consulted_date: Date | None = Field(default=None, **event(
        "date the parent or young person was consulted before the authority decided whether an EHC needs "
        "assessment may be necessary (CFA s36(4); SEND Regs reg 3)"))
    considering_date: Date | None = Field(default=None, **event(
        "date the authority began considering securing an EHC needs assessment, having determined that a plan "
        "may be necessary (CFA s36(6)-(7); SEND Regs reg 4(2)); a decision to assess shows it was considering"))
    considering_others_notified_date: Date | None = Field(default=None, **event(
        "date the responsible commissioning body, the social care officers and the head teacher, principal or "
        "early years SEN lead were told the authority was considering an assessment (SEND Regs reg 4(2))"))
    decision_others_notified_date: Date | None = Field(default=None, **event(
        "date the persons notified under reg 4(2) were told the decision whether to secure an assessment "
        "(SEND Regs reg 5(2))"))
    additional_time_considered: bool | None = Field(default=None, **attribute(
        "for a young person aged over 18, the authority considered, in deciding on the request, whether they need "
        "more time than others of their age to complete their education or training (CFA s36(10))"))
    notices: list[NoticeRecord] = Field(default_factory=list, max_length=100, **event(
        "notices sent about this request, with the elements each contained"))
    assessment: Assessment | None = Field(default=None, description="the EHC needs assessment (SEN2 Assessment)")
    mediation: Mediation | None = Field(default=None, description="mediation")
    tribunal: Tribunal | None = Field(default=None, description="the Tribunal")
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings scoped to this request")


class Case(_Strict):
    """One child or young person and their requests."""

    schema_version: Literal["2.0"]
    case_id: str = Field(pattern=ID_PATTERN, description="stable pseudonymous id; never a name")
    person: Person
    requests: Annotated[list[Request], Field(min_length=1, max_length=100)]
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings about the case as a whole")

"""The area-facts contract (schema version 1.0): one local authority's own facts.

Part of the law binds the local area rather than any one child: the Local Offer,
joint commissioning, information, advice and support, disagreement resolution, and
area inspections. An area file holds those facts, separately from every case file,
so auditors and inspectors can check them. It holds no personal data: `area_id` is
the authority's code or name, and comments are counted, never copied.

Fields follow the case contract's convention: an *event* unrecorded means it has not
happened (dated after the as-at date: not yet); an *attribute* absent means unknown.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .case import ID_PATTERN, Date, FindingRecord, NoticeRecord, _Strict, attribute, event

AREA_SCHEMA_VERSION = "1.0"

# SEND Regs reg 54(1): whom the authority must consult when preparing and reviewing its Local Offer.
LocalOfferConsultee = Literal[
    "children_and_young_people", "parents", "schools_and_academies", "post16_institutions",
    "non_maintained_special_schools", "pupil_referral_units", "childrens_centres", "early_years_providers",
    "youth_offending_teams", "other_sep_providers", "preparing_for_adulthood_providers",
    "own_officers", "nhs_bodies", "others_appropriate"]

# SEND Regs reg 55: what it must consult children, young people and parents about.
LocalOfferInvolvement = Literal[
    "services_needed", "how_set_out", "access_without_internet", "accessibility", "how_to_comment"]

# CFA s26(3) and (4): what the joint commissioning arrangements must include.
JointCommissioningMatter = Literal[
    "provision_reasonably_required", "provision_secured_and_by_whom", "advice_and_information",
    "complaints", "dispute_resolution", "ehc_needs_assessments", "securing_plan_provision",
    "personal_budgets"]

RoleStatus = Literal["yes", "no", "recruiting"]


class Area(_Strict):
    """A local authority's own facts at the as-at date (the local area's Part 3 duties)."""

    schema_version: Literal["1.0"]
    area_id: str = Field(pattern=ID_PATTERN, description="the authority's code or short name (e.g. 'LA-202')")
    publications: list[NoticeRecord] = Field(default_factory=list, max_length=500, **event(
        "what the authority published, and when: kind local_offer, local_offer_comments, "
        "disagreement_resolution_arrangements or ias_services, with the required elements each contained"))
    local_offer_reviewed_dates: list[Date] = Field(default_factory=list, max_length=200, **event(
        "dates the authority reviewed its Local Offer (CFA s30(5))"))
    local_offer_consulted: list[LocalOfferConsultee] | None = Field(default=None, **attribute(
        "whom the authority consulted in preparing and reviewing the Local Offer (SEND Regs reg 54)"))
    local_offer_involvement: list[LocalOfferInvolvement] | None = Field(default=None, **attribute(
        "what it consulted children, young people and parents about (SEND Regs reg 55)"))
    joint_commissioning_agreed_date: Date | None = Field(default=None, **event(
        "date the authority and its partner commissioning bodies agreed joint commissioning arrangements (CFA s26)"))
    joint_commissioning_covers: list[JointCommissioningMatter] | None = Field(default=None, **attribute(
        "the matters the joint commissioning arrangements cover (CFA s26(3) and (4))"))
    internal_cooperation_arranged_date: Date | None = Field(default=None, **event(
        "date the authority made arrangements for co-operation between its education, social care and "
        "preparing-for-adulthood officers (CFA s28(3))"))
    ias_arranged_date: Date | None = Field(default=None, **event(
        "date the authority arranged information, advice and support services (CFA s32)"))
    disagreement_resolution_arranged_date: Date | None = Field(default=None, **event(
        "date the authority made disagreement resolution arrangements (CFA s57)"))
    disagreement_resolution_independent: bool | None = Field(default=None, **attribute(
        "no one facilitating disagreement resolution is employed by the authority (CFA s57(7))"))
    dmo: RoleStatus | None = Field(default=None, **attribute(
        "a Designated Medical Officer is in post (SEN2 header DMO: yes, no or recruiting)"))
    dco: RoleStatus | None = Field(default=None, **attribute(
        "a Designated Clinical Officer is in post (SEN2 header DCO: yes, no or recruiting)"))
    dsco: RoleStatus | None = Field(default=None, **attribute(
        "a Designated Social Care Officer is in post (SEN2 header DSCO from 2025: yes, no or recruiting)"))
    last_full_inspection_report_date: Date | None = Field(default=None, **event(
        "date the local area received the final report of its last full local area SEND inspection"))
    last_full_inspection_framework: Literal["2016", "2023"] | None = Field(default=None, **attribute(
        "the framework of that inspection: the 2016 local area SEND framework or the 2023 area SEND framework"))
    last_full_inspection_outcome: Literal["positive", "inconsistent", "systemic_failings"] | None = Field(
        default=None, **attribute("the outcome of a 2023-framework inspection (outcome 1, 2 or 3)"))
    wsoa_required: bool | None = Field(default=None, **attribute(
        "a 2016-framework inspection required a Written Statement of Action"))
    wsoa_made_date: Date | None = Field(default=None, **event(
        "date the principal authority made the written statement of proposed action after a 2016-framework "
        "inspection (SI 2015/1792 reg 4(2))"))
    last_monitoring_inspection_date: Date | None = Field(default=None, **event(
        "date of the last monitoring inspection (2023 framework) or revisit (2016 framework) after that inspection"))
    findings: dict[str, FindingRecord] = Field(default_factory=dict, description="findings about the area")

    @model_validator(mode="after")
    def _outcome_matches_framework(self) -> "Area":
        starts = {"2016": dt.date(2016, 5, 1), "2023": dt.date(2023, 1, 1)}
        report, framework = self.last_full_inspection_report_date, self.last_full_inspection_framework
        if report is not None and framework is not None and report < starts[framework]:
            raise ValueError(f"last_full_inspection_report_date is before the {framework} framework began "
                             f"({starts[framework].isoformat()})")
        if self.wsoa_made_date is not None and self.wsoa_made_date < starts["2016"]:
            raise ValueError("wsoa_made_date is before the 2016 framework began (2016-05-01)")
        if self.wsoa_made_date is not None and report is not None and self.wsoa_made_date < report:
            raise ValueError("wsoa_made_date is before last_full_inspection_report_date; the statement follows the report")
        if self.last_full_inspection_framework == "2016" and self.last_full_inspection_outcome is not None:
            raise ValueError("last_full_inspection_outcome is for 2023-framework inspections; "
                             "a 2016 inspection records wsoa_required")
        if self.last_full_inspection_framework == "2023" and self.wsoa_required is not None:
            raise ValueError("wsoa_required is for 2016-framework inspections; a 2023 inspection records "
                             "last_full_inspection_outcome")
        return self

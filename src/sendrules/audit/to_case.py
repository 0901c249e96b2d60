"""One SEN2 person -> one schema 2.0 case dict, following docs/case-format.md "Where SEN2 items go".

What SEN2 does not record is left out (an unrecorded event has not happened; an unrecorded
attribute is unknown), never guessed. Three things the return cannot say are settled by named
settings rather than by invented facts (SEN2_SETTINGS, shown in every receipt), and one by a named
mapping choice (MappingOptions). A value that cannot be read (a bad date, an unknown code) rejects
the person with the item's path and the rule broken, never the value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from .sen2_reader import RawPerson

# Rule settings for a bare SEN2 return: the return has no field for these records, so the duties
# and checks that need them are not applicable (with the setting named in the receipt), not defects.
SEN2_SETTINGS: dict[str, bool] = {
    "coproduction_records_kept": False,      # no consultation dates (CFA s19)
    "notices_to_others_recorded": False,     # no notices to health, social care, school (regs 4(2), 5(2), 10(2))
    "draft_plan_dates_recorded": False,      # no draft-plan date (reg 13(1))
    "review_records_kept": False,            # only the meeting, decision and its date (regs 20-22)
    "review_history_complete": False,        # only the latest review
    "institution_consultations_recorded": False,  # names the setting, not its consultation (CFA s39(2))
}


def sen2_settings(collection_year: int | None) -> dict[str, bool]:
    """The settings for a return of a collection: LastReview was voluntary in 2024 (sen2.md s1.1), so
    a blank one there is no evidence that the review decision was never notified."""
    settings = dict(SEN2_SETTINGS)
    if collection_year is not None and collection_year <= 2024:
        settings["review_decision_dates_recorded"] = False
    return settings


@dataclass(frozen=True)
class MappingOptions:
    """Choices the mapping makes where SEN2 implies a fact without stating it (shown in the receipt)."""

    # A return lists the children and young people the authority is responsible for (CFA s24: in its
    # area and brought to its attention), so they were in its area when their requests were received.
    # This starts the statutory clock on ReceivedDate whoever made the request, which SEN2 before 2025
    # does not record. False leaves `in_authority_area` unknown, and the clocks undetermined.
    persons_in_area: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class PersonRejected(Exception):
    """The person's record cannot be read: every problem, as path and rule."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


_REQUEST_OUTCOMES = {"Y", "N", "A", "W", "H"}
_ASSESSMENT_OUTCOMES = {"Y", "N", "A", "W", "H", "S"}
_REVIEW_OUTCOMES = {"M": "continue", "A": "amend", "C": "cease"}
_FLAGS = {"1": True, "true": True, "0": False, "false": False}
_OTHER_SOURCES = {"3", "4", "5"}   # health, social care, other: not entitled under CFA s36(1)


def person_id(lea: str | None, ordinal: int) -> str:
    """The pseudonymous id of the n-th person of a return: the authority's code and the position."""
    return f"{lea or 'LA'}-P{ordinal:07d}"


class _Reader:
    """Reads items of one person, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def date(self, node: dict[str, Any], tag: str, path: str) -> str | None:
        text = node.get(tag)
        if text is None:
            return None
        day = text[:10]
        if len(text) > 10 and text[10] != "T":
            day = ""
        try:
            parsed = dt.date.fromisoformat(day) if len(day) == 10 else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.problems.append(f"{path}/{tag}: must be a date written YYYY-MM-DD")
            return None
        return parsed.isoformat()

    def code(self, node: dict[str, Any], tag: str, path: str, allowed: set[str] | dict) -> str | None:
        text = node.get(tag)
        if text is None:
            return None
        code = text.upper()
        if code not in allowed:
            self.problems.append(f"{path}/{tag}: must be one of {', '.join(sorted(allowed))}")
            return None
        return code

    def flag(self, node: dict[str, Any], tag: str, path: str) -> bool | None:
        text = node.get(tag)
        if text is None:
            return None
        value = _FLAGS.get(text.lower())
        if value is None:
            self.problems.append(f"{path}/{tag}: must be 1 or 0")
        return value


def sen2_to_case(person: RawPerson, lea: str | None, options: MappingOptions = MappingOptions()) -> dict[str, Any]:
    """The 2.0 case dict for one SEN2 person. Raises PersonRejected naming every unreadable item."""
    rd = _Reader()
    data = person.data
    base = "Person"
    case_person: dict[str, Any] = {}
    birth = rd.date(data, "PersonBirthDate", base)
    if birth:
        case_person["birth_date"] = birth
    if options.persons_in_area:
        case_person["in_authority_area"] = True
    requests = []
    for i, req in enumerate(data.get("Requests") or [], start=1):
        requests.append(_request(rd, req, f"{base}/Requests[{i}]", f"R{i}"))
    if not requests:
        rd.problems.append(f"{base}/Requests: a person has at least one Requests module")
    if rd.problems:
        raise PersonRejected(rd.problems)
    return {"schema_version": "2.0", "case_id": person_id(lea, person.ordinal), "person": case_person,
            "requests": requests}


def _request(rd: _Reader, req: dict[str, Any], path: str, request_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {"request_id": request_id}
    received = rd.date(req, "ReceivedDate", path)
    outcome = rd.code(req, "RequestOutcome", path, _REQUEST_OUTCOMES)
    outcome_date = rd.date(req, "RequestOutcomeDate", path)
    if rd.code(req, "RequestSource", path, {"1", "2", "3", "4", "5"}) in _OTHER_SOURCES:
        out["requested_by"] = "other"
    asmt = req.get("Assessment")
    asmt_path = f"{path}/Assessment"
    a_outcome = rd.code(asmt, "AssessmentOutcome", asmt_path, _ASSESSMENT_OUTCOMES) if asmt else None
    historical = outcome == "H" or a_outcome in ("H", "S")
    # H (decided before this collection, or a plan transferred in) and W (withdrawn before a
    # decision) carry no clock the return can judge: their received date would start duties whose
    # ending SEN2 does not record, so it is left out and only the plan that followed is audited.
    if received and not historical and outcome != "W":
        out["received_date"] = received
    if outcome == "Y" and not historical:
        out["outcome"] = "assess"
        if outcome_date:
            out["outcome_date"] = outcome_date
    elif outcome == "N":
        out["outcome"] = "not_assess"
        if outcome_date:
            out["outcome_date"] = outcome_date
    if a_outcome == "W" and "outcome" in out:
        # an assessment withdrawn or ceased: no 2.0 fact says the plan duty ended, so the decision is
        # left unknown and the plan duties undetermined rather than overdue
        del out["outcome"]
    assessment = _assessment(rd, asmt, asmt_path, a_outcome, historical) if asmt and outcome != "N" else None
    active = req.get("ActivePlans")
    if active:
        reviews = _reviews(rd, active, f"{path}/ActivePlans")
        final = rd.date(active, "PhaseTransferFinalDate", f"{path}/ActivePlans")
        if assessment is not None and (reviews or final):
            plan = assessment.setdefault("plan", {})
            if reviews:
                plan["reviews"] = reviews
            if final:
                plan["phase_transfer"] = {"final_date": final}
    if assessment is not None:
        out["assessment"] = assessment
    return out


def _assessment(rd: _Reader, asmt: dict[str, Any], path: str, a_outcome: str | None,
                historical: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    week20 = rd.flag(asmt, "Week20", path)
    if week20 is not None and not historical:
        out["week20"] = week20
    outcome_date = rd.date(asmt, "AssessmentOutcomeDate", path)
    named = asmt.get("NamedPlan")
    np_path = f"{path}/NamedPlan"
    start = rd.date(named, "StartDate", np_path) if named else None
    if a_outcome == "N" and outcome_date:
        out["no_plan_notified_date"] = outcome_date
    if a_outcome in ("Y", "H", "S"):
        plan: dict[str, Any] = {}
        # the guide's issue date is AssessmentOutcomeDate; StartDate only when it is blank
        issued = outcome_date if a_outcome == "Y" and outcome_date else start
        if issued:
            plan["issued_date"] = issued
        if named:
            cease = rd.date(named, "CeaseDate", np_path)
            if cease:
                plan["cease_date"] = cease
            details = named.get("PlanDetail") or []
            if details:
                names = any(d.get("URN") or d.get("UKPRN") for d in details)
                plan["placement"] = {"names_institution": names}
        out["plan"] = plan
    return out


def _reviews(rd: _Reader, active: dict[str, Any], path: str) -> list[dict[str, Any]]:
    meeting = rd.date(active, "ReviewMeeting", path)
    decided = rd.date(active, "LastReview", path)
    draft = rd.date(active, "ReviewDraft", path)
    outcome = rd.code(active, "ReviewOutcome", path, _REVIEW_OUTCOMES)
    if not (meeting or decided or draft or outcome):
        return []
    review: dict[str, Any] = {"review_id": "REV1"}
    if meeting:
        review["meeting_date"] = meeting
    if decided:
        review["outcome_date"] = decided
    if outcome:
        review["outcome"] = _REVIEW_OUTCOMES[outcome]
    if draft:
        review["draft_date"] = draft
    return [review]

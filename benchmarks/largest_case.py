"""The largest case the case schema allows: every list of records at its maximum length.

100 requests (the schema's limit), each with a plan holding 60 reviews, 100 requests for advice
and 30 consultations (each list's `max_length`), with the dates that start their duties, so
that nearly every rule of every scope applies somewhere. No real data: the dates are fixed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendrules.facts.case import Assessment, Case, Placement, Plan

def _max_length(model: type, field: str) -> int:
    """A list field's `max_length`, read from the model so the case follows the schema."""
    return next(m.max_length for m in model.model_fields[field].metadata if hasattr(m, "max_length"))


MAX_REQUESTS = _max_length(Case, "requests")
MAX_REVIEWS = _max_length(Plan, "reviews")
MAX_ADVICE = _max_length(Assessment, "advice_requests")
MAX_CONSULTATIONS = _max_length(Placement, "consultations")


def _iso(d: dt.date) -> str:
    return d.isoformat()


def largest_case(received: dt.date = dt.date(2020, 1, 6)) -> dict[str, Any]:
    """A schema 2.0 case with every record list at its maximum length."""
    requests = []
    for r in range(MAX_REQUESTS):
        issued = received + dt.timedelta(weeks=20)
        reviews = [{"review_id": f"REV{k + 1}", "meeting_date": _iso(issued + dt.timedelta(days=30 * k + 20))}
                   for k in range(MAX_REVIEWS)]
        advice = [{"adviser": "educational_psychologist", "requested_date": _iso(received + dt.timedelta(days=45))}
                  for _ in range(MAX_ADVICE)]
        consultations = [{"sent_date": _iso(received + dt.timedelta(days=100))} for _ in range(MAX_CONSULTATIONS)]
        requests.append({
            "request_id": f"R{r + 1}", "received_date": _iso(received), "requested_by": "parent",
            "outcome": "assess", "outcome_date": _iso(received + dt.timedelta(days=40)),
            "assessment": {"advice_requests": advice, "plan": {
                "draft_served_date": _iso(received + dt.timedelta(weeks=16)), "issued_date": _iso(issued),
                "placement": {"consultations": consultations}, "reviews": reviews}},
        })
    return {"schema_version": "2.0", "case_id": "LARGEST", "person": {"birth_date": "2012-06-26",
                                                                      "in_authority_area": True},
            "requests": requests}

"""Helpers shared by the tests: paths and small, valid case dicts (schema 2.0).

(conftest.py provides the session-scoped `rulebook` fixture: the bundled law, compiled once.)
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURE_RULES = TESTS / "fixtures" / "rules"

D = dt.date.fromisoformat

# The 6-week duty to notify whether an EHC needs assessment will be secured (SEND Regs reg 5(1)).
DUTY = "assessment.decision_whether_to_assess[r1]"


def make_case(person: dict[str, Any] | None = None, requests: list[dict[str, Any]] | None = None,
              findings: dict[str, Any] | None = None, case_id: str = "case-1") -> dict[str, Any]:
    """A valid case dict; by default one request with nothing recorded."""
    case: dict[str, Any] = {
        "schema_version": "2.0",
        "case_id": case_id,
        "person": dict(person or {}),
        "requests": copy.deepcopy(requests) if requests is not None else [{"request_id": "r1"}],
    }
    if findings is not None:
        case["findings"] = copy.deepcopy(findings)
    return case


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`base` with `extra` merged in, sub-records merged key by key (for nested 2.0 records)."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def child_request_case(received: str | None = "2025-01-06", notified: str | None = None,
                       request_findings: dict[str, Any] | None = None,
                       request_extra: dict[str, Any] | None = None, **person: Any) -> dict[str, Any]:
    """A child (born 10 March 2015, in the area) whose parent made an s36(1) request.

    The 6-week duty's trigger is `received`; `notified` (the request's outcome_date) discharges it.
    `request_extra` is merged into the request (nested sub-records such as `assessment` merge).
    """
    req: dict[str, Any] = {"request_id": "r1", "requested_by": "parent"}
    if received is not None:
        req["received_date"] = received
    if notified is not None:
        req["outcome_date"] = notified
    if request_findings is not None:
        req["findings"] = copy.deepcopy(request_findings)
    req = merge(req, request_extra or {})
    p: dict[str, Any] = {"birth_date": "2015-03-10", "in_authority_area": True}
    p.update(person)
    return make_case(p, [req])

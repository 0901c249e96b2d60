"""Generate a synthetic caseload (no real data): seeded, so every run sees the same cases."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

REQUESTERS = ["parent", "young_person", "school", "post16_institution", "other", None]
SETTINGS = ["fe_sector", "apprenticeship", "other_course", "none", None]


def _d(rng: random.Random, start: dt.date, span_days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span_days))


def make_case(rng: random.Random, i: int) -> dict[str, Any]:
    dob = _d(rng, dt.date(2001, 1, 1), 365 * 22)
    person: dict[str, Any] = {"birth_date": dob.isoformat(), "in_authority_area": rng.random() < 0.9}
    if rng.random() < 0.3:
        person["education_setting"] = rng.choice(SETTINGS[:-1])
        person["course_end_date"] = _d(rng, dob + dt.timedelta(days=365 * 24), 800).isoformat()
    if rng.random() < 0.1:
        start = _d(rng, dt.date(2024, 1, 1), 700)
        person["absences_from_area"] = [{"start": start.isoformat(),
                                         "end": (start + dt.timedelta(days=rng.randrange(10, 50))).isoformat()}]
    requests = []
    for r in range(rng.choice([1, 1, 1, 2])):
        received = _d(rng, dt.date(2024, 1, 1), 730)
        req: dict[str, Any] = {"request_id": f"R{r + 1}", "received_date": received.isoformat(),
                               "requested_by": rng.choice(REQUESTERS)}
        if rng.random() < 0.7:
            req["outcome_date"] = (received + dt.timedelta(days=rng.randrange(10, 70))).isoformat()
        findings = {}
        for name in ("has_or_may_have_sen", "sep_may_be_necessary"):
            if rng.random() < 0.6:
                findings[name] = {"value": rng.random() < 0.8, "by": "panel"}
        req["findings"] = findings
        requests.append(req)
    case: dict[str, Any] = {"schema_version": "2.0", "case_id": f"BENCH-{i:06d}", "person": person,
                            "requests": requests}
    if rng.random() < 0.05:
        case["findings"] = {"yp_lacks_capacity": {"value": True, "by": "assessor"}}
        person["yp_has_representative"] = rng.random() < 0.5
    return case


def caseload(n: int, seed: int = 2014) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [make_case(rng, i) for i in range(n)]

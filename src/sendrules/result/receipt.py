"""The receipt: everything needed to replay a result and get the same bytes."""

from __future__ import annotations

from ..evaluate.evaluator import Evaluation
from ..facts.area import AREA_SCHEMA_VERSION
from ..facts.case import SCHEMA_VERSION
from ..load.models import FORMAT_ID
from .canonical import sha256_of

RESULT_FORMAT = "sendrules.result/1"


def receipt(ev: Evaluation) -> dict:
    rb = ev.rulebook
    versions = dict(rb.package_versions)
    used = sorted({(o.program.id, o.version.valid_from.isoformat(),
                    o.version.valid_to.isoformat() if o.version.valid_to else None)
                   for o in ev.outcomes if o.version is not None})
    case_json = ev.case.model_dump(mode="json", exclude_defaults=False)
    body = {
        "package_version": versions.get("sendrules", "unknown"),
        "rules_format": FORMAT_ID,
        ("area_schema_version" if ev.is_area else "case_schema_version"):
            AREA_SCHEMA_VERSION if ev.is_area else SCHEMA_VERSION,
        "result_format": RESULT_FORMAT,
        "rulebook_hash": rb.content_hash,
        "rule_versions": [{"rule": r, "valid_from": f, "valid_to": t} for r, f, t in used],
        "settings": dict(sorted(ev.settings.items())),
        "settings_overridden": list(ev.overridden),
        "parameters_overridden": {p: ev.parameters[p].entries[0].value for p in ev.parameters_overridden},
        "holiday_calendar": rb.calendar.source,
        "dependencies": {k: v for k, v in sorted(versions.items()) if k != "sendrules"},
        "as_at": ev.as_at.isoformat(),
        "input_hash": sha256_of(case_json),
    }
    body["run_hash"] = sha256_of({k: body[k] for k in ("package_version", "rulebook_hash", "settings",
                                                       "parameters_overridden", "as_at", "input_hash",
                                                       "dependencies")})
    return body

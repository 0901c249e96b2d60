"""The receipt: everything needed to replay a result and get the same bytes."""

from __future__ import annotations

import hashlib
import platform
import re

from ..compile.rulebook import CompiledRulebook, OverlayStamp
from ..core.ruleformat import FORMAT_ID
from ..evaluate.evaluator import Evaluation
from ..facts.area import AREA_SCHEMA_VERSION
from ..facts.case import SCHEMA_VERSION
from ..core.canonical import typed_items
from .canonical import canonical_json, sha256_of
from .model import RESULT_FORMAT

_REPLAY = ("package_version", "engine", "python", "rulebook_hash", "settings", "parameters_overridden", "as_at",
           "input_hash", "dependencies")


def fixed_part(rb: CompiledRulebook, engine: str, is_area: bool) -> dict:
    """The part of the receipt that is the same for every result of one rulebook, engine and root
    scope: built once and copied into each receipt."""
    key = (engine, is_area)
    found = rb.receipt_fixed.get(key)
    if found is None:
        versions = dict(rb.package_versions)
        found = {
            "package_version": versions.get("sendrules", "unknown"),
            "engine": engine,
            "python": platform.python_version(),
            "rules_format": FORMAT_ID,
            ("area_schema_version" if is_area else "case_schema_version"):
                AREA_SCHEMA_VERSION if is_area else SCHEMA_VERSION,
            "result_format": RESULT_FORMAT,
            "rulebook_hash": rb.content_hash,
            "holiday_calendar": rb.calendar.source,
            "dependencies": {k: v for k, v in sorted(versions.items()) if k != "sendrules"},
        }
        rb.receipt_fixed[key] = found
    return found


def overlay_dict(o: OverlayStamp) -> dict[str, str]:
    """The receipt's `overlay`: the what-if overlay a rulebook was compiled with."""
    return {"title": o.title, "file": o.file, "sha256": o.sha256, "base_rulebook_hash": o.base_rulebook_hash}


def receipt(ev: Evaluation) -> dict:
    rb = ev.rulebook
    fixed = fixed_part(rb, ev.engine, ev.is_area)
    body = {
        **fixed,
        "dependencies": dict(fixed["dependencies"]),   # each receipt its own: a caller may edit it
        "settings": dict(sorted(ev.settings.items())),
        "as_at": ev.as_at.isoformat(),
        "input_hash": ev.input_hash or sha256_of(ev.subject.model_dump(mode="json")),
    }
    if ev.as_at_default is not None:
        body["as_at_default"] = ev.as_at_default
    if ev.overridden:
        body["settings_overridden"] = list(ev.overridden)
    if rb.overlay is not None:
        # not in run_hash: the overlaid rulebook's hash (rulebook_hash) already covers its content
        body["overlay"] = overlay_dict(rb.overlay)
    if rb.rule_digests:
        # the rules this result applied, a digest per group of them: when the rulebook hash
        # differs, `sendrules verify` names the groups whose rules changed
        used = rb.applied_group_digests(frozenset(o.program.id for o in ev.decided if o.applicable))
        if used:   # the canonical form leaves empty keys out
            body["rule_digests"] = dict(used)
    if ev.parameters_overridden:
        body["parameters_overridden"] = {p: ev.parameters[p].entries[0].value for p in ev.parameters_overridden}
    if ev.only:
        # a result that decided only some rules replays only with the same list; a full result's
        # run_hash stays what it always was
        body["only"] = list(ev.only)
    body["run_hash"] = run_hash(body, rb)
    return body


_AS_AT, _INPUT = "<<as_at>>", "<<input_hash>>"   # placeholders in the replay text's template
_VERBATIM = re.compile(r"[0-9A-Za-z:+\-]*")       # text canonical JSON writes as it is, between quotes


def run_hash(body: dict, rb: CompiledRulebook) -> str:
    """sha256 of the canonical JSON of the receipt's replay keys (`_REPLAY`, and `only` when
    present). Between the results of one run only the as-at date and the input hash differ, so
    the rest of the text is made once per rulebook, settings and `only` (a memo on the rulebook)
    and the two are spliced in: an ISO date and hex digits, which canonical JSON writes verbatim."""
    replay = {k: body.get(k) for k in _REPLAY}
    if "only" in body:
        replay["only"] = body["only"]
    as_at, input_hash = replay["as_at"], replay["input_hash"]
    if not (isinstance(as_at, str) and isinstance(input_hash, str) and _VERBATIM.fullmatch(as_at)
            and _VERBATIM.fullmatch(input_hash)):
        return sha256_of(replay)
    try:
        key = tuple((k, typed_items(v) if isinstance(v, dict) else tuple(v) if isinstance(v, list) else v)
                    for k, v in replay.items() if k != "as_at" and k != "input_hash")
        parts = rb.receipt_templates.get(key)
    except TypeError:   # an unhashable parameter value: no template, the text in full
        return sha256_of(replay)
    if parts is None:
        text = canonical_json({**replay, "as_at": _AS_AT, "input_hash": _INPUT})
        if text.count(_AS_AT) != 1 or text.count(_INPUT) != 1:   # a setting's text holds a placeholder
            return sha256_of(replay)
        head, rest = text.split(_AS_AT)
        middle, tail = rest.split(_INPUT)
        parts = (head, middle, tail)
        if len(rb.receipt_templates) < 1024:   # bounded: a caller cycling through settings cannot grow it
            rb.receipt_templates[key] = parts
    return hashlib.sha256((parts[0] + as_at + parts[1] + input_hash + parts[2]).encode("utf-8")).hexdigest()

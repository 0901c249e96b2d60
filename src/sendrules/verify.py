"""Replay a result from its receipt and say whether it is reproduced, byte for byte.

The receipt holds what decides a result: the as-at date, the settings and parameters overridden,
the engine, the overlay (with its hash) and the hashes of the rulebook and the input. `verify`
evaluates the case again with those, and compares. When the rulebook's hash differs, the
receipt's `rule_digests` (a digest per group of the rules the result applied) say which groups of
those rules have changed since.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import check_rules
from .compile.digests import group_digests, rule_group
from .compile.rulebook import CompiledRulebook
from .core.files import ReadProblem, decode_utf8, read_bytes
from .core.isodate import parse_iso_date
from .engines import ENGINES, evaluate_with
from .errors import InputError, RulebookError
from .explain.trace import trace_nodes
from .facts.validation import is_area_document
from .inputs import display_name, parse_document, read_document
from .result.stream import write_result

MAX_RESULT_BYTES = 500_000_000   # a result with the largest case's explanation is about 150 MB


@dataclass
class Verification:
    """What `verify` found. `reproduced` is the verdict: the same bytes."""

    reproduced: bool = False
    same_content: bool = False
    input_matches: bool = False
    rulebook_matches: bool = False
    rulebook_then: str = ""
    rulebook_now: str = ""
    overlay: str | None = None              # the overlay file used, if the result had one
    overlay_matches: bool = True
    # group -> the rules of it the result applied, when one or more of them is different now
    changed_groups: dict[str, list[str]] = field(default_factory=dict)
    missing_rules: list[str] = field(default_factory=list)    # applied then, gone now
    environment: list[str] = field(default_factory=list)      # versions that differ (may explain bytes)
    differing_outcomes: list[tuple[str, str, str]] = field(default_factory=list)   # key, then, now

    def to_dict(self) -> dict[str, Any]:
        return {"reproduced": self.reproduced, "same_content": self.same_content,
                "input_matches": self.input_matches, "rulebook_matches": self.rulebook_matches,
                "rulebook_then": self.rulebook_then, "rulebook_now": self.rulebook_now,
                "overlay": self.overlay, "overlay_matches": self.overlay_matches,
                "changed_groups": self.changed_groups, "missing_rules": self.missing_rules,
                "environment": self.environment,
                "differing_outcomes": [{"outcome": k, "then": a, "now": b} for k, a, b in self.differing_outcomes]}


def read_result(path: Path) -> tuple[bytes, dict[str, Any]]:
    """A result document's bytes and JSON value; InputError if it is not one."""
    name = display_name(path)
    try:
        raw = read_bytes(path, MAX_RESULT_BYTES)
        doc = parse_document(decode_utf8(raw), name)
    except ReadProblem as exc:
        raise InputError([f"{path}: {exc.message}"]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("receipt"), dict):
        raise InputError([f"{name}: not a result document (one JSON object with a `receipt`; `sendrules evaluate "
                          "--format json` writes one for each case)"])
    return raw, doc


def _receipt_field(receipt: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = receipt.get(name)
    if not isinstance(value, kind):
        raise InputError([f"{where}: receipt.{name} is missing or is not {kind.__name__}"])
    return value


def verify(result_path: Path, case_path: Path, rules: Path | None = None,
           overlay: Path | None = None) -> Verification:
    """Re-run the result at `result_path` on the case at `case_path` with its receipt's settings,
    parameters and overlay (`overlay` names where the overlay file is now, if it has moved)."""
    raw, doc = read_result(result_path)
    where = display_name(result_path)
    receipt = doc["receipt"]
    as_at_text = _receipt_field(receipt, "as_at", str, where)
    try:
        as_at = parse_iso_date(as_at_text)
    except ValueError:
        raise InputError([f"{where}: receipt.as_at is not a date (YYYY-MM-DD)"]) from None
    settings_then = _receipt_field(receipt, "settings", dict, where)
    overridden = receipt.get("settings_overridden", [])
    parameters = receipt.get("parameters_overridden") or None
    engine = receipt.get("engine", "python")
    if not isinstance(overridden, list) or not all(isinstance(s, str) and s in settings_then for s in overridden):
        raise InputError([f"{where}: receipt.settings_overridden must list settings of receipt.settings"])
    if parameters is not None and not isinstance(parameters, dict):
        raise InputError([f"{where}: receipt.parameters_overridden must be an object"])
    if engine not in ENGINES:
        raise InputError([f"{where}: receipt.engine must be one of {', '.join(ENGINES)}"])
    out = Verification(rulebook_then=str(receipt.get("rulebook_hash", "")))
    ov = receipt.get("overlay")
    overlay_path = None
    if ov is not None:
        if not isinstance(ov, dict) or not isinstance(ov.get("file"), str):
            raise InputError([f"{where}: receipt.overlay must name its file"])
        overlay_path = overlay or Path(ov["file"])
        if overlay is None and overlay_path.suffix.lower() not in (".yaml", ".yml"):
            # the path comes from the result document, which may not be trusted: only an overlay file is opened
            raise InputError([f"{where}: receipt.overlay.file does not name a YAML overlay file; give the overlay "
                              "with --overlay FILE"])
        out.overlay = str(overlay_path)
    rb = _rulebook(rules, overlay_path)
    out.rulebook_now = rb.content_hash
    out.rulebook_matches = rb.content_hash == out.rulebook_then
    if ov is not None:
        out.overlay_matches = rb.overlay is not None and rb.overlay.sha256 == ov.get("sha256")
    digests_then = receipt.get("rule_digests") or {}
    now = rb.rule_digests or {}
    if isinstance(digests_then, dict):
        # the rules applied then are the outcomes the result shows that were not not_applicable
        shown = doc.get("outcomes") if isinstance(doc.get("outcomes"), dict) else {}
        applied = {key.split("[", 1)[0] for key, o in shown.items()
                   if not (isinstance(o, dict) and o.get("status") == "not_applicable")}
        out.missing_rules = sorted(r for r in applied if r not in now)
        digests_now = group_digests(applied, now)
        for group, then in sorted(digests_then.items()):
            if digests_now.get(group) != then:
                out.changed_groups[group] = sorted(r for r in applied if rule_group(r) == group and r in now)
    out.environment = _environment(receipt, rb)

    data = read_document(case_path)
    root = "area" if is_area_document(data) else "case"
    explain = "explanation" in doc
    outcomes_then = doc.get("outcomes") if isinstance(doc.get("outcomes"), dict) else {}
    all_outcomes = any(isinstance(o, dict) and o.get("status") == "not_applicable" for o in outcomes_then.values())
    ev = evaluate_with(rb, root, data, as_at, settings={k: settings_then[k] for k in overridden},
                       parameters=parameters, explain=explain, engine=engine)
    ev.as_at_default = receipt.get("as_at_default") if isinstance(receipt.get("as_at_default"), str) else None
    out.input_matches = ev.input_hash == receipt.get("input_hash")
    buf = io.StringIO()
    write_result(ev, buf.write, all_outcomes, trace_nodes(ev, all_outcomes) if explain else None)
    again = buf.getvalue()
    out.reproduced = raw.rstrip(b"\n") == again.encode("utf-8")
    redone = json.loads(again)
    out.same_content = redone == doc
    outcomes_now = redone.get("outcomes", {})
    for key in sorted(outcomes_then.keys() | outcomes_now.keys()):
        a, b = outcomes_then.get(key), outcomes_now.get(key)
        if a != b:
            then, now_ = _show(a), _show(b)
            if then == now_:
                now_ += " (a value or date differs)"
            out.differing_outcomes.append((key, then, now_))
    return out


def _show(o: Any) -> str:
    """An outcome by its status only: values and dates are the child's, and are not echoed."""
    return str(o.get("status", "?")) if isinstance(o, dict) else "absent"


def _rulebook(rules: Path | None, overlay: Path | None) -> CompiledRulebook:
    rb, diags = check_rules(rules, overlay)
    if rb is None:
        raise RulebookError(diags)
    return rb


def _environment(receipt: dict[str, Any], rb: CompiledRulebook) -> list[str]:
    """Versions that differ between the run and now (a different Python or library can change bytes)."""
    import platform
    versions = dict(rb.package_versions)
    now = {"package_version": versions.get("sendrules", "unknown"), "python": platform.python_version(),
           "holiday_calendar": rb.calendar.source}
    out = [f"{k}: {receipt.get(k)} then, {v} now" for k, v in now.items() if receipt.get(k) != v]
    deps = receipt.get("dependencies")
    if isinstance(deps, dict):
        for k, v in sorted(versions.items()):
            if k != "sendrules" and deps.get(k) != v:
                out.append(f"{k}: {deps.get(k)} then, {v} now")
    return out

"""The service's work, as plain functions of bytes: run in the evaluation pool, never on the event loop.

Every function here takes the raw request body, reads it with the CLI's strict reader, checks
the service's limits and evaluates with the engine, so an answer's result document is byte for
byte what `sendrules evaluate --format json` prints for the same case, date and options.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..api import document
from ..calendar.today import ENGLAND, today_in_england
from ..compile.rulebook import CompiledRulebook
from ..core.files import ReadProblem, decode_utf8
from ..engines import evaluate_with
from ..errors import InputError
from ..explain.trace import trace_nodes
from ..facts.validation import is_area_document, safe_messages
from ..inputs import parse_document
from ..load.loader import rules_dir_default, validation_diagnostics
from ..load.yaml_reader import parse_yaml
from ..result.canonical import canonical_json
from ..result.stream import write_result
from ..scenarios.models import ScenarioFile
from ..scenarios.runner import LoadedScenario, load_scenarios, run_scenario, scenario_case, scenario_paths
from .limits import LimitExceeded, Limits, check_depth, check_requests
from .models import Options, WhatIfOptions

BODY = "<body>"


@dataclass(frozen=True)
class Answer:
    """A JSON answer's text and whether some outcome has status `error` (the CLI's exit 5)."""

    text: str
    outcome_errors: int = 0


def _json_body(raw: bytes, limits: Limits, name: str = BODY) -> Any:
    try:
        text = decode_utf8(raw)
    except ReadProblem as exc:
        raise InputError([f"{name}: {exc.message}"]) from None
    data = parse_document(text, name)
    check_depth(data, limits.max_depth, name)
    return data


def _envelope(raw: bytes, limits: Limits, subject: str) -> tuple[Any, Options]:
    """The case (or area) of a request body and the options beside it."""
    data = _json_body(raw, limits)
    if not isinstance(data, dict):
        raise InputError([f"{BODY}: must be a JSON object with `{subject}` and the options"])
    rest = dict(data)
    if subject not in rest:
        raise InputError([f"{subject}: required field is missing"])
    doc = rest.pop(subject)
    return doc, _options(rest, Options)


def _options(data: dict, model: type[Options]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(safe_messages(exc, model)) from None


def _as_at(options: Options) -> tuple[dt.date, str | None]:
    if options.as_at is not None:
        return options.as_at, None
    return today_in_england(), f"today in {ENGLAND}"


def result_text(rb: CompiledRulebook, root: str, doc: Any, options: Options) -> Answer:
    """One result document, exactly as the CLI writes it (canonical JSON and a newline)."""
    as_at, default = _as_at(options)
    ev = evaluate_with(rb, root, doc, as_at, settings=dict(options.settings), parameters=dict(options.parameters),
                       explain=options.explain)
    ev.as_at_default = default
    pieces: list[str] = []
    write_result(ev, pieces.append, options.all_outcomes,
                 trace_nodes(ev, options.all_outcomes) if options.explain else None)
    pieces.append("\n")
    return Answer("".join(pieces), sum(1 for o in ev.decided if o.status == "error"))


def evaluate_body(rb: CompiledRulebook, raw: bytes, limits: Limits, root: str) -> Answer:
    """POST /v1/cases/evaluate (root "case") and /v1/areas/evaluate (root "area")."""
    doc, options = _envelope(raw, limits, root)
    if root == "case":
        check_requests(doc, limits.max_requests_per_case)
    return result_text(rb, root, doc, options)


_BRIEF = ("status", "value")
_BRIEF_DUTY = ("due", "days_overdue", "days_left")


def _brief(outcome: dict | None) -> dict | None:
    if outcome is None:
        return None
    out = {k: outcome[k] for k in _BRIEF if k in outcome}
    duty = outcome.get("duty") or {}
    out.update({k: duty[k] for k in _BRIEF_DUTY if k in duty})
    return out


def whatif_body(rb: CompiledRulebook, raw: bytes, limits: Limits) -> Answer:
    """POST /v1/whatif: the case as it is and with the changed parameters, and what differs."""
    data = _json_body(raw, limits)
    if not isinstance(data, dict):
        raise InputError([f"{BODY}: must be a JSON object with `case`, `changes` and the options"])
    rest = dict(data)
    if "case" not in rest:
        raise InputError(["case: required field is missing"])
    case = rest.pop("case")
    check_requests(case, limits.max_requests_per_case)
    options = _options(rest, WhatIfOptions)
    known = rb.parameters
    unknown = [f"changes.{name}: no such parameter" if name.isidentifier() else "changes: an unknown parameter"
               for name in options.changes if name not in known]
    if unknown:
        raise InputError(unknown)
    as_at, default = _as_at(options)
    docs = []
    for params in (dict(options.parameters), {**options.parameters, **options.changes}):
        ev = evaluate_with(rb, "case", case, as_at, settings=dict(options.settings), parameters=params,
                           explain=options.explain)
        ev.as_at_default = default
        docs.append((document(ev, True, False), document(ev, options.all_outcomes, options.explain)))
    (before_all, before), (after_all, after) = docs
    changes = []
    keys = sorted(set(before_all["outcomes"]) | set(after_all["outcomes"]))
    for key in keys:
        b, a = _brief(before_all["outcomes"].get(key)), _brief(after_all["outcomes"].get(key))
        if a != b:
            changes.append({"key": key, **({"before": b} if b else {}), **({"after": a} if a else {})})
    return Answer(canonical_json({"before": before, "after": after, "changes": changes}) + "\n")


def batch_lines(raw: bytes, limits: Limits) -> list[tuple[int, str]]:
    """The non-blank lines of a JSONL body with their line numbers; 413 beyond the batch limit."""
    try:
        text = decode_utf8(raw)
    except ReadProblem as exc:
        raise InputError([f"{BODY}: {exc.message}"]) from None
    lines = [(i, line) for i, line in enumerate(text.split("\n"), 1) if line.strip()]
    if len(lines) > limits.max_batch_lines:
        raise LimitExceeded(413, f"{BODY}: more than {limits.max_batch_lines} lines in one batch (the service's "
                                 f"limit; send several batches)")
    if not lines:
        raise InputError([f"{BODY}: no case on any line (JSONL: one case or area file per line)"])
    return lines


def batch_line(rb: CompiledRulebook, number: int, line: str, limits: Limits, options: Options) -> str:
    """One line of a batch answer: the result document, or the error for that input line."""
    name = f"line {number}"
    try:
        data = parse_document(line, name)
        check_depth(data, limits.max_depth, name)
        root = "area" if is_area_document(data) else "case"
        if root == "case":
            check_requests(data, limits.max_requests_per_case, name)
        return result_text(rb, root, data, options).text
    except InputError as exc:
        return canonical_json({"error": {"kind": "invalid_input", "line": number, "problems": exc.problems}}) + "\n"
    except LimitExceeded as exc:
        kind = "too_large" if exc.status == 413 else "invalid_input"
        return canonical_json({"error": {"kind": kind, "line": number, "problems": [exc.problem]}}) + "\n"


def batch_options(query: dict[str, str]) -> Options:
    """The options of a batch, from its query string (the body is the cases)."""
    data: dict[str, Any] = {}
    for key, value in query.items():
        if key in ("explain", "all_outcomes"):
            if value not in ("true", "false"):
                raise InputError([f"{key}: must be true or false"])
            data[key] = value == "true"
        else:
            data[key] = value
    return _options(data, Options)


def scenarios_body(rb: CompiledRulebook, raw: bytes, limits: Limits) -> Answer:
    """POST /v1/scenarios: run the scenario file in the body; the answer of `sendrules test --format json`."""
    name = "<body>"
    try:
        text = decode_utf8(raw)
    except ReadProblem as exc:
        raise InputError([f"{name}: {exc.message}"]) from None
    loaded, errors = _load_scenario_text(text, name, limits)
    results = [run_scenario(rb, ls) for ls in loaded]
    failed = [r for r in results if not r.passed]
    doc = {"errors": errors, "passed": len(results) - len(failed), "failed": len(failed),
           "rulebook_hash": rb.content_hash,
           "scenarios": [{"file": r.file, "line": r.line, "name": r.name, "passed": r.passed, "failures": r.failures}
                         for r in results]}
    return Answer(canonical_json(doc) + "\n")


def _load_scenario_text(text: str, name: str, limits: Limits) -> tuple[list[LoadedScenario], list[str]]:
    """Scenario-file text as the runner's loaded scenarios (what `load_scenarios` does for a file),
    kept in memory: a scenario posted to the service is never written to disk."""
    data, diags = parse_yaml(text, name)
    if diags:
        return [], [d.render() for d in diags]
    if isinstance(data, dict) and isinstance(data.get("scenarios"), list) and len(data["scenarios"]) > limits.max_scenarios:
        raise LimitExceeded(413, f"scenarios: more than {limits.max_scenarios} scenarios in one file (the service's "
                                 f"limit; `sendrules test` runs any number)")
    try:
        model = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        return [], [d.render() for d in validation_diagnostics(exc, data, name)]
    lines = data["scenarios"].item_lines
    out, errors, names = [], [], set()
    for i, sc in enumerate(model.scenarios):
        if sc.name in names:
            errors.append(f"{name}:{lines[i]}: duplicate scenario name {sc.name!r}")
        names.add(sc.name)
        out.append(LoadedScenario(name, lines[i], sc, model.format.endswith("/1")))
    return out, errors


def examples(root: Path | None = None) -> list[dict]:
    """The cases of the scenarios beside the rules served (format 2, no expected error), as explorer
    examples; none when that rules folder has no scenarios."""
    folder = (root or rules_dir_default()) / "scenarios"
    if not folder.is_dir() or not any(folder.rglob("*.yaml")):
        return []
    loaded = load_scenarios(scenario_paths([folder]))
    out = []
    for i, ls in enumerate(loaded.scenarios):
        sc = ls.scenario
        if ls.legacy or sc.case is None or sc.expect.error is not None:
            continue
        case = _plain(scenario_case(sc))
        case["case_id"] = f"example-{i + 1}"
        out.append({"id": f"{Path(ls.file).stem}-{i + 1}", "title": sc.name, "file": Path(ls.file).name,
                    "as_at": sc.as_at.isoformat(), "case": case})
    return out


def _plain(value: Any) -> Any:
    """YAML's values as JSON's: dates as YYYY-MM-DD text (a scenario's case is YAML)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value

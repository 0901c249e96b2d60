"""Run scenario files against a compiled rulebook and report what differs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from ..compile.rulebook import CompiledRulebook
from ..core.suggest import did_you_mean
from ..engines import evaluate_with
from ..evaluate.evaluator import Evaluation
from ..errors import InputError
from ..explain.text import report
from ..facts import migrate
from ..facts.validation import FIELD_NAMES
from ..load.loader import validation_diagnostics
from ..load.yaml_reader import read_yaml
from ..result.build import result_dict
from ..result.jsonvalues import to_json
from .models import PLACEHOLDER, Scenario, ScenarioFile

DUTY_FIELDS = ("due", "trigger", "discharged", "days_late", "days_overdue", "days_left", "recipients")


@dataclass
class ScenarioResult:
    file: str
    line: int | None
    name: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    report: str = ""


@dataclass(frozen=True)
class LoadedScenario:
    file: str
    line: int | None
    scenario: Scenario
    legacy: bool          # a format 1 file: its case is schema 1.0 and its fact names are 1.0 names


@dataclass
class LoadedScenarios:
    scenarios: list[LoadedScenario] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def scenario_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml")) if root.is_dir() else [root]


def scenario_paths(roots: list[Path]) -> list[Path]:
    """The scenario files in files and folders given; InputError for a path that does not exist
    or a folder with no scenario file (a run that checks nothing must not pass)."""
    problems, paths = [], []
    for root in roots:
        if not root.exists():
            problems.append(f"{root}: no such file or folder")
            continue
        found = scenario_files(root)
        if not found:
            problems.append(f"{root}: no scenario files (*.yaml) in this folder")
        paths += found
    if problems:
        raise InputError(problems)
    return paths


def load_scenarios(paths: list[Path]) -> LoadedScenarios:
    out = LoadedScenarios()
    for path in paths:
        data, diags = read_yaml(path)
        if diags:
            out.errors.extend(d.render() for d in diags)
            continue
        try:
            model = ScenarioFile.model_validate(data)
        except ValidationError as exc:
            out.errors.extend(d.render() for d in validation_diagnostics(exc, data, str(path)))
            continue
        lines = data["scenarios"].item_lines
        names = set()
        for i, sc in enumerate(model.scenarios):
            if sc.name in names:
                out.errors.append(f"{path}:{lines[i]}: duplicate scenario name {sc.name!r}")
            names.add(sc.name)
            out.scenarios.append(LoadedScenario(str(path), lines[i], sc, model.format.endswith("/1")))
    return out


def scenario_case(sc: Scenario, legacy: bool = False) -> dict:
    """The scenario's case with the defaults a scenario may leave out."""
    case = dict(sc.case or {})
    case.setdefault("schema_version", migrate.FROM_VERSION if legacy else migrate.TO_VERSION)
    case.setdefault("case_id", "scenario")
    return case


def scenario_area(sc: Scenario) -> dict:
    area = dict(sc.area or {})
    area.setdefault("schema_version", "1.0")
    area.setdefault("area_id", "scenario")
    return area


def scenario_input(ls: LoadedScenario) -> tuple[str, dict]:
    """(root scope, input document) of a loaded scenario."""
    sc = ls.scenario
    return ("area", scenario_area(sc)) if sc.area is not None else ("case", scenario_case(sc, ls.legacy))


def run_scenario(rb: CompiledRulebook, ls: LoadedScenario, engine: str = "python",
                 parameters: dict[str, Any] | None = None,
                 observe: Callable[[Evaluation], None] | None = None) -> ScenarioResult:
    """Run one scenario. `parameters` (a what-if, `--param`) apply where the scenario does not set
    the parameter itself: a scenario's own override is the premise it tests. `observe` (the coverage
    report's) is given the evaluation, if there is one."""
    sc = ls.scenario
    res = ScenarioResult(ls.file, ls.line, sc.name, True)
    left = unfilled(sc)
    if left:
        res.passed = False
        res.failures = [f"not filled in: {len(left)} place(s) still say {PLACEHOLDER!r}; write what the law gives "
                        "there, worked by hand from the provision (never copied from sendrules' own output), or "
                        "delete the line"] + [f"still to fill: {where}" for where in left]
        return res
    exp = sc.expect
    root, data = scenario_input(ls)
    name = migrate.fact_name if ls.legacy else (lambda n: n)
    try:
        ev = evaluate_with(rb, root, data, sc.as_at, settings=sc.settings, explain=True,
                           parameters={**(parameters or {}), **(sc.parameters or {})} or None, engine=engine)
    except InputError as exc:
        matching = [p for p in exc.problems if exp.error is not None and exp.error in p]
        if exp.error is None:
            res.failures.append(f"input error: {exc}")
        elif not matching:
            res.failures.append(f"expected an error containing {exp.error!r}, got: {exc}")
        elif not any(names_a_field(exp.error, p, rb) for p in matching):
            res.failures.append(f"expect.error {exp.error!r} names no field, setting or parameter, so it would "
                                f"match an unrelated error; quote the problem with its field (got: {exc})")
        res.passed = not res.failures
        return res
    if observe is not None:
        observe(ev)
    if exp.error is not None:
        res.passed = False
        res.failures.append(f"expected an input error containing {exp.error!r}, but the case evaluated")
    doc = result_dict(ev, all_outcomes=True)
    # the report is only read for explanation fragments and a failure's trace: made only then
    if exp.explanation:
        res.report = report(ev, explain=True)
    for key, want in exp.outcomes.items():
        got = doc["outcomes"].get(key)
        if got is None:
            res.failures.append(f"{key}: no such outcome" + did_you_mean(key, doc["outcomes"]))
            continue
        res.failures.extend(_compare_outcome(key, want, got, name))
    found = doc.get("defects", [])
    legal = [d for d in found if d["force"] == "law"]
    if exp.no_defects and legal:
        res.failures.append(f"defects: expected none in law, got {[d['duty'] for d in legal]}")
    for want in exp.defects or []:
        if not any(all(_defect_field(d, k) == to_json(v) for k, v in want.items()) for d in found):
            res.failures.append(f"defects: no defect matching {to_json(want)}; got {found}")
    if exp.findings_needed is not None:
        got_f = sorted({f["finding"] for f in doc.get("findings_needed", [])})
        if got_f != sorted(exp.findings_needed):
            res.failures.append(f"findings_needed: expected {sorted(exp.findings_needed)}, got {got_f}")
    if exp.facts_needed is not None:
        got_x = sorted({f["fact"] for f in doc.get("facts_needed", [])})
        want_x = sorted(name(n) for n in exp.facts_needed)
        if got_x != want_x:
            res.failures.append(f"facts_needed: expected {want_x}, got {got_x}")
    for fragment in exp.explanation:
        if fragment not in res.report:
            res.failures.append(f"explanation: missing fragment {fragment!r}")
    res.passed = not res.failures
    if res.failures and not res.report:
        res.report = report(ev, explain=True)
    return res


def unfilled(sc: Scenario) -> list[str]:
    """Where a scenario still holds the skeleton's placeholder (source, working, or an expectation)."""
    found: list[str] = []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, str) and PLACEHOLDER in value:
            found.append(where)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")
    walk(sc.source, "source")
    walk(sc.working, "working")
    walk(sc.expect.model_dump(exclude_defaults=True), "expect")
    return found


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def names_a_field(fragment: str, problem: str, rb: CompiledRulebook) -> bool:
    """An expected error must say which field it is about: it quotes the path the problem names,
    or one of its words is a key of the case or area file, a setting, a parameter, a finding or
    `as_at` (`invalid input` or `must be` alone would match any error)."""
    path = problem.split(": ", 1)[0] if ": " in problem else ""
    if path and path != "<root>" and path in fragment:
        return True
    known = FIELD_NAMES | set(rb.settings) | set(rb.parameters) | set(rb.findings) | {"as_at"}
    return any(word in known for word in _NAME.findall(fragment))


def _defect_field(d: dict, key: str) -> Any:
    """A defect's field as a scenario names it (empty fields are left out of the document)."""
    if key in d:
        return d[key]
    return [] if key == "missing_elements" else None


def _compare_outcome(key: str, want: Any, got: dict, name: Any) -> list[str]:
    if not isinstance(want, dict):
        want = {"value": want}
    fails = []
    for field_, expected in want.items():
        if field_ in ("value", "status"):
            actual = got.get(field_)
        elif field_ in ("missing", "errors", "conflicts"):
            actual = got.get(field_, [])
            if field_ == "errors":
                if not all(any(e in a for a in actual) for e in expected):
                    fails.append(f"{key}.errors: expected fragments {expected}, got {actual}")
                continue
            expected = sorted(name(e) for e in expected) if field_ == "missing" else sorted(expected)
        elif field_ in DUTY_FIELDS:
            actual = (got.get("duty") or {}).get(field_)
        elif field_ == "missing_elements":
            actual = sorted(((got.get("duty") or {}).get("notice") or {}).get("missing_elements", []))
            expected = sorted(expected)
        elif field_ == "excepted_by":
            actual = sorted((got.get("duty") or {}).get("excepted_by", []))
            expected = sorted(expected)
        else:
            fails.append(f"{key}: cannot check unknown field {field_!r}")
            continue
        exp_json = to_json(expected)
        if isinstance(actual, list) and isinstance(exp_json, list):
            exp_json = sorted(exp_json)
            actual = sorted(actual)
        if actual != exp_json:
            fails.append(f"{key}.{field_}: expected {exp_json!r}, got {actual!r}")
    return fails


def run_all(rb: CompiledRulebook, paths: list[Path], engine: str = "python",
            parameters: dict[str, Any] | None = None) -> tuple[list[ScenarioResult], list[str]]:
    loaded = load_scenarios(paths)
    return [run_scenario(rb, ls, engine, parameters) for ls in loaded.scenarios], loaded.errors

"""The rule catalogue as readers see it: every rule and finding by area, in plain English.

One model, built here from the compiled rulebook, feeds every rendering (text, JSON, HTML and
the Markdown pages in docs/catalogue/), so they cannot disagree. The scenarios listed for a rule
are those whose expectations name it (an outcome key or a defect): they are what a reader can
open to see the rule applied to a case, with the hand working.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..catalogue import catalogue
from ..compile.rulebook import CompiledRulebook
from ..core.citations import citation_dict
from ..core.programs import ExceptionNode, Program, Version
from ..core.ruleformat import expr_text
from ..evaluate.evaluator import version_deps
from ..explain.plain import Phrasebook
from ..coverage.collect import checked_rules
from ..scenarios.runner import load_scenarios, scenario_files


@dataclass
class ExceptionEntry:
    label: str
    exception_to: str | None
    conditions: list[str]
    value: str | None
    citations: list[dict]


@dataclass
class VersionEntry:
    valid_from: str
    valid_to: str | None
    where: str
    lines: list[tuple[str, list[str]]]          # (heading, plain-English items): value, trigger, due ...
    exceptions: list[ExceptionEntry]
    parameters: list[dict]                      # the parameters it reads, with dated values
    citations: list[dict]


@dataclass
class RuleEntry:
    id: str
    kind: str
    scope: str
    type: str
    description: str
    decides: str
    applies_when: list[str]
    versions: list[VersionEntry]
    scenarios: list[str]


@dataclass
class FindingEntry:
    id: str
    type: str
    scope: str
    question: str
    informs: list[str]
    presumption: str | None
    citations: list[dict]


@dataclass
class Area:
    name: str
    file: str
    rules: list[RuleEntry] = field(default_factory=list)
    findings: list[FindingEntry] = field(default_factory=list)


def scenarios_naming(paths: list[Path]) -> dict[str, list[str]]:
    """Rule id -> the scenarios (file:name) whose expectations name it."""
    out: dict[str, set[str]] = {}
    for ls in load_scenarios(paths).scenarios:
        for n in checked_rules(ls):
            out.setdefault(n, set()).add(f"{Path(ls.file).name}: {ls.scenario.name}")
    return {k: sorted(v) for k, v in out.items()}


def bundled_scenarios(rules_dir: Path) -> dict[str, list[str]]:
    folder = rules_dir / "scenarios"
    return scenarios_naming(scenario_files(folder)) if folder.is_dir() else {}


def _decides(prog: Program) -> str:
    r = prog.latest.rule
    if prog.kind == "duty":
        return f"a duty of the {r.holder}: whether it was done in time (met, pending, late, overdue or excepted)"
    if prog.kind == "check":
        return "a procedural check: no (false) is reported as a procedure defect"
    if r.type == "enum":
        return "one of: " + ", ".join(v.replace("_", " ") for v in (r.values or []))
    if r.type == "set":
        return "a set of: " + ", ".join(v.replace("_", " ") for v in (r.values or []))
    return {"bool": "yes or no", "date": "a date", "number": "a number", "text": "text"}.get(r.type or "", r.type or "")


def _cites(cs: Any, rb: CompiledRulebook) -> list[dict]:
    return [citation_dict(c, rb.instruments) for c in cs]


def _exceptions(nodes: tuple[ExceptionNode, ...], pb: Phrasebook, rb: CompiledRulebook,
                parent: str | None = None) -> list[ExceptionEntry]:
    out = []
    for n in nodes:
        value = pb.say(n.value.source) if n.value is not None else None
        out.append(ExceptionEntry(n.label, parent, pb.conditions(n.when.source), value, _cites(n.cite, rb)))
        out.extend(_exceptions(n.children, pb, rb, n.label))
    return out


def _version(prog: Program, v: Version, pb: Phrasebook, rb: CompiledRulebook) -> VersionEntry:
    r = v.rule
    lines: list[tuple[str, list[str]]] = []
    if prog.kind == "duty":
        lines.append(("The duty starts", [pb.say(expr_text(r.trigger))]))
        due = expr_text(r.due).strip()
        lines.append(("It is due", ["no time limit (it is owed until done)" if due == "None" else pb.say(due)]))
        lines.append(("It is done when", [f"{pb.say(expr_text(r.discharged_by))} is recorded"]))
        lines.append(("Owed to", [pb.say(expr_text(r.recipients))]))
    elif r.value is not None:
        head = "It holds when" if prog.vtype.kind == "bool" else "Its value is"
        lines.append((head, pb.conditions(expr_text(r.value)) if prog.vtype.kind == "bool"
                      else [pb.say(expr_text(r.value))]))
    else:
        lines.append(("Unless an exception below applies, it is", [pb.say(expr_text(r.default))]))
    selected = expr_text(r.selected_by).strip()
    if selected not in ("trigger", "as_at"):
        lines.append(("The law applied is the law in force on", [pb.say(selected)]))
    params = []
    for name in version_deps(prog, v):
        if name.startswith("param."):
            t = rb.parameters[name[6:]]
            params.append({"id": name[6:], "unit": t.unit, "values": [
                {"from": e.start.isoformat(), "to": e.end.isoformat() if e.end else None, "value": e.value,
                 "citations": _cites(e.cite, rb)} for e in t.entries]})
    return VersionEntry(v.valid_from.isoformat(), v.valid_to.isoformat() if v.valid_to else None,
                        f"{v.file}:{v.line}", lines, _exceptions(v.exceptions, pb, rb), params, _cites(r.cite, rb))


def build(rb: CompiledRulebook, scenarios: dict[str, list[str]]) -> list[Area]:
    """The catalogue's areas (one per rule file), rules in file order, findings with the area of the
    first rule they inform."""
    pb = Phrasebook(rb)
    areas: dict[str, Area] = {}
    area_of: dict[str, str] = {}
    for rid, prog in sorted(rb.programs.items(), key=lambda kv: (kv[1].versions[0].file, kv[1].versions[0].line or 0)):
        file = prog.versions[0].file
        name = Path(file).stem
        area = areas.setdefault(name, Area(name, file))
        area_of[rid] = name
        aw = [] if prog.applies_when is None else pb.conditions(prog.applies_when.source)
        r = prog.latest.rule
        area.rules.append(RuleEntry(rid, prog.kind, prog.scope, "duty" if prog.kind == "duty" else (r.type or ""),
                                    " ".join(r.description.split()), _decides(prog), aw,
                                    [_version(prog, v, pb, rb) for v in prog.versions], scenarios.get(rid, [])))
    for fid, f in sorted(rb.findings.items()):
        home = next((area_of[i] for i in f.informs if i in area_of), "definitions")
        area = areas.setdefault(home, Area(home, f"rules/{home}.yaml"))
        pres = None
        if f.presumption is not None:
            pres = (f"presumed {_word(f.presumption.value)} when no finding is recorded ("
                    + "; ".join(citation_dict(c, rb.instruments)["text"] for c in f.presumption.cite) + ")")
        area.findings.append(FindingEntry(fid, f.type, f.scope, " ".join(f.question.split()), list(f.informs), pres,
                                          _cites(f.cite, rb)))
    return [areas[k] for k in sorted(areas)]


def _word(v: Any) -> str:
    return "yes" if v is True else "no" if v is False else str(v).replace("_", " ")


def citation_words(c: dict) -> str:
    """A citation's words: a quote in quotation marks, a paraphrase labelled as one."""
    if c.get("quote"):
        return f"“{c['quote']}”"
    if c.get("paraphrase"):
        return f"paraphrase: {c['paraphrase']}"
    return ""


def as_json(areas: list[Area]) -> list[dict]:
    return [asdict(a) for a in areas]


def catalogue_document(rb: CompiledRulebook, rules_dir: Path) -> dict[str, Any]:
    """`sendrules rules --format json` (and the service's GET /v1/rules): every rule, finding,
    parameter and setting, and the areas in plain English with the scenarios that exercise them."""
    return catalogue(rb) | {"areas": as_json(build(rb, bundled_scenarios(rules_dir)))}

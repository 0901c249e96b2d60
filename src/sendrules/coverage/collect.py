"""Which scenarios reach which rules, exception labels and duty statuses.

A rule is *reached* by a scenario when one of its outcomes there is neither `not_applicable`
nor `not_triggered` (the rule actually decided something); an exception label is reached when
its condition held (it applied, or for a duty lifted a missed time limit); a duty status is
reached when an outcome of the duty had it. A rule is *checked* by a scenario whose `expect`
names it (an outcome key or a defect): reaching says the branch ran, checking says someone
wrote down what the law gives there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compile.rulebook import CompiledRulebook
from ..core.programs import ExceptionNode, Program
from ..evaluate.evaluator import Evaluation
from ..scenarios.runner import LoadedScenario, ScenarioResult, load_scenarios, run_scenario

# Statuses that say the rule did not get as far as deciding anything.
NOT_REACHED = frozenset({"not_applicable", "not_triggered"})
TIMED_STATUSES = ("met", "pending", "due_soon", "met_late", "overdue")
UNTIMED_STATUSES = ("met", "pending")  # `due: None`: never late (docs/rule-format.md)


@dataclass(frozen=True, order=True)
class Target:
    """Something a scenario can reach: a rule, `rule#label` (an exception) or `rule@status`."""

    rule: str
    label: str | None = None
    status: str | None = None

    @property
    def kind(self) -> str:
        return "exception" if self.label else "status" if self.status else "rule"

    def __str__(self) -> str:
        return self.rule + (f"#{self.label}" if self.label else "") + (f"@{self.status}" if self.status else "")


@dataclass
class Coverage:
    """Reach of every target over a set of scenarios, and the scenario results themselves."""

    targets: list[Target]
    reached: dict[Target, set[str]] = field(default_factory=dict)
    checked: dict[str, set[str]] = field(default_factory=dict)
    results: list[ScenarioResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def scenarios_reaching(self, target: Target) -> list[str]:
        return sorted(self.reached.get(target, ()))

    def unreached(self, kinds: tuple[str, ...] = ("rule", "exception")) -> list[Target]:
        return [t for t in self.targets if t.kind in kinds and not self.reached.get(t)]


def exception_labels(prog: Program) -> list[str]:
    """Every exception label of every version of a rule (exceptions to exceptions included), once."""
    seen: dict[str, None] = {}
    for v in prog.versions:
        stack: list[ExceptionNode] = list(v.exceptions)
        while stack:
            node = stack.pop(0)
            seen.setdefault(node.label, None)
            stack.extend(node.children)
    return list(seen)


def reachable_statuses(prog: Program) -> tuple[str, ...]:
    """The duty statuses the rule's shape allows (a duty with no due date is never late; only one
    with exceptions can be excepted); undetermined, conflict and error are not goals."""
    if prog.kind != "duty":
        return ()
    timed = any(v.rule.due is not None and str(v.rule.due).strip() != "None" for v in prog.versions)
    statuses = TIMED_STATUSES if timed else UNTIMED_STATUSES
    return statuses + (("excepted",) if timed and exception_labels(prog) else ())


def targets_of(rb: CompiledRulebook) -> list[Target]:
    out: list[Target] = []
    for rid, prog in rb.programs.items():
        out.append(Target(rid))
        out.extend(Target(rid, label=label) for label in exception_labels(prog))
        out.extend(Target(rid, status=s) for s in reachable_statuses(prog))
    return out


def scenario_id(ls: LoadedScenario) -> str:
    return f"{Path(ls.file).name}:{ls.scenario.name}"


def record(cov: Coverage, sid: str, ev: Evaluation) -> None:
    """Note what one scenario's evaluation reached."""
    for o in ev.outcomes:
        rid = o.program.id
        status = o.status
        if status not in NOT_REACHED:
            cov.reached.setdefault(Target(rid), set()).add(sid)
        if o.duty is not None:
            cov.reached.setdefault(Target(rid, status=status), set()).add(sid)
        for label, cond in o.exceptions:
            if cond is True:
                cov.reached.setdefault(Target(rid, label=label), set()).add(sid)


def checked_rules(ls: LoadedScenario) -> set[str]:
    """The rules a scenario's expectations name."""
    exp = ls.scenario.expect
    names = {key.split("[", 1)[0] for key in exp.outcomes}
    for d in exp.defects or []:
        for k in ("rule", "duty"):
            if isinstance(d.get(k), str):
                names.add(d[k].split("[", 1)[0])
    return names


def collect(rb: CompiledRulebook, paths: list[Path], engine: str = "python",
            parameters: dict[str, Any] | None = None) -> Coverage:
    """Run every scenario in `paths` (with a what-if's `parameters`, if any), recording what each reaches."""
    loaded = load_scenarios(paths)
    cov = Coverage(targets_of(rb), errors=list(loaded.errors))
    for ls in loaded.scenarios:
        sid = scenario_id(ls)
        cov.results.append(run_scenario(rb, ls, engine, parameters, observe=lambda ev, sid=sid: record(cov, sid, ev)))
        for rid in checked_rules(ls):
            cov.checked.setdefault(rid, set()).add(sid)
    return cov

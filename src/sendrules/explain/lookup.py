"""Find the value of any name for one outcome of an evaluation (for templates and traces)."""

from __future__ import annotations

from typing import Any

from ..core.values import Unknown
from ..evaluate.evaluator import Evaluation, Outcome
from ..facts.binding import FindingSlot, fact_value
from ..facts.scopes import ancestry, walk_records


class Lookup:
    def __init__(self, ev: Evaluation) -> None:
        self.ev = ev
        self.by_key: dict[tuple, Outcome] = {(o.program.id, o.ids): o for o in ev.outcomes}
        # every record of the file by (scope, ids): the facts and findings an outcome read live there
        self.records = {(scope.name, ids): rec for scope, ids, _path, rec in walk_records(ev.root, ev.subject)}
        rb = ev.rulebook
        self.facts = rb.facts
        self.findings = rb.findings
        self._shared: dict[frozenset[str], frozenset[str]] = {}
        self._settings_memo: dict[int, frozenset[str]] = {}

    def outcome(self, rule_id: str, ids: tuple[str, ...]) -> Outcome | None:
        """The outcome of a rule for this record or the nearest record it sits inside."""
        for n in range(len(ids), -1, -1):
            found = self.by_key.get((rule_id, ids[:n]))
            if found is not None:
                return found
        return None

    def record(self, scope: str, o: Outcome) -> Any:
        """The record of `scope` that outcome `o` was evaluated with (its own, or one it sits inside)."""
        return self.records.get((scope, o.ids[:len(ancestry(scope)) - 1]))

    def value(self, name: str, o: Outcome) -> Any:
        if o.inputs and name in o.inputs:
            return o.inputs[name]
        ev = self.ev
        if name == "as_at":
            return ev.as_at
        if name.startswith("setting."):
            return ev.settings.get(name.split(".", 1)[1])
        if name.startswith("param."):
            table = ev.parameters.get(name.split(".", 1)[1])
            return table.at(o.selected_on) if table else None
        if name.startswith("finding."):
            f = self.findings.get(name.split(".", 1)[1])
            if f is None:
                return None
            slot = FindingSlot(-1, f.id, f.presumption.value if f.presumption else Unknown(missing=frozenset([name])))
            return slot.value(self._findings_given(f.scope, o).get(f.id), ev.as_at)
        spec = self.facts.get(name)
        if spec is not None:
            raw = self.record(spec.scope, o)
            for attr in spec.path:
                if raw is None:
                    break
                raw = getattr(raw, attr)
            return fact_value(spec, raw, ev.as_at)
        other = self.outcome(name, o.ids)
        return other.value if other is not None else Unknown()

    def _findings_given(self, scope: str, o: Outcome) -> dict:
        rec = self.record(scope, o)
        return rec.findings if rec is not None else {}

    def presumptions_used(self, o: Outcome) -> list[tuple[str, Any]]:
        """Findings this outcome read whose value is the law's presumption (none was recorded)."""
        out = []
        for name in sorted(o.inputs or ()):
            if not name.startswith("finding."):
                continue
            f = self.findings.get(name.split(".", 1)[1])
            if f is None or f.presumption is None:
                continue
            rec = self._findings_given(f.scope, o).get(f.id)
            if rec is None or (rec.on is not None and rec.on > self.ev.as_at):
                out.append((name, f.presumption))
        return out

    def settings_used(self, o: Outcome) -> frozenset[str]:
        """Settings this outcome depended on, directly or through the rules it read."""
        # keyed by the outcome object itself (the evaluation keeps every outcome alive while this
        # lookup exists), and equal sets shared: the largest case has ~100,000 outcomes and only a
        # handful of distinct answers, so this memo stays small
        key = id(o)
        if key in self._settings_memo:
            return self._settings_memo[key]
        self._settings_memo[key] = frozenset()  # guards against re-entry; the graph is acyclic
        used = set(o.settings_used)
        for name in (o.inputs or ()):
            dep = self.outcome(name, o.ids)
            if dep is not None and dep is not o:
                used |= self.settings_used(dep)
        result = self._shared.setdefault(frozenset(used), frozenset(used))
        self._settings_memo[key] = result
        return result

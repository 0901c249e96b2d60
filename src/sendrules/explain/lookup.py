"""Find the value of any name for one outcome of an evaluation (for templates and traces)."""

from __future__ import annotations

from typing import Any

from ..evaluate.evaluator import Evaluation, Outcome
from ..evaluate.values import Unknown
from ..facts.binding import fact_value, finding_value
from ..facts.scopes import NESTED, record_id


class Lookup:
    def __init__(self, ev: Evaluation) -> None:
        self.ev = ev
        self.by_key: dict[tuple, Outcome] = {(o.program.id, o.request_id, o.record_id): o for o in ev.outcomes}
        requests = () if ev.is_area else ev.case.requests
        self.requests = {r.request_id: r for r in requests}
        self.records = {(r.request_id, n.name, record_id(n, rec, i)): rec for r in requests
                        for n in NESTED for i, rec in enumerate(getattr(r, n.field))}
        rb = ev.rulebook
        self.facts = {bf.spec.name: bf for bf in rb.case_facts + rb.request_facts + rb.area_facts
                      + tuple(b for bs in rb.nested_facts.values() for b in bs)}
        self.findings = rb.findings
        self._settings_memo: dict[tuple[str, str | None], frozenset[str]] = {}

    def outcome(self, rule_id: str, request_id: str | None, rec_id: str | None = None) -> Outcome | None:
        return (self.by_key.get((rule_id, request_id, rec_id)) or self.by_key.get((rule_id, request_id, None))
                or self.by_key.get((rule_id, None, None)))

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
            bf = self.findings.get(name.split(".", 1)[1])
            if bf is None:
                return None
            return finding_value(bf, self._records(bf.finding.scope, o).get(bf.finding.id), ev.as_at)
        if name in self.facts:
            bf = self.facts[name]
            owner = self._owner(bf.spec.scope, o)
            return fact_value(bf, getattr(owner, bf.spec.field), ev.as_at) if owner is not None else None
        other = self.outcome(name, o.request_id, o.record_id)
        return other.value if other is not None else Unknown()

    def _owner(self, scope: str, o: Outcome) -> Any:
        if scope == "area":
            return self.ev.case if self.ev.is_area else None
        if scope == "case":
            return self.ev.case.person
        if scope == "request":
            return self.requests.get(o.request_id)
        return self.records.get((o.request_id, scope, o.record_id))

    def _records(self, scope: str, o: Outcome) -> dict:
        if scope in ("case", "area"):
            return self.ev.case.findings
        owner = self._owner(scope, o)
        return owner.findings if owner is not None else {}

    def presumptions_used(self, o: Outcome) -> list[tuple[str, Any]]:
        """Findings this outcome read whose value is the law's presumption (none was recorded)."""
        out = []
        for name in sorted(o.inputs or ()):
            if not name.startswith("finding."):
                continue
            bf = self.findings.get(name.split(".", 1)[1])
            if bf is None or bf.finding.presumption is None:
                continue
            rec = self._records(bf.finding.scope, o).get(bf.finding.id)
            if rec is None or (rec.on is not None and rec.on > self.ev.as_at):
                out.append((name, bf.finding.presumption))
        return out

    def settings_used(self, o: Outcome) -> frozenset[str]:
        """Settings this outcome depended on, directly or through the rules it read."""
        key = (o.program.id, o.request_id, o.record_id)
        if key in self._settings_memo:
            return self._settings_memo[key]
        self._settings_memo[key] = frozenset()  # guards against re-entry; the graph is acyclic
        used = set(o.settings_used)
        for name in (o.inputs or ()):
            dep = self.outcome(name, o.request_id, o.record_id)
            if dep is not None and dep is not o:
                used |= self.settings_used(dep)
        result = frozenset(used)
        self._settings_memo[key] = result
        return result

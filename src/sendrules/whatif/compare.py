"""Evaluate a caseload with and without an overlay, in one pass, and count what changed.

Each case is read once and evaluated twice (the real rulebook, then the overlaid one); only the
counts and the changed outcomes are kept, so memory holds one case at a time plus the changes.
Cases are named by a keyed hash of their case_id (`pseudonym`), never by the id itself: the report
may leave the council, and a case_id is a link back to a child's record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..caseload import Item
from ..compile.rulebook import CompiledRulebook
from ..engines import evaluate_with
from ..errors import InputError
from ..evaluate.evaluator import Evaluation, Outcome
from ..facts.validation import is_area_document

PSEUDONYM_CHARS = 16


class Measures(Protocol):
    """A caseload statistic built one evaluation at a time: the hook for the DfE measures
    (the audit's statistics module at merge). `add` sees each evaluation; `result` gives the
    measures by name (e.g. the share of plans issued within the time limit)."""

    def add(self, ev: Evaluation) -> None: ...

    def result(self) -> dict[str, Any]: ...


def pseudonym(case_id: str, key: bytes) -> str:
    """A keyed hash of a case_id: the same case gets the same pseudonym under the same key, and
    without the key it cannot be traced back (nor guessed by hashing likely ids)."""
    return hmac.new(key, case_id.encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_CHARS]


def state(o: Outcome | None) -> str:
    """How an outcome is shown in a transition: a duty's status; a decided yes/no, choice or
    number itself; a date as `date` (each case has its own; a change says earlier or later)."""
    if o is None:
        return "absent"
    status = o.status
    if status != "determined":
        return status
    v = o.value
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return "date"
    if isinstance(v, (int, float)):
        return f"{v:g}"
    if isinstance(v, (frozenset, set)):
        return "{" + ", ".join(sorted(str(x) for x in v)) + "}"
    return str(v)


def transition(before: Outcome | None, after: Outcome | None) -> tuple[str, str] | None:
    """(before, after) states if the outcome changed, else None. For a duty, a changed due date
    with the same status is a change too (`pending, due earlier`)."""
    a, b = state(before), state(after)
    if a != b:
        return a, b
    if before is None or after is None:
        return None
    if before.duty is not None and after.duty is not None:
        d0, d1 = before.duty.due, after.duty.due
        if d0 != d1 and d0 is not None and d1 is not None:
            return a, f"{b}, due {'earlier' if d1 < d0 else 'later'}"
        return None
    v0, v1 = before.value, after.value
    if isinstance(v0, dt.date) and isinstance(v1, dt.date) and v0 != v1:
        return a, f"date ({'earlier' if v1 < v0 else 'later'})"
    return None


@dataclass
class Change:
    """One outcome of one case that the overlay changed."""

    case: str            # the pseudonym
    key: str             # the outcome key (rule id and record ids, which are the council's own)
    rule: str
    before: str
    after: str

    @property
    def status_changed(self) -> bool:
        """False when only a date moved (`met -> met, due earlier`)."""
        return self.after.split(",")[0] != self.before and not self.after.startswith("date (")


@dataclass
class Comparison:
    """What the overlay changed across a caseload."""

    as_at: dt.date
    cases: int = 0
    invalid: list[tuple[str, list[str]]] = field(default_factory=list)
    transitions: dict[str, Counter] = field(default_factory=dict)     # rule -> (before, after) -> count
    outcomes: Counter = field(default_factory=Counter)                # rule -> outcomes compared
    changes: list[Change] = field(default_factory=list)
    changed_cases: set[str] = field(default_factory=set)          # some outcome changed (a date, at least)
    status_changed_cases: set[str] = field(default_factory=set)   # some outcome changed its status or value
    errors_before: int = 0
    errors_after: int = 0
    measures_before: dict[str, Any] | None = None
    measures_after: dict[str, Any] | None = None
    _inputs: Any = field(default_factory=hashlib.sha256, repr=False)

    @property
    def inputs_hash(self) -> str:
        """sha256 over the input hashes of the cases compared, in order: names the caseload."""
        return self._inputs.hexdigest()

    def add(self, ident: str, before: Evaluation, after: Evaluation) -> None:
        """Count one case's outcomes under both rulebooks."""
        self.cases += 1
        self._inputs.update(before.input_hash.encode("ascii"))
        counts = self.outcomes
        for o0, o1 in _pairs(before.outcomes, after.outcomes):
            prog = (o0 or o1).program  # type: ignore[union-attr]
            counts[prog.id] += 1
            if o0 is not None and o1 is not None and not o0.applicable and not o1.applicable:
                continue   # most rules in a case: outside their scope under both rulebooks
            self.errors_before += o0 is not None and o0.status == "error"
            self.errors_after += o1 is not None and o1.status == "error"
            t = transition(o0, o1)
            if t is None:
                continue
            self.transitions.setdefault(prog.id, Counter())[t] += 1
            change = Change(ident, (o0 or o1).key, prog.id, *t)  # type: ignore[union-attr]
            self.changes.append(change)
            self.changed_cases.add(ident)
            if change.status_changed:
                self.status_changed_cases.add(ident)

    def rows(self) -> list[tuple[str, str, str, int]]:
        """(rule, before, after, count) for every transition, by rule and then by count."""
        return [(rule, b, a, n) for rule in sorted(self.transitions)
                for (b, a), n in sorted(self.transitions[rule].items(), key=lambda kv: (-kv[1], kv[0]))]


def _pairs(before: list[Outcome], after: list[Outcome]) -> Iterable[tuple[Outcome | None, Outcome | None]]:
    """The outcomes of the same rule and record side by side. Both walks visit the same records;
    their rules are in the same order unless the overlay changed the rules' dependencies, in which
    case they are matched by key (a rule outside one side is paired with None)."""
    if len(before) == len(after) and all(a.program.id == b.program.id and a.ids == b.ids
                                         for a, b in zip(before, after)):
        return zip(before, after)
    was = {o.key: o for o in before}
    now = {o.key: o for o in after}
    return ((was.get(k), now.get(k)) for k in sorted(was.keys() | now.keys()))


def compare(base: CompiledRulebook, overlaid: CompiledRulebook, items: Iterable[Item], as_at: dt.date, key: bytes,
            *, settings: dict[str, Any] | None = None, parameters: dict[str, Any] | None = None,
            measures: Callable[[], Measures] | None = None,
            progress: Callable[[int], None] | None = None) -> Comparison:
    """Evaluate every item under both rulebooks. An item that cannot be read or is invalid is
    listed in `invalid` (with its problems, which name fields, never values) and skipped.
    `measures`, when given, makes one accumulator for each side (the DfE measures hook)."""
    out = Comparison(as_at)
    m0, m1 = (measures(), measures()) if measures is not None else (None, None)
    for n, item in enumerate(items, 1):
        if not item.ok:
            out.invalid.append((item.label, item.problems))
            continue
        data, item.data = item.data, None
        root = "area" if is_area_document(data) else "case"
        try:
            ev0 = evaluate_with(base, root, data, as_at, settings=settings, parameters=parameters)
            ev1 = evaluate_with(overlaid, root, data, as_at, settings=settings, parameters=parameters)
        except InputError as exc:
            out.invalid.append((item.label, [f"{item.label}: {p}" for p in exc.problems]))
            continue
        out.add(pseudonym(ev0.subject_id, key), ev0, ev1)
        if m0 is not None and m1 is not None:
            m0.add(ev0)
            m1.add(ev1)
        if progress is not None:
            progress(n)
    if m0 is not None and m1 is not None:
        out.measures_before, out.measures_after = m0.result(), m1.result()
    return out

"""Put the facts of one record into value slots, as events or attributes, at an as-at date.

The compile stage asks `fact_binder` and `finding_binder` once per fact and finding; binding a
record is then a loop over precomputed (slot, converter) pairs, grouped by the sub-record that
holds them so an absent sub-record (no assessment yet) costs one fill of precomputed values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.values import Unknown
from .case import FindingRecord
from .catalogue import FactSpec

Convert = Callable[[Any, dt.date], Any]


def fact_value(spec: FactSpec, raw: Any, as_at: dt.date) -> Any:
    """Events: unrecorded or later than as_at means not happened (None / empty).
    Attributes: absent means unknown."""
    if spec.kind == "event":
        element = spec.element
        if raw is None:
            return () if element is not None else None
        if isinstance(raw, dt.date):
            return raw if raw <= as_at else None
        if element == "Period":
            return tuple((p.start, min(p.end, as_at)) for p in raw if p.start <= as_at)
        if element == "NoticeRecord":
            return tuple((n.kind, n.sent_date, None if n.elements is None else frozenset(n.elements))
                         for n in raw if n.sent_date <= as_at)
        if element == "AdviceRequest":
            return tuple((a.adviser, a.requested_date) for a in raw if a.requested_date <= as_at)
        if element == "Consultation":
            return tuple(sorted(c.sent_date for c in raw if c.sent_date <= as_at))
        if element == "Review":
            # a request reads its reviews as the meeting dates held by the as-at date
            return tuple(sorted(r.meeting_date for r in raw if r.meeting_date is not None and r.meeting_date <= as_at))
        if element == "Closure":
            # Closures are the institution's published schedule, known in advance (reg 48 counts
            # forward through them); what happened by the as-at date is judged by the advice requests.
            return tuple((c.setting, c.closed_from, c.reopens) for c in raw)
        if element == "date":
            return tuple(d for d in raw if d <= as_at)
        raise TypeError(f"no binding for event list of {element}")
    if raw is None:
        return Unknown(missing=frozenset([spec.name]))
    if isinstance(raw, list):
        return frozenset(raw) if spec.element == "set" else tuple(raw)
    return raw


def fact_binder(spec: FactSpec) -> Convert:
    """A converter for one fact, specialised once when the rulebook compiles (binding calls it
    for every field of every record)."""
    if spec.kind == "attribute" and spec.element is None:
        unknown = Unknown(missing=frozenset([spec.name]))  # shared: Unknowns are never mutated
        return lambda raw, as_at: unknown if raw is None else raw
    if spec.kind == "event" and spec.element is None:
        return lambda raw, as_at: raw if raw is not None and raw <= as_at else None
    return lambda raw, as_at: fact_value(spec, raw, as_at)


def absent_value(spec: FactSpec) -> Any:
    """The value of a fact whose sub-record is absent: as if the field were not recorded."""
    return fact_value(spec, None, dt.date.min)


@dataclass(frozen=True)
class FindingSlot:
    """Where one finding goes, and what the law presumes when none is recorded (or it is later)."""

    slot: int
    id: str
    presumed: Any      # the presumption's value, or an Unknown naming the finding

    def value(self, rec: FindingRecord | None, as_at: dt.date) -> Any:
        if rec is not None and (rec.on is None or rec.on <= as_at):
            return rec.value
        return self.presumed


def finding_slot(slot: int, finding_id: str, presumption: Any, has_presumption: bool) -> FindingSlot:
    presumed = presumption if has_presumption else Unknown(missing=frozenset([f"finding.{finding_id}"]))
    return FindingSlot(slot, finding_id, presumed)


@dataclass(frozen=True)
class FactGroup:
    """The facts held by one sub-record of a scope's record (holder () is the record itself)."""

    holder: tuple[str, ...]
    fields: tuple[tuple[int, str, Convert], ...]     # (slot, field name, converter)
    absent: tuple[tuple[int, Any], ...]              # (slot, value) when the sub-record is absent


@dataclass(frozen=True)
class Binder:
    """Everything needed to bind one scope's record: fact groups and finding slots."""

    groups: tuple[FactGroup, ...]
    findings: tuple[FindingSlot, ...]

    def bind(self, record: Any, as_at: dt.date, v: list[Any]) -> None:
        for group in self.groups:
            node = record
            for attr in group.holder:
                node = getattr(node, attr)
                if node is None:
                    break
            if node is None:
                for slot, value in group.absent:
                    v[slot] = value
                continue
            fields = node.__dict__
            for slot, name, convert in group.fields:
                v[slot] = convert(fields[name], as_at)
        given = record.findings
        for fs in self.findings:
            v[fs.slot] = fs.value(given.get(fs.id), as_at)

    def restricted(self, slots: frozenset[int]) -> "Binder":
        """This binder for the facts and findings whose slots are in `slots` only: what a run that
        decides some rules (`evaluate(only=)`) needs, since no rule it runs reads the others."""
        groups = []
        for g in self.groups:
            keep = [i for i, (slot, _name, _convert) in enumerate(g.fields) if slot in slots]
            if keep:
                groups.append(FactGroup(g.holder, tuple(g.fields[i] for i in keep), tuple(g.absent[i] for i in keep)))
        return Binder(tuple(groups), tuple(f for f in self.findings if f.slot in slots))


def make_binder(facts: list[tuple[int, FactSpec]], findings: tuple[FindingSlot, ...]) -> Binder:
    """Group a scope's facts by the sub-record that holds them, in a fixed order."""
    holders: dict[tuple[str, ...], list[tuple[int, FactSpec]]] = {}
    for slot, spec in facts:
        holders.setdefault(spec.holder, []).append((slot, spec))
    groups = tuple(FactGroup(h, tuple((slot, s.field, fact_binder(s)) for slot, s in specs),
                             tuple((slot, absent_value(s)) for slot, s in specs))
                   for h, specs in sorted(holders.items()))
    return Binder(groups, findings)

"""Checks on declarations: unique ids, citations that name instruments, parameter date gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..errors import Diagnostic
from ..load.loader import LoadedFile
from ..core.citations import links_to_provisions
from ..core.provisions import parse_provision
from ..core.ruleformat import (FAMILY_INSTRUMENT, Citation, Exception_, ExceptionFamily, Finding, Instrument,
                               Parameter, Setting)
from ..core.ranges import number_range
from ..core.suggest import did_you_mean


@dataclass
class Declarations:
    instruments: dict[str, tuple[Instrument, LoadedFile, tuple]] = field(default_factory=dict)
    settings: dict[str, tuple[Setting, LoadedFile, tuple]] = field(default_factory=dict)
    parameters: dict[str, tuple[Parameter, LoadedFile, tuple]] = field(default_factory=dict)
    findings: dict[str, tuple[Finding, LoadedFile, tuple]] = field(default_factory=dict)
    exception_families: dict[str, tuple[ExceptionFamily, LoadedFile, tuple]] = field(default_factory=dict)


def _diag(diags: list[Diagnostic], lf: LoadedFile, loc: tuple, msg: str, severity: str = "error") -> None:
    key = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    diags.append(Diagnostic(lf.path, lf.line(*loc), msg, severity, key or None))


def collect(files: list[LoadedFile], diags: list[Diagnostic]) -> Declarations:
    decl = Declarations()
    for lf in files:
        for kind in ("instruments", "settings", "parameters", "findings", "exception_families"):
            target = getattr(decl, kind)
            for i, item in enumerate(getattr(lf.model, kind)):
                if item.id in target:
                    other = target[item.id][1]
                    _diag(diags, lf, (kind, i, "id"), f"{kind[:-1].replace('_', ' ')} {item.id!r} is declared twice "
                          f"(also in {other.path})")
                    continue
                target[item.id] = (item, lf, (kind, i))
    return decl


# The force a citation may claim, by the kind of instrument it cites. Only an Act, an SI or a
# judgment (which declares what an Act or SI requires, and binds) can be cited as law; guidance is
# a "should"; the project's own conventions (docs/time.md) are a reading, with no force at all.
FORCE_BY_KIND = {"act": "law", "si": "law", "case_law": "law", "guidance": "guidance", "other": "convention"}
_FORCE_SOURCES = {"guidance": "guidance (kind: guidance)", "convention": "this project's conventions (kind: other)"}
_PROVISION_FORMS = "s36(8)(a), reg 5(4)(d), art 17(2), r20(1)(c), Sch 2 para 3, Sch 3 Part 2"


def check_citations(files: list[LoadedFile], decl: Declarations, diags: list[Diagnostic]) -> None:
    """Every citation names a declared instrument, claims the force that instrument can have, and
    links to the provision itself where the instrument has a page for each provision."""
    for lf in files:
        for loc, cite in _walk_citations(lf.model, ()):
            if cite.instrument == FAMILY_INSTRUMENT and loc[0] == "exception_families":
                continue  # filled by each use of the family (its `instrument:`), checked below
            if cite.instrument not in decl.instruments:
                _diag(diags, lf, loc + ("instrument",), f"citation names unknown instrument {cite.instrument!r}"
                      + did_you_mean(cite.instrument, decl.instruments))
                continue
            inst = decl.instruments[cite.instrument][0]
            allowed = FORCE_BY_KIND[inst.kind]
            if cite.force != allowed:
                why = "only an Act, an SI or a judgment makes law" if cite.force == "law" else \
                    f"{cite.force} is the force of {_FORCE_SOURCES[cite.force]}"
                _diag(diags, lf, loc + ("force",), f"citation of {inst.id!r} (kind: {inst.kind}) says `force: "
                      f"{cite.force}`, but {why}: a citation of kind {inst.kind} has `force: {allowed}`")
            _check_link(lf, loc, cite, inst, diags)
        for i, r in enumerate(lf.model.rules):
            if r.cite and r.cite[0].force == "convention":
                _diag(diags, lf, ("rules", i, "cite", 0), f"{r.id}: the first citation is the provision that creates "
                      "the rule, so it cannot be a convention: cite the law or guidance first")
            for j, e in enumerate(r.exceptions):
                if e.instrument is not None and e.instrument not in decl.instruments:
                    _diag(diags, lf, ("rules", i, "exceptions", j, "instrument"),
                          f"family use names unknown instrument {e.instrument!r}"
                          + did_you_mean(e.instrument, decl.instruments))
                for key, provision in _family_provisions(e, decl):
                    if parse_provision(provision) is None:
                        _diag(diags, lf, ("rules", i, "exceptions", j) + key, f"{r.id}: provision {provision!r} is "
                              f"not written in a form that can be linked and looked up ({_PROVISION_FORMS})")


def _family_provisions(use: Exception_, decl: Declarations) -> list[tuple[tuple, str]]:
    """The provisions a family use puts into citations of an Act or SI: `provision:` fills each
    `{provision}`, `provisions:` replaces one exception's first citation."""
    found = decl.exception_families.get(use.family or "")
    if found is None:
        return []

    def linked(c: Citation) -> bool:
        name = use.instrument if c.instrument == FAMILY_INSTRUMENT else c.instrument
        inst = decl.instruments.get(name or "")
        return inst is not None and links_to_provisions(inst[0])
    out = []
    members = {m.label: m for m in found[0].exceptions}
    if use.provision is not None and any("{provision}" in c.provision and linked(c)
                                         for m in members.values() if m.label not in use.provisions for c in m.cite):
        out.append((("provision",), use.provision))
    for label, provision in sorted(use.provisions.items()):
        if label in members and linked(members[label].cite[0]):
            out.append((("provisions", label), provision))
    return out


def _check_link(lf: LoadedFile, loc: tuple, cite: Citation, inst: Instrument, diags: list[Diagnostic]) -> None:
    """A citation of an Act or SI on legislation.gov.uk must reach the provision's own page, not
    stop at the instrument's home page."""
    if not links_to_provisions(inst):
        return
    home = inst.url.rstrip("/")
    if cite.url is not None:
        if not cite.url.startswith(home + "/"):
            _diag(diags, lf, loc + ("url",), f"citation of {inst.id} {cite.provision}: its `url` does not reach a "
                  f"provision of {home} (leave `url` out to have it derived from the provision)")
        return
    if "{provision}" in cite.provision:
        return  # a family's citation: each use's provision is checked where the rule uses the family
    if parse_provision(cite.provision) is None:
        _diag(diags, lf, loc + ("provision",), f"citation of {inst.id}: provision {cite.provision!r} cannot be "
              f"linked to its page on legislation.gov.uk: write it as {_PROVISION_FORMS}, or give `url:`")


def _walk_citations(obj: Any, loc: tuple) -> list[tuple[tuple, Citation]]:
    out = []
    if isinstance(obj, Citation):
        return [(loc, obj)]
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            out.extend(_walk_citations(getattr(obj, name), loc + (_alias(obj, name),)))
    elif isinstance(obj, (list, tuple)):
        for i, x in enumerate(obj):
            out.extend(_walk_citations(x, loc + (i,)))
    return out


def _alias(obj: BaseModel, name: str) -> str:
    return type(obj).model_fields[name].alias or name


def check_parameters(decl: Declarations, diags: list[Diagnostic]) -> None:
    """Dated values must not overlap or leave gaps."""
    for pid, (p, lf, loc) in decl.parameters.items():
        vals = sorted(enumerate(p.values), key=lambda iv: iv[1].from_)
        for (ia, a), (ib, b) in zip(vals, vals[1:]):
            if a.to is None or a.to >= b.from_:
                _diag(diags, lf, loc + ("values", ia), f"parameter {pid!r}: value from {a.from_} overlaps the value from {b.from_}")
            elif a.to + dt.timedelta(days=1) != b.from_:
                _diag(diags, lf, loc + ("values", ib),
                      f"parameter {pid!r}: gap between {a.to} and {b.from_} (no value in force in between)")
        for i, v in enumerate(p.values):
            ok = {"number": (int, float), "text": (str,), "bool": (bool,)}[p.type]
            if not isinstance(v.value, ok) or (p.type == "number" and isinstance(v.value, bool)):
                _diag(diags, lf, loc + ("values", i, "value"), f"parameter {pid!r} is {p.type}; this value is not")
            elif p.type == "number":
                rng = number_range(p.unit, p.min, p.max, [v.value])
                problem = rng.problem(v.value)
                if problem is not None:
                    _diag(diags, lf, loc + ("values", i, "value"), f"parameter {pid!r}: the value {problem} "
                          f"(its range: `min`, `max`, or by its unit {p.unit})")


def check_findings(decl: Declarations, diags: list[Diagnostic]) -> None:
    for fid, (f, lf, loc) in decl.findings.items():
        if f.type == "enum" and not f.values:
            _diag(diags, lf, loc, f"enum finding {fid!r} needs `values`")
        if f.presumption is not None:
            pv = f.presumption.value
            if (f.type == "bool") != isinstance(pv, bool) or (f.type == "enum" and pv not in (f.values or [])):
                _diag(diags, lf, loc + ("presumption", "value"), f"presumption for {fid!r} is not a {f.type} value")


def check_exception_labels(files: list[LoadedFile], diags: list[Diagnostic]) -> None:
    """exception_to must form a tree: every exception reachable from the default."""
    for lf in files:
        for i, r in enumerate(lf.model.rules):
            parent = {e.label: e.exception_to for e in r.exceptions if e.family is None}
            for j, e in enumerate(r.exceptions):
                if e.family is not None:
                    continue  # checked once the family is expanded (compile/families.py)
                seen, cur = set(), e.label
                while cur is not None and cur not in seen:
                    seen.add(cur)
                    cur = parent.get(cur)
                if cur is not None:
                    _diag(diags, lf, ("rules", i, "exceptions", j, "exception_to"),
                          f"exception {e.label!r} is part of an exception_to cycle")

"""Checks on declarations: unique ids, citations that name instruments, parameter date gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..errors import Diagnostic
from ..load.loader import LoadedFile
from ..core.ruleformat import FAMILY_INSTRUMENT, Citation, ExceptionFamily, Finding, Instrument, Parameter, Setting
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


def check_citations(files: list[LoadedFile], decl: Declarations, diags: list[Diagnostic]) -> None:
    """Every citation names a declared instrument."""
    for lf in files:
        for loc, cite in _walk_citations(lf.model, ()):
            if cite.instrument == FAMILY_INSTRUMENT and loc[0] == "exception_families":
                continue  # filled by each use of the family (its `instrument:`), checked below
            if cite.instrument not in decl.instruments:
                _diag(diags, lf, loc + ("instrument",), f"citation names unknown instrument {cite.instrument!r}"
                      + did_you_mean(cite.instrument, decl.instruments))
        for i, r in enumerate(lf.model.rules):
            for j, e in enumerate(r.exceptions):
                if e.instrument is not None and e.instrument not in decl.instruments:
                    _diag(diags, lf, ("rules", i, "exceptions", j, "instrument"),
                          f"family use names unknown instrument {e.instrument!r}"
                          + did_you_mean(e.instrument, decl.instruments))


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

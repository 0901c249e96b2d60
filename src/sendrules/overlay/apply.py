"""Read an overlay file and lay it over the loaded rule files, before they are compiled.

The overlaid files are compiled and checked exactly like the real ones, so an overlay can no more
break the rulebook than an edit to a rule file could. Every problem in the overlay itself is
reported at its file and line, with the nearest real name for a misspelt parameter or rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.parameters import build_table, override_problem
from ..core.ruleformat import FORMAT_ID, Citation, Instrument, Parameter, ParameterValue, Rule, RuleFile
from ..core.suggest import did_you_mean
from ..errors import Diagnostic
from ..load.loader import LoadedFile, LoadResult, all_field_names, validation_diagnostics
from ..load.yaml_reader import LocatedDict, line_of, read_yaml
from .model import OVERLAY_FORMAT, OverlayFile, ParameterChange

# The instrument a parameter change cites when it gives no citation of its own: the overlay.
OVERLAY_INSTRUMENT = "whatif_overlay"
_KNOWN_KEYS = all_field_names(OverlayFile)
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Overlay:
    """A validated overlay: its model, where it was read from, and its content hash."""

    model: OverlayFile
    path: str                 # as given (verify opens it again)
    display: str              # how messages name it
    data: Any                 # the located YAML, for file:line
    sha256: str               # over the validated model: the same for any layout of the same changes

    def line(self, *loc: Any) -> int | None:
        return line_of(self.data, tuple(loc))

    def diag(self, loc: tuple, message: str) -> Diagnostic:
        key = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
        return Diagnostic(self.display, self.line(*loc), message, key=key or None)


def overlay_hash(model: OverlayFile) -> str:
    """sha256 of the overlay's validated model (comments and layout do not change it)."""
    return hashlib.sha256(model.model_dump_json(by_alias=True).encode("utf-8")).hexdigest()


def read_overlay(path: Path) -> tuple[Overlay | None, list[Diagnostic]]:
    """Read and validate an overlay file. Returns (overlay, []) or (None, diagnostics)."""
    display = str(path)
    data, diags = read_yaml(path, display)
    if diags:
        return None, diags
    if not isinstance(data, LocatedDict):
        return None, [Diagnostic(display, 1, f"an overlay must be a mapping with `format: {OVERLAY_FORMAT}`")]
    if data.get("format") == FORMAT_ID:
        return None, [Diagnostic(display, data.key_lines.get("format"), "this is a rule file, not an overlay: an "
                                 f"overlay has `format: {OVERLAY_FORMAT}` (docs/whatif.md)", key="format")]
    try:
        model = OverlayFile.model_validate(data)
    except ValidationError as exc:
        return None, validation_diagnostics(exc, data, display, _KNOWN_KEYS)
    return Overlay(model, str(path), display, data, overlay_hash(model)), []


def apply_overlay(load: LoadResult, overlay: Overlay) -> tuple[LoadResult, list[Diagnostic]]:
    """The loaded rule files with the overlay's changes made, and any problem in the overlay."""
    diags: list[Diagnostic] = []
    files = list(load.files)
    params = {p.id: (k, j) for k, lf in enumerate(files) for j, p in enumerate(lf.model.parameters)}
    instruments = {i.id for lf in files for i in lf.model.instruments} | {i.id for i in overlay.model.instruments}
    own = _overlay_instrument(overlay) if any(not c.cite for c in overlay.model.parameters) else None
    if own is not None:
        instruments.add(own.id)
    for i, change in enumerate(overlay.model.parameters):
        loc = ("parameters", i)
        if change.id not in params:
            diags.append(overlay.diag(loc + ("id",), f"no parameter {change.id!r} in the rulebook"
                                      + did_you_mean(change.id, params)))
            continue
        k, j = params[change.id]
        base = files[k].model.parameters[j]
        problem = override_problem(build_table(base), change.value)
        if problem is not None:
            diags.append(overlay.diag(loc + ("value",), f"parameter {change.id}: the new value {problem}"))
            continue
        diags.extend(_unknown_instruments(overlay, loc, change.cite, instruments))
        cite = list(change.cite) or [_own_citation(overlay)]
        files[k] = _with_parameter(files[k], j, _changed_values(base, change, cite))
    rule_places = _rule_places(files)
    for i, rule in enumerate(overlay.model.rules):
        loc = ("rules", i)
        if rule.id not in rule_places:
            diags.append(overlay.diag(loc + ("id",), f"no rule {rule.id!r} in the rulebook (an overlay changes the "
                                      "rules there are)" + did_you_mean(rule.id, rule_places)))
            continue
        for k in sorted({k for k, _j in rule_places[rule.id]}):
            files[k] = _with_rules(files[k], _clipped_rules(files[k].model.rules, rule.id, rule.valid_from,
                                                            rule.valid_to))
        rule_places = _rule_places(files)
    if diags:
        return load, diags
    files.append(_overlay_file(overlay, own))
    return LoadResult(files, list(load.diagnostics)), []


def _rule_places(files: list[LoadedFile]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for k, lf in enumerate(files):
        for j, r in enumerate(lf.model.rules):
            out.setdefault(r.id, []).append((k, j))
    return out


def _unknown_instruments(overlay: Overlay, loc: tuple, cites: list[Citation], known: set[str]) -> list[Diagnostic]:
    return [overlay.diag(loc + ("cite", n, "instrument"), f"citation names unknown instrument {c.instrument!r}"
                         + did_you_mean(c.instrument, known))
            for n, c in enumerate(cites) if c.instrument not in known]


def _overlay_instrument(overlay: Overlay) -> Instrument:
    m = overlay.model
    return Instrument(id=OVERLAY_INSTRUMENT, title=m.title, short="what-if", kind="other", url=m.url or "")


def _own_citation(overlay: Overlay) -> Citation:
    return Citation(instrument=OVERLAY_INSTRUMENT, provision="overlay", force="convention", level="U",
                    paraphrase=overlay.model.title)


def _clip(start: dt.date, end: dt.date | None, cut_from: dt.date, cut_to: dt.date | None
          ) -> list[tuple[dt.date, dt.date | None]]:
    """The parts of [start, end] outside [cut_from, cut_to] (None: no end)."""
    parts: list[tuple[dt.date, dt.date | None]] = []
    if start < cut_from:
        parts.append((start, cut_from - _DAY if end is None or end >= cut_from else end))
    # nothing lies after the last day a date can hold (an overlay may run to 9999-12-31)
    if cut_to is not None and cut_to < dt.date.max and (end is None or end > cut_to):
        parts.append((max(start, cut_to + _DAY), end))
    return parts


def _changed_values(base: Parameter, change: ParameterChange, cite: list[Citation]) -> Parameter:
    values: list[ParameterValue] = []
    for v in base.values:
        for start, end in _clip(v.from_, v.to, change.from_, change.to):
            values.append(v.model_copy(update={"from_": start, "to": end}))
    values.append(ParameterValue.model_validate({"from": change.from_, "to": change.to, "value": change.value,
                                                 "cite": cite}))
    return base.model_copy(update={"values": sorted(values, key=lambda v: v.from_)})


def _clipped_rules(rules: list[Rule], rid: str, cut_from: dt.date, cut_to: dt.date | None) -> list[Rule]:
    """The file's rules with the versions of `rid` cut back to the dates outside the overlay's."""
    out: list[Rule] = []
    for r in rules:
        if r.id != rid:
            out.append(r)
            continue
        out.extend(r.model_copy(update={"valid_from": start, "valid_to": end})
                   for start, end in _clip(r.valid_from, r.valid_to, cut_from, cut_to))
    return out


def _with_parameter(lf: LoadedFile, j: int, p: Parameter) -> LoadedFile:
    params = list(lf.model.parameters)
    params[j] = p
    return LoadedFile(lf.path, lf.model.model_copy(update={"parameters": params}), lf.data, lf.rel)


def _with_rules(lf: LoadedFile, rules: list[Rule]) -> LoadedFile:
    return LoadedFile(lf.path, lf.model.model_copy(update={"rules": rules}), lf.data, lf.rel)


def _overlay_file(overlay: Overlay, own: Instrument | None) -> LoadedFile:
    """The overlay's rule versions and instruments as one more rule file, located in the overlay,
    so a compile error in them is reported at the overlay's file and line."""
    m = overlay.model
    model = RuleFile(format=FORMAT_ID, area="overlay", description=m.title,
                     instruments=list(m.instruments) + ([own] if own is not None else []), rules=list(m.rules))
    return LoadedFile(overlay.display, model, overlay.data, f"overlay:{overlay.sha256}")

"""The public Python API: compile the rules once, then evaluate cases with no parsing or I/O."""

from __future__ import annotations

import copyreg
import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .compile.compiler import compile_rulebook, content_hash
from .compile.rulebook import CompiledRulebook, OverlayStamp
from .engines import DEFAULT_ENGINE, evaluate_with
from .errors import Diagnostic, RulebookError
from .evaluate.evaluator import Evaluation
from .explain.trace import trace_dict
from .compile.cache import cached_load
from .load.loader import rules_dir_default
from .overlay import apply_overlay, read_overlay
from .result.build import result_dict
from .result.model import Result


def check_rules(path: str | Path | None = None, overlay: str | Path | None = None
                ) -> tuple[CompiledRulebook | None, list[Diagnostic]]:
    """Load, compile and check a rules folder, with a what-if overlay file laid over it if one is
    given; returns the rulebook (None on error) and every diagnostic."""
    root = Path(path) if path else rules_dir_default()
    load, calendar = cached_load(root)
    if overlay is None:
        return compile_rulebook(load, calendar, source=str(root))
    ov, diags = read_overlay(Path(overlay))
    if ov is None:
        return None, list(load.diagnostics) + diags
    if any(d.severity == "error" for d in load.diagnostics):
        return None, list(load.diagnostics)
    overlaid, diags = apply_overlay(load, ov)
    if diags:
        return None, diags
    rb, diags = compile_rulebook(overlaid, calendar, source=str(root))
    if rb is None:
        return None, diags
    stamp = OverlayStamp(ov.model.title, ov.path, ov.sha256, content_hash(load.files))
    return replace(rb, overlay=stamp), diags


def load_rulebook(path: str | Path | None = None, overlay: str | Path | None = None) -> CompiledRulebook:
    """Compile the rules (default: the bundled law), with a what-if overlay file if one is given.
    Raises RulebookError if any file has an error."""
    rb, diags = check_rules(path, overlay)
    if rb is None:
        raise RulebookError(list(diags))
    return rb


def _reduce_rulebook(rb: CompiledRulebook) -> tuple:
    """A compiled rulebook pickles by reference: its rules folder, its what-if overlay file if it
    has one, and its content hash. The closures are rebuilt where it is unpickled (a process pool's
    worker), through the compile cache; rules (or an overlay) that no longer hash the same are
    refused, so a pickle never carries stale law."""
    if not rb.source or not Path(rb.source).is_dir():
        raise TypeError("only a rulebook compiled from a rules folder can be pickled")
    overlay = rb.overlay.file if rb.overlay is not None else None
    return (_rebuild_rulebook, (rb.source, rb.content_hash, overlay))


def _rebuild_rulebook(source: str, content_hash: str, overlay: str | None = None) -> CompiledRulebook:
    rb = load_rulebook(source, overlay)
    if rb.content_hash != content_hash:
        raise ValueError(f"the rules in {source} changed since this rulebook was compiled "
                         f"(hash {content_hash[:12]}, now {rb.content_hash[:12]})")
    return rb


# registered here, where rulebooks are loaded (the package imports this module first)
copyreg.pickle(CompiledRulebook, _reduce_rulebook)


def evaluate(rulebook: CompiledRulebook, case: dict | Any, as_at: dt.date, *,
             settings: dict[str, Any] | None = None, parameters: dict[str, Any] | None = None,
             explain: bool = False, engine: str = DEFAULT_ENGINE, all_outcomes: bool = False,
             only: Iterable[str] | None = None) -> Result:
    """Evaluate one case at an as-at date and return the typed result.

    `engine`: "python" (default) or "durable" (durable-rules, the cross-check; needs the extra).
    `all_outcomes`: keep the not_applicable outcomes (left out by default).
    `only`: rule ids or outcome keys; decide only those rules and the rules they read (the
    receipt records the list). The outcomes shown are every one decided.
    Raises InputError (naming field paths, never values) if the case or settings are invalid.
    """
    ev = evaluate_with(rulebook, "case", case, as_at, settings=settings, parameters=parameters,
                       explain=explain, engine=engine, only=only)
    return Result.model_validate(document(ev, all_outcomes, explain))


def evaluate_area(rulebook: CompiledRulebook, area: dict | Any, as_at: dt.date, *,
                  settings: dict[str, Any] | None = None, parameters: dict[str, Any] | None = None,
                  explain: bool = False, engine: str = DEFAULT_ENGINE, all_outcomes: bool = False,
                  only: Iterable[str] | None = None) -> Result:
    """Evaluate an area file (the local authority's own duties) and return the typed result."""
    ev = evaluate_with(rulebook, "area", area, as_at, settings=settings, parameters=parameters,
                       explain=explain, engine=engine, only=only)
    return Result.model_validate(document(ev, all_outcomes, explain))


def document(ev: Evaluation, all_outcomes: bool = False, explain: bool = False) -> dict[str, Any]:
    """The result document of an evaluation as a canonical JSON-ready dict (what `Result.to_dict()`
    gives, without building the model): the fast path for batches."""
    return result_dict(ev, all_outcomes, trace_dict(ev, all_outcomes) if explain else None)


__all__ = ["CompiledRulebook", "Evaluation", "Result", "check_rules", "document", "evaluate", "evaluate_area",
           "evaluate_with", "load_rulebook"]

"""The public Python API: compile the rules once, then evaluate cases with no parsing or I/O."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .compile.compiler import compile_rulebook
from .compile.rulebook import CompiledRulebook
from .errors import Diagnostic, RulebookError
from .evaluate.backends import backend
from .evaluate.evaluator import Evaluation, evaluate_case
from .load.loader import load_rules, rules_dir_default
from .result.build import result_dict


def check_rules(path: str | Path | None = None) -> tuple[CompiledRulebook | None, list[Diagnostic]]:
    """Load, compile and check a rules folder; returns the rulebook (None on error) and every diagnostic."""
    root = Path(path) if path else rules_dir_default()
    return compile_rulebook(load_rules(root), source=str(root))


def load_rulebook(path: str | Path | None = None) -> CompiledRulebook:
    """Compile the rules (default: the bundled law). Raises RulebookError if any file has an error."""
    rb, diags = check_rules(path)
    if rb is None:
        raise RulebookError([d for d in diags])
    return rb


def evaluate(rulebook: CompiledRulebook, case: dict | Any, as_at: dt.date, *,
             settings: dict[str, Any] | None = None, parameters: dict[str, Any] | None = None,
             explain: bool = False, engine: str = "python") -> dict[str, Any]:
    """Evaluate one case at an as-at date and return the result document (JSON-ready dict).

    `engine`: "python" (default) or "durable" (durable-rules, the cross-check; needs the extra).
    Raises InputError (naming field paths, never values) if the case or settings are invalid.
    """
    return result_dict(backend(engine)(rulebook, case, as_at, settings, explain, parameters))


def evaluate_area(rulebook: CompiledRulebook, area: dict | Any, as_at: dt.date, *,
                  settings: dict[str, Any] | None = None, parameters: dict[str, Any] | None = None,
                  explain: bool = False, engine: str = "python") -> dict[str, Any]:
    """Evaluate an area file (the local authority's own duties) and return the result document."""
    from .evaluate.backends import area_backend
    return result_dict(area_backend(engine)(rulebook, area, as_at, settings, explain, parameters))


__all__ = ["CompiledRulebook", "Evaluation", "check_rules", "evaluate", "evaluate_area", "evaluate_case",
           "load_rulebook", "result_dict"]

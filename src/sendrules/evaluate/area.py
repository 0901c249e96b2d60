"""Evaluate an area file: the local authority's own duties, apart from any child's case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..compile.expressions import Env
from ..compile.rulebook import CompiledRulebook
from ..facts.area import Area
from ..facts.binding import bind_area, check_area_findings
from ..facts.validation import validate_area
from .evaluator import Evaluation, Outcome, _run_scope, prepare, require_date


def evaluate_area(rb: CompiledRulebook, area: Area | dict, as_at: dt.date,
                  settings: dict[str, Any] | None = None, explain: bool = False,
                  parameters: dict[str, Any] | None = None) -> Evaluation:
    """Evaluate the area rules at an as-at date. Pure and thread-safe, like evaluate_case."""
    require_date(as_at)
    area = validate_area(area)
    check_area_findings(rb, area)
    values, tables, v, ctx = prepare(rb, as_at, settings, parameters, explain)
    bind_area(rb, area, as_at, v)
    outcomes: list[Outcome] = []
    _run_scope(rb.area_programs, Env(v), None, None, ctx, outcomes)
    return Evaluation(rb, area, as_at, values, tuple(sorted(settings or {})), outcomes, explain, tables,
                      tuple(sorted(parameters or {})))

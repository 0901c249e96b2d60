"""Evaluation backends: two independent engines behind one call.

`python` (the default) walks the compiled closures; `durable` compiles the same rule files to
durable-rules (a Rete engine) and lets it decide (docs/adr/0012). Both return an Evaluation, so
results, explanations and scenarios are the same code whichever engine decided.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from ..compile.rulebook import CompiledRulebook
from ..facts.case import Case
from .evaluator import Evaluation, evaluate_case

ENGINES: tuple[str, ...] = ("python", "durable")
DEFAULT_ENGINE = "python"


class Backend(Protocol):
    def __call__(self, rb: CompiledRulebook, case: Case | dict, as_at: dt.date,
                 settings: dict[str, Any] | None = None, explain: bool = False,
                 parameters: dict[str, Any] | None = None) -> Evaluation: ...


def backend(engine: str = DEFAULT_ENGINE) -> Backend:
    """The evaluate function of an engine; durable-rules is imported only when asked for."""
    if engine == "python":
        return evaluate_case
    if engine == "durable":
        from ..durable.backend import evaluate_case_durable
        from ..durable.host import _require
        _require()  # a clear message if the [durable] extra is not installed
        return evaluate_case_durable
    raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


def area_backend(engine: str = DEFAULT_ENGINE) -> Backend:
    """The area-file evaluate function of an engine (the local authority's own duties)."""
    if engine == "python":
        from .area import evaluate_area
        return evaluate_area
    if engine == "durable":
        from ..durable.backend import evaluate_area_durable
        from ..durable.host import _require
        _require()
        return evaluate_area_durable
    raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")

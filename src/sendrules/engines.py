"""Choose the engine that decides: `python` (the compiled closures, the default) or `durable`
(durable-rules, the cross-check; docs/adr/0012). Both share validation, binding and the walk,
and return an Evaluation, so results and explanations are the same code whichever decided."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .compile.rulebook import CompiledRulebook
from .errors import InputError
from .evaluate.evaluator import Evaluation, evaluate_subject, run_scope

ENGINES: tuple[str, ...] = ("python", "durable")
DEFAULT_ENGINE = "python"


def require_engine(engine: str) -> None:
    """InputError unless `engine` is one this installation can run (durable needs its extra)."""
    if engine not in ENGINES:
        raise InputError([f"engine: unknown engine {engine!r}; choose one of {', '.join(ENGINES)}"])
    if engine == "durable":
        from .durable import host
        if not host.available():
            raise InputError([f"engine: durable-rules is not installed ({host.INSTALL_HINT})"])


def evaluate_with(rb: CompiledRulebook, root: str, data: Any, as_at: dt.date, *,
                  settings: dict[str, Any] | None = None, explain: bool = False,
                  parameters: dict[str, Any] | None = None, engine: str = DEFAULT_ENGINE,
                  only: Iterable[str] | None = None, hash_input: bool = True) -> Evaluation:
    """Evaluate a case (root "case") or an area file (root "area") with the engine named.
    `only`: decide just these rules (ids or outcome keys) and the rules they read.
    `hash_input=False`: the receipt's input hash is computed only if a receipt is made."""
    if engine == "python":
        return evaluate_subject(rb, root, data, as_at, run_scope, settings, explain, parameters, only=only,
                                hash_input=hash_input)
    require_engine(engine)
    from .durable.backend import evaluate_durable
    return evaluate_durable(rb, root, data, as_at, settings, explain, parameters, only=only,
                            hash_input=hash_input)

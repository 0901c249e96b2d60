"""The service's limits: what one HTTP request may ask of it, and how much work runs at once.

Each refusal names the field path (or `<body>`) and the limit broken, never the value given:
413 for a body or batch that is too large, 422 for a document that breaks a per-document limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..inputs import MAX_INPUT_BYTES


@dataclass(frozen=True)
class Limits:
    """Per-request limits and the size of the evaluation pool (docs/adr/0020)."""

    max_body_bytes: int = MAX_INPUT_BYTES          # the CLI reads at most this much of one case file
    max_batch_lines: int = 1000                     # cases in one batch request
    max_requests_per_case: int = 20                 # the schema allows 100; a service answer stays small
    max_depth: int = 32                             # JSON nesting; a case needs fewer than 20 levels
    max_scenarios: int = 200                        # scenarios in one scenario file run by the service
    eval_threads: int = 2                           # evaluations running at once in one process
    max_waiting: int = 64                           # evaluations queued behind them before 503


class LimitExceeded(Exception):
    """A request broke a limit: `status` is 413 or 422; `problem` names a path and the limit."""

    def __init__(self, status: int, problem: str) -> None:
        super().__init__(problem)
        self.status = status
        self.problem = problem


def check_depth(value: Any, limit: int, where: str = "<body>") -> None:
    """Refuse JSON nested more than `limit` levels (walked without recursion, so any depth is safe)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise LimitExceeded(422, f"{where}: nested more than {limit} levels deep (the service's limit)")
        stack.extend((child, depth + 1) for child in children)


def check_requests(case: Any, limit: int, where: str = "case") -> None:
    """Refuse a case with more requests than the service evaluates in one go."""
    if isinstance(case, dict) and isinstance(case.get("requests"), list) and len(case["requests"]) > limit:
        raise LimitExceeded(422, f"{where}.requests: more than {limit} requests in one case (the service's limit "
                                 f"per case; the CLI and the Python API take up to 100)")

"""A bounded pool for the CPU-bound work, so the event loop never evaluates (docs/adr/0020).

Threads, not processes: a request's bytes go in and its answer's text comes out, the compiled
rulebook is shared read-only, and nothing is pickled. Evaluation holds the GIL, so more threads
than cores add no throughput in one process; parallel evaluation comes from `--workers` (uvicorn
processes, each with its own pool and rulebook). The admission count bounds what waits: beyond
`threads + max_waiting` evaluations a request is answered 503 at once instead of queueing without end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Busy(Exception):
    """Every evaluation slot and queue place is taken."""


class EvaluationPool:
    """`await pool.run(fn, *args)` runs `fn` on a worker thread; at most `threads` at once."""

    def __init__(self, threads: int, max_waiting: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sendrules-eval")
        self._capacity = threads + max_waiting
        self._admitted = 0   # changed only on the event loop's thread, so no lock is needed

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._admitted >= self._capacity:
            raise Busy(f"the service is busy: {self._capacity} evaluations are running or waiting; retry shortly")
        self._admitted += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        finally:
            self._admitted -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

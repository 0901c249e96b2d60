"""`sendrules evaluate --jobs N`: evaluate the inputs in N worker processes, output in input order.

Each worker holds its own rulebook (inherited on fork; elsewhere unpickled by reference and
rebuilt through the compile cache) and turns one input's data into its finished output text;
the parent reads the inputs (files, folders, JSONL lines), writes the texts in the order given, and keeps at
most 2 x N inputs in flight, so memory stays bounded however many there are.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..caseload import Item
from ..compile.rulebook import CompiledRulebook
from ..engines import evaluate_with
from ..errors import InputError
from ..explain.text import report_lines
from ..explain.trace import trace_nodes
from ..facts.validation import is_area_document
from ..result.stream import write_result


@dataclass(frozen=True)
class Options:
    """What every input of one `evaluate` run shares."""

    as_at: dt.date
    as_at_default: str | None
    settings: dict[str, Any]
    parameters: dict[str, Any] | None
    engine: str
    fmt: str                # "json", "jsonl" or "text"
    explain: bool
    all_outcomes: bool
    only: tuple[str, ...] | None


@dataclass(frozen=True)
class Done:
    """One input's finished output, or the input problems that make it invalid."""

    text: str
    errors: int                 # outcomes with status `error`
    notices: tuple[str, ...]
    problems: tuple[str, ...] = ()


def render(rb: CompiledRulebook, data: Any, opts: Options) -> Done:
    """Evaluate one input's data and render it as the CLI prints it (JSON: the canonical document)."""
    root = "area" if is_area_document(data) else "case"
    try:
        ev = evaluate_with(rb, root, data, opts.as_at, settings=opts.settings, parameters=opts.parameters,
                           engine=opts.engine, explain=opts.explain or opts.fmt == "text", only=opts.only)
    except InputError as exc:
        return Done("", 0, (), tuple(exc.problems))
    ev.as_at_default = opts.as_at_default
    errors = sum(1 for o in ev.decided if o.status == "error")
    pieces: list[str] = []
    if opts.fmt in ("json", "jsonl"):
        write_result(ev, pieces.append, opts.all_outcomes,
                     trace_nodes(ev, opts.all_outcomes) if opts.explain else None)
    else:
        pieces.extend(line + "\n" for line in report_lines(ev, explain=opts.explain, tree=opts.explain))
    return Done("".join(pieces), errors, ev.notices)


_worker: dict[str, Any] = {}


def _start_worker(rb: CompiledRulebook, opts: Options) -> None:
    _worker["rb"], _worker["opts"] = rb, opts


def _work(data: Any) -> Done:
    return render(_worker["rb"], data, _worker["opts"])


def _rendered(rb: CompiledRulebook, items: Iterator[Item], opts: Options, jobs: int
              ) -> Iterator[tuple[Item, Done | None]]:
    """Each input with its output (None for an input that could not be read), in input order."""
    # fork where the platform has it: the workers inherit the compiled rulebook at no cost
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_start_worker, initargs=(rb, opts)) as pool:
        pending: deque[tuple[Item, Future[Done] | None]] = deque()
        for item in items:
            future = pool.submit(_work, item.data) if item.ok else None
            item.data = None  # the worker has it; the parent keeps only the label
            pending.append((item, future))
            if len(pending) >= 2 * jobs:
                first, fut = pending.popleft()
                yield first, fut.result() if fut is not None else None
        while pending:
            first, fut = pending.popleft()
            yield first, fut.result() if fut is not None else None


def run_jobs(rb: CompiledRulebook, items: Iterator[Item], opts: Options, jobs: int, write: Callable[[str], Any],
             several: bool, problem: Callable[[str, list[str], int], None]) -> tuple[int, int, int]:
    """Evaluate the inputs in `jobs` processes and write their outputs in input order, as the
    one-process loop of `sendrules evaluate` does: an invalid input is reported through `problem`
    (or raised as InputError when it is the only input) and the others go on. Returns the count of
    `error` outcomes, of invalid inputs, and of inputs written."""
    errors = invalid = done = 0
    if opts.fmt == "json" and several:
        write("[")
    for item, out in _rendered(rb, items, opts, jobs):
        problems = item.problems if out is None else [f"{item.label}: {p}" for p in out.problems]
        if problems:
            invalid += 1
            if not several:
                raise InputError(problems)
            problem(item.label, problems, done)
            done += 1
            continue
        assert out is not None
        for notice in out.notices:
            print(f"sendrules: note: {item.label}: {notice}", file=sys.stderr)
        if opts.fmt == "text":
            write("\n" + "=" * 78 + "\n\n" if done else "")
        else:
            write("," if done and opts.fmt == "json" else "")
        write(out.text)
        write("\n" if opts.fmt == "jsonl" else "")
        errors += out.errors
        done += 1
    if opts.fmt == "json":
        write("]\n" if several else "\n")
    return errors, invalid, done

"""`sendrules evaluate --jobs N`: evaluate files in N worker processes, output in input order.

Each worker holds its own rulebook (inherited on fork; elsewhere unpickled by reference and
rebuilt through the compile cache) and turns one file's data into its finished output text;
the parent reads the files, writes the texts in the order the files were given, and keeps at
most 2 x N files in flight, so memory stays bounded however many files there are.
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

from ..compile.rulebook import CompiledRulebook
from ..engines import evaluate_with
from ..errors import InputError
from ..explain.text import report_lines
from ..explain.trace import trace_nodes
from ..facts.validation import is_area_document
from ..result.stream import write_result


@dataclass(frozen=True)
class Options:
    """What every file of one `evaluate` run shares."""

    as_at: dt.date
    as_at_default: str | None
    settings: dict[str, Any]
    engine: str
    fmt: str                # "json" or "text"
    explain: bool
    all_outcomes: bool
    only: tuple[str, ...] | None


@dataclass(frozen=True)
class Done:
    """One file's finished output, or the input problems that stop the run at that file."""

    text: str
    errors: int                 # outcomes with status `error`
    notices: tuple[str, ...]
    problems: tuple[str, ...] = ()


def render(rb: CompiledRulebook, data: Any, opts: Options) -> Done:
    """Evaluate one file's data and render it as the CLI prints it (JSON: the canonical document)."""
    root = "area" if is_area_document(data) else "case"
    try:
        ev = evaluate_with(rb, root, data, opts.as_at, settings=opts.settings, engine=opts.engine,
                           explain=opts.explain or opts.fmt == "text", only=opts.only)
    except InputError as exc:
        return Done("", 0, (), tuple(exc.problems))
    ev.as_at_default = opts.as_at_default
    errors = sum(1 for o in ev.decided if o.status == "error")
    pieces: list[str] = []
    if opts.fmt == "json":
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


def render_all(rb: CompiledRulebook, documents: Iterator[Any], opts: Options, jobs: int) -> Iterator[Done]:
    """Each document's output in input order, rendered by `jobs` processes (1: in this process)."""
    if jobs <= 1:
        for data in documents:
            yield render(rb, data, opts)
        return
    # fork where the platform has it: the workers inherit the compiled rulebook at no cost
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_start_worker, initargs=(rb, opts)) as pool:
        pending: deque[Future[Done]] = deque()
        for data in documents:
            pending.append(pool.submit(_work, data))
            del data
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def write_all(outputs: Iterator[Done], names: list[str], write: Callable[[str], Any], fmt: str) -> int:
    """Write the outputs as `evaluate` prints them; returns the count of `error` outcomes. Input
    problems raise InputError naming the file, after every earlier file's output is written."""
    errors = 0
    several = len(names) > 1
    if fmt == "json" and several:
        write("[")
    for i, done in enumerate(outputs):
        if done.problems:
            raise InputError([f"{names[i]}: {p}" for p in done.problems])
        for notice in done.notices:
            print(f"sendrules: note: {names[i]}: {notice}", file=sys.stderr)
        if fmt == "json":
            write("," if i else "")
        else:
            write("\n" + "=" * 78 + "\n\n" if i else "")
        write(done.text)
        errors += done.errors
    if fmt == "json":
        write("]\n" if several else "\n")
    return errors

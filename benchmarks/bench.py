"""Benchmark: cases per second on a generated caseload, with and without explanation.

Machines here are noisy, so every figure is also given as a ratio to a baseline run in the
same process: a hand-written Python function computing the same core answers (end of
compulsory school age, age group, and the 6-week due date and status) without the engine.

    python benchmarks/bench.py [--cases 5000] [--repeat 3] [--durable-cases 300] [--json]

With durable-rules installed (the [durable] extra) it also times the durable backend, the
cross-check engine (docs/adr/0012), on the first --durable-cases cases, and the Python backend
on the same cases, and reports the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sendrules  # noqa: E402
from caseload import caseload  # noqa: E402
from sendrules.engines import evaluate_with  # noqa: E402
from sendrules.facts.case import Case  # noqa: E402
from sendrules.result.build import result_dict  # noqa: E402
from sendrules.result.canonical import canonical_json  # noqa: E402

AS_AT = dt.date(2026, 1, 15)


def _last_friday_june(y: int) -> dt.date:
    d = dt.date(y, 6, 30)
    return d - dt.timedelta(days=(d.weekday() - 4) % 7)


def hand_written(case: Case) -> tuple:
    """The baseline: the core answers coded directly in Python (no citations, no unknowns)."""
    dob = case.person.birth_date
    b16 = dob.replace(year=dob.year + 16) if not (dob.month == 2 and dob.day == 29) else dt.date(dob.year + 16, 3, 1)
    leave = _last_friday_june(b16.year)
    end = leave if b16 < dt.date(b16.year, 9, 1) else _last_friday_june(b16.year + 1)
    b25 = dt.date(dob.year + 25, dob.month, dob.day) if not (dob.month == 2 and dob.day == 29) else dt.date(dob.year + 25, 3, 1)
    group = "over_25" if AS_AT >= b25 else ("young_person" if AS_AT > end else "child")
    duties = []
    for r in case.requests:
        due = r.received_date + dt.timedelta(weeks=6)
        done = r.outcome_date if r.outcome_date and r.outcome_date <= AS_AT else None
        duties.append("met" if done and done <= due else "met_late" if done else
                      "pending" if AS_AT <= due else "overdue")
    return group, end, tuple(duties)


def _rates(fns: dict[str, Callable[[Any], Any]], items: dict[str, list], repeat: int) -> dict[str, float]:
    """Best-of-`repeat` cases/s for each function, measured in interleaved rounds so that the
    baseline and the engine see the same machine conditions (these machines are noisy)."""
    best = {k: float("inf") for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            xs = items[k]
            t = time.perf_counter()
            for x in xs:
                fn(x)
            best[k] = min(best[k], time.perf_counter() - t)
    return {k: len(items[k]) / best[k] for k in fns}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--durable-cases", type=int, default=300,
                    help="cases for the durable backend (about 30x slower; 0 to skip it)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    t = time.perf_counter()
    rb = sendrules.load_rulebook()
    compile_s = time.perf_counter() - t
    raw = caseload(args.cases)
    cases = [Case.model_validate(c) for c in raw]

    fns: dict[str, Callable[[Any], Any]] = {
        "baseline": hand_written,
        "validate_json_case": Case.model_validate,
        "evaluate": lambda c: evaluate_with(rb, "case", c, AS_AT),
        "evaluate_explain": lambda c: evaluate_with(rb, "case", c, AS_AT, explain=True),
        "evaluate_to_json": lambda c: canonical_json(result_dict(evaluate_with(rb, "case", c, AS_AT))),
    }
    items = {k: cases for k in fns}
    items["validate_json_case"] = raw
    durable_compile_s = None
    if args.durable_cases and _durable_available():
        from sendrules.durable.backend import compile_durable, evaluate_durable
        t = time.perf_counter()
        drb = compile_durable(rb)
        drb.engine._host()  # this thread's Host with every ruleset created
        durable_compile_s = time.perf_counter() - t
        subset = cases[:args.durable_cases]
        fns["evaluate_python_same_cases"] = lambda c: evaluate_with(rb, "case", c, AS_AT)
        fns["evaluate_durable"] = lambda c: evaluate_durable(rb, "case", c, AS_AT, compiled=drb)
        items["evaluate_python_same_cases"] = items["evaluate_durable"] = subset
    figures = _rates(fns, items, args.repeat)
    baseline = figures.pop("baseline")
    out = {
        "cases": args.cases,
        "rules": len(rb.programs),
        "compile_seconds": round(compile_s, 3),
        "baseline_hand_written_cases_per_s": round(baseline),
        "cases_per_s": {k: round(v) for k, v in figures.items()},
        "ratio_to_baseline": {k: round(v / baseline, 4) for k, v in figures.items()},
    }
    if "evaluate_durable" in figures:
        out["durable"] = {
            "cases": len(items["evaluate_durable"]),
            "compile_seconds": round(durable_compile_s, 3),
            "python_cases_per_s": round(figures["evaluate_python_same_cases"]),
            "durable_cases_per_s": round(figures["evaluate_durable"]),
            "python_over_durable": round(figures["evaluate_python_same_cases"] / figures["evaluate_durable"], 1),
        }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"{args.cases} generated cases, {out['rules']} rules, compiled in {out['compile_seconds']} s (once)")
        print(f"baseline (hand-written Python, same process): {out['baseline_hand_written_cases_per_s']:>9,} cases/s")
        for k, v in figures.items():
            print(f"{k:<26} {round(v):>9,} cases/s   ratio to baseline {v / baseline:.4f}")
        d = out.get("durable")
        if d:
            print(f"backends on the same {d['cases']} cases: python {d['python_cases_per_s']:,} cases/s, "
                  f"durable {d['durable_cases_per_s']:,} cases/s; python/durable = {d['python_over_durable']}x "
                  f"(durable compiled in {d['compile_seconds']} s)")
        elif args.durable_cases:
            print("durable backend: not installed (pip install -e \".[durable]\"), not timed")
    return 0


def _durable_available() -> bool:
    from sendrules.durable.host import available
    return available()


if __name__ == "__main__":
    raise SystemExit(main())

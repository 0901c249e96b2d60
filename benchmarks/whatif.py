"""Benchmark: `whatif` over a generated caseload (benchmarks/caseload.py, seeded; no real data).

Reports the cases compared per second (each case is evaluated twice, under the law and under the
overlay), the time of evaluating the same cases once under the law alone (the ratio shows the
comparison's own cost over two evaluations), and the peak resident memory.

    python benchmarks/whatif.py [--cases 2000] [--overlay examples/overlays/18-weeks.yaml]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sendrules  # noqa: E402
from caseload import caseload  # noqa: E402
from sendrules.caseload import Item  # noqa: E402
from sendrules.engines import evaluate_with  # noqa: E402
from sendrules.whatif.compare import compare  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
AS_AT = dt.date(2026, 1, 5)


def with_plans(cases: list[dict], seed: int = 15) -> list[dict]:
    """The generated cases, with most decided requests going on to assessment and a final plan
    issued 14 to 24 weeks after the request (or not yet), so the 18-week overlay has work to do."""
    rng = random.Random(seed)
    for case in cases:
        for req in case["requests"]:
            if "outcome_date" in req and rng.random() < 0.7:
                req["outcome"] = "assess"
                if rng.random() < 0.8:
                    received = dt.date.fromisoformat(req["received_date"])
                    issued = received + dt.timedelta(days=rng.randrange(14 * 7, 24 * 7))
                    req["assessment"] = {"plan": {"issued_date": issued.isoformat()}}
    return cases


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--overlay", type=Path, default=REPO / "examples" / "overlays" / "18-weeks.yaml")
    args = ap.parse_args()
    base = sendrules.load_rulebook()
    overlaid = sendrules.load_rulebook(overlay=args.overlay)
    cases = with_plans(caseload(args.cases))
    t0 = time.perf_counter()
    for c in cases:
        evaluate_with(base, "case", c, AS_AT)
    once = time.perf_counter() - t0
    t0 = time.perf_counter()
    cmp = compare(base, overlaid, (Item(str(i), c) for i, c in enumerate(cases)), AS_AT, b"k" * 32)
    both = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cases: {cmp.cases} compared, {len(cmp.invalid)} invalid; {len(cmp.status_changed_cases)} changed status, "
          f"{len(cmp.changed_cases)} changed at all; {len(cmp.changes)} outcomes changed")
    print(f"whatif: {both:.2f} s, {cmp.cases / both:.0f} cases/s")
    print(f"one evaluation under the law: {once:.2f} s; whatif / (2 x that) = {both / (2 * once):.2f}")
    print(f"peak resident memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

"""Where the time of one `sendrules.evaluate(..., only=[the ZEN comparison's decision])` goes.

    python benchmarks/stages.py [--cases 1000]

Each stage is timed alone over the same one-request cases (CPU time, best of 5 rounds, results
discarded as they are made, as a caller would): validating the case dict, the three checks of a
validated case, the input hash, the whole engine call, the result document, and validating that
into the typed Result; last, `sendrules.evaluate(only=)` itself. The engine call includes the
validation, checks and hash; what is left of it is binding and the rules.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sendrules  # noqa: E402
from bench import AS_AT, DECISION  # noqa: E402
from caseload import caseload  # noqa: E402
from sendrules.api import document  # noqa: E402
from sendrules.core.canonical import sha256_of  # noqa: E402
from sendrules.engines import evaluate_with  # noqa: E402
from sendrules.facts.case import Case  # noqa: E402
from sendrules.facts.validation import _check_unique_ids, check_findings, check_lifetime  # noqa: E402
from sendrules.result.model import Result  # noqa: E402


def per_item_us(f: Callable[[Any], Any], items: list) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for x in items:
            f(x)
        best = min(best, time.process_time() - start)
    return best * 1e6 / len(items)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1000)
    args = ap.parse_args()
    rb = sendrules.load_rulebook()
    one = [{**c, "requests": c["requests"][:1]} for c in caseload(args.cases)]
    typed = [Case.model_validate(c) for c in one]
    evs = [evaluate_with(rb, "case", c, AS_AT, only=DECISION) for c in one]
    docs = [document(e) for e in evs]
    stages = [
        ("validate the case dict", lambda c: Case.model_validate(c), one),
        ("unique ids", lambda c: _check_unique_ids("case", c), typed),
        ("findings", lambda c: check_findings(rb.findings, "case", c), typed),
        ("lifetime", lambda c: check_lifetime("case", c, AS_AT), typed),
        ("input hash", lambda c: sha256_of(c.model_dump(mode="json")), typed),
        ("engine call (all the above too)", lambda c: evaluate_with(rb, "case", c, AS_AT, only=DECISION), one),
        ("result document", document, evs),
        ("typed Result", Result.model_validate, docs),
        ("sendrules.evaluate(only=)", lambda c: sendrules.evaluate(rb, c, AS_AT, only=DECISION), one),
    ]
    print(f"{len(one)} one-request cases, CPU microseconds per case, best of 5")
    for label, f, items in stages:
        print(f"  {label:34s} {per_item_us(f, items):7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

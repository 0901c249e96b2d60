"""The core rates for whichever sendrules is importable, so that two checkouts can be compared
with one script (bench.py measures features an older checkout may not have):

    PYTHONPATH=/path/to/other/checkout/src SENDRULES_NO_CACHE=1 python benchmarks/versus.py 1000
    python benchmarks/versus.py 1000

Prints one JSON line: cases/s (CPU time of this process, best of 3 interleaved rounds), each
rate's ratio to bench.py's hand-written baseline measured in the same run, and the CPU time of
load_rulebook() in this process.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sendrules  # noqa: E402
from bench import AS_AT, _rates, hand_written  # noqa: E402
from caseload import caseload  # noqa: E402
from sendrules.api import document  # noqa: E402
from sendrules.engines import evaluate_with  # noqa: E402
from sendrules.facts.case import Case  # noqa: E402
from sendrules.result.build import result_dict  # noqa: E402
from sendrules.result.canonical import canonical_json  # noqa: E402


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    t = time.process_time()
    rb = sendrules.load_rulebook()
    load_cpu = time.process_time() - t
    cases = [Case.model_validate(c) for c in caseload(n)]
    fns = {"baseline": hand_written,
           "evaluate": lambda c: evaluate_with(rb, "case", c, AS_AT),
           "evaluate_document": lambda c: document(evaluate_with(rb, "case", c, AS_AT)),
           "evaluate_to_json": lambda c: canonical_json(result_dict(evaluate_with(rb, "case", c, AS_AT))),
           "api_evaluate_typed": lambda c: sendrules.evaluate(rb, c, AS_AT)}
    rate = _rates(fns, {k: cases for k in fns}, 3)
    out: dict[str, float] = {k: round(v) for k, v in rate.items()}
    out.update({f"ratio.{k}": float(f"{v / rate['baseline']:.4g}") for k, v in rate.items() if k != "baseline"})
    out["load_rulebook_in_process_cpu_s"] = round(load_cpu, 3)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

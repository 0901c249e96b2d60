"""Stress the durable backend from several threads with a tiny thread switch interval.

Every bundled scenario case is evaluated by both backends first (single-threaded); then
`--threads` threads evaluate them all again on the durable backend, with
`sys.setswitchinterval(--switch)`, and every result is compared with the single-threaded
Python one. `--host stock` uses durable-rules' own Host (timer threads on), `--host confined`
the adapter's QuietHost. docs/adr/0012 records the numbers.

    python benchmarks/durable_stress.py --host stock --threads 4 --rounds 3
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import sendrules  # noqa: E402
from sendrules.durable.backend import compile_durable, evaluate_case_durable  # noqa: E402
from sendrules.durable.host import quiet_host_class, stock_host_class  # noqa: E402
from sendrules.evaluate.evaluator import evaluate_case  # noqa: E402
from sendrules.result.build import result_dict  # noqa: E402
from sendrules.result.canonical import canonical_json  # noqa: E402


def _items(limit: int | None) -> list[tuple[dict, Any, Any, Any]]:
    from durable_support import scenario_case, scenarios
    out = [(scenario_case(sc), sc.as_at, sc.settings, sc.parameters) for _f, _l, sc in scenarios()]
    return out[:limit] if limit else out


def _doc(ev: Any) -> str:
    return canonical_json(result_dict(ev))


def stress(host: str, threads: int = 4, switch: float = 1e-5, rounds: int = 1,
           limit: int | None = None) -> dict[str, Any]:
    """Run the stress; returns counts of cases, wrong results and errors, and the time taken."""
    rb = sendrules.load_rulebook()
    items = []
    for case, as_at, settings, parameters in _items(limit):
        try:
            items.append((case, as_at, settings, parameters, _doc(evaluate_case(rb, case, as_at, settings, False, parameters))))
        except sendrules.errors.InputError:
            continue
    cls = stock_host_class() if host == "stock" else quiet_host_class()
    drb = compile_durable(rb, host_class=cls)
    wrong = [0]
    errors: list[str] = []
    lock = threading.Lock()

    def work(offset: int) -> None:
        for r in range(rounds):
            for i in range(len(items)):
                case, as_at, settings, parameters, want = items[(i + offset * 97 + r) % len(items)]
                try:
                    got = _doc(evaluate_case_durable(rb, case, as_at, settings, False, parameters, compiled=drb))
                except Exception as exc:  # noqa: BLE001 - counted and reported, by type only
                    with lock:
                        errors.append(type(exc).__name__)
                    continue
                if got != want:
                    with lock:
                        wrong[0] += 1

    old = sys.getswitchinterval()
    sys.setswitchinterval(switch)
    t = time.perf_counter()
    try:
        ts = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for th in ts:
            th.start()
        for th in ts:
            th.join()
    finally:
        sys.setswitchinterval(old)
    return {"host": host, "threads": threads, "switch_interval": switch, "cases": threads * rounds * len(items),
            "wrong": wrong[0], "errors": len(errors), "error_types": sorted(set(errors)),
            "seconds": round(time.perf_counter() - t, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", choices=["stock", "confined"], default="confined")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--switch", type=float, default=1e-5)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    print(stress(args.host, args.threads, args.switch, args.rounds, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())

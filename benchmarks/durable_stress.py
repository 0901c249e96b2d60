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
from sendrules.durable.backend import build_durable, evaluate_durable  # noqa: E402
from sendrules.durable.host import ConfinedEngine, quiet_host_class, stock_host_class  # noqa: E402
from sendrules.engines import evaluate_with  # noqa: E402
from sendrules.result.build import result_dict  # noqa: E402
from sendrules.result.canonical import canonical_json  # noqa: E402


def _items(limit: int | None) -> list[tuple[str, dict, Any, Any, Any]]:
    from sendrules.scenarios.runner import load_scenarios, scenario_files, scenario_input
    loaded = load_scenarios(scenario_files(Path(__file__).resolve().parents[1] / "rules" / "scenarios")).scenarios
    out = [(*scenario_input(ls), ls.scenario.as_at, ls.scenario.settings, ls.scenario.parameters) for ls in loaded]
    return out[:limit] if limit else out


def _doc(ev: Any) -> str:
    doc = result_dict(ev)
    doc["receipt"] = {k: v for k, v in doc["receipt"].items() if k not in ("engine", "run_hash")}
    return canonical_json(doc)


def stress(host: str, threads: int = 4, switch: float = 1e-5, rounds: int = 1,
           limit: int | None = None) -> dict[str, Any]:
    """Run the stress; returns counts of cases, wrong results and errors, and the time taken."""
    rb = sendrules.load_rulebook()
    items = []
    for root, case, as_at, settings, parameters in _items(limit):
        try:
            want = _doc(evaluate_with(rb, root, case, as_at, settings=settings, parameters=parameters))
        except sendrules.errors.InputError:
            continue
        items.append((root, case, as_at, settings, parameters, want))
    cls = stock_host_class() if host == "stock" else quiet_host_class()
    drb = build_durable(rb)
    drb.engine = ConfinedEngine(drb.ruleset, cls)   # the same compilation, run on the chosen Host
    wrong = [0]
    errors: list[str] = []
    lock = threading.Lock()

    def work(offset: int) -> None:
        for r in range(rounds):
            for i in range(len(items)):
                root, case, as_at, settings, parameters, want = items[(i + offset * 97 + r) % len(items)]
                try:
                    got = _doc(evaluate_durable(rb, root, case, as_at, settings, False, parameters, compiled=drb))
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

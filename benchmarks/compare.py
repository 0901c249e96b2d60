"""The speed guard: compare the working tree with the last recorded run and flag any ratio to
the in-run baseline that fell by more than 20%.

    python benchmarks/compare.py [--against benchmarks/results/<commit>.json] [--tolerance 0.2]
                                 [--current FILE] [-- bench.py options, e.g. --quick]

Ratios (engine rate / hand-written baseline rate, measured in the same process) are compared
rather than raw cases/s, because the machines are shared and their speed varies from run to run.
Without --current it runs bench.py (pass its options after `--`). The last recorded run is the
results file with the latest `recorded` time. Exit 0 when nothing fell too far, 1 when some
ratio did (each is named), 2 when there is nothing to compare with.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def last_recorded(folder: Path = RESULTS) -> Path | None:
    """The results file recorded last (by its `recorded` time, not its file date: a checkout resets those)."""
    best: tuple[str, Path] | None = None
    for path in folder.glob("*.json"):
        try:
            when = json.loads(path.read_text(encoding="utf-8")).get("recorded", "")
        except (OSError, ValueError):
            continue
        if best is None or when > best[0]:
            best = (when, path)
    return best[1] if best else None


def ratios(run: dict[str, Any]) -> dict[str, float]:
    """Every ratio a run reports that the guard watches: per-case rates to the baseline, and the
    peer comparison's sendrules/ZEN ratio when both runs have it."""
    out = {f"ratio_to_baseline.{k}": float(v) for k, v in run.get("ratio_to_baseline", {}).items()}
    z = run.get("peer_zen", {})
    if "sendrules_evaluate_only_over_zen" in z:
        out["peer_zen.sendrules_evaluate_only_over_zen"] = float(z["sendrules_evaluate_only_over_zen"])
    return out


def compare(before: dict[str, Any], now: dict[str, Any], tolerance: float) -> list[str]:
    """A line for each ratio that fell by more than `tolerance` (a fraction) from before to now."""
    was, is_ = ratios(before), ratios(now)
    problems = []
    for name in sorted(was.keys() & is_.keys()):
        if was[name] > 0 and is_[name] < was[name] * (1 - tolerance):
            problems.append(f"{name}: {was[name]:.4f} -> {is_[name]:.4f} "
                            f"({(1 - is_[name] / was[name]) * 100:.0f}% lower)")
    return problems


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    bench_args: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, bench_args = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", type=Path, default=None, help="results file to compare with (default: the last recorded)")
    ap.add_argument("--current", type=Path, default=None, help="a results file of the working tree (default: run bench.py)")
    ap.add_argument("--tolerance", type=float, default=0.2)
    args = ap.parse_args(argv)
    against = args.against or last_recorded()
    if against is None or not against.is_file():
        print("compare: no recorded run to compare with (run `python benchmarks/bench.py --record` first)",
              file=sys.stderr)
        return 2
    before = json.loads(against.read_text(encoding="utf-8"))
    if args.current is not None:
        now = json.loads(args.current.read_text(encoding="utf-8"))
    else:
        out = subprocess.run([sys.executable, str(HERE / "bench.py"), "--json", *bench_args],
                             capture_output=True, text=True, check=True).stdout
        now = json.loads(out)
    problems = compare(before, now, args.tolerance)
    shown = sorted(ratios(before).keys() & ratios(now).keys())
    print(f"compared with {against.name} (commit {before.get('commit', '?')}): {len(shown)} ratios")
    for name in shown:
        print(f"  {name:<58} {ratios(before)[name]:.4f} -> {ratios(now)[name]:.4f}")
    if problems:
        print(f"FELL by more than {args.tolerance:.0%}:")
        for p in problems:
            print(f"  {p}")
        return 1
    print(f"no ratio fell by more than {args.tolerance:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

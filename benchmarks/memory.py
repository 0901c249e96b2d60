"""Peak memory of the real command on the largest case the schema allows, and of a batch.

    python benchmarks/memory.py [--batch 10000] [--limit-mb 200] [--json]

Each measurement runs `sendrules evaluate` (or the Python API, for the batch) in a child
process and reads that child's peak resident memory from the operating system (wait4), so
nothing of this script counts. The target (issue 12): at most --limit-mb for the largest
allowed case with --explain; the script exits 1 when a largest-case figure is over it. A batch
of many small cases must stay flat (its peak close to that of one case).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from largest_case import largest_case  # noqa: E402

AS_AT = "2026-01-15"

_BATCH = """
import datetime as dt, sys
sys.path.insert(0, {bench!r})
import sendrules
from caseload import caseload
rb = sendrules.load_rulebook()
for case in caseload({n}):
    ev = sendrules.evaluate_with(rb, "case", case, dt.date(2026, 1, 15))
    sendrules.document(ev)
"""


def peak_mb(argv: list[str]) -> tuple[float, float, int]:
    """(peak resident MB, seconds, exit code) of one child process; its output is discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        print(f"{' '.join(argv[2:])}: exit {proc.returncode}\n{err}", file=sys.stderr)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return kb / 1024, seconds, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=10_000, help="cases in the batch measurement (0: skip)")
    ap.add_argument("--limit-mb", type=float, default=200.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    cli = [sys.executable, "-m", "sendrules.cli"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "largest.json"
        path.write_text(json.dumps(largest_case()), encoding="utf-8")
        size_mb = path.stat().st_size / 2 ** 20
        for label, extra in (("largest case, --format json", ["--format", "json"]),
                             ("largest case, --format json --explain", ["--format", "json", "--explain"]),
                             ("largest case, text --explain", ["--explain"])):
            mb, s, code = peak_mb(cli + ["evaluate", str(path), "--as-at", AS_AT, *extra])
            rows.append({"measure": label, "peak_mb": round(mb, 1), "seconds": round(s, 1), "exit": code,
                         "limited": True})
        mb, s, code = peak_mb(cli + ["--version"])
        rows.append({"measure": "start-up only (sendrules --version)", "peak_mb": round(mb, 1),
                     "seconds": round(s, 1), "exit": code, "limited": False})
        if args.batch:
            script = _BATCH.format(bench=str(Path(__file__).resolve().parent), n=args.batch)
            mb, s, code = peak_mb([sys.executable, "-c", script])
            rows.append({"measure": f"API batch of {args.batch} generated cases", "peak_mb": round(mb, 1),
                         "seconds": round(s, 1), "exit": code, "limited": False})
    over = [r for r in rows if r["limited"] and (r["peak_mb"] > args.limit_mb or r["exit"] != 0)]
    if args.json:
        print(json.dumps({"input_mb": round(size_mb, 2), "limit_mb": args.limit_mb, "rows": rows}, indent=2))
    else:
        print(f"largest allowed case: {size_mb:.2f} MB of JSON; limit {args.limit_mb:.0f} MB with --explain")
        for r in rows:
            flag = "  OVER" if r in over else ""
            print(f"  {r['measure']:<42} {r['peak_mb']:>8.1f} MB {r['seconds']:>7.1f} s  exit {r['exit']}{flag}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

"""Load on `sendrules serve` over loopback: requests/s and p50/p99 latency at 1, 8 and 32 clients.

Starts its own server (`sendrules serve` in a child process, 127.0.0.1 only, a free port), sends
synthetic cases (benchmarks/caseload.py: no real data) to POST /v1/cases/evaluate from N client
threads, each sending a fixed number of requests, then stops the server. Bounded: at most
`--requests` requests per level, and a timeout on every request and on the whole run.

    .venv/bin/python benchmarks/serve_load.py                 # 1, 8, 32 clients; 400 requests each
    .venv/bin/python benchmarks/serve_load.py --requests 200 --workers 2 --explain
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from caseload import make_case  # noqa: E402

CLIENTS = (1, 8, 32)
RUN_LIMIT_SECONDS = 600


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not become healthy")


def post(url: str, body: bytes) -> float:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()
        if r.status != 200:
            raise RuntimeError(f"status {r.status}")
    return time.perf_counter() - started


def level(url: str, bodies: list[bytes], clients: int, total: int) -> dict:
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    per_client = max(1, -(-total // clients))   # at least `total` requests in all

    def client(k: int) -> None:
        mine = []
        for i in range(per_client):
            try:
                mine.append(post(url, bodies[(k * per_client + i) % len(bodies)]))
            except Exception:  # noqa: BLE001 - counted and reported
                with lock:
                    failures[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else latencies * 99
    return {"clients": clients, "requests": len(latencies), "failures": failures[0],
            "requests_per_s": round(len(latencies) / elapsed, 1), "p50_ms": round(q[49] * 1000, 1),
            "p99_ms": round(q[98] * 1000, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=400, help="requests per level (default 400)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (sendrules serve --workers)")
    ap.add_argument("--explain", action="store_true", help="ask for the explanation too (larger answers)")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    sendrules = Path(sys.executable).with_name("sendrules")
    proc = subprocess.Popen([str(sendrules), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(args.workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(RUN_LIMIT_SECONDS, proc.kill)   # the run stops by itself, whatever happens
    timer.start()
    try:
        wait_healthy(base, proc)
        rng = random.Random(16)
        bodies = [json.dumps({"case": make_case(rng, i), "as_at": "2026-01-15", "explain": args.explain}).encode()
                  for i in range(200)]
        url = base + "/v1/cases/evaluate"
        for body in bodies[:20]:   # warm up: first requests pay for imports and caches
            post(url, body)
        rows = [level(url, bodies, n, args.requests) for n in CLIENTS]
    finally:
        timer.cancel()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    if args.json:
        print(json.dumps({"workers": args.workers, "explain": args.explain, "cpus": os.cpu_count(), "levels": rows}))
    else:
        print(f"sendrules serve, {args.workers} worker(s), explain={args.explain}, {os.cpu_count()} CPUs, loopback")
        print(f"{'clients':>8} {'requests':>9} {'failures':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for r in rows:
            print(f"{r['clients']:>8} {r['requests']:>9} {r['failures']:>9} {r['requests_per_s']:>8} "
                  f"{r['p50_ms']:>8} {r['p99_ms']:>8}")
    return 1 if any(r["failures"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: `sendrules audit` on a national-size synthetic SEN2 return (720,000 persons by default).

    python benchmarks/audit_national.py [--persons 720000] [--jobs 2] [--seed 1] [--sample 2000]

The return is generated lazily and piped in (never written to disk). Prints, in one run: the time
to generate the XML alone, to generate and parse it alone, and the whole audit end to end (wall
time, persons per second), peak memory of the main process and of the largest worker, the ratio of
the audit to parsing alone, and where the time goes per person (parse, SEN2 -> case, evaluation,
findings) from a timed sample. Target (issue 13): <= 60 s and <= 1 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from sendrules.audit.findings import CitationIndex, person_rows
from sendrules.audit.run import AuditOptions, run_audit
from sendrules.audit.sen2_reader import SEN2Reader
from sendrules.audit.synthetic import GeneratedStream, generate_return
from sendrules.audit.to_case import SEN2_SETTINGS, sen2_to_case


def _mb(kb: int) -> float:
    return kb / 1024


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process, and by its finished children (the workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=720_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=2000, help="persons timed stage by stage")
    args = ap.parse_args()
    n = args.persons

    t = time.perf_counter()
    size = sum(len(c) for c in generate_return(n, seed=args.seed))
    gen_s = time.perf_counter() - t

    t, c = time.perf_counter(), time.process_time()
    parsed = sum(1 for _ in SEN2Reader(GeneratedStream(generate_return(n, seed=args.seed)), "bench.xml"))
    parse_s, parse_cpu = time.perf_counter() - t, time.process_time() - c
    assert parsed == n

    # stage by stage on a sample, one process
    import sendrules
    from sendrules.engines import evaluate_with
    t = time.perf_counter()
    rb = sendrules.load_rulebook()
    load_s = time.perf_counter() - t
    index = CitationIndex(rb)
    persons = []
    reader = SEN2Reader(GeneratedStream(generate_return(args.sample, seed=args.seed + 1)), "sample.xml")
    for p in reader:
        persons.append(p)
    ref = reader.header.reference_date
    stage = {"to_case": 0.0, "evaluate": 0.0, "findings": 0.0}
    for p in persons:
        t0 = time.process_time()
        case = sen2_to_case(p, "999")
        t1 = time.process_time()
        try:
            ev = evaluate_with(rb, "case", case, ref, settings=SEN2_SETTINGS, hash_input=False)  # as the audit does
        except sendrules.InputError:
            continue
        t2 = time.process_time()
        t3 = time.process_time()   # the audit builds no result document per person
        person_rows(ev, "x", index)
        t4 = time.process_time()
        stage["to_case"] += t1 - t0
        stage["evaluate"] += t2 - t1
        stage["findings"] += t4 - t3

    cpu0 = _cpu()
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        summary = run_audit(Path("-"), Path(out), AuditOptions(jobs=args.jobs, quiet=True),
                            stdin=GeneratedStream(generate_return(n, seed=args.seed)))  # type: ignore[arg-type]
        audit_s = time.perf_counter() - t
        out_mb = sum(f.stat().st_size for f in Path(out).iterdir()) / 1e6
    cpu1 = _cpu()
    main_cpu, worker_cpu = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
    audit_cpu = main_cpu + worker_cpu
    main_peak = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    child_peak = _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

    per = {k: 1e6 * v / max(1, len(persons)) for k, v in stage.items()}
    print(f"sendrules audit benchmark  {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC  "
          f"python {sys.version.split()[0]}  jobs={args.jobs}")
    print(f"persons                 {n:,}  ({size / 1e6:,.0f} MB of XML, generated lazily and piped)")
    print(f"generate XML alone      {gen_s:8.1f} s")
    print(f"generate + parse alone  {parse_s:8.1f} s   ({n / parse_s:,.0f} persons/s; CPU {parse_cpu:.1f} s)")
    print(f"audit end to end        {audit_s:8.1f} s   ({n / audit_s:,.0f} persons/s)  "
          f"in={summary.persons_in:,} evaluated={summary.evaluated:,} rejected={summary.rejected:,} "
          f"findings={summary.findings:,}  outputs {out_mb:,.0f} MB")
    print(f"audit CPU time          {audit_cpu:8.1f} s   (all processes; wall time on {args.jobs} free cores would be "
          f"about {audit_cpu / args.jobs:,.0f} s: on a shared machine wall time also counts other users' work)")
    print(f"  of it, main process   {main_cpu:8.1f} s   ({1e6 * main_cpu / n:,.0f} us per person: generating the "
          f"piped XML, parsing it, DfE's counts, writing the outputs)")
    print(f"  of it, workers        {worker_cpu:8.1f} s   ({1e6 * worker_cpu / n:,.0f} us per person: SEN2 -> case, "
          f"evaluation, findings)")
    print(f"ratio audit / parse     {audit_s / parse_s:8.1f}")
    print(f"peak memory             main {main_peak:,.0f} MB; largest worker {child_peak:,.0f} MB; "
          f"sum of processes at most {main_peak + args.jobs * child_peak:,.0f} MB")
    print(f"rulebook load           {load_s:8.2f} s per worker")
    print("CPU per person (sample of {:,}, one process): parse {:.0f} us, SEN2->case {:.0f} us, evaluate {:.0f} us, "
          "findings and measures {:.0f} us".format(len(persons), 1e6 * parse_cpu / n, per["to_case"],
                                                   per["evaluate"], per["findings"]))
    assert summary.persons_in == summary.evaluated + summary.rejected == n
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

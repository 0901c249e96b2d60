"""Benchmark: cases per second on a generated caseload, and what it costs to start.

Machines here are noisy and shared, so every rate is CPU time of this process (time.process_time:
another process's load does not count against it), the best of --repeat interleaved rounds, and
also a ratio to a baseline run in the same process: a hand-written Python function computing the
same core answers (end of compulsory school age, age group, and the 6-week due date and status)
without the engine. The ratios are what the guard (benchmarks/compare.py) compares.

    python benchmarks/bench.py [--cases 3000] [--repeat 3] [--durable-cases 200] [--json]
                               [--record] [--quick]

Sections: per-case rates (evaluation, the result document, canonical JSON, the typed API, and
`only=` the one decision); the growth curve (1, 10, 50, 100 requests; 0, 10, 50 reviews);
load_rulebook() cold and warm and the CLI's start-up for one case (child processes); the durable
backend's ratio (with the [durable] extra); the GoRules ZEN comparison (with the [bench] extra); the
floor: what building and encoding the typical document costs before any rule is decided.
`--record` writes benchmarks/results/<commit>.json (the guard's history); `--quick` is a short run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sendrules  # noqa: E402
from caseload import caseload  # noqa: E402
from sendrules.api import document  # noqa: E402
from sendrules.engines import evaluate_with  # noqa: E402
from sendrules.facts.case import Case  # noqa: E402
from sendrules.result.build import result_dict  # noqa: E402
from sendrules.result.canonical import canonical_json  # noqa: E402

AS_AT = dt.date(2026, 1, 15)
# The shared decision of the ZEN comparison: the person's age group and the 6-week decision.
DECISION = ["status.age_group", "assessment.decision_whether_to_assess"]


def _last_friday_june(y: int) -> dt.date:
    d = dt.date(y, 6, 30)
    return d - dt.timedelta(days=(d.weekday() - 4) % 7)


def _birthday(dob: dt.date, years: int) -> dt.date:
    return dt.date(dob.year + years, 3, 1) if (dob.month, dob.day) == (2, 29) else dob.replace(year=dob.year + years)


def csa_end(dob: dt.date) -> dt.date:
    """End of compulsory school age: the last Friday in June of the school year the person turns 16."""
    b16 = _birthday(dob, 16)
    return _last_friday_june(b16.year) if b16 < dt.date(b16.year, 9, 1) else _last_friday_june(b16.year + 1)


def hand_written(case: Case) -> tuple:
    """The baseline: the core answers coded directly in Python (no citations, no unknowns)."""
    dob = case.person.birth_date
    end = csa_end(dob)
    b25 = _birthday(dob, 25)
    group = "over_25" if AS_AT >= b25 else ("young_person" if AS_AT > end else "child")
    duties = []
    for r in case.requests:
        due = r.received_date + dt.timedelta(weeks=6)
        done = r.outcome_date if r.outcome_date and r.outcome_date <= AS_AT else None
        duties.append("met" if done and done <= due else "met_late" if done else
                      "pending" if AS_AT <= due else "overdue")
    return group, end, tuple(duties)


def _rates(fns: dict[str, Callable[[Any], Any]], items: dict[str, list], repeat: int) -> dict[str, float]:
    """Best-of-`repeat` items/s (CPU time) for each function, in interleaved rounds so that the
    baseline and the engine see the same machine conditions."""
    best = {k: float("inf") for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            xs = items[k]
            t = time.process_time()
            for x in xs:
                fn(x)
            best[k] = min(best[k], max(time.process_time() - t, 1e-9))
    return {k: len(items[k]) / best[k] for k in fns}


# --- the growth curve ------------------------------------------------------------------------

def grown_case(requests: int, reviews: int) -> dict[str, Any]:
    """A case with `requests` decided requests; the first has an issued plan with `reviews` reviews."""
    reqs = []
    for i in range(requests):
        received = dt.date(2024, 1, 8) + dt.timedelta(days=7 * i)
        req: dict[str, Any] = {"request_id": f"R{i + 1}", "received_date": received.isoformat(),
                               "requested_by": "parent", "outcome": "assess",
                               "outcome_date": (received + dt.timedelta(days=30)).isoformat(),
                               "findings": {"has_or_may_have_sen": {"value": True, "by": "panel"},
                                            "sep_may_be_necessary": {"value": True, "by": "panel"}}}
        reqs.append(req)
    if reviews:
        plan: dict[str, Any] = {"draft_served_date": "2024-03-01", "issued_date": "2024-04-02", "reviews": [
            {"review_id": f"V{k + 1}", "meeting_date": (dt.date(2024, 6, 3) + dt.timedelta(days=7 * k)).isoformat(),
             "outcome": "continue",
             "outcome_date": (dt.date(2024, 6, 10) + dt.timedelta(days=7 * k)).isoformat()}
            for k in range(reviews)]}
        reqs[0]["assessment"] = {"plan": plan}
    return {"schema_version": "2.0", "case_id": f"GROW-{requests}-{reviews}",
            "person": {"birth_date": "2014-05-06", "in_authority_area": True}, "requests": reqs}


def growth(rb: Any, repeat: int) -> list[dict[str, Any]]:
    """Cost per case (evaluation and canonical JSON) as requests and reviews grow."""
    out = []
    shapes = [(n, 0) for n in (1, 10, 50, 100)] + [(1, r) for r in (10, 50)]
    for n, r in shapes:
        case = Case.model_validate(grown_case(n, r))
        reps = max(3, 200 // (n + r))
        items = [case] * reps
        rates = _rates({"evaluate": lambda c: evaluate_with(rb, "case", c, AS_AT),
                        "to_json": lambda c: canonical_json(result_dict(evaluate_with(rb, "case", c, AS_AT)))},
                       {"evaluate": items, "to_json": items}, repeat)
        out.append({"requests": n, "reviews": r, "evaluate_us": round(1e6 / rates["evaluate"]),
                    "to_json_us": round(1e6 / rates["to_json"]),
                    "to_json_us_per_record": round(1e6 / rates["to_json"] / (n + r), 1)})
    return out


# --- start-up: child processes ---------------------------------------------------------------

_LOAD = ("import time; t = time.perf_counter(); import sendrules; t1 = time.perf_counter(); "
         "sendrules.load_rulebook(); t2 = time.perf_counter(); print(t1 - t, t2 - t1)")


def _child_load(env: dict[str, str]) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", _LOAD], env=env, capture_output=True, text=True, check=True).stdout
    a, b = out.split()
    return float(a), float(b)


def startup(repeat: int) -> dict[str, Any]:
    """load_rulebook() in a new process without the compile cache (cold) and with it (warm), and the
    CLI's wall time for one case with a warm cache: best of `repeat` runs each."""
    with tempfile.TemporaryDirectory() as cache:
        base = {k: v for k, v in os.environ.items() if not k.startswith("SENDRULES_")}
        cold_env = {**base, "SENDRULES_NO_CACHE": "1"}
        warm_env = {**base, "SENDRULES_CACHE_DIR": cache}
        _child_load(warm_env)  # fills the cache
        cold = min(_child_load(cold_env)[1] for _ in range(repeat))
        warm_runs = [_child_load(warm_env) for _ in range(repeat)]
        warm = min(b for _a, b in warm_runs)
        imp = min(a for a, _b in warm_runs)
        example = HERE.parent / "examples" / "01-six-week-duty-met.json"
        cli = Path(sys.executable).with_name("sendrules")
        cmd = [str(cli), "evaluate", str(example), "--as-at", AS_AT.isoformat(), "--format", "json"]
        walls = []
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run(cmd, env=warm_env, capture_output=True, check=True)
            walls.append(time.perf_counter() - t)
    return {"import_s": round(imp, 3), "load_rulebook_cold_s": round(cold, 3),
            "load_rulebook_warm_s": round(warm, 3), "cli_one_case_s": round(min(walls), 3)}


# --- the peer comparison ---------------------------------------------------------------------

def zen_decision() -> dict[str, Any]:
    """The shared decision as a ZEN graph: dates come in as day numbers (date.toordinal()), and the
    end of compulsory school age and the 25th birthday are computed in Python first (ZEN's
    expression language has no 'last Friday in June of the school year')."""
    expressions = [
        {"id": "e1", "key": "age_group",
         "value": "as_at >= b25 ? 'over_25' : (as_at > csa_end ? 'young_person' : 'child')"},
        {"id": "e2", "key": "due", "value": "received + 42"},
        {"id": "e3", "key": "status",
         "value": "outcome != null and outcome <= as_at ? (outcome <= received + 42 ? 'met' : 'met_late')"
                  " : (as_at <= received + 42 ? 'pending' : 'overdue')"},
    ]
    return {"nodes": [
        {"id": "in", "type": "inputNode", "name": "facts", "position": {"x": 0, "y": 0}},
        {"id": "ex", "type": "expressionNode", "name": "decide", "position": {"x": 200, "y": 0},
         "content": {"expressions": expressions}},
        {"id": "out", "type": "outputNode", "name": "answer", "position": {"x": 400, "y": 0}}],
        "edges": [{"id": "a", "sourceId": "in", "targetId": "ex", "type": "edge"},
                  {"id": "b", "sourceId": "ex", "targetId": "out", "type": "edge"}]}


def zen_context(case: Case) -> dict[str, Any]:
    dob = case.person.birth_date
    r = case.requests[0]
    return {"as_at": AS_AT.toordinal(), "csa_end": csa_end(dob).toordinal(), "b25": _birthday(dob, 25).toordinal(),
            "received": r.received_date.toordinal(),
            "outcome": r.outcome_date.toordinal() if r.outcome_date else None}


def peer(rb: Any, raw: list[dict], cases: list[Case], repeat: int) -> dict[str, Any]:
    """ZEN against sendrules on the shared decision, with the answers checked to agree."""
    try:
        import zen
    except ImportError:
        return {"skipped": "zen-engine not installed (pip install -e \".[bench]\")"}
    decision = zen.ZenEngine().create_decision(json.dumps(zen_decision()))
    one = [{**c, "requests": c["requests"][:1]} for c in raw]
    typed = [Case.model_validate(c) for c in one]
    contexts = [zen_context(c) for c in typed]
    for case, ctx in zip(one, contexts):  # the two must agree before their speeds mean anything
        z = decision.evaluate(ctx)["result"]
        s = sendrules.evaluate(rb, case, AS_AT, only=DECISION)
        duty = s.outcomes["assessment.decision_whether_to_assess[R1]"]
        if z["age_group"] != s.outcomes["status.age_group"].value or (
                duty.status in ("met", "met_late", "pending", "overdue") and z["status"] != duty.status):
            return {"error": f"ZEN and sendrules disagree on {case['case_id']}"}
    rates = _rates({
        "zen": lambda ctx: decision.evaluate(ctx),
        "zen_with_python_precompute": lambda c: decision.evaluate(zen_context(c)),
        "sendrules_evaluate_only": lambda c: sendrules.evaluate(rb, c, AS_AT, only=DECISION),
        "sendrules_engine_only": lambda c: evaluate_with(rb, "case", c, AS_AT, only=DECISION),
        "sendrules_evaluate_full": lambda c: sendrules.evaluate(rb, c, AS_AT),
    }, {"zen": contexts, "zen_with_python_precompute": typed, "sendrules_evaluate_only": one,
        "sendrules_engine_only": one, "sendrules_evaluate_full": one}, repeat)
    out: dict[str, Any] = {k: round(v) for k, v in rates.items()}
    out["sendrules_evaluate_only_over_zen"] = round(rates["sendrules_evaluate_only"] / rates["zen"], 3)
    out["cases"] = len(one)
    return out


def floor(rb: Any, cases: list[Case], repeat: int) -> dict[str, Any]:
    """What any per-case evaluator in this Python must pay for the typical case's output, however
    fast its rules: building the result document's objects at C speed (pickle.loads of the very
    document: no evaluation, no Python code per key), and encoding it as canonical JSON with the
    standard library (json.dumps, sorted keys). Set against the issue's targets (20,000 cases/s
    with the document, 10,000 with canonical JSON), they say how much is left for deciding."""
    import pickle
    docs = [document(evaluate_with(rb, "case", c, AS_AT)) for c in cases]
    blobs = [pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL) for d in docs]
    assert all(pickle.loads(b) == d for b, d in zip(blobs, docs))
    rates = _rates({"build": pickle.loads, "encode": canonical_json}, {"build": blobs, "encode": docs}, repeat)
    build_us, encode_us = 1e6 / rates["build"], 1e6 / rates["encode"]
    return {
        "cases": len(docs),
        "outcomes_per_document": round(sum(len(d["outcomes"]) for d in docs) / len(docs), 1),
        "bytes_per_document": round(sum(len(canonical_json(d)) for d in docs) / len(docs)),
        "build_document_us": round(build_us, 1),
        "encode_canonical_json_us": round(encode_us, 1),
        # the budget per case at the targets, and what is left of it for everything but the floor
        "left_for_deciding_at_20000_per_s_us": round(50 - build_us, 1),
        "left_for_deciding_at_10000_per_s_with_json_us": round(100 - build_us - encode_us, 1),
    }


def _durable_available() -> bool:
    from sendrules.durable.host import available
    return available()


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=HERE, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def measure(args: argparse.Namespace) -> dict[str, Any]:
    rb = sendrules.load_rulebook()
    raw = caseload(args.cases)
    cases = [Case.model_validate(c) for c in raw]
    fns: dict[str, Callable[[Any], Any]] = {
        "baseline": hand_written,
        "validate_json_case": Case.model_validate,
        "evaluate": lambda c: evaluate_with(rb, "case", c, AS_AT),
        "evaluate_document": lambda c: document(evaluate_with(rb, "case", c, AS_AT)),
        "evaluate_to_json": lambda c: canonical_json(result_dict(evaluate_with(rb, "case", c, AS_AT))),
        "evaluate_explain": lambda c: evaluate_with(rb, "case", c, AS_AT, explain=True),
        "api_evaluate_typed": lambda c: sendrules.evaluate(rb, c, AS_AT),
        "evaluate_only_decision_to_json": lambda c: canonical_json(document(
            evaluate_with(rb, "case", c, AS_AT, only=DECISION))),
    }
    items = {k: cases for k in fns}
    items["validate_json_case"] = raw
    items["api_evaluate_typed"] = raw[: max(1, len(raw) // 4)]
    if args.durable_cases and _durable_available():
        from sendrules.durable.backend import compile_durable, evaluate_durable
        drb = compile_durable(rb)
        drb.engine._host()  # this thread's Host with every ruleset created
        subset = cases[:args.durable_cases]
        fns["evaluate_python_same_cases"] = lambda c: evaluate_with(rb, "case", c, AS_AT)
        fns["evaluate_durable"] = lambda c: evaluate_durable(rb, "case", c, AS_AT, compiled=drb)
        items["evaluate_python_same_cases"] = items["evaluate_durable"] = subset
    figures = _rates(fns, items, args.repeat)
    baseline = figures.pop("baseline")
    out: dict[str, Any] = {
        "commit": commit(),
        "python": sys.version.split()[0],
        "cases": args.cases,
        "rules": len(rb.programs),
        "baseline_hand_written_cases_per_s": round(baseline),
        "cases_per_s": {k: round(v) for k, v in figures.items()},
        # four significant figures: the durable ratio is about 0.0002, where 4 decimals would be coarse
        "ratio_to_baseline": {k: float(f"{v / baseline:.4g}") for k, v in figures.items()},
    }
    if "evaluate_durable" in figures:
        out["durable"] = {
            "cases": len(items["evaluate_durable"]),
            "python_cases_per_s": round(figures["evaluate_python_same_cases"]),
            "durable_cases_per_s": round(figures["evaluate_durable"]),
            "python_over_durable": round(figures["evaluate_python_same_cases"] / figures["evaluate_durable"], 1),
        }
    elif args.durable_cases:
        out["durable"] = {"skipped": "durable-rules not installed (pip install -e \".[durable]\")"}
    out["growth"] = growth(rb, args.repeat)
    out["startup"] = startup(args.repeat)
    out["peer_zen"] = peer(rb, raw[: min(len(raw), 1000)], cases, args.repeat)
    out["floor"] = floor(rb, cases[: min(len(cases), 1000)], args.repeat)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def report(out: dict[str, Any]) -> None:
    base = out["baseline_hand_written_cases_per_s"]
    print(f"{out['cases']} generated cases, {out['rules']} rules, commit {out['commit']}, Python {out['python']}"
          " (rates are CPU time of this process)")
    print(f"baseline (hand-written Python, same process): {base:>9,} cases/s")
    for k, v in out["cases_per_s"].items():
        print(f"{k:<32} {v:>9,} cases/s   ratio to baseline {out['ratio_to_baseline'][k]:.4f}")
    d = out.get("durable") or {}
    if "skipped" in d:
        print(f"durable backend: skipped: {d['skipped']}")
    elif d:
        print(f"backends on the same {d['cases']} cases: python {d['python_cases_per_s']:,} cases/s, "
              f"durable {d['durable_cases_per_s']:,} cases/s; python/durable = {d['python_over_durable']}x")
    print("growth (one case; microseconds):")
    for g in out["growth"]:
        print(f"  {g['requests']:>3} requests {g['reviews']:>2} reviews: evaluate {g['evaluate_us']:>7,} us, "
              f"with JSON {g['to_json_us']:>7,} us = {g['to_json_us_per_record']:,} us per request/review")
    s = out["startup"]
    print(f"start-up: import {s['import_s']} s; load_rulebook() cold {s['load_rulebook_cold_s']} s, warm (compile "
          f"cache) {s['load_rulebook_warm_s']} s; CLI for one case {s['cli_one_case_s']} s (wall)")
    z = out["peer_zen"]
    if "skipped" in z:
        print(f"ZEN comparison: skipped: {z['skipped']}")
    elif "error" in z:
        print(f"ZEN comparison: {z['error']}")
    else:
        print(f"ZEN comparison on the shared decision ({z['cases']} cases): ZEN {z['zen']:,}/s "
              f"({z['zen_with_python_precompute']:,}/s with the Python precompute); sendrules.evaluate(only=) "
              f"{z['sendrules_evaluate_only']:,}/s, engine alone {z['sendrules_engine_only']:,}/s, full "
              f"evaluate() {z['sendrules_evaluate_full']:,}/s; evaluate(only=)/ZEN = "
              f"{z['sendrules_evaluate_only_over_zen']}")
    f = out.get("floor")
    if f:
        print(f"floor of the typical document ({f['outcomes_per_document']} outcomes, {f['bytes_per_document']:,} "
              f"bytes): built at C speed {f['build_document_us']} us, canonical JSON {f['encode_canonical_json_us']} "
              f"us; left for deciding at 20,000/s {f['left_for_deciding_at_20000_per_s_us']} us, at 10,000/s with "
              f"JSON {f['left_for_deciding_at_10000_per_s_with_json_us']} us")
    print(f"peak memory {out['peak_rss_mb']} MB")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--durable-cases", type=int, default=200,
                    help="cases for the durable backend (much slower; 0 to skip it)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--record", action="store_true", help="write benchmarks/results/<commit>.json")
    ap.add_argument("--quick", action="store_true", help="a short run (500 cases, 2 rounds, 50 durable cases)")
    args = ap.parse_args()
    if args.quick:
        args.cases, args.repeat, args.durable_cases = 500, 2, min(args.durable_cases, 50)
    out = measure(args)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        report(out)
    if args.record:
        out["recorded"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        path = HERE / "results" / f"{out['commit']}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"recorded {path.relative_to(HERE.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

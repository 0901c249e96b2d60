"""The confined adapter closes each hazard measured in durable-rules 2.0.28 (docs/adr/0012)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from typing import Any

import pytest

from durable_support import normalised, require_durable, scenario_args, scenarios


@pytest.fixture(autouse=True)
def _durable():
    require_durable()


def _engine(action, host_class=None):
    from sendrules.durable.host import ConfinedEngine
    return ConfinedEngine(lambda: {"t": {"r": {"all": [{"m": {"$and": [{"t": "v"}, {"n": 1}]}}], "run": action}}},
                          host_class)


def _timers() -> set[int]:
    return {t.ident for t in threading.enumerate() if isinstance(t, threading.Timer)}


def test_quiet_host_starts_no_timer_threads():
    """The stock Host starts timers that run pending actions on their own thread (the race
    the stress test shows); the adapter's Host starts none."""
    from sendrules.durable.host import stock_host_class
    before = _timers()
    _engine(lambda c: None)._host()
    assert _timers() == before
    stock_host_class()()
    started = [t for t in threading.enumerate() if isinstance(t, threading.Timer) and t.ident not in before]
    assert started
    for t in started:  # they re-arm themselves forever; stop them for the rest of the run
        t.cancel()


def test_an_error_inside_an_action_is_raised_without_the_fact():
    from sendrules.durable.host import DurableActionError

    def boom(c):
        raise RuntimeError("inside the action")
    eng = _engine(boom)
    with pytest.raises(DurableActionError) as info:
        eng.run("t", [[{"t": "v", "id": "a", "n": 1, "dob": "2011-03-04"}]])
    assert "2011-03-04" not in str(info.value)


def test_sessions_are_deleted_even_when_actions_fail_or_nothing_matches():
    """durable-rules keeps at most 1,024 live sessions per ruleset, and deleting a session no
    rule matched can crash: 1,100 failing and 1,100 unmatched runs must all clean up."""
    from sendrules.durable.host import DurableActionError

    def boom(c):
        raise RuntimeError("x")
    eng = _engine(boom)
    for i in range(1100):
        with pytest.raises(DurableActionError):
            eng.run("t", [[{"t": "v", "id": f"a{i}", "n": 1}]])
        eng.run("t", [[{"t": "v", "id": f"b{i}", "n": 2}]])  # only the catch-all pattern sees it


def test_facts_must_be_strict_json():
    from sendrules.durable.host import strict_json
    with pytest.raises(TypeError):
        strict_json({"d": dt.date(2020, 1, 1)})
    with pytest.raises(ValueError):
        strict_json({"x": float("nan")})
    f = {"a": 1}
    assert strict_json(f) is not f
    # the engine writes each fact as strict JSON text itself, so it never shares or loosens one
    eng = _engine(lambda c: None)
    with pytest.raises(TypeError):
        eng.run("t", [[{"t": "v", "id": "d", "n": 1, "d": dt.date(2020, 1, 1)}]])
    with pytest.raises(ValueError):
        eng.run("t", [[{"t": "v", "id": "x", "n": 1, "x": float("nan")}]])
    fact = {"t": "v", "id": "a", "n": 1}
    eng.run("t", [[fact]])
    assert fact == {"t": "v", "id": "a", "n": 1}   # no `sid` written into the caller's fact


def test_each_thread_has_its_own_host():
    eng = _engine(lambda c: None)
    hosts = []
    th = threading.Thread(target=lambda: hosts.append(eng._host()))
    th.start()
    th.join()
    assert hosts[0] is not eng._host()


def test_ruleset_names_carry_the_rulebook_version(rulebook):
    from sendrules.durable.backend import compile_durable
    drb = compile_durable(rulebook)
    assert rulebook.content_hash[:16] in drb.ruleset_name("status.age_group")


def test_every_rule_is_compiled_to_durable(rulebook):
    """Nothing of the bundled law falls back to the Python evaluator at compile time."""
    from sendrules.durable.backend import compile_durable
    drb = compile_durable(rulebook)
    assert [p for p, plan in drb.plans.items() if plan.delegated] == []


def _stress(rb, threads: int, switch: float, limit: int) -> dict[str, Any]:
    """`threads` threads evaluate the first `limit` scenarios on the durable backend with
    `sys.setswitchinterval(switch)`; each result is compared with the single-threaded Python one.
    (benchmarks/durable_stress.py is the same run with the stock Host for comparison.)"""
    import sendrules
    from sendrules.durable.backend import compile_durable, evaluate_durable
    from sendrules.result.canonical import canonical_json

    def doc(ev) -> str:
        return canonical_json(normalised(sendrules.document(ev, all_outcomes=True)))
    items = []
    for ls in scenarios()[:limit]:
        root, data, as_at, settings, parameters = scenario_args(ls)
        try:
            want = doc(sendrules.evaluate_with(rb, root, data, as_at, settings=settings, parameters=parameters))
        except sendrules.InputError:
            continue
        items.append((root, data, as_at, settings, parameters, want))
    drb = compile_durable(rb)
    wrong = [0]
    errors: list[str] = []
    lock = threading.Lock()

    def work(offset: int) -> None:
        for i in range(len(items)):
            root, data, as_at, settings, parameters, want = items[(i + offset * 97) % len(items)]
            try:
                got = doc(evaluate_durable(rb, root, data, as_at, settings, False, parameters, compiled=drb))
            except Exception as exc:  # noqa: BLE001 - counted and reported, by type only
                with lock:
                    errors.append(type(exc).__name__)
                continue
            if got != want:
                with lock:
                    wrong[0] += 1
    old = sys.getswitchinterval()
    sys.setswitchinterval(switch)
    try:
        ts = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for th in ts:
            th.start()
        for th in ts:
            th.join()
    finally:
        sys.setswitchinterval(old)
    return {"cases": threads * len(items), "wrong": wrong[0], "errors": len(errors), "error_types": sorted(set(errors))}


def test_four_threads_with_a_tiny_switch_interval_agree_with_python(rulebook):
    """The issue's stress: 4 threads, sys.setswitchinterval(1e-5), on the confined adapter.
    (The same run on the stock Host gave wrong results and errors: docs/adr/0012.)"""
    r = _stress(rulebook, threads=4, switch=1e-5, limit=120)
    assert r["cases"] >= 400
    assert (r["wrong"], r["errors"]) == (0, 0), r


def _engine_neutral(text: str) -> dict:
    return normalised(json.loads(text))


def test_cli_and_api_select_the_durable_engine(tmp_path, capsys, rulebook):
    """`--engine durable` and `engine="durable"` reach the durable backend and agree with python
    (the documents differ only in the receipt's engine and run hash); an unknown engine is refused."""
    import sendrules
    from sendrules import cli
    from casebuilders import DUTY, child_request_case
    path = tmp_path / "case.json"
    path.write_text(json.dumps(child_request_case(notified="2025-02-20")), encoding="utf-8")
    outs = []
    for engine in ("python", "durable"):
        assert cli.main(["evaluate", str(path), "--as-at", "2025-03-01", "--format", "json", "--engine", engine]) == 0
        outs.append(capsys.readouterr().out)
    assert [json.loads(o)["receipt"]["engine"] for o in outs] == ["python", "durable"]
    assert _engine_neutral(outs[0]) == _engine_neutral(outs[1])
    assert json.loads(outs[1])["outcomes"][DUTY]["status"] == "met_late"
    rb = rulebook
    case = child_request_case(notified="2025-02-20")
    on_durable = sendrules.evaluate(rb, case, dt.date(2025, 3, 1), engine="durable", explain=True)
    on_python = sendrules.evaluate(rb, case, dt.date(2025, 3, 1), explain=True)
    assert (on_durable.receipt.engine, on_python.receipt.engine) == ("durable", "python")
    assert on_durable.outcomes[DUTY].status == "met_late"
    assert normalised(on_durable.to_dict()) == normalised(on_python.to_dict())
    with pytest.raises(sendrules.InputError, match="unknown engine"):
        sendrules.evaluate(rb, case, dt.date(2025, 3, 1), engine="drools")

"""The HTTP service over a real loopback socket: the CLI's bytes, every endpoint, authentication,
limits, hostile bodies (and that it keeps serving after each), concurrency and a quiet access log."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from serve_support import call, call_chunked, running
from subprocess_cli import sendrules as run_cli

from sendrules.scenarios.runner import run_all
from sendrules.schema import json_schema
from sendrules.serve.app import create_app
from sendrules.serve.limits import Limits
from sendrules.serve.pool import Busy, EvaluationPool

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TOKEN = "a-test-token-of-32-characters-xx"
SECRET = "ZQX-UNIQUE-9d3f"   # a value no answer or log line may ever contain


def _case(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _plan_case() -> dict:
    """Received 5 Jan 2026, decided to assess 10 Feb 2026: the final plan is due 20 weeks after receipt."""
    return {"schema_version": "2.0", "case_id": "SERVE-1", "person": {"birth_date": "2015-03-02"},
            "requests": [{"request_id": "R1", "received_date": "2026-01-05", "requested_by": "parent",
                          "outcome_date": "2026-02-10", "outcome": "assess"}]}


@pytest.fixture(scope="module")
def server(rulebook):
    with running(create_app(rulebook)) as url:
        yield url


@pytest.fixture(scope="module")
def guarded(rulebook):
    with running(create_app(rulebook, token=TOKEN)) as url:
        yield url


@pytest.fixture(scope="module")
def strict(rulebook):
    limits = Limits(max_body_bytes=20_000, max_batch_lines=3, max_requests_per_case=2, max_depth=12, max_scenarios=2)
    with running(create_app(rulebook, limits=limits)) as url:
        yield url


def _still_serving(url: str) -> None:
    assert call("GET", url + "/health").status == 200
    ok = call("POST", url + "/v1/cases/evaluate", {"case": _plan_case(), "as_at": "2026-03-01"})
    assert ok.status == 200, ok.body
    assert ok.json()["case_id"] == "SERVE-1"


# ---------------------------------------------------------------- the CLI's bytes
@pytest.mark.parametrize("example, options, flags", [
    ("02-six-week-duty-overdue.json", {}, []),
    ("07-plan-reviews-and-notices.json", {"explain": True, "all_outcomes": True}, ["--explain", "--all"]),
    ("04-undetermined-needs-finding.json", {"settings": {"due_soon_days": 14}}, ["--setting", "due_soon_days=14"]),
])
def test_a_case_answer_is_the_cli_bytes(server, example, options, flags):
    cli = run_cli("evaluate", EXAMPLES / example, "--as-at", "2026-01-15", "--format", "json", *flags)
    assert cli.returncode == 0, cli.stderr
    got = call("POST", server + "/v1/cases/evaluate", {"case": _case(example), "as_at": "2026-01-15", **options})
    assert got.status == 200
    assert got.headers["content-type"] == "application/json"
    assert got.body == cli.stdout


def test_an_area_answer_is_the_cli_bytes(server):
    cli = run_cli("evaluate", EXAMPLES / "08-area-local-offer.json", "--as-at", "2026-01-15", "--format", "json")
    got = call("POST", server + "/v1/areas/evaluate", {"area": _case("08-area-local-offer.json"), "as_at": "2026-01-15"})
    assert got.status == 200
    assert got.body == cli.stdout


def test_without_an_as_at_date_the_receipt_says_today_in_england(server):
    got = call("POST", server + "/v1/cases/evaluate", {"case": _plan_case()}).json()
    assert got["receipt"]["as_at_default"] == "today in Europe/London"


def test_a_batch_streams_one_line_per_input_line_in_order(server):
    names = ["01-six-week-duty-met.json", "02-six-week-duty-overdue.json", "08-area-local-offer.json"]
    lines = [json.dumps(_case(n)) for n in names]
    body = "\n".join([lines[0], "", lines[1], '{"case_id": "x"', lines[2], "[1, 2]"]) + "\n"
    got = call("POST", server + "/v1/batch?as_at=2026-01-15", raw=body.encode(),
               headers={"Content-Type": "application/x-ndjson"})
    assert got.status == 200
    assert got.headers["content-type"].startswith("application/x-ndjson")
    out = got.body.decode().splitlines()
    assert len(out) == 5
    for name, line in zip(names, [out[0], out[1], out[3]]):
        # each line is the single-case answer (itself the CLI's bytes, tested above) without its newline
        root = "area" if name.startswith("08-area") else "case"
        one = call("POST", server + f"/v1/{root}s/evaluate", {root: _case(name), "as_at": "2026-01-15"})
        assert line.encode() + b"\n" == one.body
    bad = json.loads(out[2])["error"]
    assert bad["line"] == 4 and bad["kind"] == "invalid_input" and "not valid JSON" in bad["problems"][0]
    assert json.loads(out[4])["error"]["line"] == 6


def test_a_batch_option_that_is_wrong_is_named(server):
    got = call("POST", server + "/v1/batch?as_at=2026-02-30", raw=b"{}\n")
    assert got.status == 422
    assert got.json()["error"]["problems"][0].startswith("as_at:")


# ---------------------------------------------------------------- what-if, rules, schemas, scenarios
def test_whatif_shows_the_final_plan_due_two_weeks_earlier_at_18_weeks(server):
    got = call("POST", server + "/v1/whatif", {"case": _plan_case(), "as_at": "2026-03-01",
                                               "changes": {"final_plan_weeks": 18}})
    assert got.status == 200, got.body
    doc = got.json()
    changes = {c["key"]: c for c in doc["changes"]}
    # 5 Jan 2026 + 20 weeks = Mon 25 May 2026; + 18 weeks = Mon 11 May 2026
    assert changes["plan.final_plan[R1]"]["before"]["due"] == "2026-05-25"
    assert changes["plan.final_plan[R1]"]["after"]["due"] == "2026-05-11"
    assert doc["before"]["outcomes"]["plan.final_plan[R1]"]["duty"]["due"] == "2026-05-25"
    assert doc["after"]["receipt"]["parameters_overridden"] == {"final_plan_weeks": 18}
    unchanged = call("POST", server + "/v1/whatif", {"case": _plan_case(), "as_at": "2026-03-01",
                                                     "changes": {"final_plan_weeks": 20}}).json()
    assert unchanged["changes"] == []


@pytest.mark.parametrize("changes, fragment", [
    ({"final_plan_weeks": -3}, "final_plan_weeks"),
    ({"no_such_weeks": 3}, "changes.no_such_weeks: no such parameter"),
    ({}, "changes"),
])
def test_whatif_refuses_a_change_the_law_cannot_take(server, changes, fragment):
    got = call("POST", server + "/v1/whatif", {"case": _plan_case(), "as_at": "2026-03-01", "changes": changes})
    assert got.status == 422
    assert any(fragment in p for p in got.json()["error"]["problems"]), got.body


def test_the_catalogue_and_schemas_are_the_cli_documents(server):
    assert call("GET", server + "/v1/rules").body == run_cli("rules", "--format", "json").stdout
    assert call("GET", server + "/v1/schemas/case").json() == json_schema("case")
    assert call("GET", server + "/v1/schemas/nothing").status == 404
    rule = call("GET", server + "/v1/rules/plan.final_plan").json()
    assert rule["rule"] == "plan.final_plan" and rule["versions"]
    missing = call("GET", server + "/v1/rules/plan.finl_plan")
    assert missing.status == 404 and "did you mean" in missing.json()["error"]["problems"][0]


def test_a_scenario_file_runs_as_sendrules_test_does(server, rulebook):
    path = ROOT / "rules" / "scenarios" / "plans.yaml"
    got = call("POST", server + "/v1/scenarios", raw=path.read_bytes(), headers={"Content-Type": "application/yaml"})
    results, errors = run_all(rulebook, [path])   # what `sendrules test FILE` runs
    doc = got.json()
    assert got.status == 200 and not errors
    assert (doc["passed"], doc["failed"]) == (len(results), 0) and doc["passed"] > 0
    assert [s["name"] for s in doc["scenarios"]] == [r.name for r in results]
    broken = call("POST", server + "/v1/scenarios", raw=b"format: sendrules.scenarios/2\nscenarios: [\n")
    assert broken.status == 200 and broken.json()["errors"] and broken.json()["passed"] == 0


def test_a_failing_scenario_is_reported_failed(server):
    text = ("format: sendrules.scenarios/2\nscenarios:\n  - name: wrong on purpose\n    source: SEND Regs reg 13(2)\n"
            "    working: twenty weeks from 5 Jan 2026 is 25 May 2026, not 1 June\n    as_at: 2026-03-01\n"
            "    case: {person: {birth_date: 2015-03-02}, requests: [{request_id: R1, received_date: 2026-01-05,"
            " requested_by: parent, outcome: assess, outcome_date: 2026-02-10}]}\n"
            "    expect: {outcomes: {'plan.final_plan[R1]': {due: 2026-06-01}}}\n")
    doc = call("POST", server + "/v1/scenarios", raw=text.encode()).json()
    assert doc["failed"] == 1 and "2026-05-25" in doc["scenarios"][0]["failures"][0]


def test_examples_are_the_bundled_scenarios_cases(server):
    listing = call("GET", server + "/v1/examples").json()["examples"]
    assert len(listing) > 100
    one = call("GET", server + f"/v1/examples/{listing[0]['id']}").json()
    assert one["case"]["schema_version"] == "2.0"
    assert call("POST", server + "/v1/cases/evaluate", {"case": one["case"], "as_at": one["as_at"]}).status == 200
    assert call("GET", server + "/v1/examples/nope").status == 404


def test_openapi_documents_the_real_models(server):
    doc = call("GET", server + "/openapi.json").json()
    schemas = doc["components"]["schemas"]
    body = doc["paths"]["/v1/cases/evaluate"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/EvaluateCase"}
    assert schemas["EvaluateCase"]["properties"]["case"] == {"$ref": "#/components/schemas/Case"}
    assert "requests" in schemas["Case"]["properties"] and "birth_date" in schemas["Person"]["properties"]
    ok = doc["paths"]["/v1/cases/evaluate"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Result"}
    assert "outcomes" in schemas["Result"]["properties"]
    assert schemas["WhatIf"]["properties"]["changes"]["minProperties"] == 1


# ---------------------------------------------------------------- authentication
def test_without_the_token_every_api_request_is_refused_with_no_detail(guarded):
    for method, path, body in [("POST", "/v1/cases/evaluate", {"case": _plan_case()}), ("GET", "/v1/rules", None),
                               ("GET", "/v1/examples", None), ("POST", "/v1/batch", {})]:
        for headers in ({}, {"Authorization": "Bearer wrong-token-of-many-chars"}, {"Authorization": TOKEN},
                        {"Authorization": f"Basic {TOKEN}"}):
            got = call(method, guarded + path, body, headers)
            assert got.status == 401, (path, headers)
            assert got.json() == {"error": {"kind": "unauthorized"}}
            assert got.headers["www-authenticate"] == "Bearer"
    ok = call("POST", guarded + "/v1/cases/evaluate", {"case": _plan_case(), "as_at": "2026-03-01"},
              {"Authorization": f"Bearer {TOKEN}"})
    assert ok.status == 200
    # the page and the health check carry no case data and need no token
    assert call("GET", guarded + "/health").status == 200
    assert call("GET", guarded + "/").status == 200


# ---------------------------------------------------------------- limits and hostile bodies
def _assert_refused(reply, status: int, fragment: str) -> None:
    assert reply.status == status, reply.body[:300]
    doc = reply.json()
    assert any(fragment in p for p in doc["error"]["problems"]), doc
    assert SECRET not in reply.body.decode("utf-8", "replace")


def test_a_body_over_the_limit_is_413_declared_or_chunked(strict):
    big = {"case": _plan_case(), "padding": SECRET * 3000}
    _assert_refused(call("POST", strict + "/v1/cases/evaluate", big), 413, "<body>: larger than 20000 bytes")
    chunks = iter([b'{"case": {"case_id": "', SECRET.encode() * 2000, b'"}}'] * 3)
    _assert_refused(call_chunked(strict + "/v1/cases/evaluate", chunks), 413, "<body>: larger than 20000 bytes")
    _still_serving(strict)


def test_too_many_requests_in_a_case_is_422_naming_the_path(strict):
    case = _plan_case()
    case["requests"] = [dict(case["requests"][0], request_id=f"R{i}") for i in range(3)]
    _assert_refused(call("POST", strict + "/v1/cases/evaluate", {"case": case}), 422, "case.requests: more than 2")
    _still_serving(strict)


def test_a_batch_over_its_length_is_413(strict):
    line = json.dumps(_plan_case())
    _assert_refused(call("POST", strict + "/v1/batch", raw=("\n".join([line] * 4)).encode()), 413,
                    "more than 3 lines")
    _still_serving(strict)


def test_a_scenario_file_over_its_length_is_413(strict):
    text = "format: sendrules.scenarios/2\nscenarios:\n" + "  - {name: x}\n" * 3
    _assert_refused(call("POST", strict + "/v1/scenarios", raw=text.encode()), 413, "scenarios: more than 2")
    _still_serving(strict)


HOSTILE = [
    ("nesting past the service's depth", b'{"case": ' + b"[" * 40 + b"]" * 40 + b"}", "<body>: nested more than 32"),
    ("nesting of thousands", b'{"case": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested"),
    ("nesting past the parser's recursion", b"[" * 19_000 + b"]" * 19_000, "nested"),
    ("a huge string where a date goes", json.dumps({"case": {**_plan_case(), "person": {
        "birth_date": SECRET * 1000}}}).encode(), "person.birth_date"),
    ("a huge unknown key", json.dumps({"case": {**_plan_case(), SECRET * 500: 1}}).encode(), "unexpected key"),
    ("a case that is a list", json.dumps({"case": [SECRET]}).encode(), "must be a JSON object"),
    ("requests as text", json.dumps({"case": {**_plan_case(), "requests": SECRET}}).encode(), "requests"),
    ("as_at as a number", json.dumps({"case": _plan_case(), "as_at": 20260101}).encode(), "as_at"),
    ("settings as a list", json.dumps({"case": _plan_case(), "settings": [SECRET]}).encode(), "settings"),
    ("an unknown option", json.dumps({"case": _plan_case(), SECRET.lower(): 1}).encode(), "unexpected key"),
    ("no case", json.dumps({"as_at": "2026-01-01"}).encode(), "case: required field is missing"),
    ("a body that is not an object", json.dumps([SECRET]).encode(), "must be a JSON object"),
    ("a key given twice", b'{"case": {"case_id": "a", "case_id": "b"}}', "given twice"),
    ("a 40-digit number", b'{"case": {"case_id": 1234567890123456789012345678901234567890}}', "longer than"),
    ("NaN", b'{"case": {"case_id": NaN}}', "NaN"),
    ("bytes that are not UTF-8", b'{"case": "\xff\xfe' + SECRET.encode() + b'"}', "not UTF-8"),
    ("not JSON", b"{case: " + SECRET.encode(), "not valid JSON"),
    ("empty", b"", "not valid JSON"),
    ("a birth after the as-at date", json.dumps({"case": {**_plan_case(), "person": {"birth_date": "2027-01-01"}},
                                                  "as_at": "2026-03-01"}).encode(), "person.birth_date"),
    ("a setting out of range", json.dumps({"case": _plan_case(), "settings": {"due_soon_days": 10 ** 20}}).encode(),
     "due_soon_days"),
]


@pytest.mark.parametrize("what, body, fragment", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_body_is_refused_by_name_and_the_service_keeps_serving(server, what, body, fragment):
    reply = call("POST", server + "/v1/cases/evaluate", raw=body)
    _assert_refused(reply, 422, fragment)
    _still_serving(server)


def test_deep_nesting_in_a_batch_line_is_that_lines_error(server):
    body = b"[" * 50 + b"]" * 50 + b"\n" + json.dumps(_plan_case()).encode()
    out = call("POST", server + "/v1/batch?as_at=2026-03-01", raw=body).body.decode().splitlines()
    assert "nested more than 32 levels" in json.loads(out[0])["error"]["problems"][0]
    assert json.loads(out[1])["case_id"] == "SERVE-1"


def test_unknown_paths_and_methods_answer_json(server):
    assert call("GET", server + "/v1/nothing").status == 404
    got = call("GET", server + "/v1/cases/evaluate")   # the page's files are served under /, so 404
    assert got.status in (404, 405) and got.json()["error"]["kind"] == "not_found"


# ---------------------------------------------------------------- concurrency and the event loop
def test_concurrent_requests_all_get_their_own_answer(server):
    cases = []
    for i in range(24):
        case = _plan_case()
        case["case_id"] = f"C{i}"
        case["requests"][0]["received_date"] = f"2026-01-{1 + i:02d}"
        cases.append(case)
    alone = [call("POST", server + "/v1/cases/evaluate", {"case": c, "as_at": "2026-03-01"}).body for c in cases[:3]]
    with ThreadPoolExecutor(12) as ex:
        got = list(ex.map(lambda c: call("POST", server + "/v1/cases/evaluate", {"case": c, "as_at": "2026-03-01"}),
                          cases))
    assert all(r.status == 200 for r in got)
    assert [r.json()["case_id"] for r in got] == [c["case_id"] for c in cases]
    assert [r.body for r in got[:3]] == alone


def test_health_answers_while_a_batch_is_being_evaluated(server):
    body = ("\n".join(json.dumps(dict(_plan_case(), case_id=f"B{i}")) for i in range(120)) + "\n").encode()
    done = threading.Event()
    result = {}

    def batch() -> None:
        result["reply"] = call("POST", server + "/v1/batch?as_at=2026-03-01&explain=true", raw=body)
        done.set()

    worker = threading.Thread(target=batch)
    worker.start()
    answered_during = 0
    while not done.is_set():
        assert call("GET", server + "/health", timeout=10).status == 200
        answered_during += 1
    worker.join()
    assert len(result["reply"].body.decode().splitlines()) == 120
    assert answered_during >= 1


def test_the_pool_refuses_beyond_its_capacity_instead_of_queueing_without_end():
    gate = threading.Event()

    async def scenario() -> list:
        pool = EvaluationPool(threads=1, max_waiting=1)
        first = asyncio.ensure_future(pool.run(gate.wait, 10))
        second = asyncio.ensure_future(pool.run(lambda: "second"))
        await asyncio.sleep(0.05)
        with pytest.raises(Busy):
            await pool.run(lambda: "third")
        gate.set()
        out = [await first, await second, await pool.run(lambda: "after")]
        pool.shutdown()
        return out

    assert asyncio.run(scenario()) == [True, "second", "after"]


# ---------------------------------------------------------------- privacy
def test_the_access_log_has_no_body_no_query_and_no_token(guarded, caplog):
    case = dict(_plan_case(), case_id=SECRET)
    with caplog.at_level(logging.INFO, logger="sendrules.serve.access"):
        call("POST", guarded + f"/v1/cases/evaluate?note={SECRET}", {"case": case, "as_at": "2026-03-01"},
             {"Authorization": f"Bearer {TOKEN}"})
        call("POST", guarded + "/v1/cases/evaluate", {"case": case}, {"Authorization": f"Bearer {SECRET}-wrong-x"})
        # the server's thread writes its line just after the answer is sent: give it a moment
        for _ in range(100):
            lines = [r.getMessage() for r in caplog.records if r.name == "sendrules.serve.access"]
            if len(lines) >= 2:
                break
            time.sleep(0.05)
    assert any(line.startswith("POST /v1/cases/evaluate 200") for line in lines), lines
    assert any(line.startswith("POST /v1/cases/evaluate 401") for line in lines), lines
    assert not any(SECRET in line or TOKEN in line or "2015-03-02" in line for line in lines)


def test_a_bug_answers_500_without_the_data_and_the_service_keeps_serving(rulebook, monkeypatch, caplog):
    from sendrules.serve import work

    def broken(*args: object) -> None:
        raise KeyError(SECRET)

    server_log = logging.getLogger("uvicorn.error")   # where uvicorn writes a traceback
    with running(create_app(rulebook)) as url:
        monkeypatch.setattr(work, "evaluate_body", broken)
        server_log.addHandler(caplog.handler)
        try:
            with caplog.at_level(logging.INFO):
                got = call("POST", url + "/v1/cases/evaluate", {"case": _plan_case()})
                time.sleep(0.3)   # the server's log lines come just after the answer
        finally:
            server_log.removeHandler(caplog.handler)
        assert got.status == 500
        assert got.json() == {"error": {"kind": "internal_error", "problems": [
            "KeyError (please report; no case data is shown)"]}}
        assert SECRET not in caplog.text
        monkeypatch.undo()
        _still_serving(url)


def test_the_page_forbids_loading_anything_from_elsewhere(server):
    page = call("GET", server + "/")
    assert page.status == 200 and b"explorer.js" in page.body
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("explorer.js", "explorer.css", "index.html"):
        text = call("GET", server + "/" + asset).body.decode()
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text


# ---------------------------------------------------------------- the command
def test_sendrules_serve_refuses_a_short_token_file(tmp_path):
    short = tmp_path / "token"
    short.write_text("short\n")
    proc = run_cli("serve", "--token-file", short, "--port", "1")
    assert proc.returncode == 2
    assert b"--token-file: the token must be at least 16 characters" in proc.stderr
    assert b"short" not in proc.stderr.replace(b"--token-file", b"")


def test_sendrules_serve_starts_on_loopback_with_a_token_and_logs_no_data(tmp_path):
    import socket
    import subprocess
    import sys
    token = tmp_path / "token"
    token.write_text(TOKEN + "\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "sendrules.cli", "serve", "--port", str(port), "--token-file",
                             str(token)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if call("GET", url + "/health", timeout=2).status == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "sendrules serve did not start"
            time.sleep(0.2)
        assert call("GET", url + "/v1/rules").status == 401
        got = call("POST", url + f"/v1/cases/evaluate?x={SECRET}", {"case": dict(_plan_case(), case_id=SECRET)},
                   {"Authorization": f"Bearer {TOKEN}"})
        assert got.status == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    log = err.decode()
    assert "POST /v1/cases/evaluate 200" in log and "GET /v1/rules 401" in log
    assert SECRET not in log and TOKEN not in log
    assert "127.0.0.1" in log   # it said where it listens: this machine only


def test_sendrules_serve_without_the_extra_is_invalid_input_with_the_install_hint(monkeypatch, capsys):
    import sendrules.serve
    from sendrules.cli import main
    monkeypatch.setattr(sendrules.serve, "available", lambda: False)
    assert main(["serve"]) == 2
    assert 'pip install "sendrules[serve]"' in capsys.readouterr().err

"""Batches: a bad file never stops the run (each is reported, the rest evaluated, the exit code
says some failed); folders and JSONL in, `--format jsonl` out; a closed pipe ends quietly;
`--param` and `--overlay` on evaluate and test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from subprocess_cli import REPO, sendrules
from test_overlay import EXAMPLE, plan_case

AS_AT = ("--as-at", "2026-01-05")


def caseload(tmp_path: Path) -> Path:
    """A folder: two good cases, one that is not JSON, one invalid case carrying a name."""
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(plan_case("2025-03-03", 19, "A")), encoding="utf-8")
    (folder / "b.json").write_text("{not json", encoding="utf-8")
    bad = plan_case("2025-03-03", 19, "C")
    bad["person"]["birth_date"] = "Jane Smith"
    (folder / "c.json").write_text(json.dumps(bad), encoding="utf-8")
    (folder / "d.jsonl").write_text(json.dumps(plan_case("2025-03-03", 17, "D")) + "\n\n[1, 2\n", encoding="utf-8")
    return folder


def test_a_folder_is_evaluated_past_its_bad_files_as_jsonl(tmp_path):
    proc = sendrules("evaluate", caseload(tmp_path), *AS_AT, "--format", "jsonl")
    assert proc.returncode == 2, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [d.get("case_id") or d["error"]["input"] for d in lines] == ["A", "b.json", "c.json", "D", "d.jsonl:3"]
    assert lines[1]["error"]["problems"] == ["b.json: not valid JSON (line 1, column 2)"]
    assert any("person.birth_date" in p for p in lines[2]["error"]["problems"])
    assert lines[0]["outcomes"]["plan.final_plan[R1]"]["status"] == "met"
    assert b"Jane" not in proc.stdout + proc.stderr
    assert b"3 input(s) could not be evaluated" in proc.stderr


def test_text_and_json_batches_report_the_bad_files_too(tmp_path):
    folder = caseload(tmp_path)
    text = sendrules("evaluate", folder, *AS_AT)
    assert text.returncode == 2
    assert b"sendrules: invalid input: b.json" in text.stderr and b"d.jsonl:3" in text.stderr
    assert text.stdout.count(b"=" * 78) == 1      # two reports, one separator
    js = sendrules("evaluate", folder / "a.json", folder / "b.json", *AS_AT, "--format", "json")
    assert js.returncode == 2
    docs = json.loads(js.stdout)
    assert docs[0]["case_id"] == "A" and docs[1]["error"]["input"] == "b.json"


def test_one_bad_file_alone_is_still_a_plain_input_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{", encoding="utf-8")
    proc = sendrules("evaluate", bad, *AS_AT, "--format", "json")
    assert proc.returncode == 2 and json.loads(proc.stdout)["error"]["kind"] == "invalid_input"


def test_a_closed_pipe_ends_the_batch_quietly(tmp_path):
    lines = "".join(json.dumps(plan_case("2025-03-03", 19, f"P{i}")) + "\n" for i in range(40))
    src = tmp_path / "many.jsonl"
    src.write_text(lines, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "sendrules.cli", "evaluate", str(src), *AS_AT, "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    first = proc.stdout.readline()
    proc.stdout.close()                      # `| head -1`
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert json.loads(first)["case_id"] == "P0"
    assert b"Traceback" not in err and b"Error" not in err and b"internal" not in err


def test_an_error_written_to_a_closed_pipe_keeps_its_exit_code_and_no_traceback(tmp_path):
    """Found by the bad-input probe: `... --setting x=1 --format json | head -c 1` printed a
    BrokenPipeError traceback and exited 1 ("a scenario failed") instead of 2."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps(plan_case("2025-03-03", 19, "A")), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "sendrules.cli", "evaluate", str(case), *AS_AT, "--format", "json",
                             "--setting", "x=1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    proc.stdout.close()                      # the reader is gone before the error is written
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 2
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_param_and_overlay_change_the_evaluation_and_the_receipt(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(plan_case("2025-03-03", 19, "A")), encoding="utf-8")
    proc = sendrules("evaluate", case, *AS_AT, "--format", "json", "--param", "final_plan_weeks=18")
    doc = json.loads(proc.stdout)
    assert proc.returncode == 0 and doc["outcomes"]["plan.final_plan[R1]"]["status"] == "met_late"
    assert doc["receipt"]["parameters_overridden"] == {"final_plan_weeks": 18}
    typo = sendrules("evaluate", case, *AS_AT, "--format", "json", "--param", "final_plan_week=18")
    assert typo.returncode == 2
    assert json.loads(typo.stdout)["error"]["problems"] == [
        "parameters.final_plan_week: no such parameter (did you mean 'final_plan_weeks'?)"]
    bad_overlay = tmp_path / "o.yaml"
    bad_overlay.write_text("format: sendrules.overlay/1\ntitle: t\nparameters:\n  - id: final_plan_week\n"
                           "    from: 2025-01-01\n    value: 18\n", encoding="utf-8")
    proc = sendrules("evaluate", case, *AS_AT, "--overlay", bad_overlay)
    assert proc.returncode == 3 and f"{bad_overlay}:4: error".encode() in proc.stderr


def test_scenarios_run_under_a_param_and_an_overlay(tmp_path):
    """`test --param`: the scenarios written from the law for 20 weeks fail under 18 (what a
    policy officer wants to see); a scenario's own parameter override still wins."""
    plan = REPO / "rules" / "scenarios" / "plan_making.yaml"
    law = sendrules("test", plan, "--format", "json")
    assert law.returncode == 0, law.stdout[-2000:]
    what_if = sendrules("test", plan, "--format", "json", "--param", "final_plan_weeks=10")
    assert what_if.returncode == 1
    assert json.loads(what_if.stdout)["failed"] >= 1
    overlay = sendrules("test", plan, "--format", "json", "--overlay", EXAMPLE)
    assert json.loads(overlay.stdout)["rulebook_hash"] != json.loads(law.stdout)["rulebook_hash"]


def test_an_error_that_ends_a_jsonl_run_is_one_json_line(tmp_path):
    proc = sendrules("evaluate", tmp_path, *AS_AT, "--format", "jsonl", "--param", "nope=1")
    [line] = proc.stdout.decode().splitlines()
    assert proc.returncode == 2 and json.loads(line)["error"]["kind"] == "invalid_input"

"""Results written a piece at a time are the same bytes as the whole document, and every example
renders in every format (the auditor tree failed with KeyError on every case: issue 12)."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys

import pytest

import sendrules
from sendrules.engines import evaluate_with
from sendrules.explain.text import report, report_lines
from sendrules.explain.trace import trace_dict, trace_nodes
from sendrules.facts.validation import is_area_document
from sendrules.result.build import result_dict
from sendrules.result.canonical import canonical_json
from sendrules.result.stream import write_result
from casebuilders import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from caseload import caseload  # noqa: E402

AS_AT = dt.date(2026, 1, 15)
EXAMPLES = sorted((REPO / "examples").glob("*.json"))


def _inputs() -> list[tuple[str, dict]]:
    docs = [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in EXAMPLES]
    return docs + [(f"generated-{i}", c) for i, c in enumerate(caseload(40, seed=12))]


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("all_outcomes", [False, True])
def test_streamed_json_is_byte_identical_to_the_whole_document(rulebook, explain, all_outcomes):
    for name, data in _inputs():
        root = "area" if is_area_document(data) else "case"
        ev = evaluate_with(rulebook, root, data, AS_AT, explain=explain)
        whole = canonical_json(result_dict(ev, all_outcomes, trace_dict(ev, all_outcomes) if explain else None))
        out = io.StringIO()
        write_result(ev, out.write, all_outcomes, trace_nodes(ev, all_outcomes) if explain else None)
        assert out.getvalue() == whole, name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_renders_with_the_auditor_tree(rulebook, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    root = "area" if is_area_document(data) else "case"
    ev = evaluate_with(rulebook, root, data, AS_AT, explain=True)
    text = report(ev, explain=True, tree=True)
    assert "Auditor tree" in text
    assert text == "".join(line + "\n" for line in report_lines(ev, True, True))
    # every outcome has its tree, and a parameter's dates in force are shown (the 'to' key is absent
    # for a value still in force, which is what failed)
    assert text.count("└─ citations") == len(ev.outcomes)
    if root == "case":
        assert "; in force 2014-09-01 to open" in text


def test_the_command_writes_several_results_as_one_json_array(tmp_path):
    from subprocess_cli import sendrules as run
    paths = EXAMPLES[:2]
    proc = run("evaluate", *paths, "--as-at", AS_AT.isoformat(), "--format", "json", "--explain")
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)
    assert [d["case_id"] for d in docs] == [json.loads(p.read_text())["case_id"] for p in paths]
    rb = sendrules.load_rulebook(REPO / "rules")
    expected = [sendrules.evaluate(rb, json.loads(p.read_text()), AS_AT, explain=True).to_dict() for p in paths]
    assert proc.stdout.decode("utf-8") == canonical_json(expected) + "\n"

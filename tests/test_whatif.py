"""`sendrules whatif`: a caseload with and without an overlay; transitions counted by hand,
pseudonyms that never show a case_id, the reports (text, CSV, HTML in a real browser)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

import sendrules
from sendrules.caseload import Item, iter_items
from sendrules.whatif.compare import compare, pseudonym
from sendrules.whatif.report import changes_csv, html_report, text_report, transitions_csv, whatif_receipt

from browser import chromium_page
from casebuilders import D
from subprocess_cli import sendrules as run_cli
from test_overlay import EXAMPLE, RULES, plan_case

AS_AT = D("2026-01-05")
KEY = b"k" * 32
# Screenshots for a reviewer to look at, where the folder exists (never required by the test).
SHOTS = Path(os.environ.get("SENDRULES_SHOTS", "/work/briefs/shots"))

# (case_id, received, weeks to the final plan) and what the 18-week overlay must do, by hand:
# from 1 Jan 2025 the plan is due 18 weeks after the request instead of 20.
CASELOAD = [
    ("A-late", "2025-03-03", 19),      # due 21 Jul -> 7 Jul; issued 14 Jul: met -> met_late
    ("B-late", "2025-04-07", 18.5),    # met -> met_late
    ("C-early", "2025-03-03", 17),     # met either way; only the due date moves: met -> "met, due earlier"
    ("D-before", "2024-06-03", 19),    # received before the overlay's date: unchanged
    ("E-late", "2025-03-03", 22),      # met_late either way; due earlier
]


@pytest.fixture(scope="module")
def overlaid():
    return sendrules.load_rulebook(RULES, overlay=EXAMPLE)


def items(cases=CASELOAD) -> list[Item]:
    return [Item(cid, plan_case(rec, weeks, cid)) for cid, rec, weeks in cases]


@pytest.fixture(scope="module")
def comparison(rulebook, overlaid):
    return compare(rulebook, overlaid, items(), AS_AT, KEY)


def test_transitions_are_counted_as_worked_out_by_hand(comparison):
    c = comparison
    assert c.cases == 5 and not c.invalid
    assert dict(c.transitions["plan.final_plan"]) == {("met", "met_late"): 2, ("met", "met, due earlier"): 1,
                                                      ("met_late", "met_late, due earlier"): 1}
    assert c.outcomes["plan.final_plan"] == 5
    late = {pseudonym(cid, KEY) for cid in ("A-late", "B-late")}
    assert c.status_changed_cases == late
    assert c.changed_cases == late | {pseudonym(cid, KEY) for cid in ("C-early", "E-late")}
    assert pseudonym("D-before", KEY) not in c.changed_cases


def test_no_overlay_effect_means_no_change(rulebook):
    """The same rulebook on both sides: nothing changes (the comparison is not inventing changes)."""
    c = compare(rulebook, rulebook, items(), AS_AT, KEY)
    assert c.cases == 5 and not c.transitions and not c.changes and not c.changed_cases
    receipt = whatif_receipt(rulebook, rulebook, c, KEY, "test", None, None)
    assert "No outcome changed" in html_report(c, receipt, rulebook)
    assert "0 case(s) changed status or value" in "\n".join(text_report(c, receipt, rulebook))


def test_pseudonyms_are_keyed_and_no_report_shows_a_case_id(rulebook, overlaid, comparison):
    assert pseudonym("A-late", KEY) == pseudonym("A-late", KEY) != pseudonym("A-late", b"j" * 32)
    assert pseudonym("A-late", KEY) != pseudonym("B-late", KEY)
    receipt = whatif_receipt(rulebook, overlaid, comparison, KEY, "test", None, None)
    reports = ["\n".join(text_report(comparison, receipt, rulebook)), transitions_csv(comparison, rulebook),
               changes_csv(comparison), html_report(comparison, receipt, rulebook), json.dumps(receipt)]
    for text in reports:
        for cid, _rec, _w in CASELOAD:
            assert cid not in text
        assert "2015-03-10" not in text    # nor a date of birth
    assert pseudonym("A-late", KEY) in reports[0] and pseudonym("A-late", KEY) in reports[2]
    assert KEY.decode() not in "".join(reports)


def test_the_receipt_names_the_overlay_and_both_rulebooks(rulebook, overlaid, comparison):
    r = whatif_receipt(rulebook, overlaid, comparison, KEY, "test", None, None)
    assert r["overlay"]["sha256"] == overlaid.overlay.sha256 and r["overlay"]["title"] == overlaid.overlay.title
    assert r["rulebook_hash"] == rulebook.content_hash and r["overlaid_rulebook_hash"] == overlaid.content_hash
    assert r["cases"] == 5 and r["as_at"] == "2026-01-05" and len(r["inputs_hash"]) == 64
    again = compare(rulebook, overlaid, items(), AS_AT, KEY)
    fewer = compare(rulebook, overlaid, items(CASELOAD[:4]), AS_AT, KEY)
    assert again.inputs_hash == comparison.inputs_hash != fewer.inputs_hash


def test_the_csv_has_a_row_per_transition(rulebook, comparison):
    rows = list(csv.DictReader(io.StringIO(transitions_csv(comparison, rulebook))))
    assert {(r["rule"], r["before"], r["after"], int(r["outcomes"])) for r in rows} == {
        ("plan.final_plan", "met", "met_late", 2), ("plan.final_plan", "met", "met, due earlier", 1),
        ("plan.final_plan", "met_late", "met_late, due earlier", 1)}
    changes = list(csv.DictReader(io.StringIO(changes_csv(comparison))))
    assert len(changes) == 4 and {c["outcome"] for c in changes} == {"plan.final_plan[R1]"}


def test_an_invalid_case_is_listed_and_the_rest_compared(rulebook, overlaid):
    bad = plan_case("2025-03-03", 19, "bad")
    bad["person"]["birth_date"] = "Jane"   # a value that must never be echoed
    c = compare(rulebook, overlaid, items() + [Item("bad.json", bad), Item("x.jsonl:3", problems=["x.jsonl:3: nope"])],
                AS_AT, KEY)
    assert c.cases == 5 and [label for label, _p in c.invalid] == ["bad.json", "x.jsonl:3"]
    assert "person.birth_date" in " ".join(c.invalid[0][1]) and "Jane" not in repr(c.invalid)


def test_measures_hook_sees_every_evaluation_on_each_side(rulebook, overlaid):
    """The DfE measures come from the audit's statistics at merge; the hook is any accumulator."""
    class LateShare:
        def __init__(self):
            self.n = self.late = 0

        def add(self, ev):
            for o in ev.outcomes:
                if o.program.id == "plan.final_plan" and o.applicable:
                    self.n += 1
                    self.late += o.status in ("met_late", "overdue")

        def result(self):
            return {"final_plans_late": f"{self.late}/{self.n}"}

    c = compare(rulebook, overlaid, items(), AS_AT, KEY, measures=LateShare)
    assert c.measures_before == {"final_plans_late": "1/5"} and c.measures_after == {"final_plans_late": "3/5"}


def test_the_command_writes_every_form_and_says_some_input_failed(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(plan_case(rec, w, cid)) for cid, rec, w in CASELOAD) + "\n{not json\n",
                     encoding="utf-8")
    key = tmp_path / "key"
    key.write_bytes(KEY)
    out = tmp_path / "out"
    proc = run_cli("whatif", EXAMPLE, "--cases", cases, "--as-at", "2026-01-05", "--out", out, "--key-file", key,
                   "--format", "csv")
    assert proc.returncode == 2, proc.stderr
    assert b"1 input(s) could not be evaluated" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["whatif-changes.csv", "whatif-receipt.json",
                                                     "whatif-transitions.csv", "whatif.html", "whatif.txt"]
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    assert sum(int(r["outcomes"]) for r in rows if r["rule"] == "plan.final_plan") == 4
    text = (out / "whatif.txt").read_text(encoding="utf-8")
    assert "cases.jsonl:6: not valid JSON" in text and "met -> met_late: 2" in text
    assert pseudonym("A-late", KEY) in text and "A-late" not in text
    receipt = json.loads((out / "whatif-receipt.json").read_text(encoding="utf-8"))
    assert receipt["invalid_inputs"] == 1 and receipt["cases"] == 5
    assert receipt["pseudonyms"]["key"] == "from --key-file key"


def test_the_html_report_renders_in_a_real_browser(rulebook, overlaid, tmp_path):
    many = [(f"case-{i}", f"2025-0{1 + i % 6}-0{1 + i % 7}", [17, 18.5, 19, 21, None][i % 5]) for i in range(40)]
    c = compare(rulebook, overlaid, items(CASELOAD + many) + [Item("x.jsonl:9", problems=["x.jsonl:9: not valid JSON"])],
                AS_AT, KEY)
    receipt = whatif_receipt(rulebook, overlaid, c, KEY, "test", None, None)
    page_file = tmp_path / "whatif.html"
    page_file.write_text(html_report(c, receipt, rulebook), encoding="utf-8")
    requests: list[str] = []
    with chromium_page() as page:
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        assert page.title() == "What-if: Final EHC plan within 18 weeks"
        cards = page.locator(".card").all_inner_texts()
        assert any(t.startswith(f"{c.cases}\n") and "cases compared" in t for t in cards)
        assert any(t.startswith(f"{len(c.status_changed_cases)}\n") for t in cards)
        assert page.locator("svg rect").count() == len(c.transitions)
        body = page.locator("body").inner_text()
        assert "met_late" in body and "x.jsonl:9" in body and overlaid.overlay.sha256 in body
        assert "case-1" not in body and "A-late" not in body
        if SHOTS.is_dir():
            page.screenshot(path=str(SHOTS / "whatif.png"), full_page=True)
    assert requests == [page_file.as_uri()]    # self-contained: nothing else is fetched


def test_folders_and_jsonl_are_read_one_document_at_a_time(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(plan_case("2025-03-03", 19, "a")), encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.jsonl").write_text(json.dumps(plan_case("2025-03-03", 19, "b")) + "\n\n" + "[1,\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    got = [(i.label, i.ok) for i in iter_items([tmp_path])]
    assert got == [("a.json", True), ("sub/b.jsonl:1", True), ("sub/b.jsonl:3", False)]


def test_a_sen2_return_is_compared_with_the_law_measures_before_and_after(tmp_path):
    """A SEN2 return as --cases: read as the audit reads it (its reference date is the as-at date),
    and the 18-week overlay moves the law's 20-week measure down, never up, while the denominator
    (plans issued in the year) stays the same."""
    from sendrules.audit.synthetic import generate_return
    xml = tmp_path / "r.xml"
    xml.write_bytes(b"".join(generate_return(200, seed=7)))
    proc = run_cli("whatif", str(EXAMPLE), "--cases", str(xml), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert "as-at date: 2026-01-15" in proc.stderr.decode()
    before, after = doc["measures_before"], doc["measures_after"]
    assert before["plans_issued_den"] == after["plans_issued_den"] != "0"
    assert int(after["plans_issued_within_20_weeks"]) < int(before["plans_issued_within_20_weeks"])
    proc = run_cli("whatif", str(EXAMPLE), "--cases", str(xml), str(xml))
    assert proc.returncode == 2 and b"one SEN2 return on its own" in proc.stderr

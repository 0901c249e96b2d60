"""`sendrules audit`: known results on the mock-up return, DfE's measures at their edges, statistics
against an independent count over the XML, nothing lost, nothing identifying written out."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sendrules.audit.run import AuditOptions, run_audit
from sendrules.audit.synthetic import GeneratedStream, generate_return
import subprocess_cli

from test_audit_reader import MOCKUP


def run_cli(args: list[str]):
    proc = subprocess_cli.sendrules(*args)
    proc.stdout, proc.stderr = proc.stdout.decode(), proc.stderr.decode()
    return proc


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        first = f.readline()
        assert first.startswith("# receipt: ")
        return list(csv.DictReader(f))


def _receipt(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    return json.loads(first[len("# receipt: "):]) if first.startswith("#") else json.loads(first)["receipt"]


def _stat(rows: list[dict[str, str]], method: str, measure: str, breakdown: str = "Total") -> str:
    hits = [r["value"] for r in rows if r["method"] == method and r["measure"] == measure
            and r["breakdown"] == breakdown]
    assert len(hits) == 1, (method, measure, breakdown)
    return hits[0]


@pytest.fixture(scope="module")
def mockup_out(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("mockup")
    return out, run_audit(MOCKUP, out, AuditOptions(jobs=1))


def test_mockup_known_results(mockup_out):
    out, summary = mockup_out
    assert (summary.persons_in, summary.evaluated, summary.rejected) == (2, 2, 0)
    rows = _rows(out / "findings.csv")
    by = {(r["person_id"], r["request_id"], r["rule"]): r for r in rows}
    # the request received 2023-08-31 and refused on 2023-12-01: 13 weeks, 7 weeks past reg 4(1)'s 6
    late = by[("201-P0000002", "R1", "assessment.refusal_notice")]
    assert (late["status"], late["defect"], late["due"], late["done"], late["days_late"]) == \
        ("met_late", "late", "2023-10-12", "2023-12-01", "50")
    assert "reg 4(1)" in late["citation"] and late["link"].startswith("https://www.legislation.gov.uk/")
    # the second request, undecided at the reference date 2024-01-18, 6 weeks after 2023-12-03
    overdue = by[("201-P0000002", "R2", "assessment.decision_whether_to_assess")]
    assert (overdue["status"], overdue["due"], overdue["days_late"]) == ("overdue", "2024-01-14", "4")
    # the plan issued 25 days after the request is in time and so is not a finding
    assert ("201-P0000001", "R1", "plan.final_plan") not in by
    receipt = _receipt(out / "findings.csv")
    assert receipt["as_at"] == "2024-01-18"          # the return's reference date by default
    assert receipt["input"]["sha256"] == hashlib.sha256(MOCKUP.read_bytes()).hexdigest()
    assert receipt["persons"] == {"in": 2, "evaluated": 2, "rejected": 0}


UNRECORDED = ("coproduction.", "plan.draft_window_respected", "assessment.others_told_considering",
              "assessment.decision_others_notified", "reviews.meeting_notice", "reviews.advice_circulated",
              "reviews.report", "placement.consulted_before_naming", "reviews.held_in_period")


def test_what_sen2_does_not_record_is_no_defect(mockup_out, tmp_path):
    out, _ = mockup_out
    rules = {r["rule"] for r in _rows(out / "findings.csv")}
    assert not [r for r in rules if r.startswith(UNRECORDED)]
    # the settings are what keep them out: records claimed complete make the same return accuse
    full = {"coproduction_records_kept": True, "notices_to_others_recorded": True, "draft_plan_dates_recorded": True,
            "review_records_kept": True, "institution_consultations_recorded": True}
    run_audit(MOCKUP, tmp_path, AuditOptions(jobs=1, settings=full))
    accused = {r["rule"] for r in _rows(tmp_path / "findings.csv") if r["defect"]}
    assert {"reviews.meeting_notice", "placement.consulted_before_naming"} <= accused
    assert any(r.startswith("coproduction.") for r in accused)
    receipt = _receipt(tmp_path / "statistics.csv")
    assert receipt["settings"]["review_records_kept"] is True


def test_outputs_hold_no_names_dates_of_birth_or_postcodes(mockup_out):
    out, _ = mockup_out
    text = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    for value in ("TestFamilyName1", "TestFirstname", "RequestRefused", "2002-01-01", "2003-11-11", "AA11AA",
                  "AB11CD", "X123456789875", "1234567890"):
        assert value not in text
    for name in ("findings.csv", "findings.jsonl", "statistics.csv", "rejected.jsonl", "report.html"):
        assert (out / name).exists()
    assert "rulebook hash" in (out / "report.html").read_text()


# ---- hand-made returns ----------------------------------------------------------------------------
def _return(persons: list[str], ref: str = "2026-01-15", year: int = 2026) -> bytes:
    return (f"<Message><Header><CollectionDetails><Collection>SEN2</Collection><Year>{year}</Year>"
            f"<ReferenceDate>{ref}</ReferenceDate></CollectionDetails><Source><LEA>999</LEA></Source></Header>"
            f"<Persons>{''.join(persons)}</Persons></Message>").encode()


def _plan_person(received: dt.date, days: int, week20: int, birth: str = "2015-03-01") -> str:
    issued = received + dt.timedelta(days=days)
    return (f"<Person><PersonBirthDate>{birth}</PersonBirthDate><Requests><ReceivedDate>{received}</ReceivedDate>"
            f"<RequestOutcomeDate>{received + dt.timedelta(days=30)}</RequestOutcomeDate><RequestOutcome>Y</RequestOutcome>"
            f"<Assessment><AssessmentOutcome>Y</AssessmentOutcome><AssessmentOutcomeDate>{issued}</AssessmentOutcomeDate>"
            f"<Week20>{week20}</Week20><NamedPlan><StartDate>{issued}</StartDate></NamedPlan></Assessment>"
            f"<ActivePlans><SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed></ActivePlans>"
            f"</Requests></Person>")


def _audit_bytes(data: bytes, tmp_path: Path, **kw) -> tuple[list[dict[str, str]], object]:
    src = tmp_path / "return.xml"
    src.write_bytes(data)
    summary = run_audit(src, tmp_path / "out", AuditOptions(jobs=1, **kw))
    return _rows(tmp_path / "out" / "statistics.csv"), summary


EDGES = [(139, 0), (140, 0), (141, 0), (200, 1), (400, 0)]


def _edge_persons() -> list[str]:
    """Plans issued in 2025 at the edges; the 400-day one from a request of October 2024."""
    return [_plan_person(dt.date(2025, 3, 3) if d < 365 else dt.date(2024, 10, 1), d, w) for d, w in EDGES]


@pytest.mark.parametrize("within_days,expect_within,expect_within_ex", [(140, 2, 2), (139, 1, 1)])
def test_dfe_timeliness_at_the_139_140_141_day_edges(tmp_path, within_days, expect_within, expect_within_ex):
    data = _return(_edge_persons())
    rows, _ = _audit_bytes(data, tmp_path, within_days=within_days)
    assert _stat(rows, "dfe", "plans_issued_den") == "5"
    assert _stat(rows, "dfe", "plans_issued_within_20_weeks") == str(expect_within)
    # 141 and 200 days (and 139 on the other reading): 20 to 52 weeks; 400 days: over a year
    assert _stat(rows, "dfe", "plans_issued_gt20weeks_ltYear") == str(4 - expect_within)
    assert _stat(rows, "dfe", "plans_issued_gt_1_year") == "1"
    # excluding exceptions drops the Week20 plan from both sides
    assert _stat(rows, "dfe", "plans_issued_den_ex") == "4"
    assert _stat(rows, "dfe", "plans_issued_20_weeks_ex") == str(expect_within_ex)
    assert _stat(rows, "dfe", "PC_plans_issued_20_weeks_ex") == f"{round(100 * expect_within_ex / 4, 1):.1f}"
    assert _stat(rows, "dfe", "pc_plans_issued_within_20_weeks") == f"{round(100 * expect_within / 5, 1):.1f}"
    assert _stat(rows, "dfe", "avg_weeks_issue_plan") == f"{round(sum(d for d, _ in EDGES) / 7 / 5, 1):.1f}"


def test_the_law_counts_its_own_clock_and_only_evidenced_exceptions(tmp_path):
    data = _return(_edge_persons())
    rows, summary = _audit_bytes(data, tmp_path)
    # reg 13(2): 20 weeks from 3 March end on 21 July (day 140): 139 and 140 met, the rest late
    assert _stat(rows, "law", "plans_issued_den") == "5"
    assert _stat(rows, "law", "plans_issued_within_20_weeks") == "2"
    # a bare Week20 flag lifts nothing in law, so the law's "excluding exceptions" keeps that plan
    assert _stat(rows, "law", "plans_issued_den_ex") == "5"
    assert _stat(rows, "law", "week20_asserted_not_evidenced") == "1"
    assert summary.week20_unevidenced == [("999-P0000004", "R1")]
    late = {r["person_id"]: r["days_late"] for r in _rows(tmp_path / "out" / "findings.csv")
            if r["rule"] == "plan.final_plan"}
    assert late == {"999-P0000003": "1", "999-P0000004": "60", "999-P0000005": "260"}


def test_a_plan_without_a_received_date_stays_in_dfe_denominator_only(tmp_path):
    person = _plan_person(dt.date(2025, 3, 3), 100, 0).replace("<ReceivedDate>2025-03-03</ReceivedDate>", "")
    rows, _ = _audit_bytes(_return([person, _plan_person(dt.date(2025, 3, 3), 100, 0)]), tmp_path)
    assert (_stat(rows, "dfe", "plans_issued_den"), _stat(rows, "dfe", "plans_issued_within_20_weeks")) == ("2", "1")
    assert _stat(rows, "dfe", "pc_plans_issued_within_20_weeks") == "50.0"


def test_an_invalid_person_is_rejected_by_path_and_rule_and_the_audit_goes_on(tmp_path):
    good = _plan_person(dt.date(2025, 3, 3), 100, 0)
    bad_date = good.replace("<ReceivedDate>2025-03-03", "<ReceivedDate>2025-02-30")
    bad_code = good.replace("<RequestOutcome>Y", "<RequestOutcome>Q")
    unborn = _plan_person(dt.date(2025, 3, 3), 100, 0, birth="2025-12-01")
    rows, summary = _audit_bytes(_return([good, bad_date, bad_code, unborn, good]), tmp_path)
    assert (summary.persons_in, summary.evaluated, summary.rejected) == (5, 2, 3)
    rejected = [json.loads(x) for x in (tmp_path / "out" / "rejected.jsonl").read_text().splitlines()[1:]]
    assert [r["person_id"] for r in rejected] == ["999-P0000002", "999-P0000003", "999-P0000004"]
    assert rejected[0]["problems"] == ["Person/Requests[1]/ReceivedDate: must be a date written YYYY-MM-DD"]
    assert rejected[1]["problems"] == ["Person/Requests[1]/RequestOutcome: must be one of A, H, N, W, Y"]
    assert "before person.birth_date" in rejected[2]["problems"][0]
    text = (tmp_path / "out" / "rejected.jsonl").read_text() + (tmp_path / "out" / "report.html").read_text()
    assert "2025-02-30" not in text and ">Q<" not in text and "2025-12-01" not in text
    assert _receipt(tmp_path / "out" / "statistics.csv")["persons"] == {"in": 5, "evaluated": 2, "rejected": 3}


# ---- a generated return against an independent count ----------------------------------------------------
def _independent(xml: bytes, year: int, ref: dt.date) -> dict[str, int]:
    """DfE's measures counted straight from the XML with the standard library, not the audit's code."""
    root = ET.fromstring(xml)
    c = {"den": 0, "within": 0, "mid": 0, "over": 0, "den_ex": 0, "within_ex": 0, "received": 0, "refused": 0,
         "six": 0, "plans": 0, "age_5_10": 0}
    for person in root.iter("Person"):
        birth = dt.date.fromisoformat(person.findtext("PersonBirthDate"))
        if person.find("Requests/ActivePlans") is not None:
            c["plans"] += 1
            age = ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))
            c["age_5_10"] += 5 <= age <= 10
        for req in person.iter("Requests"):
            received = req.findtext("ReceivedDate")
            received = dt.date.fromisoformat(received) if received else None
            outcome = req.findtext("RequestOutcome")
            if received and received.year == year and outcome in ("Y", "N", "A", "W"):
                c["received"] += 1
                c["refused"] += outcome == "N"
                od = req.findtext("RequestOutcomeDate")
                if outcome in ("Y", "N") and od and (dt.date.fromisoformat(od) - received).days <= 42:
                    c["six"] += 1
            a = req.find("Assessment")
            if a is None or a.findtext("AssessmentOutcome") != "Y":
                continue
            issued = dt.date.fromisoformat(a.findtext("AssessmentOutcomeDate"))
            if issued.year != year:
                continue
            days = (issued - received).days
            bucket = "within" if days <= 140 else "mid" if days <= 364 else "over"
            c["den"] += 1
            c[bucket] += 1
            if a.findtext("Week20") != "1":
                c["den_ex"] += 1
                c["within_ex"] += bucket == "within"
    return c


def test_generated_return_statistics_agree_with_an_independent_count(tmp_path):
    xml = b"".join(generate_return(1500, seed=11, year=2026))
    rows, summary = _audit_bytes(xml, tmp_path)
    want = _independent(xml, 2025, dt.date(2026, 1, 15))
    assert want["den"] > 50 and want["den"] != want["den_ex"]     # the sample exercises the measures
    got = {"den": _stat(rows, "dfe", "plans_issued_den"), "within": _stat(rows, "dfe", "plans_issued_within_20_weeks"),
           "mid": _stat(rows, "dfe", "plans_issued_gt20weeks_ltYear"), "over": _stat(rows, "dfe", "plans_issued_gt_1_year"),
           "den_ex": _stat(rows, "dfe", "plans_issued_den_ex"), "within_ex": _stat(rows, "dfe", "plans_issued_20_weeks_ex"),
           "received": _stat(rows, "dfe", "requests_received_in_year"),
           "refused": _stat(rows, "dfe", "requests_decided_not_to_assess"),
           "six": _stat(rows, "dfe", "request_outcome_six_weeks"), "plans": _stat(rows, "dfe", "ehcplans"),
           "age_5_10": _stat(rows, "dfe", "ehcplans", "Age 5 to 10")}
    assert {k: int(v) for k, v in got.items()} == want
    assert summary.persons_in == 1500 == summary.evaluated + summary.rejected


def test_two_workers_write_the_same_bytes_as_one(tmp_path):
    src = tmp_path / "r.xml"
    src.write_bytes(b"".join(generate_return(300, seed=4, year=2025)))
    run_audit(src, tmp_path / "one", AuditOptions(jobs=1, chunk=16))
    run_audit(src, tmp_path / "two", AuditOptions(jobs=2, chunk=16))
    for name in ("findings.csv", "findings.jsonl", "statistics.csv", "rejected.jsonl", "report.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


# ---- case files ---------------------------------------------------------------------------------------
CASE = {"schema_version": "2.0", "case_id": "C-1", "person": {"birth_date": "2015-01-01", "in_authority_area": True},
        "requests": [{"request_id": "R1", "received_date": "2025-01-06", "outcome": "assess",
                      "outcome_date": "2025-03-20"}]}


def test_jsonl_of_cases_goes_through_the_same_command(tmp_path):
    second = dict(CASE, case_id="C-2")
    lines = [json.dumps(CASE), "{not json", "", json.dumps(second), json.dumps({"schema_version": "2.0"})]
    src = tmp_path / "cases.jsonl"
    src.write_text("\n".join(lines) + "\n")
    summary = run_audit(src, tmp_path / "out", AuditOptions(jobs=1, as_at=dt.date(2025, 6, 1)))
    assert (summary.persons_in, summary.evaluated, summary.rejected) == (4, 2, 2)
    rows = _rows(tmp_path / "out" / "findings.csv")
    late = [r for r in rows if r["rule"] == "assessment.decision_whether_to_assess"]
    assert [(r["person_id"], r["status"], r["days_late"]) for r in late] == [("C-1", "met_late", "31"),
                                                                            ("C-2", "met_late", "31")]
    rejected = (tmp_path / "out" / "rejected.jsonl").read_text()
    assert "cases.jsonl:2: not valid JSON" in rejected


def test_folder_of_case_files(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(CASE))
    (folder / "b.json").write_text(json.dumps(dict(CASE, requests=[dict(CASE["requests"][0], received_date="x")])))
    summary = run_audit(folder, tmp_path / "out", AuditOptions(jobs=1, as_at=dt.date(2025, 6, 1)))
    assert (summary.persons_in, summary.evaluated, summary.rejected) == (2, 1, 1)
    assert "received_date" in (tmp_path / "out" / "rejected.jsonl").read_text()


# ---- the command --------------------------------------------------------------------------------------
def test_cli_audit_counts_persons_and_writes_the_files(tmp_path):
    res = run_cli(["audit", str(MOCKUP), "--out", str(tmp_path / "o"), "--jobs", "1"])
    assert res.returncode == 0, res.stderr
    assert "persons: 2 read = 2 evaluated + 0 rejected" in res.stdout
    assert "as-at date: 2024-01-18" in res.stderr


@pytest.mark.parametrize("damage,expect", [
    (lambda b: b[: len(b) // 2], "truncated"),
    (lambda b: b.replace(b"<Message>", b'<!DOCTYPE Message [<!ENTITY a "b">]><Message>'), "document type (DTD)"),
])
def test_cli_refuses_a_broken_or_hostile_return_with_exit_2_and_writes_no_report(tmp_path, damage, expect):
    src = tmp_path / "r.xml"
    src.write_bytes(damage(MOCKUP.read_bytes()))
    res = run_cli(["audit", str(src), "--out", str(tmp_path / "o"), "--jobs", "1", "--quiet"])
    assert res.returncode == 2, res.stderr
    assert expect in res.stderr and "person(s) were read before it" in res.stderr
    assert not (tmp_path / "o" / "report.html").exists()
    assert not list((tmp_path / "o").glob(".*.partial"))


def test_cli_case_files_need_an_as_at(tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps(CASE) + "\n")
    res = run_cli(["audit", str(src), "--out", str(tmp_path / "o")])
    assert res.returncode == 2 and "give --as-at" in res.stderr


def test_return_read_from_a_pipe(tmp_path):
    stream = GeneratedStream(generate_return(30, seed=9))
    summary = run_audit(Path("-"), tmp_path / "o", AuditOptions(jobs=1), stdin=stream)   # type: ignore[arg-type]
    assert summary.persons_in == 30 == summary.evaluated + summary.rejected
    assert _receipt(tmp_path / "o" / "findings.jsonl")["input"]["name"] == "<stdin>"


def test_progress_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch):
    import sys

    from sendrules.audit import run as audit_run

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    bar = audit_run._progress(quiet=False)
    bar.update(5)
    bar.close()
    assert type(bar).__module__.startswith("tqdm") and "5" in sys.stderr.getvalue()
    assert isinstance(audit_run._progress(quiet=True), audit_run._NoProgress)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert isinstance(audit_run._progress(quiet=False), audit_run._NoProgress)


def test_a_first_chunk_all_rejected_still_gives_a_receipt(tmp_path):
    bad = _plan_person(dt.date(2025, 3, 3), 100, 0).replace("<RequestOutcome>Y", "<RequestOutcome>Q")
    src = tmp_path / "r.xml"
    src.write_bytes(_return([bad] * 3 + [_plan_person(dt.date(2025, 3, 3), 100, 0)]))
    run_audit(src, tmp_path / "o", AuditOptions(jobs=1, chunk=2))
    assert len(_receipt(tmp_path / "o" / "findings.csv")["rulebook_hash"]) == 64


@pytest.mark.parametrize("lines", [[], ['{"case_id": "c1"}', "not json"]], ids=["empty", "all-rejected"])
def test_with_no_person_evaluated_the_receipt_still_names_the_rulebook(tmp_path, rulebook, lines):
    """The rulebook's part of the receipt comes from the first evaluated person; with none, the
    files must still say which law, engine and settings the audit ran with, never null."""
    src = tmp_path / "cases.jsonl"
    src.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    summary = run_audit(src, tmp_path / "o", AuditOptions(as_at=dt.date(2026, 1, 15), settings={"due_soon_days": 3}))
    assert summary.evaluated == 0 and summary.rejected == len(lines)
    for name in ("findings.csv", "findings.jsonl", "statistics.csv", "rejected.jsonl"):
        receipt = _receipt(tmp_path / "o" / name)
        assert receipt["rulebook_hash"] == rulebook.content_hash
        assert receipt["engine"] == "python" and receipt["package_version"] and receipt["dependencies"]
        assert receipt["settings"]["due_soon_days"] == 3 and receipt["settings_overridden"] == ["due_soon_days"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bad_setting_is_one_error_not_every_person_rejected(tmp_path, jobs):
    from sendrules.errors import InputError
    with pytest.raises(InputError) as exc:
        run_audit(MOCKUP, tmp_path / "o", AuditOptions(jobs=jobs, settings={"review_records_kep": True}))
    assert exc.value.problems[0].startswith("settings.review_records_kep: no such setting")
    assert not (tmp_path / "o" / "report.html").exists()


def test_an_area_file_in_a_folder_is_rejected_as_not_a_case(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(CASE))
    (folder / "area.json").write_text(json.dumps({"area_id": "LA1"}))
    summary = run_audit(folder, tmp_path / "out", AuditOptions(jobs=1, as_at=dt.date(2025, 6, 1)))
    assert summary.rejected_list == [("area.json", ["area.json: an area file (area_id), not a case; "
                                                     "`sendrules evaluate` reads it"])]


def test_assessments_by_outcome(tmp_path):
    done = _plan_person(dt.date(2025, 3, 3), 100, 0)
    pending = done.replace("<AssessmentOutcome>Y</AssessmentOutcome>", "<AssessmentOutcome>A</AssessmentOutcome>")
    pending = pending.replace("<AssessmentOutcomeDate>2025-06-11</AssessmentOutcomeDate>", "")
    withdrawn = pending.replace("<AssessmentOutcome>A<", "<AssessmentOutcome>W<")
    rows, _ = _audit_bytes(_return([done, pending, withdrawn]), tmp_path)
    got = {m: _stat(rows, "dfe", m) for m in ("assess_in_year", "assess_issued", "assess_not_made",
                                               "assess_withdrawn", "assess_issued_pc")}
    assert got == {"assess_in_year": "3", "assess_issued": "1", "assess_not_made": "1", "assess_withdrawn": "1",
                   "assess_issued_pc": "33.3"}
    findings = {(r["person_id"], r["rule"]): r["status"] for r in _rows(tmp_path / "out" / "findings.csv")}
    # the withdrawn assessment leaves the plan duty undetermined, never overdue
    assert findings[("999-P0000003", "plan.final_plan")] == "undetermined"
    assert findings[("999-P0000002", "plan.final_plan")] == "overdue"


@pytest.mark.parametrize("year,expect", [(2024, None), (2025, "overdue")])
def test_a_blank_last_review_accuses_only_where_the_item_was_compulsory(tmp_path, year, expect):
    person = ("<Person><PersonBirthDate>2012-05-01</PersonBirthDate><Requests><RequestOutcome>H</RequestOutcome>"
              "<Assessment><AssessmentOutcome>H</AssessmentOutcome><NamedPlan><StartDate>2020-02-03</StartDate>"
              "</NamedPlan></Assessment><ActivePlans><ReviewMeeting>2023-09-04</ReviewMeeting>"
              "<ReviewOutcome>M</ReviewOutcome></ActivePlans></Requests></Person>")
    ref = f"{year}-01-18"
    _audit_bytes(_return([person], ref=ref, year=year), tmp_path)
    statuses = {r["rule"]: r["status"] for r in _rows(tmp_path / "out" / "findings.csv")}
    assert statuses.get("reviews.decision_notice") == expect
    settings = _receipt(tmp_path / "out" / "findings.csv")["settings"]
    assert settings["review_decision_dates_recorded"] is (year > 2024)


def test_an_audit_under_a_what_if_changes_the_law_measures_and_says_so(tmp_path):
    """`--param` (and `--overlay`) on audit: the same return judged by an 18-week limit has fewer
    plans met in time by the law's clock, DfE's own day count is unchanged, and every file's receipt
    names what was changed."""
    xml = tmp_path / "r.xml"
    xml.write_bytes(b"".join(generate_return(300, seed=7)))
    base, changed = tmp_path / "base", tmp_path / "changed"
    proc = run_cli(["audit", str(xml), "--out", str(base), "--quiet", "--jobs", "1"])
    assert proc.returncode == 0, proc.stderr
    proc = run_cli(["audit", str(xml), "--out", str(changed), "--quiet", "--jobs", "1",
                    "--param", "final_plan_weeks=18"])
    assert proc.returncode == 0, proc.stderr
    before, after = _rows(base / "statistics.csv"), _rows(changed / "statistics.csv")
    assert _stat(after, "dfe", "plans_issued_within_20_weeks") == _stat(before, "dfe", "plans_issued_within_20_weeks")
    assert int(_stat(after, "law", "plans_issued_within_20_weeks")) < int(_stat(before, "law", "plans_issued_within_20_weeks"))
    for name in ("findings.csv", "statistics.csv"):
        assert _receipt(changed / name)["parameters_overridden"] == {"final_plan_weeks": 18}
        assert "parameters_overridden" not in _receipt(base / name)
    proc = run_cli(["audit", str(xml), "--out", str(tmp_path / "bad"), "--quiet", "--param", "final_plan_wekks=18"])
    assert proc.returncode == 2 and "did you mean 'final_plan_weeks'" in proc.stderr


def _rows_from_document(doc: dict, pid: str, index) -> tuple[list[tuple], list[tuple], bool]:
    """What an auditor would read off each person's public result document: a duty outcome that is
    overdue, late, excepted, undetermined (or conflict/error), or any outcome with a defect (the
    last defect listed for it), and every outcome of the measure rules. Independent of person_rows."""
    from sendrules.audit.findings import DUTY_STATUSES, MEASURE_RULES, split_key
    defects = {d["duty"]: d for d in doc.get("defects", ())}
    rows, measures = [], []
    for key in sorted(doc["outcomes"]):
        out = doc["outcomes"][key]
        rule, rid, rec = split_key(key)
        defect = defects.get(key)
        if (index.kind(rule) == "duty" and out["status"] in DUTY_STATUSES) or defect:
            duty = out.get("duty") or {}
            days = duty.get("days_late", duty.get("days_overdue"))
            text, link = index.cite(rule, out.get("version"))
            rows.append((pid, rid, rec, rule, index.kind(rule), out["status"], defect["defect"] if defect else "",
                         defect["force"] if defect else "", duty.get("trigger", ""), duty.get("due", ""),
                         duty.get("discharged", ""), "" if days is None else days,
                         " ".join(duty.get("excepted_by", ())), " ".join(out.get("missing", ())), text, link))
    for key, out in doc["outcomes"].items():
        rule, rid, rec = split_key(key)
        if rule in MEASURE_RULES:
            duty = out.get("duty") or {}
            measures.append((rule, rid, rec, out["status"], duty.get("trigger"), duty.get("due"),
                             duty.get("discharged"), out.get("value")))
    return rows, measures, any(o["status"] == "error" for o in doc["outcomes"].values())


def test_person_rows_are_what_each_result_document_says():
    """The audit reads its rows straight from each evaluation (no result document per person); for
    the mock-up and a generated return, person by person, they are what the document says."""
    import sendrules
    from sendrules.api import document
    from sendrules.audit.findings import CitationIndex, person_rows
    from sendrules.audit.sen2_reader import SEN2Reader
    from sendrules.audit.to_case import SEN2_SETTINGS, PersonRejected, sen2_to_case
    from sendrules.engines import evaluate_with
    rb = sendrules.load_rulebook()
    index = CitationIndex(rb)
    compared = kinds = 0
    seen: set[str] = set()
    for stream, name in ((io.BytesIO(MOCKUP.read_bytes()), "mockup.xml"),
                         (GeneratedStream(generate_return(400, seed=11)), "gen.xml")):
        reader = SEN2Reader(stream, name)
        for person in reader:
            try:
                ev = evaluate_with(rb, "case", sen2_to_case(person, "999"), reader.header.reference_date,
                                   settings=SEN2_SETTINGS)
            except (sendrules.InputError, PersonRejected):  # a rejected person has no rows to compare
                continue
            expected = _rows_from_document(document(ev), "P", index)
            assert person_rows(ev, "P", index) == expected
            compared += 1
            kinds += bool(expected[0])
            seen.update(r[6] for r in expected[0])
    assert compared > 300 and kinds > 100
    assert {"late", "missing", ""} <= seen   # rows with and without defects were compared

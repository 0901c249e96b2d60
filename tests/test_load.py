"""Load, compile and check stages on fixture rule folders.

Each folder under fixtures/rules/bad/ holds rule files with known mistakes and an `expected.txt`
listing the diagnostics they must produce, one per line, as `FILE:LINE: MESSAGE-FRAGMENT` (FILE
relative to the folder's parent, as Diagnostic.render() shows it; the fragment is looked for in
the rendered diagnostic). Each folder under fixtures/rules/good/ must compile with no errors.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

import sendrules
from sendrules.load.yaml_reader import MAX_FILE_BYTES
from casebuilders import FIXTURE_RULES, make_case

BAD = sorted(p for p in (FIXTURE_RULES / "bad").iterdir() if p.is_dir())
GOOD = sorted(p for p in (FIXTURE_RULES / "good").iterdir() if p.is_dir())
INSTRUMENTS = (FIXTURE_RULES / "good" / "minimal" / "instruments.yaml").read_text(encoding="utf-8")

# Folders the tools get wrong: each is a bug (bad: a diagnostic is missing; good: a false error).
KNOWN_BUGS: dict[str, str] = {}  # folder name -> reason, for a bug found but not yet fixed

_EXPECTED_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<fragment>.+)$")


def expected_diagnostics(folder: Path) -> list[tuple[str, int, str]]:
    out = []
    for raw in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        m = _EXPECTED_LINE.match(raw)
        assert m, f"{folder.name}/expected.txt: cannot read line {raw!r}"
        out.append((m["file"], int(m["line"]), m["fragment"]))
    return out


def _params(folders):
    return [pytest.param(p, id=p.name, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[p.name])]
                         if p.name in KNOWN_BUGS else []) for p in folders]


def test_fixture_folders_are_complete():
    assert len(BAD) >= 14
    assert len(GOOD) >= 3
    for folder in BAD:
        assert (folder / "expected.txt").is_file(), folder.name
        assert expected_diagnostics(folder), f"{folder.name}/expected.txt is empty"
    for folder in BAD + GOOD:
        assert "instruments:" in (folder / "instruments.yaml").read_text(encoding="utf-8"), folder.name


@pytest.mark.parametrize("folder", _params(BAD))
def test_bad_folder_reports_each_expected_diagnostic(folder: Path):
    rb, diags = sendrules.check_rules(folder)
    rendered = "\n".join(d.render() for d in diags)
    for file, line, fragment in expected_diagnostics(folder):
        hits = [d for d in diags if d.file == file and d.line == line and fragment in d.render()]
        assert hits, f"expected {file}:{line}: {fragment!r}\ngot:\n{rendered}"
        assert all(d.severity == "error" for d in hits)
    assert rb is None


@pytest.mark.parametrize("folder", _params(BAD))
def test_load_rulebook_raises_with_every_diagnostic(folder: Path):
    with pytest.raises(sendrules.RulebookError) as info:
        sendrules.load_rulebook(folder)
    text = str(info.value)
    assert text.startswith("rulebook has ")
    for file, line, fragment in expected_diagnostics(folder):
        assert f"{file}:{line}:" in text and fragment in text


@pytest.mark.parametrize("folder", _params(GOOD))
def test_good_folder_compiles_without_errors(folder: Path):
    rb, diags = sendrules.check_rules(folder)
    errors = [d.render() for d in diags if d.severity == "error"]
    assert errors == []
    assert rb is not None
    assert rb.programs, "a good fixture defines at least one rule"


def test_bundled_rules_compile_without_errors():
    rb, diags = sendrules.check_rules(None)
    assert [d.render() for d in diags if d.severity == "error"] == []
    assert rb is not None and len(rb.programs) >= 20


def test_conflict_over_a_derived_rule_is_only_a_warning():
    folder = FIXTURE_RULES / "good" / "derived_conflict_warning"
    rb, diags = sendrules.check_rules(folder)
    assert rb is not None
    assert [(d.file, d.line, d.severity) for d in diags] == [
        ("derived_conflict_warning/rules.yaml", 25, "warning")]
    assert "exceptions 'adult' and 'in_area' can both apply" in diags[0].message
    assert rb.warnings == tuple(diags)


def test_the_checker_catches_the_same_conflict_over_findings_as_an_error():
    rb, diags = sendrules.check_rules(FIXTURE_RULES / "bad" / "sibling_conflict")
    assert rb is None
    (d,) = diags
    # the message gives an example assignment that makes both apply
    assert "finding.has_deputy=True" in d.message and "finding.lacks_capacity=True" in d.message


def test_cycle_message_names_each_rule_once_and_closes_the_loop():
    """Regression (fixed in 0416af9): the cycle was reported as 'demo.a -> demo.b -> demo.a -> demo.a'."""
    rb, diags = sendrules.check_rules(FIXTURE_RULES / "bad" / "cycle")
    assert [d.message for d in diags] == [
        "rules depend on each other in a cycle: demo.a -> demo.b -> demo.a"]


def test_nested_override_conflict_is_found_by_the_checker():
    """Regression (fixed in 0416af9): equal sibling constants hid a conflict made by a nested exception."""
    rb, diags = sendrules.check_rules(FIXTURE_RULES / "bad" / "nested_override_conflict")
    assert rb is None
    assert any("'first_holds' and 'also_first' can both apply" in d.message and "finding.second=True" in d.message
               for d in diags)


def test_equal_values_with_exclusive_nested_exception_never_conflict():
    """Regression: siblings that can both apply only when they agree are not a conflict."""
    rb = sendrules.load_rulebook(FIXTURE_RULES / "good" / "equal_values_nested")
    want = {(True, True): "second", (True, False): "first", (False, True): "plain", (False, False): "plain"}
    for (first, second), value in want.items():
        case = make_case(findings={"first": {"value": first}, "second": {"value": second}})
        out = sendrules.evaluate(rb, case, dt.date(2025, 1, 1)).outcomes["demo.kind"]
        assert (out.status, out.value) == ("determined", value)


def test_conflict_the_checker_can_only_warn_about_is_reported_at_evaluation():
    """Two sibling exceptions that both apply with different values give status conflict, never first-wins."""
    rb = sendrules.load_rulebook(FIXTURE_RULES / "good" / "derived_conflict_warning")
    both = make_case({"birth_date": "2000-01-01", "in_authority_area": True})
    out = sendrules.evaluate(rb, both, dt.date(2025, 1, 1)).outcomes["demo.label"]
    assert (out.status, out.value, out.conflicts) == ("conflict", None, ["adult", "in_area"])
    one = make_case({"birth_date": "2015-01-01", "in_authority_area": True})
    out = sendrules.evaluate(rb, one, dt.date(2025, 1, 1)).outcomes["demo.label"]
    assert (out.status, out.value) == ("determined", "in_area")
    neither = make_case({"birth_date": "2015-01-01", "in_authority_area": False})
    assert sendrules.evaluate(rb, neither, dt.date(2025, 1, 1)).outcomes["demo.label"].value == "none"


# --- semantics of the good fixtures ------------------------------------------------------------

def _notify(rb, received: str, as_at: dt.date = dt.date(2021, 1, 1)):
    case = make_case(requests=[{"request_id": "r1", "received_date": received}])
    return sendrules.evaluate(rb, case, as_at).outcomes["demo.notify[r1]"]


def test_duty_uses_the_parameter_value_in_force_on_its_trigger():
    rb = sendrules.load_rulebook(FIXTURE_RULES / "good" / "duty")
    # 20 Dec 2019 + 6 weeks (42 days): 11 days to 31 Dec, then 31 into January = 31 Jan 2020
    assert _notify(rb, "2019-12-20").duty.due == dt.date(2020, 1, 31)
    # 6 Jan 2020 + 8 weeks (56 days): 25 to 31 Jan, 29 in February 2020 (leap), 2 into March
    assert _notify(rb, "2020-01-06").duty.due == dt.date(2020, 3, 2)
    assert _notify(rb, "2019-12-20").duty.trigger == dt.date(2019, 12, 20)


def test_rule_version_is_picked_by_its_selecting_date():
    rb = sendrules.load_rulebook(FIXTURE_RULES / "good" / "versions")

    def weeks(received: str):
        case = make_case(requests=[{"request_id": "r1", "received_date": received}])
        res = sendrules.evaluate(rb, case, dt.date(2021, 1, 1), explain=True)
        node = next(n for n in res.explanation.nodes if n.key == "demo.limit_weeks[r1]")
        return res.outcomes["demo.limit_weeks[r1]"], node.version

    out, version = weeks("2019-12-31")
    assert out.value == 6 and out.version == version.valid_from and version.file == "versions/old.yaml"
    out, version = weeks("2020-01-01")
    assert out.value == 8 and out.version == dt.date(2020, 1, 1)
    assert (version.valid_from, version.valid_to, version.file) == (dt.date(2020, 1, 1), None, "versions/new.yaml")
    early, _ = weeks("2014-08-31")
    assert early.status == "error" and "no version of demo.limit_weeks" in early.errors[0]


@pytest.mark.parametrize("findings,status,value,missing", [
    ({"first": True, "second": True}, "determined", "second", []),
    ({"first": True, "second": False}, "determined", "first", []),
    ({"first": False, "second": True}, "determined", "plain", []),
    ({"first": False, "colour": "green"}, "determined", "green", []),
    # nothing recorded: each unknown finding could change the value, and every one is listed
    ({}, "undetermined", None, ["finding.first", "finding.second"]),
    # first unknown, second known false: `second` is no longer needed
    ({"second": False}, "undetermined", None, ["finding.first"]),
])
def test_exception_tree_semantics(findings, status, value, missing):
    rb = sendrules.load_rulebook(FIXTURE_RULES / "good" / "exceptions")
    case = make_case(findings={k: {"value": v} for k, v in findings.items()})
    out = sendrules.evaluate(rb, case, dt.date(2025, 1, 1)).outcomes["demo.kind"]
    assert (out.status, out.value, out.missing) == (status, value, missing)


# --- the YAML reader -------------------------------------------------------------------------

def _rules_folder(tmp_path: Path, body: str, name: str = "rules.yaml") -> Path:
    root = tmp_path / "rules"
    root.mkdir()
    (root / "instruments.yaml").write_text(INSTRUMENTS, encoding="utf-8")
    (root / name).write_text(body, encoding="utf-8")
    return root


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.mkdir [{target}]",
    "!!python/object/new:pathlib.Path [{target}]",
    "!!python/name:os.mkdir",
    "!!python/object:argparse.Namespace {{x: 1}}",
])
def test_python_tags_are_refused_and_never_constructed(tmp_path: Path, tag: str):
    target = tmp_path / "constructed"
    body = ("format: sendrules.rules/1\narea: tags\nrules:\n  - id: demo.x\n"
            f"    description: {tag.format(target=str(target))}\n")
    root = _rules_folder(tmp_path, body)
    rb, diags = sendrules.check_rules(root)
    assert rb is None
    assert not target.exists(), "a python/* tag ran code"
    (d,) = diags
    assert (d.file, d.line) == ("rules/rules.yaml", 5)
    assert "could not determine a constructor for the tag 'tag:yaml.org,2002:python/" in d.message


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path):
    body = "format: sendrules.rules/1\narea: big\n"
    padding = "# " + "x" * 98 + "\n"
    body += padding * (MAX_FILE_BYTES // len(padding) + 1)
    root = _rules_folder(tmp_path, body, "big.yaml")
    size = (root / "big.yaml").stat().st_size
    assert size > MAX_FILE_BYTES
    rb, diags = sendrules.check_rules(root)
    assert rb is None
    assert [d.render() for d in diags] == [
        f"rules/big.yaml: error: is larger than the limit of {MAX_FILE_BYTES:,} bytes"]


def test_file_exactly_at_the_size_limit_is_read(tmp_path: Path):
    head = (FIXTURE_RULES / "good" / "minimal" / "rules.yaml").read_text(encoding="utf-8")
    filler = MAX_FILE_BYTES - len(head.encode()) - 1
    body = head + "#" + " " * (filler - 1) + "\n"
    root = _rules_folder(tmp_path, body)
    assert (root / "rules.yaml").stat().st_size == MAX_FILE_BYTES
    rb, diags = sendrules.check_rules(root)
    assert [d.render() for d in diags] == []
    assert rb is not None


def test_missing_and_empty_rules_folders(tmp_path: Path):
    rb, diags = sendrules.check_rules(tmp_path / "nowhere")
    assert rb is None and [d.message for d in diags] == ["rules folder not found"]
    (tmp_path / "empty").mkdir()
    rb, diags = sendrules.check_rules(tmp_path / "empty")
    assert rb is None and "no rule files" in diags[0].message


def test_a_rule_file_must_be_a_mapping(tmp_path: Path):
    root = _rules_folder(tmp_path, "- just\n- a list\n")
    rb, diags = sendrules.check_rules(root)
    assert rb is None
    assert [(d.file, d.line) for d in diags] == [("rules/rules.yaml", 1)]
    assert "must be a mapping" in diags[0].message


def test_scenario_files_are_not_rule_files(tmp_path: Path):
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE_RULES / "good" / "minimal", root)
    (root / "scenarios").mkdir()
    (root / "scenarios" / "s.yaml").write_text("not: [a rule file", encoding="utf-8")
    rb, diags = sendrules.check_rules(root)
    assert rb is not None and diags == []


def test_content_hash_ignores_formatting_but_not_content(tmp_path: Path):
    src = FIXTURE_RULES / "good" / "duty"
    a, b, c = tmp_path / "a" / "rules", tmp_path / "b" / "rules", tmp_path / "c" / "rules"
    for dst in (a, b, c):
        shutil.copytree(src, dst)
    text = (src / "rules.yaml").read_text(encoding="utf-8")
    assert "area: duty" in text and "provision: reg 5(4)," in text
    (b / "rules.yaml").write_text("# a comment\n" + text.replace("area: duty", "area:   duty  # same"),
                                  encoding="utf-8")
    (c / "rules.yaml").write_text(text.replace("provision: reg 5(4),", "provision: reg 5(4A),"), encoding="utf-8")
    ha, hb, hc = (sendrules.load_rulebook(p).content_hash for p in (a, b, c))
    assert ha == hb
    assert ha != hc


def test_docs_list_every_function_rules_may_call():
    """docs/rule-format.md is the newcomer's reference: every callable function is in its table."""
    from sendrules.calendar.working_days import england_calendar
    from sendrules.compile.functions import SPECIAL_FUNCTIONS, function_table
    doc = (Path(__file__).resolve().parents[1] / "docs" / "rule-format.md").read_text(encoding="utf-8")
    missing = [name for name in list(function_table(england_calendar())) + list(SPECIAL_FUNCTIONS)
               if f"`{name}(" not in doc]
    assert missing == []


def test_a_parameter_value_that_ends_before_it_starts_is_refused_at_its_line(tmp_path):
    """The rule files and the overlays share one check that a span's `to` is not before its `from`."""
    root = tmp_path / "rules"
    shutil.copytree(Path(sendrules.__file__).resolve().parents[2] / "rules", root)
    path = root / "parameters.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - from: 2014-09-01\n        value: 6\n"
    assert old in text
    path.write_text(text.replace(old, "      - from: 2014-09-01\n        to: 2014-01-01\n        value: 6\n", 1),
                    encoding="utf-8")
    rb, diags = sendrules.check_rules(root)
    assert rb is None
    line = text[:text.index(old)].count("\n") + 1
    assert [d.render() for d in diags] == [
        f"rules/parameters.yaml:{line}: error [parameters[0].values[0]]: `to` is before `from`"]

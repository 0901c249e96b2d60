"""The speed work (docs/adr/0019) must not change a single byte of law or output: applicability
gates, compact not_applicable outcomes, `only=` closures, the libyaml loader, the compile cache,
the pickled rulebook and `evaluate --jobs`. Timings live in benchmarks/, never here."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import pickle
import shutil
from pathlib import Path

import pytest
import yaml

import sendrules
from sendrules.cli import main
from sendrules.compile import cache
from sendrules.compile.plans import closure, scope_plan
from sendrules.engines import evaluate_with
from sendrules.errors import InputError
from sendrules.evaluate.evaluator import _run_scope_explaining, evaluate_subject
from sendrules.load import yaml_reader
from sendrules.result.build import result_dict
from sendrules.result.canonical import canonical_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
AS_AT = dt.date(2026, 1, 15)


def _bench_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inputs() -> list[tuple[str, dict]]:
    """Every example, and generated cases of every shape the benchmark makes (small and seeded)."""
    out = []
    for p in EXAMPLES:
        data = json.loads(p.read_text(encoding="utf-8"))
        out.append(("area" if "area_id" in data else "case", data))
    out += [("case", c) for c in _bench_module("caseload").caseload(40, seed=14)]
    return out


# --- gates and compact not_applicable outcomes ----------------------------------------------

def _ungated(programs, env, ids, ctx, outcomes):
    """The reference: every rule tested on its own guard, a full Outcome for each (the engine
    before gates; the explaining loop does exactly that)."""
    _run_scope_explaining(programs, env, ids, ctx, outcomes)


def test_gated_engine_gives_the_same_bytes_as_testing_every_guard(rulebook):
    for root, data in _inputs():
        fast = evaluate_with(rulebook, root, data, AS_AT)
        ref = evaluate_subject(rulebook, root, data, AS_AT, _ungated)
        assert any(type(e) is tuple for e in fast.entries)  # some rule was skipped compactly
        for all_outcomes in (False, True):
            assert canonical_json(result_dict(fast, all_outcomes)) == canonical_json(result_dict(ref, all_outcomes))
        assert [(o.key, o.status) for o in fast.outcomes] == [(o.key, o.status) for o in ref.outcomes]


def test_gates_group_rules_by_their_guard_or_its_first_conjunct(rulebook):
    plan = rulebook.plans["request"]
    assert len(plan.gates) < sum(1 for p in plan.programs if p.applies_when is not None)
    by_gate: dict[int, list] = {}
    for p, g in zip(plan.programs, plan.gate_of):
        assert (g == -1) == (p.applies_when is None)
        if g >= 0:
            by_gate.setdefault(g, []).append(p)
    assert any(len(ps) > 1 for ps in by_gate.values())


def test_a_gate_is_the_guard_or_its_first_conjunct_shared_by_most(rulebook):
    plan = scope_plan("request", rulebook.plans["request"].programs, ())
    sources: dict[int, set[str]] = {}
    for p, g, whole in zip(plan.programs, plan.gate_of, plan.gate_whole):
        if g < 0:
            continue
        chosen = p.applies_when if whole else p.gate
        assert chosen is not None and chosen.source in p.applies_when.source
        sources.setdefault(g, set()).add(chosen.source)
    assert all(len(s) == 1 for s in sources.values())  # one gate, one expression


# --- only= ----------------------------------------------------------------------------------

def test_only_decides_the_closure_and_agrees_with_the_full_run(rulebook):
    wanted = ["status.age_group", "assessment.decision_whether_to_assess"]
    keep = closure(rulebook.rule_deps, set(wanted))
    assert set(wanted) <= keep and len(keep) < len(rulebook.programs) // 4
    for root, data in _inputs():
        if root != "case":
            continue
        full = {o.key: o for o in evaluate_with(rulebook, "case", data, AS_AT).outcomes}
        part = evaluate_with(rulebook, "case", data, AS_AT, only=wanted)
        assert {o.program.id for o in part.outcomes} == keep
        for o in part.outcomes:
            assert o.status == full[o.key].status and repr(o.value) == repr(full[o.key].value)


def _compare(o) -> tuple:
    return o.status, repr(o.value), o.unknown.missing if o.unknown is not None else None


def test_each_rule_alone_binds_what_it_reads_and_agrees_with_the_full_run(rulebook):
    """`only=` binds just the facts and findings its closure reads (Binder.restricted): every rule
    asked for alone, on every example, decides each outcome as the full run does, down to the
    facts an undetermined one names as missing."""
    cases = [data for root, data in _inputs() if root == "case"][:len(EXAMPLES) + 8]
    fulls = [{o.key: o for o in evaluate_with(rulebook, "case", data, AS_AT).outcomes} for data in cases]
    restricted = 0
    for rid, prog in rulebook.programs.items():
        if prog.scope == "area":
            continue
        plans = rulebook.plans_for(frozenset([rid]))
        restricted += sum(len(p.binder.groups) < len(rulebook.scopes[n].binder.groups) for n, p in plans.items())
        for data, full in zip(cases, fulls):
            for o in evaluate_with(rulebook, "case", data, AS_AT, only=[rid]).outcomes:
                assert _compare(o) == _compare(full[o.key]), (rid, o.key)
    assert restricted > 100   # the binders were cut down, so the comparison tested something


def test_only_takes_outcome_keys_and_is_recorded_in_the_receipt(rulebook):
    case = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    full = sendrules.evaluate(rulebook, case, AS_AT)
    part = sendrules.evaluate(rulebook, case, AS_AT, only=["assessment.decision_whether_to_assess[R1]"])
    assert part.receipt.only == ["assessment.decision_whether_to_assess"]
    assert full.receipt.only == [] and "only" not in json.loads(full.to_json())["receipt"]
    assert part.receipt.run_hash != full.receipt.run_hash
    assert part.outcomes["assessment.decision_whether_to_assess[R1]"].status == \
        full.outcomes["assessment.decision_whether_to_assess[R1]"].status


@pytest.mark.parametrize("only, fragment", [
    (["no.such_rule"], "only: no rule 'no.such_rule'"),
    ("status.age_group", "not one string"),
    ([], "names no rule"),
    ([3], "must be a list"),
])
def test_only_refuses_what_is_not_a_list_of_rules(rulebook, only, fragment):
    case = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    with pytest.raises(InputError) as info:
        sendrules.evaluate(rulebook, case, AS_AT, only=only)
    assert any(fragment in p for p in info.value.problems)


# --- the libyaml loader ---------------------------------------------------------------------

def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.line == b.line and a.key_lines == b.key_lines and list(a) == list(b) and all(
            _same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return a.line == b.line and a.item_lines == b.item_lines and len(a) == len(b) and all(
            _same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("name", ["definitions.yaml", "assessment.yaml", "scenarios/assessment.yaml"])
def test_fast_and_pure_loaders_give_the_same_data_and_lines(name):
    text = (ROOT / "rules" / name).read_text(encoding="utf-8")
    fast, pure = yaml_reader.parse_yaml(text, name, fast=True), yaml_reader.parse_yaml(text, name, fast=False)
    assert fast[1] == pure[1] == [] and _same(fast[0], pure[0])


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml: only the pure loader exists")
@pytest.mark.parametrize("text, line, fragment", [
    ("a: &x [1]\nb: *x\n", 2, "anchors and aliases"),  # the alias line, as the pure loader says
    ("a: &x [*x]\n", 1, "anchors and aliases"),
    ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'"),
    ("a:\n  b: 2024-02-30\n", 2, "not a real date"),
    ("a: [1,\n  2\nb: 3\n", 3, "expected ',' or ']'"),  # the pure parser's words, as documented
])
def test_fast_loader_refuses_as_the_pure_loader_does(text, line, fragment):
    data, diags = yaml_reader.parse_yaml(text, "f.yaml")
    assert data is None and len(diags) == 1
    assert diags[0].line == line and fragment in diags[0].message


def test_billion_laughs_is_refused_at_once():
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    data, diags = yaml_reader.parse_yaml(text, "laughs.yaml")
    assert data is None and "anchors and aliases" in diags[0].message


def test_on_and_yes_stay_text_with_the_fast_loader():
    data, _ = yaml_reader.parse_yaml("on: 2026-02-10\nyes: no\nok: true\n", "f.yaml")
    assert data == {"on": dt.date(2026, 2, 10), "yes": "no", "ok": True}


# --- the compile cache and the pickled rulebook ---------------------------------------------

@pytest.fixture()
def rules_copy(tmp_path, monkeypatch):
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder, ignore=shutil.ignore_patterns("scenarios"))
    monkeypatch.setenv("SENDRULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SENDRULES_NO_CACHE", raising=False)
    return folder


def test_cache_hit_compiles_the_same_rulebook_without_loading(rules_copy, monkeypatch, rulebook):
    first = sendrules.load_rulebook(rules_copy)
    entries = list((rules_copy.parent / "cache").glob("*.pickle"))
    assert len(entries) == 1

    def no_load(root):
        raise AssertionError("the cache should have been used")
    monkeypatch.setattr(cache, "load_rules", no_load)
    second = sendrules.load_rulebook(rules_copy)
    assert second.content_hash == first.content_hash == rulebook.content_hash
    case = json.loads(EXAMPLES[1].read_text(encoding="utf-8"))
    assert sendrules.evaluate(second, case, AS_AT).to_json() == sendrules.evaluate(first, case, AS_AT).to_json()


def test_an_edited_rule_is_a_cache_miss_never_stale_law(rules_copy):
    before = sendrules.load_rulebook(rules_copy)
    path = rules_copy / "assessment.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("    due: add_weeks(trigger, param.assessment_decision_weeks)\n",
                          "    due: add_days(add_weeks(trigger, param.assessment_decision_weeks), 7)\n", 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    after = sendrules.load_rulebook(rules_copy)
    assert after.content_hash != before.content_hash
    assert len(list((rules_copy.parent / "cache").glob("*.pickle"))) == 2
    case = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    due = [sendrules.evaluate(rb, case, AS_AT).outcomes["assessment.decision_whether_to_assess[R1]"].duty.due
           for rb in (before, after)]
    assert (due[1] - due[0]).days == 7


def test_a_damaged_entry_is_a_miss(rules_copy):
    sendrules.load_rulebook(rules_copy)
    (entry,) = (rules_copy.parent / "cache").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert sendrules.load_rulebook(rules_copy).content_hash
    assert pickle.loads(entry.read_bytes())[0] == cache.CACHE_FORMAT  # rewritten whole


def test_no_cache_writes_nothing(rules_copy, monkeypatch):
    monkeypatch.setenv("SENDRULES_NO_CACHE", "1")
    sendrules.load_rulebook(rules_copy)
    assert not (rules_copy.parent / "cache").exists()


def test_rulebook_pickles_by_reference_and_refuses_changed_rules(rules_copy):
    rb = sendrules.load_rulebook(rules_copy)
    blob = pickle.dumps(rb)
    assert len(blob) < 1000  # the folder and the hash, not the closures
    again = pickle.loads(blob)
    assert again.content_hash == rb.content_hash
    path = rules_copy / "definitions.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment changes no law\n", encoding="utf-8")
    assert pickle.loads(blob).content_hash == rb.content_hash  # same models, same hash
    path.write_text(path.read_text(encoding="utf-8").replace("Child, young person, or over 25",
                                                             "Child, young person or over 25", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="changed since this rulebook was compiled"):
        pickle.loads(blob)


def test_a_rulebook_not_from_a_folder_does_not_pickle(rulebook):
    from dataclasses import replace
    with pytest.raises(TypeError, match="rules folder"):
        pickle.dumps(replace(rulebook, source=""))


# --- evaluate --jobs ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "text"])
def test_jobs_output_is_the_sequential_output_in_order(capsys, fmt):
    files = [str(p) for p in EXAMPLES[:4]]
    outs = []
    for jobs in ("1", "2"):
        code = main(["evaluate", *files, "--as-at", "2026-01-15", "--format", fmt, "--jobs", jobs])
        outs.append((code, capsys.readouterr().out))
    assert outs[0] == outs[1] and outs[0][0] == 0


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_jobs_reports_an_invalid_input_and_goes_on_as_one_process_does(tmp_path, capsys, fmt):
    folder = tmp_path / "batch"
    folder.mkdir()
    for p in EXAMPLES[:2]:
        shutil.copy(p, folder / p.name)
    (folder / "bad.json").write_text(json.dumps({"schema_version": "2.0", "case_id": "X", "person": {},
                                                "requests": []}), encoding="utf-8")
    lines = [json.dumps(json.loads(p.read_text(encoding="utf-8"))) for p in EXAMPLES[2:4]]
    (folder / "more.jsonl").write_text("\n".join([lines[0], "{not json", lines[1]]) + "\n", encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        code = main(["evaluate", str(folder), "--as-at", "2026-01-15", "--format", fmt, "--jobs", jobs])
        captured = capsys.readouterr()
        outs.append((code, captured.out, captured.err))
    assert outs[0] == outs[1]
    assert outs[0][0] == 2 and "bad.json" in outs[0][1] + outs[0][2]


@pytest.mark.parametrize("value", ["0", "65", "two"])
def test_jobs_must_be_a_small_whole_number(capsys, value):
    assert main(["evaluate", str(EXAMPLES[0]), "--jobs", value]) == 2


# --- the guard ------------------------------------------------------------------------------

def test_compare_flags_a_ratio_that_fell_by_more_than_the_tolerance():
    compare = _bench_module("compare")
    before = {"ratio_to_baseline": {"evaluate": 0.02, "evaluate_to_json": 0.01},
              "peer_zen": {"sendrules_evaluate_only_over_zen": 0.5}}
    now = {"ratio_to_baseline": {"evaluate": 0.0150, "evaluate_to_json": 0.0095},
           "peer_zen": {"sendrules_evaluate_only_over_zen": 0.45}}
    problems = compare.compare(before, now, 0.2)
    assert len(problems) == 1 and problems[0].startswith("ratio_to_baseline.evaluate:")
    assert compare.compare(before, before, 0.2) == []


def test_growth_cases_are_valid_and_grow_as_asked(rulebook):
    bench = _bench_module("bench")
    for n, r in ((3, 0), (1, 4)):
        ev = evaluate_with(rulebook, "case", bench.grown_case(n, r), AS_AT)
        assert len(ev.subject.requests) == n
        assert len(ev.subject.requests[0].assessment.plan.reviews if r else []) == r
        assert len({o.ids for o in ev.decided}) >= n + r  # every request and review was decided


def test_cli_only_decides_the_rule_and_refuses_an_unknown_one(capsys):
    code = main(["evaluate", str(EXAMPLES[0]), "--as-at", "2026-01-15", "--format", "json",
                 "--only", "status.age_group"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["receipt"]["only"] == ["status.age_group"]
    assert "status.age_group" in doc["outcomes"] and not any(k.startswith("assessment.") for k in doc["outcomes"])
    code = main(["evaluate", str(EXAMPLES[0]), "--as-at", "2026-01-15", "--format", "json", "--only", "nope"])
    err = json.loads(capsys.readouterr().out)["error"]
    assert code == 2 and err["problems"] == ["only: no rule 'nope'"]


def test_a_cache_folder_others_can_write_is_not_read(rules_copy, monkeypatch):
    sendrules.load_rulebook(rules_copy)
    folder = rules_copy.parent / "cache"
    folder.chmod(0o777)

    def loads(root):
        raise RuntimeError("loaded from the files")
    monkeypatch.setattr(cache, "load_rules", loads)
    with pytest.raises(RuntimeError, match="loaded from the files"):
        sendrules.load_rulebook(rules_copy)
    folder.chmod(0o700)
    assert sendrules.load_rulebook(rules_copy).content_hash

"""What-if overlays: read and checked like a rule file (file:line, did-you-mean, duplicate keys),
laid over the loaded rules from a date, compiled and checked like the real rulebook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import sendrules
from sendrules.api import check_rules
from sendrules.core.parameters import build_table
from sendrules.core.ruleformat import Parameter
from sendrules.load.loader import load_rules
from sendrules.overlay import apply_overlay, read_overlay
from sendrules.overlay.apply import _changed_values, _own_citation
from sendrules.overlay.model import ParameterChange

from casebuilders import D, REPO

RULES = REPO / "rules"
EXAMPLE = REPO / "examples" / "overlays" / "18-weeks.yaml"
AS_AT = D("2026-01-05")


def plan_case(received: str, weeks_to_plan: float | None, case_id: str = "c1") -> dict:
    """A child whose parent's request was received on `received`, assessed, and (unless None)
    given a final EHC plan `weeks_to_plan` weeks after the request."""
    rec = D(received)
    req = {"request_id": "R1", "received_date": received, "requested_by": "parent", "outcome": "assess",
           "outcome_date": (rec + dt.timedelta(weeks=5)).isoformat()}
    if weeks_to_plan is not None:
        req["assessment"] = {"plan": {"issued_date": (rec + dt.timedelta(days=round(weeks_to_plan * 7))).isoformat()}}
    return {"schema_version": "2.0", "case_id": case_id,
            "person": {"birth_date": "2015-03-10", "in_authority_area": True}, "requests": [req]}


@pytest.fixture(scope="module")
def loaded():
    return load_rules(RULES)


@pytest.fixture(scope="module")
def overlaid():
    return sendrules.load_rulebook(RULES, overlay=EXAMPLE)


def write(tmp_path: Path, text: str, name: str = "overlay.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


HEAD = "format: sendrules.overlay/1\ntitle: test\n"


def problems(loaded, path: Path) -> list[str]:
    ov, diags = read_overlay(path)
    if ov is not None:
        _load, diags = apply_overlay(loaded, ov)
    return [d.render() for d in diags]


# --- the example: 20 weeks becomes 18 from 1 January 2025 -------------------------------------

def test_the_example_changes_the_value_from_its_date_only(overlaid, rulebook):
    table = overlaid.parameters["final_plan_weeks"]
    assert table.at(D("2024-12-31")) == 20 and table.at(D("2025-01-01")) == 18 and table.at(D("2040-01-01")) == 18
    assert table.entries[0].cite == rulebook.parameters["final_plan_weeks"].entries[0].cite  # the law's citation kept
    assert table.entries[1].cite[0].instrument == "whatif_overlay" and table.entries[1].cite[0].force == "convention"
    assert overlaid.content_hash != rulebook.content_hash
    assert overlaid.overlay.base_rulebook_hash == rulebook.content_hash
    assert overlaid.overlay.title == "Final EHC plan within 18 weeks" and len(overlaid.overlay.sha256) == 64
    # nothing else changed: every other parameter table is the law's
    assert {k for k in rulebook.parameters if overlaid.parameters[k] != rulebook.parameters[k]} == {"final_plan_weeks"}


@pytest.mark.parametrize("received, weeks, before, after", [
    ("2025-03-03", 19, "met", "met_late"),     # after the overlay's date: 19 weeks is late under 18
    ("2025-03-03", 17, "met", "met"),          # in time either way
    ("2024-06-03", 19, "met", "met"),          # received before the overlay's date: the 20 weeks still apply
    ("2025-03-03", 21, "met_late", "met_late"),
])
def test_the_overlay_decides_only_requests_from_its_date(rulebook, overlaid, received, weeks, before, after):
    case = plan_case(received, weeks)
    key = "plan.final_plan[R1]"
    assert sendrules.evaluate(rulebook, case, AS_AT).outcomes[key].status == before
    assert sendrules.evaluate(overlaid, case, AS_AT).outcomes[key].status == after


def test_the_receipt_names_the_overlay(overlaid, rulebook):
    case = plan_case("2025-03-03", 19)
    r = sendrules.evaluate(overlaid, case, AS_AT).receipt
    assert r.overlay.sha256 == overlaid.overlay.sha256 and r.overlay.file == str(EXAMPLE)
    assert r.overlay.base_rulebook_hash == rulebook.content_hash and r.rulebook_hash == overlaid.content_hash
    plain = sendrules.evaluate(rulebook, case, AS_AT).receipt
    assert plain.overlay is None and plain.run_hash != r.run_hash
    # the group digests name what changed: the final-plan duty reads the parameter, the 6-week duty
    # (group assessment) does not
    assert r.rule_digests["plan"] != plain.rule_digests["plan"]
    assert r.rule_digests["assessment"] == plain.rule_digests["assessment"]


def test_layout_and_comments_do_not_change_the_overlay_hash(tmp_path):
    a, _ = read_overlay(EXAMPLE)
    b, _ = read_overlay(write(tmp_path, "# a comment\n" + EXAMPLE.read_text(encoding="utf-8").replace("value: 18",
                                                                                                    "value:   18")))
    c, _ = read_overlay(write(tmp_path, EXAMPLE.read_text(encoding="utf-8").replace("value: 18", "value: 17"), "c.yaml"))
    assert a.sha256 == b.sha256 != c.sha256


# --- checked like a rule file ------------------------------------------------------------------

def test_an_unknown_parameter_is_named_with_its_line_and_the_nearest_name(loaded, tmp_path):
    p = write(tmp_path, HEAD + "parameters:\n  - id: final_plan_week\n    from: 2025-01-01\n    value: 18\n")
    assert problems(loaded, p) == [f"{p}:4: error [parameters[0].id]: no parameter 'final_plan_week' in the "
                                   "rulebook (did you mean 'final_plan_weeks'?)"]


def test_an_unknown_rule_is_named_with_its_line_and_the_nearest_name(loaded, tmp_path):
    rule = _final_plan_rule()
    rule["id"] = "plan.final_plans"
    p = write(tmp_path, HEAD + yaml.safe_dump({"rules": [rule]}, sort_keys=False))
    [msg] = problems(loaded, p)
    assert ":4: error [rules[0].id]: no rule 'plan.final_plans'" in msg and "did you mean 'plan.final_plan'?" in msg


def test_an_unknown_key_is_named_with_the_nearest_key(loaded, tmp_path):
    p = write(tmp_path, HEAD + "paramters:\n  - id: final_plan_weeks\n")
    msgs = problems(loaded, p)
    assert f"{p}:3: error [paramters]: unknown key 'paramters' (did you mean 'parameters'?)" in msgs


def test_a_duplicate_key_is_refused(loaded, tmp_path):
    p = write(tmp_path, HEAD + "parameters:\n  - id: final_plan_weeks\n    from: 2025-01-01\n    value: 18\n"
                               "    value: 17\n")
    [msg] = problems(loaded, p)
    assert msg.startswith(f"{p}:7: error") and "duplicate key 'value'" in msg


@pytest.mark.parametrize("value, says", [(-2, "from 0 to 5,200"), ("eighteen", "number"), (6.5, "whole")])
def test_a_value_the_parameter_cannot_take_is_refused_at_its_line(loaded, tmp_path, value, says):
    p = write(tmp_path, HEAD + f"parameters:\n  - id: final_plan_weeks\n    from: 2025-01-01\n    value: {value!r}\n"
              .replace("'", '"'))
    [msg] = problems(loaded, p)
    assert msg.startswith(f"{p}:6: error [parameters[0].value]: parameter final_plan_weeks: the new value")
    assert says in msg


def test_a_citation_of_an_unknown_instrument_is_refused(loaded, tmp_path):
    p = write(tmp_path, HEAD + "parameters:\n  - id: final_plan_weeks\n    from: 2025-01-01\n    value: 18\n"
              "    cite:\n      - {instrument: send_regs_2041, provision: reg 13(2), force: law, level: U}\n")
    [msg] = problems(loaded, p)
    assert ":8: error" in msg and "unknown instrument 'send_regs_2041' (did you mean 'send_regs_2014'?)" in msg


@pytest.mark.parametrize("text, says", [
    ("format: sendrules.overlay/1\ntitle: nothing\n", "an overlay changes something"),
    ("format: sendrules.rules/1\narea: x\nrules: []\n", "this is a rule file, not an overlay"),
    ("- a list\n", "an overlay must be a mapping"),
    (HEAD + "parameters:\n  - id: final_plan_weeks\n    from: 2025-01-01\n    to: 2024-01-01\n    value: 18\n",
     "`to` is before `from`"),
    (HEAD + "parameters: &a\n  - id: x\nrules: *a\n", "anchors and aliases"),
])
def test_malformed_overlays_are_refused_with_a_reason(loaded, tmp_path, text, says):
    msgs = problems(loaded, write(tmp_path, text))
    assert msgs and any(says in m for m in msgs), msgs


def test_a_missing_overlay_file_is_a_check_failure_not_a_crash(tmp_path):
    rb, diags = check_rules(RULES, tmp_path / "nope.yaml")
    assert rb is None and "cannot read it" in diags[0].render()


# --- a rule version replaced from a date --------------------------------------------------------

def _final_plan_rule() -> dict:
    data = yaml.safe_load((RULES / "plan_making.yaml").read_text(encoding="utf-8"))
    return next(r for r in data["rules"] if r["id"] == "plan.final_plan")


def test_a_rule_version_from_a_date_replaces_the_law_from_then_on(rulebook, tmp_path):
    rule = _final_plan_rule()
    rule.update(valid_from=dt.date(2025, 1, 1), due="add_weeks(trigger, param.final_plan_weeks - 4)",
                explain="The final plan was due by {due}; recorded: {discharged}.")
    rb = sendrules.load_rulebook(RULES, overlay=write(tmp_path, HEAD + yaml.safe_dump({"rules": [rule]},
                                                                                       sort_keys=False)))
    versions = rb.programs["plan.final_plan"].versions
    assert [(v.valid_from, v.valid_to) for v in versions] == [(D("2014-09-01"), D("2024-12-31")),
                                                              (D("2025-01-01"), None)]
    assert versions[1].file.endswith("overlay.yaml")
    late = plan_case("2025-03-03", 17)
    early = plan_case("2024-03-04", 17)
    key = "plan.final_plan[R1]"
    assert sendrules.evaluate(rb, late, AS_AT).outcomes[key].status == "met_late"     # 16 weeks now
    assert sendrules.evaluate(rb, early, AS_AT).outcomes[key].status == "met"         # the law then
    assert sendrules.evaluate(rulebook, late, AS_AT).outcomes[key].status == "met"


def test_an_overlay_may_run_to_the_last_day_a_date_can_hold(tmp_path):
    """9999-12-31 as `to` or `valid_to` means "to the end": nothing of the law is kept after it
    (found by the bad-input probe: the day after it overflowed, an internal error)."""
    p = write(tmp_path, HEAD + "parameters:\n  - {id: final_plan_weeks, from: 2025-01-01, to: 9999-12-31, value: 18}\n")
    table = sendrules.load_rulebook(RULES, overlay=p).parameters["final_plan_weeks"]
    assert table.at(D("2024-12-31")) == 20 and table.at(D("9999-12-31")) == 18
    rule = _final_plan_rule()
    rule.update(valid_from=dt.date(2025, 1, 1), valid_to=dt.date(9999, 12, 31),
                due="add_weeks(trigger, param.final_plan_weeks - 4)")
    rb = sendrules.load_rulebook(RULES, overlay=write(tmp_path, HEAD + yaml.safe_dump({"rules": [rule]}, sort_keys=False),
                                                      "rule.yaml"))
    assert [(v.valid_from, v.valid_to) for v in rb.programs["plan.final_plan"].versions] == [
        (D("2014-09-01"), D("2024-12-31")), (D("2025-01-01"), D("9999-12-31"))]


def test_a_rule_version_that_does_not_compile_is_reported_in_the_overlay(tmp_path):
    rule = _final_plan_rule()
    rule.update(valid_from=dt.date(2025, 1, 1), due="add_weeks(trigger, param.final_plan_wekes)")
    p = write(tmp_path, HEAD + yaml.safe_dump({"rules": [rule]}, sort_keys=False))
    rb, diags = check_rules(RULES, p)
    errors = [d for d in diags if d.severity == "error"]
    assert rb is None and len(errors) == 1
    assert errors[0].file == str(p) and errors[0].line is not None and "final_plan_weeks" in errors[0].message


# --- the arithmetic of dates ---------------------------------------------------------------------

_dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(max_examples=60, deadline=None)
@given(cut=_dates, span=st.one_of(st.none(), st.integers(0, 2000)), probe=_dates, split=_dates)
def test_a_changed_value_is_in_force_exactly_on_its_dates(cut, span, probe, split):
    """Whatever the law's dates, after the change the value on any date is the new one inside
    [from, to] and the law's outside it, and the dates still leave no gap and no overlap."""
    law = Parameter.model_validate({"id": "p", "type": "number", "unit": "weeks", "description": "d", "values": [
        {"from": dt.date(2014, 9, 1), "to": split - dt.timedelta(days=1), "value": 20,
         "cite": [{"instrument": "i", "provision": "s1", "force": "law", "level": "P"}]},
        {"from": split, "value": 22, "cite": [{"instrument": "i", "provision": "s2", "force": "law", "level": "P"}]}]}) \
        if split > dt.date(2014, 9, 1) else None
    if law is None:
        return
    to = None if span is None else cut + dt.timedelta(days=span)
    change = ParameterChange.model_validate({"id": "p", "from": cut, "to": to, "value": 18})
    from types import SimpleNamespace
    fake = SimpleNamespace(model=SimpleNamespace(title="t"))
    new = build_table(_changed_values(law, change, [_own_citation(fake)]))
    old = build_table(law)
    inside = cut <= probe and (to is None or probe <= to)
    assert new.at(probe) == (18 if inside else old.at(probe))
    for a, b in zip(new.entries, new.entries[1:]):
        assert a.end is not None and a.end + dt.timedelta(days=1) == b.start


def test_the_overlay_schema_describes_the_format():
    """`sendrules schema overlay`: the JSON Schema editors use, from the same model the reader uses."""
    from sendrules.schema import json_schema
    schema = json_schema("overlay")
    assert schema["$id"].endswith("overlay.json") and schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"format", "title", "description", "url", "instruments", "parameters", "rules"}
    assert schema["properties"]["format"]["const"] == "sendrules.overlay/1"
    change = schema["$defs"]["ParameterChange"]["properties"]
    assert {"id", "from", "to", "value", "cite"} == set(change)
    assert "request" in schema["$defs"]["Rule"]["properties"]["scope"]["enum"]


def test_a_later_change_to_the_same_parameter_wins_on_the_dates_they_share(loaded, tmp_path):
    p = write(tmp_path, HEAD + "parameters:\n"
              "  - {id: final_plan_weeks, from: 2025-01-01, value: 18}\n"
              "  - {id: final_plan_weeks, from: 2026-01-01, to: 2026-12-31, value: 16}\n")
    ov, _ = read_overlay(p)
    load, diags = apply_overlay(loaded, ov)
    assert not diags
    [param] = [x for lf in load.files for x in lf.model.parameters if x.id == "final_plan_weeks"]
    table = build_table(param)
    assert [table.at(D(d)) for d in ("2024-12-31", "2025-01-01", "2026-01-01", "2026-12-31", "2027-01-01")] == \
        [20, 18, 16, 16, 18]
    # the real rules are untouched: the overlay works on copies
    [real] = [x for lf in loaded.files for x in lf.model.parameters if x.id == "final_plan_weeks"]
    assert [v.value for v in real.values] == [20]

"""Exception families (written once, used by name) and enum values written as bare words."""

from __future__ import annotations

import datetime as dt

import pytest

import sendrules
from casebuilders import FIXTURE_RULES, make_case

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def rb():
    return sendrules.load_rulebook(FIXTURE_RULES / "good" / "families")


def _case(absence_days: int, impractical: bool = True) -> dict:
    start = D("2025-01-07")
    return make_case({"in_authority_area": True,
                      "absences_from_area": [{"start": "2025-01-07",
                                              "end": (start + dt.timedelta(days=absence_days - 1)).isoformat()}]},
                     [{"request_id": "r1", "received_date": "2025-01-06",
                       "findings": {"impractical": {"value": impractical}}}])


@pytest.mark.parametrize("days,first,second", [
    (28, "excepted", "excepted"),     # 4 weeks lifts both
    (14, "overdue", "excepted"),      # 2 weeks lifts only the duty whose use sets min_days to 14
    (13, "overdue", "overdue"),
])
def test_a_family_use_takes_its_parameters(rb, days, first, second):
    res = sendrules.evaluate(rb, _case(days), D("2025-06-01"))
    assert res.outcomes["demo.first[r1]"].status == first
    assert res.outcomes["demo.second[r1]"].status == second
    for key in ("demo.first[r1]", "demo.second[r1]"):
        if res.outcomes[key].status == "excepted":
            assert res.outcomes[key].duty.excepted_by == ["absence"]


def test_a_family_use_cites_the_provision_that_applies_it(rb):
    from sendrules.catalogue import catalogue
    rules = catalogue(rb)["rules"]
    first = {e["label"]: [c["provision"] for c in e["citations"]] for e in rules["demo.first"]["versions"][0]["exceptions"]}
    second = {e["label"]: [c["provision"] for c in e["citations"]] for e in rules["demo.second"]["versions"][0]["exceptions"]}
    assert first == {"absence": ["reg 5(4)(d)"], "circumstances": ["reg 5(4)(c)"]}
    assert second == {"absence": ["reg 44(3)(b)", "reg 44(3)"], "circumstances": ["reg 44(3)(a)", "reg 44(3)"],
                      "relaxed": ["s99"]}


def test_a_family_use_names_the_instrument_of_its_provision(rb):
    """A family written for several instruments cites `{instrument}`; each use fills it."""
    from sendrules.catalogue import catalogue
    rules = catalogue(rb)["rules"]
    excs = {e["label"]: e["citations"] for e in rules["demo.second"]["versions"][0]["exceptions"]}
    assert [(c["instrument"], c["provision"], c["text"]) for c in excs["relaxed"]] == [("cfa2014", "s99", "CFA 2014 s99")]
    assert all(c["instrument"] == "send_regs_2014" for c in excs["absence"])


def test_family_finding_is_needed_only_when_the_ground_is_there(rb):
    res = sendrules.evaluate(rb, make_case({"absences_from_area": [{"start": "2025-01-10", "end": "2025-02-20"}]},
                                           [{"request_id": "r1", "received_date": "2025-01-06"}]), D("2025-06-01"))
    assert res.outcomes["demo.first[r1]"].status == "undetermined"
    assert res.outcomes["demo.first[r1]"].missing == ["finding.impractical"]


def test_bare_words_are_enum_values(rb):
    res = sendrules.evaluate(rb, make_case({"in_authority_area": True}), D("2025-06-01"))
    assert res.outcomes["demo.group"].value == "young_person"
    assert res.outcomes["demo.is_young_person"].value is True
    assert res.outcomes["demo.askers"].value == ["parent", "school"]
    res = sendrules.evaluate(rb, make_case({"in_authority_area": False}), D("2025-06-01"))
    assert res.outcomes["demo.group"].value == "child"
    assert res.outcomes["demo.is_young_person"].value is False


def test_the_bundled_law_writes_the_impractical_time_limit_grounds_once():
    """The reg 5(4)/10(4) grounds appear in one family, used by every duty they apply to."""
    from casebuilders import REPO
    texts = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "rules").glob("*.yaml")}
    assert sum(t.count("advice_in_closure_window(") for t in texts.values()) == 2   # school and early years, once
    assert sum(t.count("family: impractical_time_limit") for t in texts.values()) >= 11


def _with_only_when(tmp_path, only_when: str):
    import shutil
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE_RULES / "good" / "families", root)
    path = root / "families.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - family: away\n        provision: reg 5(4)\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old + f"        only_when: {only_when}\n"), encoding="utf-8")
    return root


def test_only_when_adds_the_uses_condition_to_every_exception_of_the_family(tmp_path):
    """Reg 5(4) relieves reg 5(1) but not a refusal's reg 4(1): the use adds that condition, and a
    notified decision whose outcome is not recorded is undetermined where a ground holds."""
    rb = sendrules.load_rulebook(_with_only_when(tmp_path, "request.outcome_date is None or request.outcome != not_assess"))

    def status(**request):
        case = _case(28)
        case["requests"][0].update(request)
        out = sendrules.evaluate(rb, case, D("2025-06-01")).outcomes["demo.first[r1]"]
        return out.status, out.missing

    assert status() == ("excepted", [])                                          # still awaited
    assert status(outcome_date="2025-03-03", outcome="assess") == ("excepted", [])
    assert status(outcome_date="2025-03-03") == ("undetermined", ["request.outcome"])
    assert status(outcome_date="2025-03-03", outcome="not_assess") == ("met_late", [])
    # the second use of the family has no condition: unchanged
    assert sendrules.evaluate(rb, {**_case(28), "requests": [{**_case(28)["requests"][0], "outcome_date": "2025-03-03"}]},
                              D("2025-06-01")).outcomes["demo.second[r1]"].status == "excepted"


def test_only_when_belongs_to_a_family_use(tmp_path):
    import shutil
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE_RULES / "good" / "families", root)
    path = root / "families.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - family: away\n        provision: reg 5(4)\n"
    path.write_text(text.replace(old, old + "      - {label: own, when: finding.impractical, only_when: true,\n"
                                 "         cite: [{instrument: send_regs_2014, provision: reg 5(4), force: law, level: P}]}\n"),
                    encoding="utf-8")
    rb, diags = sendrules.check_rules(root)
    assert rb is None
    assert any("`only_when` apply a family: give them with `family`" in d.render() for d in diags), diags

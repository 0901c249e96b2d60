"""Properties checked with hypothesis over generated cases.

(a) determinism; (b) arbitrary input gives a result or an InputError that echoes no input value;
(c) age groups move one way with time; (d) concurrent evaluation gives the sequential results;
(e) the 6-week duty: due after trigger, and a later notice is never more on time;
(f) schema 1.0 input keeps working and means the same: a 2.0 case downgraded to 1.0 gives the
    same result document, with a notice that it was upgraded on load.

The generated cases are schema 2.0 (nested: request -> assessment -> plan -> reviews), so the
properties also run the review and advice-request scopes.
"""

from __future__ import annotations

import calendar as _calendar
import copy
import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import sendrules
from sendrules.facts import migrate
from sendrules.facts.case import Case
from sendrules.facts.scopes import ancestry
from sendrules.result.model import RESULT_FORMAT, Result
from casebuilders import DUTY, child_request_case

SRC = Path(sendrules.__file__).resolve().parent


def fast(max_examples: int):
    """Hypothesis settings: no per-example deadline, a fixed budget of examples."""
    return settings(max_examples=max_examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_RB: dict[str, Any] = {}


@pytest.fixture(autouse=True, scope="module")
def _share_rulebook(rulebook):
    """The session rulebook, kept out of @given arguments (its repr is huge)."""
    _RB["rb"] = rulebook
    yield
    _RB.clear()


def evaluate(*args, **kw) -> Result:
    return sendrules.evaluate(_RB["rb"], *args, **kw)


# --- strategies ------------------------------------------------------------------------------

def iso(d: dt.date) -> str:
    return d.isoformat()


def dates(lo: str = "1990-01-01", hi: str = "2045-12-31"):
    return st.dates(min_value=dt.date.fromisoformat(lo), max_value=dt.date.fromisoformat(hi))


LEAP_DAYS = st.sampled_from([dt.date(y, 2, 29) for y in (1992, 1996, 2000, 2004, 2008, 2012, 2016, 2020)])
DOBS = st.one_of(dates("1990-01-01", "2020-12-31"), LEAP_DAYS)
# cases() is evaluated at any AS_AT (2015 onwards): people born by then
CASE_DOBS = st.one_of(dates("1990-01-01", "2014-12-31"), LEAP_DAYS.filter(lambda d: d.year < 2015))
REQUESTERS = ["parent", "parent_representative", "young_person", "young_person_representative", "school",
              "post16_institution", "other"]
REQUEST_FINDINGS = ["has_or_may_have_sen", "sep_may_be_necessary", "absence_made_time_limit_impractical"]
CASE_FINDINGS = ["yp_lacks_capacity", "parent_lacks_capacity"]


def maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def finding_records(draw, names):
    out = {}
    for name in draw(st.lists(st.sampled_from(names), unique=True)):
        rec: dict[str, Any] = {"value": draw(st.booleans())}
        on = draw(maybe(dates("2014-01-01", "2045-12-31")))
        if on is not None:
            rec["on"] = iso(on)
        out[name] = rec
    return out


@st.composite
def periods(draw):
    start = draw(dates("2014-01-01", "2045-12-31"))
    return {"start": iso(start), "end": iso(start + dt.timedelta(days=draw(st.integers(0, 120))))}


def _put(record: dict[str, Any], key: str, value: Any) -> None:
    """Set a key when a value was drawn (None: the fact is not recorded)."""
    if value is not None:
        record[key] = iso(value) if isinstance(value, dt.date) else value


EVENT_DATES = dates("2013-01-01", "2045-12-31")
REVIEW_DATES = ("meeting_date", "meeting_notice_sent_date", "advice_circulated_date", "report_sent_date",
                "outcome_date", "draft_date", "amended_plan_issued_date", "no_amendment_notified_date",
                "views_sought_date")
ADVISERS = ["school_head_or_principal", "early_years_provider", "health", "educational_psychologist",
            "social_care", "other"]


@st.composite
def reviews(draw, index: int) -> dict[str, Any]:
    """One review of the plan (the review scope): a meeting and what followed it."""
    rev: dict[str, Any] = {"review_id": f"V{index}"}
    for key in draw(st.lists(st.sampled_from(REVIEW_DATES), unique=True, max_size=5)):
        rev[key] = iso(draw(EVENT_DATES))
    _put(rev, "outcome", draw(maybe(st.sampled_from(["continue", "amend", "cease"]))))
    return rev


@st.composite
def plans(draw) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    for key in ("draft_served_date", "issued_date", "cease_date"):
        _put(plan, key, draw(maybe(EVENT_DATES)))
    n = draw(st.integers(0, 2))
    if n:
        plan["reviews"] = [draw(reviews(i + 1)) for i in range(n)]
    return plan


@st.composite
def assessments(draw) -> dict[str, Any]:
    """The assessment sub-record: never empty (an absent one says the same, and schema 1.0 cannot
    write an empty one)."""
    a: dict[str, Any] = {}
    _put(a, "no_plan_notified_date", draw(maybe(EVENT_DATES)))
    _put(a, "views_recorded_date", draw(maybe(EVENT_DATES)))
    _put(a, "week20", draw(maybe(st.booleans())))
    if draw(st.booleans()):
        adv = {"adviser": draw(st.sampled_from(ADVISERS)), "requested_date": iso(draw(EVENT_DATES))}
        _put(adv, "response_date", draw(maybe(EVENT_DATES)))
        a["advice_requests"] = [adv]
    plan = draw(maybe(plans()))
    if plan:
        a["plan"] = plan
    if not a:
        a["week20"] = draw(st.booleans())
    return a


@st.composite
def requests(draw, index: int):
    req: dict[str, Any] = {"request_id": f"r{index}"}
    for key in ("received_date", "became_responsible_date", "outcome_date"):
        _put(req, key, draw(maybe(EVENT_DATES)))
    _put(req, "requested_by", draw(maybe(st.sampled_from(REQUESTERS))))
    _put(req, "outcome", draw(maybe(st.sampled_from(["assess", "not_assess"]))))
    _put(req, "assessment", draw(maybe(assessments())))
    findings = draw(finding_records(REQUEST_FINDINGS))
    if findings:
        req["findings"] = findings
    return req


@st.composite
def cases(draw) -> dict[str, Any]:
    """A schema 2.0 case: a person and one to three requests, each maybe with an assessment,
    a plan and reviews (every sub-record drawn is non-empty)."""
    person: dict[str, Any] = {}
    _put(person, "birth_date", draw(maybe(CASE_DOBS)))
    for key, strat in (("in_authority_area", st.booleans()), ("yp_has_representative", st.booleans()),
                       ("education_setting", st.sampled_from(["fe_sector", "apprenticeship", "other_course", "none"])),
                       ("course_end_date", dates("2010-01-01", "2050-12-31")),
                       ("autumn_term_starts", st.lists(dates("2005-08-01", "2040-09-30").map(iso), max_size=3)),
                       ("absences_from_area", st.lists(periods(), max_size=2)),
                       ("statement", st.builds(lambda k: {"kind": k}, st.sampled_from(
                           ["none", "maintained_on_commencement", "arising_under_parts_3_4"])))):
        _put(person, key, draw(maybe(strat)))
    n = draw(st.integers(1, 3))
    case: dict[str, Any] = {"schema_version": "2.0", "case_id": f"case-{draw(st.integers(0, 999))}",
                            "person": person, "requests": [draw(requests(i)) for i in range(n)]}
    findings = draw(finding_records(CASE_FINDINGS))
    if findings:
        case["findings"] = findings
    return born_first(case)


def _recorded_dates(node: Any) -> list[str]:
    """Every ISO date string inside a record (a request, the findings)."""
    if isinstance(node, dict):
        return [d for v in node.values() for d in _recorded_dates(v)]
    if isinstance(node, list):
        return [d for v in node for d in _recorded_dates(v)]
    return [node] if isinstance(node, str) and len(node) == 10 and node[4] == "-" and node[7] == "-" else []


def born_first(case: dict[str, Any], as_at: dt.date | None = None) -> dict[str, Any]:
    """The case with its date of birth moved back, if need be, to the earliest date recorded about
    the person (and the as-at date, and 31 August 2014 when a statement of SEN is recorded): a
    record about a person before their birth is refused
    (docs/adr/0017), and these properties are about cases that can exist."""
    dob = case["person"].get("birth_date")
    if dob is None:
        return case
    bounds = _recorded_dates(case["requests"]) + _recorded_dates(case.get("findings", {}))
    bounds += [(case["person"].get("statement") or {}).get(k) or dob for k in ("transfer_notice_date",)]
    if (case["person"].get("statement") or {}).get("kind", "none") != "none":
        bounds.append("2014-08-31")   # a statement needs a person born before 1 Sep 2014 (SI 2014/2270)
    if as_at is not None:
        bounds.append(iso(as_at))
    case["person"]["birth_date"] = min([dob, *bounds])
    return case


AS_AT = dates("2015-01-01", "2045-12-31")


# --- (a) determinism -----------------------------------------------------------------------------

def _record_ids(case: dict[str, Any]) -> set[tuple[str, ...]]:
    """The ids an outcome key may name: (), each request, and each record inside a request."""
    ids: set[tuple[str, ...]] = {()}
    for req in case["requests"]:
        rid = req["request_id"]
        ids.add((rid,))
        a = req.get("assessment") or {}
        ids |= {(rid, r["review_id"]) for r in (a.get("plan") or {}).get("reviews", [])}
        ids |= {(rid, f"A{i + 1}") for i, _ in enumerate(a.get("advice_requests", []))}
    return ids


@fast(120)
@given(case=cases(), as_at=AS_AT, explain=st.booleans())
def test_same_case_twice_gives_identical_canonical_json(case, as_at, explain):
    result = evaluate(case, as_at, explain=explain)
    first = result.to_json()
    second = evaluate(copy.deepcopy(case), as_at, explain=explain).to_json()
    assert first == second
    doc = json.loads(first)
    assert doc == result.to_dict()
    # the typed result and the fast path (plain dicts) give the same canonical document
    ev = sendrules.evaluate_with(_RB["rb"], "case", case, as_at, explain=explain)
    assert sendrules.document(ev, explain=explain) == doc
    assert Result.model_validate(doc).to_json() == first
    assert doc["format"] == RESULT_FORMAT and doc["receipt"]["as_at"] == iso(as_at)
    programs = _RB["rb"].programs
    records = _record_ids(case)
    for key, out in doc["outcomes"].items():
        assert out.get("missing", []) == sorted(out.get("missing", []))
        assert out["status"] != "not_applicable"       # left out unless all_outcomes
        for empty in ("missing", "errors", "conflicts", "value", "duty"):
            assert out.get(empty, 0) not in ([], None, {}), (key, empty)
        # a key names its rule and the records it ran for, at the rule's scope (the review scope too)
        rule, _, rest = key.partition("[")
        ids = tuple(rest.rstrip("]").split("/")) if rest else ()
        assert ids in records, key
        assert len(ids) == len(ancestry(programs[rule].scope)) - 1, key
    if explain:
        keys = [n["key"] for n in doc["explanation"]["nodes"]]
        assert sorted(keys) == sorted(doc["outcomes"]) and len(keys) == len(set(keys))


# --- (b) arbitrary input: a result or an InputError, never echoing values ----------------------------

JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                        st.text(max_size=30))
JSON_VALUES = st.recursive(JSON_LEAVES, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=12), kids, max_size=4)), max_leaves=25)
SECRETS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789 ", min_size=5, max_size=20)
ODD_DATES = st.one_of(
    st.dates().map(iso),                                             # any year 1..9999
    st.sampled_from(["2025-02-29", "2024-13-01", "2024-00-10", "0000-01-01", "2025-1-5", "20250105",
                     "2025-01-05T10:00:00", "2025-01-05T00:00:00", "2025-01-05Z", " 2025-01-05", ""]),
    st.integers(-10**12, 10**12),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


@st.composite
def mutated_cases(draw) -> Any:
    case = draw(cases())
    if draw(st.booleans()):
        case = migrate.downgrade_case(case)     # a schema 1.0 file, upgraded on load
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(case) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = case
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        how = draw(st.sampled_from(["drop", "json", "secret", "date", "wrap", "add_key"]))
        if how == "drop":
            if isinstance(parent, dict):
                del parent[last]
            else:
                parent.pop(last)
        elif how == "json":
            parent[last] = draw(JSON_VALUES)
        elif how == "secret":
            parent[last] = draw(SECRETS)
        elif how == "date":
            parent[last] = draw(ODD_DATES)
        elif how == "wrap":
            parent[last] = [parent[last]]
        elif isinstance(parent, dict):
            # misspelt keys, and names of the other schema version (a 1.0 name in a 2.0 record and back)
            parent[draw(st.one_of(SECRETS, st.sampled_from(
                ["findings", "birth_dat", "value", "on", "date_of_birth", "birth_date", "decision", "outcome",
                 "final_plan_issued_date", "assessment", "plan", "reviews", "schema_version"])))] = \
                draw(st.one_of(SECRETS, JSON_VALUES))
    return case


# Text that error messages are built from: the schema (field names, allowed values) and the
# message templates in the source. A leaf that is part of it may appear without being echoed.
_VOCABULARY = "\n".join([json.dumps(Case.model_json_schema())]
                        + [p.read_text(encoding="utf-8") for p in sorted(SRC.rglob("*.py"))]
                        + [p.read_text(encoding="utf-8") for p in sorted((SRC.parents[1] / "rules").glob("*.yaml"))])


def _keys_and_leaves(node: Any, keys: set[str], leaves: set[str]) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            keys.add(str(k))
            _keys_and_leaves(v, keys, leaves)
    elif isinstance(node, list):
        for v in node:
            _keys_and_leaves(v, keys, leaves)
    elif isinstance(node, str):
        leaves.add(node)


def _check_result_or_input_error(data: Any, as_at: dt.date) -> None:
    try:
        result = evaluate(data, as_at, explain=True)
    except sendrules.InputError as exc:
        problems = exc.problems
        assert problems and all(isinstance(p, str) and p for p in problems)
        # str() only frames the problems; each problem is checked on its own
        assert str(exc) == "invalid input:\n" + "\n".join(f"  - {p}" for p in problems)
        keys: set[str] = set()
        leaves: set[str] = set()
        _keys_and_leaves(data, keys, leaves)
        for leaf in leaves:
            if len(leaf) < 5 or leaf in _VOCABULARY or any(leaf in k for k in keys):
                continue
            for p in problems:
                assert leaf not in p, f"input value {leaf!r} echoed in: {p}"
        return
    text = result.to_json()      # the result serialises, and reads back as the same document
    assert result.format == RESULT_FORMAT
    assert Result.model_validate_json(text).to_json() == text


@fast(200)
@given(data=JSON_VALUES, as_at=AS_AT)
def test_arbitrary_json_gives_result_or_input_error(data, as_at):
    _check_result_or_input_error(data, as_at)


@fast(400)
@given(data=mutated_cases(), as_at=st.one_of(AS_AT, st.dates()))
def test_mutated_cases_give_result_or_input_error(data, as_at):
    _check_result_or_input_error(data, as_at)


@fast(150)
@given(case=cases(), as_at=st.dates())
def test_valid_cases_at_any_date_give_a_result(case, as_at):
    dob = case["person"].get("birth_date")
    if dob is not None and as_at < dt.date.fromisoformat(dob):
        with pytest.raises(sendrules.InputError) as before_birth:
            evaluate(case, as_at)
        assert before_birth.value.problems[0].startswith("as_at: is before person.birth_date")
        return
    result = evaluate(case, as_at)
    assert set(result.outcomes) >= {"status.age_group"}
    assert result.notices == []
    json.loads(result.to_json())


BOUNDARY_DATES = st.sampled_from([dt.date.min, dt.date(1, 1, 2), dt.date(1, 12, 31), dt.date(9999, 11, 19),
                                  dt.date(9999, 11, 20), dt.date(9999, 12, 1), dt.date(9999, 12, 30), dt.date.max])
EXTREME_DATES = st.one_of(BOUNDARY_DATES, st.dates(max_value=dt.date(1, 12, 31)),
                          st.dates(min_value=dt.date(9999, 9, 1)), dates("2014-01-01", "2040-12-31"))


@st.composite
def extreme_cases(draw) -> tuple[dict[str, Any], dt.date]:
    """Cases whose dates sit at the ends of the calendar (year 1, year 9999) or in normal years,
    down to the plan, its reviews and the requests for advice."""
    day = lambda: iso(draw(EXTREME_DATES))  # noqa: E731
    start = draw(EXTREME_DATES)
    end = draw(st.one_of(st.just(start), st.dates(min_value=start)))
    person = {"birth_date": iso(draw(st.one_of(DOBS, EXTREME_DATES))),
              "in_authority_area": draw(st.booleans()),
              "education_setting": draw(st.sampled_from(["fe_sector", "apprenticeship", "other_course", "none"])),
              "course_end_date": day(), "autumn_term_starts": [day()],
              "absences_from_area": [{"start": iso(start), "end": iso(end)}]}
    req: dict[str, Any] = {"request_id": "r1", "received_date": day(),
                           "requested_by": draw(st.sampled_from(REQUESTERS)),
                           "findings": {"absence_made_time_limit_impractical": {"value": True}}}
    for key in ("outcome_date", "became_responsible_date"):
        if draw(st.booleans()):
            req[key] = day()
    if draw(st.booleans()):
        req["outcome"] = "assess"
        review = {"review_id": "V1", "meeting_date": day(),
                  "outcome": draw(st.sampled_from(["continue", "amend", "cease"]))}
        for key in ("outcome_date", "draft_date", "report_sent_date"):
            if draw(st.booleans()):
                review[key] = day()
        req["assessment"] = {"advice_requests": [{"adviser": "health", "requested_date": day()}],
                             "plan": {"draft_served_date": day(), "issued_date": day(), "reviews": [review]}}
        if draw(st.booleans()):
            req["assessment"]["no_plan_notified_date"] = day()
    as_at = draw(st.one_of(EXTREME_DATES, st.just(dt.date.max)))
    return born_first({"schema_version": "2.0", "case_id": "extreme", "person": person, "requests": [req]},
                      as_at), as_at


def _edge(person: dict, request: dict, as_at: dt.date):
    req = {"request_id": "r1"} | request
    return ({"schema_version": "2.0", "case_id": "edge", "person": person, "requests": [req]}, as_at)


@fast(300)
@given(item=extreme_cases(), explain=st.booleans())
# a duty triggered in the last six weeks of the calendar: its due date cannot be computed
@example(item=_edge({"birth_date": "2015-03-10"}, {"received_date": "2025-01-06", "requested_by": "other",
                                                   "became_responsible_date": "9999-12-01"}, dt.date.max),
         explain=True)
@example(item=_edge({"birth_date": "9974-12-20"}, {"received_date": "9999-12-01", "requested_by": "young_person"},
                    dt.date.max), explain=True)
@example(item=_edge({"birth_date": "0001-01-01", "absences_from_area": [{"start": "0001-01-01", "end": "9999-12-31"}]},
                    {"received_date": "0001-01-01", "requested_by": "parent"}, dt.date.max), explain=True)
# a plan reviewed in the last weeks of the calendar: the review deadlines cannot be computed
@example(item=_edge({"birth_date": "2015-03-10"}, {"received_date": "9999-01-04", "outcome": "assess",
                                                   "assessment": {"plan": {"issued_date": "9999-06-01", "reviews": [
                                                       {"review_id": "V1", "meeting_date": "9999-12-30",
                                                        "outcome": "amend"}]}}}, dt.date.max), explain=True)
def test_extreme_dates_give_a_result(item, explain):
    case, as_at = item
    result = evaluate(case, as_at, explain=explain)
    json.loads(result.to_json())
    for out in result.outcomes.values():
        assert out.status != "error" or out.errors


# --- (c) age groups move one way with time -----------------------------------------------------

ORDER = {"child": 0, "young_person": 1, "over_25": 2}


def birthday_25(dob: dt.date, rule: str) -> dt.date:
    year = dob.year + 25
    if (dob.month, dob.day) == (2, 29) and not _calendar.isleap(year):
        return dt.date(year, 3, 1) if rule == "mar_1" else dt.date(year, 2, 28)
    return dob.replace(year=year)


@fast(150)
@given(dob=DOBS, rule=st.sampled_from(["mar_1", "feb_28"]),
       days=st.lists(dates("2015-01-01", "2050-12-31"), min_size=3, max_size=20),
       terms=st.lists(dates("2005-08-01", "2040-09-30").map(iso), max_size=2))
def test_age_group_is_monotone_in_time(dob, rule, days, terms):
    b25 = birthday_25(dob, rule)
    person: dict[str, Any] = {"birth_date": iso(dob)}
    if terms:
        person["autumn_term_starts"] = terms
    case = {"schema_version": "2.0", "case_id": "age", "person": person, "requests": [{"request_id": "r"}]}
    probe = sorted({d for d in days + [b25 - dt.timedelta(days=1), b25] if d >= max(dob, dt.date(2015, 1, 1))})
    groups = []
    for d in probe:
        out = evaluate(case, d, settings={"leap_day_birthday": rule}).outcomes
        age = out["status.age_group"]
        assert age.status == "determined", age
        assert out["age.birthday_25"].value == iso(b25)
        groups.append((d, age.value))
    for (d1, g1), (d2, g2) in zip(groups, groups[1:]):
        assert ORDER[g1] <= ORDER[g2], f"{g1} on {d1} but {g2} on {d2}"
    for d, g in groups:
        assert (g == "over_25") == (d >= b25), f"{g} on {d}; 25th birthday {b25}"
    seen_young = [d for d, g in groups if g == "young_person"]
    if seen_young:
        assert all(g == "young_person" for d, g in groups if seen_young[0] <= d < b25)


# --- (d) threads ----------------------------------------------------------------------------

@fast(8)
@given(batch=st.lists(st.tuples(cases(), AS_AT, st.booleans()), min_size=8, max_size=24))
def test_concurrent_evaluation_matches_sequential(batch):
    def one(item):
        case, as_at, explain = item
        return evaluate(case, as_at, explain=explain).to_json()

    sequential = [one(item) for item in batch]
    work = batch * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(one, work))
    assert concurrent == sequential * 4


# --- (e) the 6-week duty ------------------------------------------------------------------------

RANK = {"met": 0, "met_late": 1}


@fast(200)
@given(received=dates("2015-03-10", "2039-12-31"), a=st.integers(-20, 150), b=st.integers(-20, 150),
       extra=st.integers(0, 400))
def test_later_notice_is_never_more_on_time(received, a, b, extra):
    assume(a != b)
    early, late = sorted((a, b))
    as_at = received + dt.timedelta(days=max(late, 0) + extra)   # both the request and the notices have happened
    results = []
    for offset in (early, late):
        notice = received + dt.timedelta(days=offset)
        # The council found coronavirus did not make the limit impractical, so the 2020 window does not
        # lift it and the property holds for every received date.
        no_covid = {"coronavirus_made_time_limit_impractical": {"value": False}}
        out = evaluate(child_request_case(iso(received), iso(notice), request_findings=no_covid),
                       as_at).outcomes[DUTY]
        duty = out.duty
        trigger, due = duty.trigger, duty.due
        assert trigger == received
        assert due >= trigger
        assert due == received + dt.timedelta(days=42)
        assert duty.discharged == notice
        assert out.status == ("met" if notice <= due else "met_late")
        if out.status == "met_late":
            assert duty.days_late == (notice - due).days > 0
        else:
            assert duty.days_late is None      # left out of the compact result
        results.append((RANK[out.status], duty.days_late or 0))
    assert results[0] <= results[1]


@fast(150)
@given(received=dates("2015-03-10", "2039-12-31"), d1=st.integers(0, 200), d2=st.integers(0, 200))
def test_duty_status_moves_forward_with_the_as_at_date(received, d1, d2):
    """With no notice, pending -> due_soon -> overdue as time passes; never back."""
    order = {"not_triggered": 0, "pending": 1, "due_soon": 2, "overdue": 3, "undetermined": 3}
    case = child_request_case(iso(received))
    first, second = sorted((d1, d2))
    s1 = evaluate(case, received + dt.timedelta(days=first)).outcomes[DUTY]
    s2 = evaluate(case, received + dt.timedelta(days=second)).outcomes[DUTY]
    assert order[s1.status] <= order[s2.status]
    due = received + dt.timedelta(days=42)
    in_coronavirus_window = dt.date(2020, 5, 1) <= due <= dt.date(2020, 9, 25)
    for s, d in ((s1, first), (s2, second)):
        as_at = received + dt.timedelta(days=d)
        if in_coronavirus_window and d > 42 and as_at <= dt.date(2020, 9, 25):
            # A limit missed in the 2020 window needs the council's coronavirus finding (SI 2020/471)
            # while the regulations have effect; after 25 September 2020 the normal limit is back
            # (setting coronavirus_relaxation_after_expiry, default normal_limits_return).
            assert s.status == "undetermined"
            assert s.missing == ["finding.coronavirus_made_time_limit_impractical"]
            continue
        assert (s.status == "overdue") == (d > 42)
        if s.status == "overdue":
            assert s.duty.days_overdue == d - 42


# --- (f) schema 1.0 input keeps working and means the same -------------------------------------------

_2_0_ONLY = {path.split(".")[0] for table in (migrate.PERSON_1_0, migrate.REQUEST_1_0) for path in table.values()}


@fast(120)
@given(case=cases(), as_at=AS_AT, explain=st.booleans())
def test_a_case_downgraded_to_schema_1_0_gives_the_same_result(case, as_at, explain):
    old = migrate.downgrade_case(case)
    # a real 1.0 file: flat requests with the 1.0 names, nothing left at a 2.0 path
    assert old["schema_version"] == migrate.FROM_VERSION
    assert not _2_0_ONLY & set(old["person"])
    assert all(not _2_0_ONLY & set(r) for r in old["requests"])
    assert all(not set(migrate.REVIEW_1_0.values()) & set(v) for r in old["requests"] for v in r.get("reviews", []))
    assert migrate.upgrade_case(old) == case
    new_doc = evaluate(case, as_at, explain=explain).to_dict()
    old_doc = evaluate(old, as_at, explain=explain).to_dict()
    assert "notices" not in new_doc
    assert old_doc.pop("notices") == [migrate.NOTICE]
    # the same outcomes, duties, defects, needs and explanation, and the same receipt (the input
    # hash is of the validated 2.0 case)
    assert old_doc == new_doc

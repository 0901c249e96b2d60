"""How a duty's status is decided (src/sendrules/evaluate/duties.py), branch by branch.

Mutation testing (docs/mutation.md) showed which decisions the rulebook-wide tests left
unguarded: the order of the checks, each boundary day, the notice's elements, the possible due
dates of a duty whose deadline turns on an unknown fact, and the exceptions. The duty here is
built directly so each part can be set: it is SEND Regs 2014 reg 5(1), "within 6 weeks" of a
request received on Monday 6 January 2025, so due on Monday 17 February 2025 (42 days), with
`due_soon_days` 7 as in rules/settings.yaml. The end-to-end tests at the bottom run the bundled law.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import pytest

import sendrules
from casebuilders import child_request_case
from sendrules.core import types as T
from sendrules.core.programs import ExceptionNode, Program, Version
from sendrules.core.runtime import Compiled, Env
from sendrules.core.values import Unknown, error
from sendrules.evaluate.defaults import applies, resolve
from sendrules.evaluate.duties import DutyState, run_duty

D = dt.date
RECEIVED = D(2025, 1, 6)
DUE = D(2025, 2, 17)            # 6 January + 6 weeks
SOON = 7
TRIG, DUE_SLOT, DONE_SLOT, FACT = 0, 1, 2, 3
UNKNOWN_OUTCOME = Unknown(missing=frozenset({"request.outcome"}))


def c(fn: Callable[[Env], Any]) -> Compiled:
    return Compiled(fn, T.ANY, frozenset(), "test")


def const(value: Any) -> Compiled:
    return c(lambda env: value)


def exc(label: str, when: Any, *, unverified: bool = False, value: Any = None,
        children: tuple[ExceptionNode, ...] = ()) -> ExceptionNode:
    cond = when if isinstance(when, Compiled) else const(when)
    val = None if value is None else (value if isinstance(value, Compiled) else const(value))
    return ExceptionNode(label, cond, val, children, (), None, unverified, None)


def duty(*, trigger: Any = RECEIVED, due: Any = None, done: Any = None, recipients: Any = "parent",
         exceptions: tuple[ExceptionNode, ...] = (), notice: Any = None,
         elements: tuple[tuple[str, Any], ...] = (), valid_from: dt.date = D(2014, 9, 1)) -> Program:
    """A reg 5(1)-like duty. `due` defaults to 6 weeks after the trigger, read from its slot."""
    due_c = due if isinstance(due, Compiled) else (
        c(lambda env: env.v[TRIG] + dt.timedelta(weeks=6)) if due is None else const(due))
    ver = Version(
        rule=None, file="test.yaml", line=1, valid_from=valid_from, valid_to=None,
        exceptions=exceptions, due=due_c,
        discharged_by=done if isinstance(done, Compiled) else const(done),
        recipients=const(recipients),
        notice_recorded=None if notice is None else (notice if isinstance(notice, Compiled) else const(notice)),
        notice_elements=tuple((e, None if w is None else (w if isinstance(w, Compiled) else const(w)), ())
                              for e, w in elements))
    return Program(id="assessment.decision_whether_to_assess", kind="duty", scope="request", slot=4,
                   vtype=T.ANY, selected_by=const(None), versions=(ver,),
                   trigger=trigger if isinstance(trigger, Compiled) else const(trigger),
                   trigger_slot=TRIG, due_slot=DUE_SLOT, discharged_slot=DONE_SLOT)


def run(prog: Program, as_at: dt.date, *, fact: Any = None, apply_unverified: bool = False,
        tracing: bool = False, due_soon: int = SOON) -> DutyState:
    return run_duty(prog, Env([None, None, None, fact]), as_at, due_soon, apply_unverified, tracing)


# --- the day counts follow from the status ---------------------------------------------------------

def test_day_counts_belong_only_to_their_status():
    late = DutyState("met_late", due=DUE, discharged=D(2025, 2, 20), as_at=D(2025, 3, 1))
    assert (late.days_late, late.days_overdue, late.days_left) == (3, None, None)
    overdue = DutyState("overdue", due=DUE, as_at=D(2025, 3, 1))
    assert (overdue.days_late, overdue.days_overdue, overdue.days_left) == (None, 12, None)
    for status in ("pending", "due_soon"):
        st = DutyState(status, due=DUE, as_at=D(2025, 2, 10))
        assert (st.days_late, st.days_overdue, st.days_left) == (None, None, 7)
    met = DutyState("met", due=DUE, discharged=D(2025, 2, 1), as_at=D(2025, 3, 1))
    assert (met.days_late, met.days_overdue, met.days_left) == (None, None, None)
    # owed with no time limit (reg 31(2)): pending, but no day count
    assert DutyState("pending", due=None, as_at=D(2025, 3, 1)).days_left is None


def test_slot_value_is_the_unknown_when_there_is_one():
    assert DutyState("overdue").slot_value == "overdue"
    u = Unknown(missing=frozenset({"x"}))
    assert DutyState("undetermined", unknown=u).slot_value is u


def test_missed_is_met_late_once_done_and_overdue_until_then():
    st = DutyState("pending", discharged=D(2025, 2, 20))
    st.missed()
    assert st.status == "met_late"
    st = DutyState("pending")
    st.missed()
    assert st.status == "overdue"


# --- the trigger --------------------------------------------------------------------------------

def test_the_trigger_is_read_with_the_law_in_force_at_the_as_at_date():
    seen = []
    prog = duty(trigger=c(lambda env: seen.append(env.sel) or RECEIVED))
    run(prog, D(2025, 3, 1))
    assert seen == [D(2025, 3, 1)]


@pytest.mark.parametrize("trigger", [None, True, 42, "2025-01-06"])
def test_no_trigger_date_is_not_triggered(trigger):
    st = run(duty(trigger=trigger), D(2025, 3, 1))
    assert st.status == "not_triggered" and st.unknown is None and st.trigger is None


def test_an_unknown_trigger_stops_with_what_is_missing():
    u = Unknown(missing=frozenset({"request.received_date"}))
    st = run(duty(trigger=u), D(2025, 3, 1))
    assert st.status == "undetermined" and st.unknown is u and st.slot_value is u and st.trigger is None


def test_triggered_from_the_trigger_day_itself():
    assert run(duty(), D(2025, 1, 5)).status == "not_triggered"
    st = run(duty(), RECEIVED)
    assert (st.status, st.trigger, st.due, st.days_left) == ("pending", RECEIVED, DUE, 42)


def test_no_version_in_force_on_the_trigger_date_is_an_error_naming_the_rule():
    st = run(duty(valid_from=D(2025, 2, 1)), D(2025, 3, 1))
    assert st.status == "error" and st.trigger == RECEIVED and st.version is None
    assert st.unknown.errors == {"no version of assessment.decision_whether_to_assess is in force on its "
                                 "trigger date (versions from 2025-02-01)"}


def test_the_due_date_is_computed_under_the_law_of_the_trigger_date_and_sees_the_trigger():
    seen = []

    def due(env: Env) -> dt.date:
        seen.append((env.sel, env.v[TRIG]))
        return DUE

    run(duty(due=c(due)), D(2025, 3, 1))
    assert seen == [(RECEIVED, RECEIVED)]


# --- the due date ---------------------------------------------------------------------------------

def test_an_unknown_due_date_stops_with_the_version_and_trigger():
    u = Unknown(missing=frozenset({"request.outcome"}))
    prog = duty(due=u)
    st = run(prog, D(2025, 3, 1))
    assert st.status == "undetermined" and st.unknown is u
    assert st.version is prog.versions[0] and st.trigger == RECEIVED and st.due is None


def test_a_due_value_that_is_not_a_date_is_an_error():
    prog = duty(due=42)
    st = run(prog, D(2025, 3, 1))
    assert st.status == "error" and st.version is prog.versions[0] and st.trigger == RECEIVED
    assert st.unknown.errors == {"assessment.decision_whether_to_assess: due date could not be computed"}


def test_no_time_limit_met_once_done_else_pending_never_late():
    # reg 31(2): owed, but never late
    prog = duty(due=const(None))
    st = run(prog, D(2030, 1, 1))
    assert (st.status, st.days_left, st.due) == ("pending", None, None)
    prog = duty(due=const(None), done=D(2029, 5, 1))
    assert run(prog, D(2030, 1, 1)).status == "met"


# --- the status on a known due date ------------------------------------------------------------

@pytest.mark.parametrize("done,as_at,status,days", [
    (None, D(2025, 2, 9), "pending", ("days_left", 8)),
    (None, D(2025, 2, 10), "due_soon", ("days_left", 7)),       # exactly due_soon_days away
    (None, DUE, "due_soon", ("days_left", 0)),                   # the due date itself is in time
    (None, D(2025, 2, 18), "overdue", ("days_overdue", 1)),
    (DUE, D(2025, 3, 1), "met", ("days_late", None)),            # done on the due date: met
    (D(2025, 2, 18), D(2025, 3, 1), "met_late", ("days_late", 1)),
    (D(2025, 2, 18), D(2025, 2, 18), "met_late", ("days_late", 1)),   # done on the as-at date counts
    (D(2025, 2, 19), D(2025, 2, 18), "overdue", ("days_overdue", 1)),  # done after it has not happened
    (D(2025, 1, 10), D(2025, 1, 9), "pending", ("days_left", 39)),
])
def test_status_at_each_boundary(done, as_at, status, days):
    st = run(duty(done=done), as_at)
    assert st.status == status and st.due == DUE and st.trigger == RECEIVED
    assert getattr(st, days[0]) == days[1]
    assert st.discharged == (done if done is not None and done <= as_at else None)
    assert st.as_at == as_at and st.recipients == "parent"


def test_due_soon_days_is_the_setting_given():
    assert run(duty(), D(2025, 2, 10), due_soon=6).status == "pending"
    assert run(duty(), D(2025, 2, 11), due_soon=6).status == "due_soon"
    assert run(duty(), D(2025, 2, 9), due_soon=8).status == "due_soon"


def test_an_unknown_discharge_stops_with_the_due_date_and_recipients():
    u = Unknown(missing=frozenset({"request.outcome_date"}))
    prog = duty(done=u, recipients="young person")
    st = run(prog, D(2025, 3, 1))
    assert st.status == "undetermined" and st.unknown is u
    assert (st.version, st.trigger, st.due, st.recipients) == (prog.versions[0], RECEIVED, DUE, "young person")


def test_the_discharge_is_read_with_the_due_date_in_its_slot_and_the_exceptions_see_both():
    seen = []

    def done(env: Env) -> dt.date:
        seen.append(("done", env.v[DUE_SLOT]))
        return D(2025, 2, 20)

    def when(env: Env) -> bool:
        seen.append(("exception", env.v[DUE_SLOT], env.v[DONE_SLOT]))
        return False

    run(duty(done=c(done), exceptions=(exc("reg 5(4)(d)", c(when)),)), D(2025, 3, 1))
    assert seen == [("done", DUE), ("exception", DUE, D(2025, 2, 20))]


def test_a_discharge_after_the_as_at_date_is_not_in_the_slot_either():
    seen = []
    run(duty(done=D(2025, 3, 5), exceptions=(exc("e", c(lambda env: seen.append(env.v[DONE_SLOT]) or False)),)),
        D(2025, 3, 1))
    assert seen == [None]


# --- exceptions lift a missed time limit only -----------------------------------------------------

def test_an_exception_is_not_consulted_when_the_duty_was_met_or_is_still_in_time():
    asked = []
    e = exc("reg 5(4)(d)", c(lambda env: asked.append(1) or True))
    assert run(duty(done=DUE, exceptions=(e,)), D(2025, 3, 1)).status == "met"
    assert run(duty(exceptions=(e,)), D(2025, 2, 1)).status == "pending"
    assert asked == []


def test_every_exception_that_applies_is_named_in_order():
    es = (exc("reg 5(4)(a)", True), exc("reg 5(4)(b)", False), exc("reg 5(4)(d)", True))
    st = run(duty(exceptions=es), D(2025, 3, 1))
    assert st.status == "excepted" and st.excepted_by == ("reg 5(4)(a)", "reg 5(4)(d)")
    assert st.unknown is None and st.days_overdue is None


def test_an_applying_exception_decides_even_when_another_is_unknown():
    u = Unknown(missing=frozenset({"request.findings.exceptional_circumstances"}))
    st = run(duty(exceptions=(exc("reg 5(4)(c)", u), exc("reg 5(4)(d)", True))), D(2025, 3, 1))
    assert st.status == "excepted" and st.excepted_by == ("reg 5(4)(d)",) and st.unknown is None


def test_unknown_exceptions_make_a_missed_deadline_undetermined_naming_every_missing_fact():
    a = Unknown(missing=frozenset({"a"}))
    b = Unknown(missing=frozenset({"b"}))
    st = run(duty(exceptions=(exc("x", a), exc("y", False), exc("z", b))), D(2025, 3, 1))
    assert st.status == "undetermined" and st.unknown.missing == {"a", "b"} and st.excepted_by == ()
    err = run(duty(exceptions=(exc("x", a), exc("z", error("bad")))), D(2025, 3, 1))
    assert err.status == "error" and err.unknown.errors == {"bad"} and err.unknown.missing == {"a"}


def test_no_exception_applies_late_or_overdue():
    es = (exc("reg 5(4)(a)", False),)
    assert run(duty(exceptions=es, done=D(2025, 2, 20)), D(2025, 3, 1)).status == "met_late"
    assert run(duty(exceptions=es), D(2025, 3, 1)).status == "overdue"


def test_an_unverified_exception_applies_only_when_asked_to():
    es = (exc("reg 5(4)(a)", True, unverified=True),)
    assert run(duty(exceptions=es), D(2025, 3, 1)).status == "overdue"
    assert run(duty(exceptions=es), D(2025, 3, 1), apply_unverified=True).status == "excepted"


def test_tracing_records_each_exception_and_its_condition():
    u = Unknown(missing=frozenset({"m"}))
    es = (exc("a", True), exc("b", False), exc("c", u))
    st = run(duty(exceptions=es), D(2025, 3, 1), tracing=True)
    assert st.exception_trace == [("a", True), ("b", False), ("c", u)]
    assert run(duty(exceptions=es), D(2025, 3, 1), tracing=False).exception_trace == []


# --- the notice's required elements (e.g. reg 5(3)) ------------------------------------------------

REG_5_3 = (("right_to_appeal", None), ("appeal_time_limits", None), ("mediation_information", True),
           ("tribunal_recommendations_power", False))


def test_elements_the_recorded_notice_lacks_are_listed_in_the_law_s_order():
    st = run(duty(done=D(2025, 2, 10), notice=frozenset({"appeal_time_limits"}), elements=REG_5_3),
             D(2025, 3, 1))
    assert st.status == "met" and st.notice_recorded is True
    assert st.notice_missing == ("right_to_appeal", "mediation_information")
    assert st.notice_unknown == ()


def test_a_complete_notice_lacks_nothing():
    full = frozenset({"right_to_appeal", "appeal_time_limits", "mediation_information"})
    st = run(duty(done=D(2025, 2, 10), notice=full, elements=REG_5_3), D(2025, 3, 1))
    assert (st.notice_recorded, st.notice_missing, st.notice_unknown) == (True, (), ())


def test_an_element_whose_requirement_is_unknown_is_listed_apart_unless_it_is_there():
    u = Unknown(missing=frozenset({"request.tribunal.order"}))
    elements = (("right_to_appeal", None), ("reasons", u), ("tribunal_recommendations_power", u))
    st = run(duty(done=D(2025, 2, 10), notice=frozenset({"reasons"}), elements=elements), D(2025, 3, 1))
    assert st.notice_missing == ("right_to_appeal",)
    assert st.notice_unknown == ("tribunal_recommendations_power",)


def test_the_requirement_is_read_with_the_discharge_in_its_slot():
    seen = []
    when = c(lambda env: seen.append(env.v[DONE_SLOT]) or True)
    run(duty(done=D(2025, 2, 10), notice=frozenset(), elements=(("e", when),)), D(2025, 3, 1))
    assert seen == [D(2025, 2, 10)]


@pytest.mark.parametrize("recorded", [const(None), Unknown(missing=frozenset({"request.notices"}))])
def test_a_notice_with_no_recorded_content_is_flagged_not_checked(recorded):
    st = run(duty(done=D(2025, 2, 10), notice=recorded, elements=REG_5_3), D(2025, 3, 1))
    assert st.status == "met" and st.notice_recorded is False
    assert (st.notice_missing, st.notice_unknown) == ((), ())


def test_the_notice_is_checked_only_once_it_was_sent():
    asked = []
    notice = c(lambda env: asked.append(1) or frozenset())
    st = run(duty(notice=notice, elements=REG_5_3), D(2025, 2, 1))
    assert st.notice_recorded is None and asked == []
    # sent after the as-at date: not yet sent
    st = run(duty(done=D(2025, 2, 10), notice=notice, elements=REG_5_3), D(2025, 2, 9))
    assert st.notice_recorded is None and asked == []
    # a duty without notice content to check
    assert run(duty(done=D(2025, 2, 10)), D(2025, 3, 1)).notice_recorded is None


# --- a due date that is one of a few (reg 44(2)(b): 10 or 14 weeks after the order) ---------------

ORDER = D(2025, 6, 2)
TEN, FOURTEEN = D(2025, 8, 11), D(2025, 9, 8)          # 2 June + 70 days; + 98 days


def either(*dates_: Any, **kw: Any) -> Unknown:
    return Unknown(missing=frozenset({"request.tribunal.outcome"}), candidates=frozenset(dates_), **kw)


@pytest.mark.parametrize("done,as_at,status,due,counts", [
    (D(2025, 8, 4), D(2025, 9, 15), "met", FOURTEEN, {}),                          # in time under both
    (None, D(2025, 7, 1), "pending", TEN, {"days_left": 41}),                      # the earliest possible
    (None, D(2025, 10, 1), "overdue", FOURTEEN, {"days_overdue": 23}),             # counted from the latest
    (D(2025, 10, 6), D(2025, 10, 10), "met_late", FOURTEEN, {"days_late": 28}),
])
def test_a_status_true_for_every_possible_due_date_is_known(done, as_at, status, due, counts):
    st = run(duty(trigger=ORDER, due=either(FOURTEEN, TEN), done=done), as_at)
    assert st.status == status and st.due == due and st.unknown is None and st.trigger == ORDER
    assert st.due_alternatives == (TEN, FOURTEEN)
    for k, v in counts.items():
        assert getattr(st, k) == v


def test_due_soon_under_every_possible_due_date_counts_to_the_earliest():
    # two possible due dates two days apart, both within due_soon_days of Fri 8 August
    st = run(duty(trigger=ORDER, due=either(D(2025, 8, 13), TEN)), D(2025, 8, 8))
    assert (st.status, st.due, st.days_left) == ("due_soon", TEN, 3)
    assert st.due_alternatives == (TEN, D(2025, 8, 13))


def test_possible_due_dates_that_disagree_leave_the_status_unknown():
    # sent 25 August: late if 10 weeks, in time if 14
    prog = duty(trigger=ORDER, due=either(TEN, FOURTEEN), done=D(2025, 8, 25))
    st = run(prog, D(2025, 9, 15))
    assert st.status == "undetermined" and st.unknown.missing == {"request.tribunal.outcome"}
    assert st.version is prog.versions[0] and st.trigger == ORDER and st.due is None
    assert st.due_alternatives == ()
    # pending under one, due soon under the other: not known either
    st = run(duty(trigger=ORDER, due=either(TEN, FOURTEEN)), D(2025, 8, 4))
    assert st.status == "undetermined"


def test_possible_due_dates_agreeing_on_an_unknown_exception_stay_unknown():
    u = Unknown(missing=frozenset({"request.findings.reg_44_3"}))
    st = run(duty(trigger=ORDER, due=either(TEN, FOURTEEN), exceptions=(exc("reg 44(3)", u),)), D(2025, 10, 1))
    assert st.status == "undetermined" and st.unknown.missing == {"request.tribunal.outcome"}
    assert st.due is None


def test_possible_due_dates_that_are_not_all_dates_stop_with_the_unknown():
    due = either(TEN, 70)
    prog = duty(trigger=ORDER, due=due)
    st = run(prog, D(2025, 10, 1))
    assert st.status == "undetermined" and st.unknown is due and st.trigger == ORDER
    assert st.version is prog.versions[0]


def test_three_possible_due_dates_lateness_from_the_latest():
    # a due date of 10, 12 or 14 weeks after 2 June 2025; nothing done by 1 October: overdue under
    # all three, counted from the latest (8 September), never from a middle one (25 August)
    st = run(duty(trigger=ORDER, due=either(TEN, D(2025, 8, 25), FOURTEEN)), D(2025, 10, 1))
    assert (st.status, st.due, st.days_overdue) == ("overdue", FOURTEEN, 23)
    assert st.due_alternatives == (TEN, D(2025, 8, 25), FOURTEEN)


def test_over_possible_due_dates_unverified_exceptions_and_tracing_are_passed_on():
    es = (exc("reg 44(3)(a)", True, unverified=True),)
    prog = duty(trigger=ORDER, due=either(TEN, FOURTEEN), exceptions=es)
    assert run(prog, D(2025, 10, 1)).status == "overdue"
    st = run(prog, D(2025, 10, 1), apply_unverified=True, tracing=True)
    assert st.status == "excepted" and st.excepted_by == ("reg 44(3)(a)",)
    assert st.exception_trace == [("reg 44(3)(a)", True)]


@pytest.mark.parametrize("due", [
    either(TEN, FOURTEEN, errors=frozenset({"no parameter"})),
    either(TEN, FOURTEEN, conflicts=frozenset({"a", "b"})),
    Unknown(missing=frozenset({"request.tribunal.outcome"}), candidates=frozenset()),
])
def test_an_erroneous_conflicting_or_empty_candidate_set_is_not_decided_over(due):
    st = run(duty(trigger=ORDER, due=due), D(2025, 10, 1))
    assert st.unknown is due and st.status == due.status and st.due_alternatives == ()


# --- exception conditions (defaults.applies) and value defaults (defaults.resolve) ------------------

def test_applies_returns_the_condition_or_an_error_for_a_non_yes_no_value():
    env = Env([])
    assert applies(exc("e", True), env, False) is True
    assert applies(exc("e", False), env, False) is False
    u = Unknown(missing=frozenset({"m"}))
    assert applies(exc("e", u), env, False) is u
    bad = applies(exc("reg 5(4)(a)", 1), env, False)
    assert type(bad) is Unknown and bad.errors == {"exception reg 5(4)(a): condition is not a yes/no value"}
    assert applies(exc("e", True, unverified=True), env, False) is False
    assert applies(exc("e", True, unverified=True), env, True) is True
    assert applies(exc("e", False, unverified=True), env, True) is False


def test_resolve_takes_the_default_when_no_exception_applies():
    env = Env([])
    assert resolve(6, (exc("a", False, value=8),), env, False, None) == 6
    assert resolve(lambda: 6, (), env, False, None) == 6


def test_resolve_takes_an_applying_exception_and_the_exceptions_to_it():
    env = Env([])
    inner = exc("inner", True, value=12)
    assert resolve(6, (exc("a", True, value=8),), env, False, None) == 8
    assert resolve(6, (exc("a", True, value=8, children=(inner,)),), env, False, None) == 12
    # two that apply and agree: that value
    assert resolve(6, (exc("a", True, value=8), exc("b", True, value=8)), env, False, None) == 8


def test_resolve_conflict_when_applying_exceptions_disagree():
    got = resolve(6, (exc("a", True, value=8), exc("b", False, value=9), exc("c", True, value=10)),
                  Env([]), False, None)
    assert type(got) is Unknown and got.conflicts == {"a", "c"} and got.status == "conflict"


def test_resolve_unknown_value_of_an_applying_exception():
    u = Unknown(missing=frozenset({"v"}))
    got = resolve(6, (exc("a", True, value=u), exc("b", True, value=8)), Env([]), False, None)
    assert type(got) is Unknown and got.missing == {"v"} and not got.conflicts


def test_resolve_an_unknown_exception_matters_only_if_it_would_change_the_value():
    env = Env([])
    u = Unknown(missing=frozenset({"m"}))
    assert resolve(6, (exc("a", u, value=6),), env, False, None) == 6
    got = resolve(6, (exc("a", u, value=8),), env, False, None)
    assert type(got) is Unknown and got.missing == {"m"}
    # its own value unknown too: both are needed
    got = resolve(6, (exc("a", u, value=Unknown(missing=frozenset({"v"}))),), env, False, None)
    assert got.missing == {"m", "v"}
    # against a value decided by an applying exception
    assert resolve(6, (exc("a", True, value=8), exc("b", u, value=8)), env, False, None) == 8
    got = resolve(6, (exc("a", True, value=8), exc("b", u, value=9)), env, False, None)
    assert type(got) is Unknown and got.missing == {"m"}


def test_resolve_unknown_default_needs_every_possible_exception_too():
    d = Unknown(missing=frozenset({"d"}))
    u = Unknown(missing=frozenset({"m"}))
    got = resolve(d, (exc("a", u, value=8), exc("b", False, value=9)), Env([]), False, None)
    assert type(got) is Unknown and got.missing == {"d", "m"}
    got = resolve(lambda: d, (), Env([]), False, None)
    assert got.missing == {"d"}


def test_resolve_traces_every_condition_it_reads():
    trace: list = []
    u = Unknown(missing=frozenset({"m"}))
    resolve(6, (exc("a", True, value=8, children=(exc("a1", False, value=1),)),
                exc("b", u, value=8, children=(exc("b1", False, value=2),))),
            Env([]), False, trace)
    assert trace == [("a", True), ("b", u), ("a1", False), ("b1", False)]


def test_resolve_passes_the_unverified_setting_down_to_exceptions_of_exceptions():
    env = Env([])
    inner = (exc("inner", True, value=6, unverified=True),)
    # an applying exception (8) whose own exception (back to 6) cites an unverified source
    assert resolve(6, (exc("a", True, value=8, children=inner),), env, False, None) == 8
    assert resolve(6, (exc("a", True, value=8, children=inner),), env, True, None) == 6
    # an exception whose condition is unknown changes nothing when its own exception restores 6
    u = Unknown(missing=frozenset({"m"}))
    assert resolve(6, (exc("a", u, value=8, children=inner),), env, True, None) == 6
    assert type(resolve(6, (exc("a", u, value=8, children=inner),), env, False, None)) is Unknown


def test_resolve_reads_an_exception_s_value_in_the_evaluation():
    env = Env([8])
    u = Unknown(missing=frozenset({"m"}))
    from_slot = c(lambda env: env.v[0])
    assert resolve(8, (exc("a", u, value=from_slot),), env, False, None) == 8
    assert resolve(6, (exc("a", True, value=from_slot),), env, False, None) == 8


def test_resolve_skips_an_unverified_exception_unless_asked():
    es = (exc("a", True, value=8, unverified=True),)
    assert resolve(6, es, Env([]), False, None) == 6
    assert resolve(6, es, Env([]), True, None) == 8


# --- end to end, with the bundled law --------------------------------------------------------------

REFUSAL = "assessment.refusal_notice[r1]"


def test_a_refusal_notice_missing_the_reg_5_3_elements(rulebook):
    # reg 4(1): a refusal notified on Mon 10 Feb 2025, in time (due 17 February); the notice
    # told the parent of the right to appeal and the time limits but not the rest of reg 5(3)
    case = child_request_case(notified="2025-02-10", request_extra={
        "outcome": "not_assess",
        "notices": [{"kind": "decision_whether_to_assess", "sent_date": "2025-02-10",
                     "elements": ["right_to_appeal", "appeal_time_limits"]}]})
    o = sendrules.evaluate(rulebook, case, D(2025, 3, 1)).outcomes[REFUSAL]
    assert o.status == "met" and o.duty.due == DUE
    assert o.duty.notice.content_recorded is True
    assert o.duty.notice.missing_elements == ["mediation_information", "disagreement_resolution",
                                              "information_and_advice"]


def test_a_refusal_notice_without_recorded_content(rulebook):
    case = child_request_case(notified="2025-02-18", request_extra={"outcome": "not_assess"})
    o = sendrules.evaluate(rulebook, case, D(2025, 3, 1)).outcomes[REFUSAL]
    assert o.status == "met_late" and o.duty.days_late == 1 and o.duty.notice.content_recorded is False

"""The status of a duty with a deadline at the as-at date.

Status is decided in this order: not triggered; met on time; still pending (or
due soon); and only then, for a late or missed deadline, whether an exception
lifts the time limit. So an exception never makes a duty met on time look late,
and one whose condition is unknown matters only when the deadline was missed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..core.runtime import Env
from .defaults import applies
from ..core.programs import Program, Version
from ..core.values import Unknown, error, merge

@dataclass
class DutyState:
    """A duty at the as-at date: its status and the dates it was decided from. The day counts
    are derived from these, so they can never disagree with the status."""

    status: str
    version: Version | None = None
    trigger: dt.date | None = None
    due: dt.date | None = None
    discharged: dt.date | None = None
    as_at: dt.date | None = None
    recipients: Any = None
    excepted_by: tuple[str, ...] = ()
    unknown: Unknown | None = None
    exception_trace: list = field(default_factory=list)
    notice_recorded: bool | None = None          # None: no notice content to check
    notice_missing: tuple[str, ...] = ()         # required elements the recorded notice lacks
    notice_unknown: tuple[str, ...] = ()         # elements whose requirement could not be decided
    due_alternatives: tuple[dt.date, ...] = ()   # the possible due dates, when the status held for all

    @property
    def slot_value(self) -> Any:
        return self.unknown if self.unknown is not None else self.status

    @property
    def days_late(self) -> int | None:
        """Met late: from the due date to the day it was done."""
        return (self.discharged - self.due).days if self.status == "met_late" else None

    @property
    def days_overdue(self) -> int | None:
        """Still not done after the due date: from the due date to the as-at date."""
        return (self.as_at - self.due).days if self.status == "overdue" else None

    @property
    def days_left(self) -> int | None:
        """Not yet due: from the as-at date to the due date (the due date itself is in time)."""
        if self.status in ("pending", "due_soon") and self.due is not None:
            return (self.due - self.as_at).days
        return None

    def missed(self) -> None:
        """The deadline was missed and no exception lifted it: met late, or still overdue."""
        self.status = "met_late" if self.discharged is not None else "overdue"


def _stop(status_unknown: Unknown, **kw: Any) -> DutyState:
    return DutyState(status_unknown.status, unknown=status_unknown, **kw)


def run_duty(prog: Program, env: Env, as_at: dt.date, due_soon_days: int, apply_unverified: bool,
             tracing: bool) -> DutyState:
    # The trigger picks the law for the rest of the duty; a parameter read while computing the trigger
    # itself (e.g. "two weeks before the meeting") takes the value in force at the as-at date.
    env.sel = as_at
    trig = prog.trigger.fn(env)
    if type(trig) is Unknown:
        return _stop(trig)
    if trig is None or not isinstance(trig, dt.date):
        return DutyState("not_triggered")
    if trig > as_at:
        return DutyState("not_triggered")
    ver = prog.pick(trig)
    if ver is None:
        return _stop(error(f"no version of {prog.id} is in force on its trigger date "
                           f"(versions from {prog.versions[0].valid_from.isoformat()})"), trigger=trig)
    env.sel = trig
    env.v[prog.trigger_slot] = trig
    due = ver.due.fn(env)
    if type(due) is Unknown and due.candidates and not due.errors and not due.conflicts:
        return _decide_over_candidates(prog, ver, env, as_at, trig, due, due_soon_days, apply_unverified, tracing)
    if type(due) is Unknown:
        return _stop(due, version=ver, trigger=trig)
    if due is not None and not isinstance(due, dt.date):
        return _stop(error(f"{prog.id}: due date could not be computed"), version=ver, trigger=trig)
    return _status(prog, ver, env, as_at, trig, due, due_soon_days, apply_unverified, tracing)


def _decide_over_candidates(prog: Program, ver: Version, env: Env, as_at: dt.date, trig: dt.date, due: Unknown,
                            due_soon_days: int, apply_unverified: bool, tracing: bool) -> DutyState:
    """The due date is one of a few (it depends on an unknown fact). The status is known when
    every possible due date gives the same one: pending is reported against the earliest
    possible due date, lateness against the latest, so neither is overstated."""
    dates_ = sorted(d for d in due.candidates if isinstance(d, dt.date))
    if len(dates_) != len(due.candidates):
        return _stop(due, version=ver, trigger=trig)
    states = [_status(prog, ver, env, as_at, trig, d, due_soon_days, apply_unverified, tracing) for d in dates_]
    if len({st.status for st in states}) != 1 or states[0].unknown is not None:
        return _stop(Unknown(due.missing), version=ver, trigger=trig)
    chosen = states[0] if states[0].status in ("pending", "due_soon") else states[-1]
    chosen.due_alternatives = tuple(dates_)
    return chosen


def _status(prog: Program, ver: Version, env: Env, as_at: dt.date, trig: dt.date, due: dt.date,
            due_soon_days: int, apply_unverified: bool, tracing: bool) -> DutyState:
    """Status of a triggered duty with a known due date."""
    env.v[prog.due_slot] = due
    recipients = ver.recipients.fn(env)
    done = ver.discharged_by.fn(env)
    if type(done) is Unknown:
        return _stop(done, version=ver, trigger=trig, due=due, recipients=recipients)
    if isinstance(done, dt.date) and done > as_at:
        done = None  # not yet happened at the as-at date
    state = DutyState("pending", ver, trig, due, done, as_at, recipients=recipients)
    env.v[prog.discharged_slot] = done
    if done is not None and ver.notice_recorded is not None:
        _check_notice(ver, env, state)
    if due is None:
        # No time limit in the law (e.g. reg 31(2)): done is met, otherwise it is still owed.
        state.status = "met" if done is not None else "pending"
        return state
    if done is not None and done <= due:
        state.status = "met"
        return state
    if done is None and as_at <= due:
        state.status = "due_soon" if (due - as_at).days <= due_soon_days else "pending"
        return state
    applied, unknowns = [], []
    for exc in ver.exceptions:
        cond = applies(exc, env, apply_unverified)
        if tracing:
            state.exception_trace.append((exc.label, cond))
        if cond is True:
            applied.append(exc.label)
        elif type(cond) is Unknown:
            unknowns.append(cond)
    if applied:
        state.status = "excepted"
        state.excepted_by = tuple(applied)
    elif unknowns:
        state.unknown = merge(*unknowns)
        state.status = state.unknown.status
    else:
        state.missed()
    return state


def _check_notice(ver: Version, env: Env, state: DutyState) -> None:
    """Compare the recorded notice's elements with those the law requires of it."""
    recorded = ver.notice_recorded.fn(env)
    if type(recorded) is Unknown or recorded is None:
        state.notice_recorded = False
        return
    state.notice_recorded = True
    missing, unknown = [], []
    for element_id, when, _cites in ver.notice_elements:
        required = True if when is None else when.fn(env)
        if required is True and element_id not in recorded:
            missing.append(element_id)
        elif type(required) is Unknown and element_id not in recorded:
            unknown.append(element_id)
    state.notice_missing = tuple(missing)
    state.notice_unknown = tuple(unknown)

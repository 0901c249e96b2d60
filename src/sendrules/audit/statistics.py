"""DfE's published SEN2 measures computed DfE's way, and beside them the same measures by the law's clocks.

DfE's way (../shared/reference/sen2.md s2; the day arithmetic is our reading, kept switchable):
plans issued in the calendar year (AssessmentOutcome Y, issue date AssessmentOutcomeDate, else
StartDate), within 20 weeks when issue - ReceivedDate <= 140 days (`within_days`, 139 for the other
reading), 20-52 weeks up to 364 days, over a year after; a plan without a received date stays in the
denominator and in no bucket; "excluding exceptions" drops Week20 = 1 from both sides. Percentages
are round(100 * n / d, 1), `x` when d is 0.

The law's way reads the rules' own outcomes: plan.final_plan (SEND Regs reg 13(2)) met, met late or
excepted, its clock started by assessment.clock_start; only an exception the facts evidence lifts
the limit (a bare Week20 flag does not); plans still not issued past their due date are counted as
overdue, which DfE's figures cannot show. Only counters are kept: memory does not grow with persons.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .findings import measure_outcomes

EES_LEAD = ["time_period", "time_identifier", "geographic_level", "old_la_code", "method", "breakdown_topic",
            "breakdown", "measure", "value"]
AGE_BANDS = [(0, 4, "Age under 5"), (5, 10, "Age 5 to 10"), (11, 15, "Age 11 to 15"), (16, 19, "Age 16 to 19"),
             (20, 25, "Age 20 to 25")]


def _d(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def pc(n: int, d: int) -> str:
    """DfE's percentage: one decimal place, `x` for an empty denominator."""
    return "x" if d == 0 else f"{round(100 * n / d, 1):.1f}"


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# EES's measure names for each 20-week bucket: (bucket, count, percentage, count excluding
# exceptions, percentage excluding exceptions); EES's own spelling and casing, in its order.
_BUCKET_MEASURES = (
    ("within", "plans_issued_within_20_weeks", "pc_plans_issued_within_20_weeks",
     "plans_issued_20_weeks_ex", "PC_plans_issued_20_weeks_ex"),
    ("mid", "plans_issued_gt20weeks_ltYear", "pc_plans_issued_gt20weeks_ltYear",
     "plans_issued_gt20weeks_ltYear_ex", "PC_plans_issued_gt20weeks_ltYear_ex"),
    ("over", "plans_issued_gt_1_year", "pc_plans_issued_gt_1_year",
     "plans_issued_gt_1_year_ex", "PC_plans_issued_gt_1_year_ex"),
)


@dataclass
class DfERequest:
    """The SEN2 items of one request that DfE's measures read."""

    received: dt.date | None
    outcome: str | None             # RequestOutcome Y N A W H
    outcome_date: dt.date | None
    rya: bool
    a_outcome: str | None           # AssessmentOutcome Y N A W H S
    a_date: dt.date | None          # AssessmentOutcomeDate, else NamedPlan/StartDate for Y
    week20: bool


def dfe_requests_sen2(data: dict[str, Any]) -> list[DfERequest]:
    """DfE's view of a SEN2 person's requests (unreadable items count as absent)."""
    out = []
    for req in data.get("Requests") or []:
        asmt = req.get("Assessment") or {}
        a_outcome = (asmt.get("AssessmentOutcome") or "").upper() or None
        a_date = _d(asmt.get("AssessmentOutcomeDate"))
        if a_outcome == "Y" and a_date is None:
            a_date = _d((asmt.get("NamedPlan") or {}).get("StartDate"))
        out.append(DfERequest(_d(req.get("ReceivedDate")), (req.get("RequestOutcome") or "").upper() or None,
                              _d(req.get("RequestOutcomeDate")), req.get("RYA") in ("1", "true"), a_outcome, a_date,
                              asmt.get("Week20") in ("1", "true")))
    return out


def dfe_requests_case(case: dict[str, Any]) -> list[DfERequest]:
    """DfE's view of a 2.0 case's requests: the inverse of the SEN2 mapping (W and H are not in 2.0)."""
    out = []
    for req in case.get("requests") or []:
        asmt = req.get("assessment") or {}
        plan = asmt.get("plan") or {}
        outcome = {"assess": "Y", "not_assess": "N"}.get(req.get("outcome"), "A" if req.get("received_date") else None)
        a_outcome, a_date = (None, None)
        if plan.get("issued_date"):
            a_outcome, a_date = "Y", _d(plan["issued_date"])
        elif asmt.get("no_plan_notified_date"):
            a_outcome, a_date = "N", _d(asmt["no_plan_notified_date"])
        elif asmt:
            a_outcome = "A"
        out.append(DfERequest(_d(req.get("received_date")), outcome, _d(req.get("outcome_date")), False, a_outcome,
                              a_date, bool(asmt.get("week20"))))
    return out


@dataclass
class _Timeliness:
    den: int = 0
    within: int = 0
    mid: int = 0
    over: int = 0
    weeks_sum: float = 0.0
    weeks_n: int = 0

    def add(self, days: int | None, within_days: int) -> None:
        self.den += 1
        if days is None:
            return
        if days <= within_days:
            self.within += 1
        elif days <= 364:
            self.mid += 1
        else:
            self.over += 1
        self.weeks_sum += days / 7
        self.weeks_n += 1

    def add_status(self, status: str, days: int | None) -> None:
        """The law's buckets: met is within the limit (its due date, not a day count); a plan met late
        or under an evidenced exception goes by its days after the clock started."""
        self.den += 1
        if status == "met":
            self.within += 1
        elif days is not None:
            if days <= 364:
                self.mid += 1
            else:
                self.over += 1

    def avg(self) -> str:
        return "x" if self.weeks_n == 0 else f"{round(self.weeks_sum / self.weeks_n, 1):.1f}"


@dataclass
class Statistics:
    """Counters for one return (one authority, one collection)."""

    year: int                       # the calendar year of activity (collection year - 1)
    reference_date: dt.date
    lea: str = ""
    within_days: int = 140
    inc: _Timeliness = field(default_factory=_Timeliness)
    exc: _Timeliness = field(default_factory=_Timeliness)
    req: Counter = field(default_factory=Counter)
    asmt: Counter = field(default_factory=Counter)
    plans_by_age: Counter = field(default_factory=Counter)
    law: Counter = field(default_factory=Counter)
    law_inc: _Timeliness = field(default_factory=_Timeliness)
    law_exc: _Timeliness = field(default_factory=_Timeliness)
    monthly: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    week20_flagged_in_year: int = 0

    def _in_year(self, d: dt.date | None) -> bool:
        return d is not None and d.year == self.year

    # ---- DfE's way ---------------------------------------------------------------------------
    def add_dfe(self, requests: list[DfERequest], birth: dt.date | None, active_plan: bool) -> None:
        """Count one person's requests and caseload the way DfE's files do."""
        for r in requests:
            if r.a_outcome == "Y" and self._in_year(r.a_date):
                days = (r.a_date - r.received).days if r.received else None
                self.inc.add(days, self.within_days)
                month = r.a_date.strftime("%Y-%m")
                self.monthly[month]["dfe_den"] += 1
                if days is not None and days <= self.within_days:
                    self.monthly[month]["dfe_within"] += 1
                if r.week20:
                    self.week20_flagged_in_year += 1
                else:
                    self.exc.add(days, self.within_days)
            if self._in_year(r.received) and r.outcome in ("Y", "N", "A", "W"):
                self.req["requests_received_in_year"] += 1
                self.req["requests_rya"] += r.rya
                self.req[{"Y": "requests_decided_to_assess", "N": "requests_decided_not_to_assess",
                          "A": "requests_decision_not_made", "W": "requests_withdrawn"}[r.outcome]] += 1
                if r.outcome in ("Y", "N") and r.outcome_date and r.received:
                    key = "request_outcome_six_weeks" if (r.outcome_date - r.received).days <= 42 \
                        else "request_outcome_over_6_weeks"
                    self.req[key] += 1
            if r.a_outcome in ("Y", "N") and self._in_year(r.a_date):
                self.asmt["assess_in_year"] += 1
                self.asmt["assess_issued" if r.a_outcome == "Y" else "assess_not_issued"] += 1
                if r.a_outcome == "N" and r.received:
                    within = (r.a_date - r.received).days <= 112
                    self.asmt["outcome_decision_within_time" if within else "outcome_decision_over_time"] += 1
            elif r.a_outcome in ("A", "W") and r.outcome == "Y" and self._in_year(r.outcome_date):
                # no outcome date: counted in the year the decision to assess was made [our reading]
                self.asmt["assess_in_year"] += 1
                self.asmt["assess_not_made" if r.a_outcome == "A" else "assess_withdrawn"] += 1
        if active_plan:
            self.plans_by_age["Total"] += 1
            band = "Age unknown"
            if birth is not None:
                age = age_on(birth, self.reference_date)
                band = next((b for lo, hi, b in AGE_BANDS if lo <= age <= hi), "Age over 25")
            self.plans_by_age[band] += 1

    # ---- the law's way -----------------------------------------------------------------------
    def add_law(self, measures: list[tuple]) -> None:
        """Count one person's rule outcomes (findings.measure_outcomes)."""
        for rule, _req, _rec, status, trigger, due, done, value in measures:
            if rule == "plan.final_plan":
                done_d = _d(done)
                if status in ("met", "met_late", "excepted") and self._in_year(done_d):
                    start = _d(trigger)
                    days = (done_d - start).days if start else None
                    self.law["final_" + status] += 1
                    month = done_d.strftime("%Y-%m")
                    self.monthly[month]["law_den"] += 1
                    if status == "met":
                        self.monthly[month]["law_within"] += 1
                    self.law_inc.add_status(status, days)
                    if status != "excepted":
                        self.law_exc.add_status(status, days)
                elif status == "overdue":
                    self.law["final_overdue"] += 1
                elif status == "undetermined":
                    self.law["final_undetermined"] += 1
            elif rule in ("assessment.decision_whether_to_assess", "assessment.refusal_notice"):
                if self._in_year(_d(trigger)) and status in ("met", "met_late", "overdue", "excepted"):
                    self.law["decision_" + status] += 1
            elif rule == "plan.no_plan_notice":
                if self._in_year(_d(done)) and status in ("met", "met_late", "excepted"):
                    self.law["no_plan_" + status] += 1
            elif rule == "reviews.decision_notice":
                if status in ("met", "met_late", "overdue"):
                    self.law["review_decision_" + status] += 1
            elif rule == "plan.week20_exception" and value in ("evidenced", "asserted_not_evidenced"):
                self.law["week20_" + value] += 1

    # ---- output ------------------------------------------------------------------------------
    def rows(self) -> list[dict[str, str]]:
        """statistics.csv rows: EES lead columns, `method` (dfe | law), EES measure names."""
        out: list[dict[str, str]] = []

        def row(method: str, topic: str, breakdown: str, measure: str, value: Any) -> None:
            out.append({"time_period": str(self.year), "time_identifier": "Calendar year",
                        "geographic_level": "Local authority", "old_la_code": self.lea, "method": method,
                        "breakdown_topic": topic, "breakdown": breakdown, "measure": measure, "value": str(value)})

        for method, inc, exc in (("dfe", self.inc, self.exc), ("law", self.law_inc, self.law_exc)):
            t = "Total"
            row(method, t, t, "plans_issued_den", inc.den)
            row(method, t, t, "plans_issued_den_ex", exc.den)
            for bucket, count, share, count_ex, share_ex in _BUCKET_MEASURES:
                row(method, t, t, count, getattr(inc, bucket))
                row(method, t, t, share, pc(getattr(inc, bucket), inc.den))
                row(method, t, t, count_ex, getattr(exc, bucket))
                row(method, t, t, share_ex, pc(getattr(exc, bucket), exc.den))
            if method == "dfe":
                row(method, t, t, "avg_weeks_issue_plan", inc.avg())
                row(method, t, t, "avg_weeks_issue_plan_exc", exc.avg())
        r = self.req
        n = r["requests_received_in_year"]
        for m in ("requests_received_in_year", "requests_rya", "requests_decided_to_assess",
                  "requests_decided_not_to_assess", "requests_decision_not_made", "requests_withdrawn"):
            row("dfe", "Total", "Total", m, r[m])
            if m not in ("requests_received_in_year", "requests_rya"):
                row("dfe", "Total", "Total", m.replace("requests_", "request_", 1) + "_pc", pc(r[m], n))
        decided = r["request_outcome_six_weeks"] + r["request_outcome_over_6_weeks"]
        for m in ("request_outcome_six_weeks", "request_outcome_over_6_weeks"):
            row("dfe", "Total", "Total", m, r[m])
            row("dfe", "Total", "Total", m + "_pc", pc(r[m], decided))
        law = self.law

        def law_in_time(prefix: str, in_time: str, late: str) -> None:
            # in time: met, or met late where an exception was evidenced (counted as excepted)
            n_in, n_late = law[prefix + "_met"] + law[prefix + "_excepted"], law[prefix + "_met_late"]
            row("law", "Total", "Total", in_time, n_in)
            row("law", "Total", "Total", late, n_late)
            row("law", "Total", "Total", in_time + "_pc", pc(n_in, n_in + n_late))

        law_in_time("decision", "request_outcome_six_weeks", "request_outcome_over_6_weeks")
        row("law", "Total", "Total", "request_outcome_overdue_at_as_at", law["decision_overdue"])
        a = self.asmt
        row("dfe", "Total", "Total", "assess_in_year", a["assess_in_year"])
        for m in ("assess_issued", "assess_not_issued", "assess_not_made", "assess_withdrawn"):
            row("dfe", "Total", "Total", m, a[m])
            row("dfe", "Total", "Total", m + "_pc", pc(a[m], a["assess_in_year"]))
        n16 = a["outcome_decision_within_time"] + a["outcome_decision_over_time"]
        for m in ("outcome_decision_within_time", "outcome_decision_over_time"):
            row("dfe", "Total", "Total", m, a[m])
            row("dfe", "Total", "Total", m + "_pc", pc(a[m], n16))
        law_in_time("no_plan", "outcome_decision_within_time", "outcome_decision_over_time")
        row("law", "Total", "Total", "plans_overdue_not_issued_at_as_at", law["final_overdue"])
        row("law", "Total", "Total", "plans_timeliness_undetermined", law["final_undetermined"])
        row("law", "Total", "Total", "week20_asserted_not_evidenced", law["week20_asserted_not_evidenced"])
        row("law", "Total", "Total", "week20_evidenced", law["week20_evidenced"])
        nrev = law["review_decision_met"] + law["review_decision_met_late"]
        row("law", "Total", "Total", "decision_4_weeks", law["review_decision_met"])
        row("law", "Total", "Total", "decision_over_4_weeks", law["review_decision_met_late"])
        row("law", "Total", "Total", "decision_4_weeks_pc", pc(law["review_decision_met"], nrev))
        total = self.plans_by_age["Total"]
        row("dfe", "Age", "Total", "ehcplans", total)
        for band in [b for _lo, _hi, b in AGE_BANDS] + ["Age over 25", "Age unknown"]:
            if band in ("Age over 25", "Age unknown") and not self.plans_by_age[band]:
                continue
            row("dfe", "Age", band, "ehcplans", self.plans_by_age[band])
            row("dfe", "Age", band, "ehcplans_pc", pc(self.plans_by_age[band], total))
        for out_row in out:
            if out_row["breakdown_topic"] == "Age":
                out_row["time_period"] = f"{self.year}/{str(self.year + 1)[2:]}"
                out_row["time_identifier"] = "January"
        return out

    def headline(self) -> dict[str, str]:
        """The few figures the report leads with."""
        return {"dfe_pc_ex": pc(self.exc.within, self.exc.den), "dfe_pc_inc": pc(self.inc.within, self.inc.den),
                "law_pc_inc": pc(self.law_inc.within, self.law_inc.den), "dfe_den": str(self.inc.den),
                "law_den": str(self.law_inc.den), "law_overdue": str(self.law["final_overdue"]),
                "ehcplans": str(self.plans_by_age["Total"]),
                "requests": str(self.req["requests_received_in_year"])}


class LawMeasures:
    """The law's-clock measures of one caseload, built one evaluation at a time: what `sendrules
    whatif` shows before and after an overlay (DfE's own day count reads only the dates, which an
    overlay does not change, so only the law's side can move)."""

    def __init__(self, as_at: dt.date) -> None:
        self.stats = Statistics(year=as_at.year - 1, reference_date=as_at)

    def add(self, ev: Any) -> None:
        self.stats.add_law(measure_outcomes(ev))

    def result(self) -> dict[str, Any]:
        return {r["measure"]: r["value"] for r in self.stats.rows() if r["method"] == "law"}

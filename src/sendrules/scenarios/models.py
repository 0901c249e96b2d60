"""The scenario-file format (format id `sendrules.scenarios/1`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..core.suggest import did_you_mean

SCENARIO_FORMAT = "sendrules.scenarios/2"
# What `sendrules scenario new` writes where the author must put what the law gives; a scenario
# still holding it fails when run (runner.unfilled), so a skeleton can never pass unread.
PLACEHOLDER = "FILL IN FROM THE LAW"
# Format 1 files hold schema 1.0 cases and name 1.0 facts; they still run (upgraded on load).
FORMATS = ("sendrules.scenarios/1", "sendrules.scenarios/2")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# What a scenario may say about one outcome, and about one defect (result document fields).
OUTCOME_FIELDS = ("value", "status", "missing", "errors", "conflicts", "due", "trigger", "discharged", "days_late",
                  "days_overdue", "days_left", "recipients", "missing_elements", "excepted_by")
DEFECT_FIELDS = ("defect", "duty", "rule", "force", "citations", "holder", "due", "discharged", "days",
                 "missing_elements", "request_id", "record_id")


def _unknown(keys: Any, allowed: tuple[str, ...], where: str) -> list[str]:
    return [f"{where}: unknown key {k!r}" + did_you_mean(str(k), allowed) + f" (the keys are {', '.join(allowed)})"
            for k in keys if k not in allowed]


class Expect(_Strict):
    """What must hold; only what is listed is checked.

    `outcomes` maps a result key (rule id, or `rule_id[request_id]`) to either a bare expected
    value, or a mapping of fields: value, status, missing, errors, conflicts, and for duties
    due, trigger, discharged, days_late, days_overdue, days_left, excepted_by, recipients,
    missing_elements (required notice elements the recorded notice lacks).
    """

    outcomes: dict[str, Any] = Field(default_factory=dict)
    defects: list[dict[str, Any]] | None = Field(default=None, description="each listed defect must be present (partial match)")
    no_defects: bool = Field(default=False, description=(
        "no defect in law (guidance-only defects, force 'guidance', are checked with `defects`)"))
    findings_needed: list[str] | None = Field(default=None, description="exact set of finding ids still needed")
    facts_needed: list[str] | None = Field(default=None, description="exact set of fact names still needed")
    error: str | None = Field(default=None, description="evaluation must fail with an input error containing this text")
    explanation: list[str] = Field(default_factory=list, description="fragments the plain-English report must contain")

    @model_validator(mode="after")
    def _checks_something(self) -> "Expect":
        """A scenario that checks nothing passes whatever the law says: refuse it, and misspelt keys."""
        if not (self.outcomes or self.defects or self.no_defects or self.findings_needed is not None
                or self.facts_needed is not None or self.error is not None or self.explanation):
            raise ValueError("`expect` checks nothing: give outcomes, defects, no_defects, findings_needed, "
                             "facts_needed, error or explanation")
        problems = []
        for key, want in self.outcomes.items():
            if isinstance(want, dict):
                if not want:
                    problems.append(f"outcomes.{key}: checks nothing (give a value or fields)")
                problems += _unknown(want, OUTCOME_FIELDS, f"outcomes.{key}")
        for i, want in enumerate(self.defects or []):
            if not want:
                problems.append(f"defects[{i}]: checks nothing (give the defect's fields, e.g. defect and duty)")
            problems += _unknown(want, DEFECT_FIELDS, f"defects[{i}]")
        if self.error is not None and not self.error.strip():
            problems.append("error: an empty fragment matches any error")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Scenario(_Strict):
    name: str
    source: str = Field(min_length=3, description="the provision or Code of Practice paragraph it comes from")
    working: str = Field(min_length=10, description="the hand arithmetic or reasoning behind the expected values")
    as_at: dt.date
    settings: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, Any] = Field(default_factory=dict)
    case: dict[str, Any] | None = Field(default=None, description=(
        "a case (schema_version and case_id may be left out; the schema is 2.0 in a format 2 file, 1.0 in format 1)"))
    area: dict[str, Any] | None = Field(default=None, description=(
        "an area file instead of a case: the local authority's own facts (schema_version and area_id may be left out)"))
    expect: Expect

    @model_validator(mode="after")
    def _one_subject(self) -> "Scenario":
        if (self.case is None) == (self.area is None):
            raise ValueError("a scenario has exactly one of `case` and `area`")
        return self


class ScenarioFile(_Strict):
    format: Literal["sendrules.scenarios/1", "sendrules.scenarios/2"]
    description: str | None = None
    scenarios: list[Scenario] = Field(min_length=1)

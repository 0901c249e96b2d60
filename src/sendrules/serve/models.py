"""The service's request and response bodies, built from the library's own models.

A request is read by the strict JSON reader (duplicate keys, huge numbers refused) and its case or
area is validated by the engine exactly as the CLI validates a file, so these models are the
documented contract (`/openapi.json`) and the options are validated with them; the case inside
is validated by `facts/case.py` itself (the same messages as the CLI's).
"""

from __future__ import annotations

from typing import Any

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..facts.area import Area
from ..facts.case import Case, Date
from ..result.model import Citation, Result, Setting, Status, Value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Options(_Strict):
    """How to evaluate: the as-at date, settings and parameter overrides, and what to include."""

    as_at: Date | None = Field(default=None, description="YYYY-MM-DD; default: today in England (Europe/London)")
    settings: dict[str, Setting] = Field(default_factory=dict, description=(
        "settings to override (GET /v1/rules lists them with their defaults)"))
    parameters: dict[str, Setting] = Field(default_factory=dict, description=(
        "parameters to override for every date (a what-if; GET /v1/rules lists them with their values)"))
    explain: bool = Field(default=False, description="include the explanation (plain English, citations)")
    all_outcomes: bool = Field(default=False, description="keep the not_applicable outcomes")


class EvaluateCase(Options):
    """POST /v1/cases/evaluate: one case file (schema 2.0) and how to evaluate it."""

    case: Case


class EvaluateArea(Options):
    """POST /v1/areas/evaluate: one area file and how to evaluate it."""

    area: Area


class WhatIfOptions(Options):
    """The options of a what-if: those of an evaluation, and the parameters to change."""

    changes: dict[str, Setting] = Field(min_length=1, description=(
        "parameter values for the what-if, e.g. {\"final_plan_weeks\": 18}; each in force for every date"))


class WhatIf(WhatIfOptions):
    """POST /v1/whatif: the case evaluated as it is (with `parameters`) and again with `changes` on top."""

    case: Case


class OutcomeBrief(_Strict):
    """The part of an outcome a what-if compares."""

    status: Status
    value: Value = None
    due: dt.date | None = None
    days_overdue: int | None = None
    days_left: int | None = None


class Change(_Strict):
    key: str = Field(description="the outcome key")
    before: OutcomeBrief | None = Field(default=None, description="absent: not_applicable before")
    after: OutcomeBrief | None = Field(default=None, description="absent: not_applicable after")


class WhatIfResult(_Strict):
    """Both results (each the CLI's document) and the outcomes that differ."""

    before: Result
    after: Result
    changes: list[Change]


class ProblemBody(_Strict):
    kind: Literal["invalid_input", "too_large", "not_found", "unauthorized", "busy", "internal_error"]
    problems: list[str] = Field(default_factory=list, description="field path and the rule broken; never a value")


class Problem(_Strict):
    """Every error answer (401 has no problems: it gives no detail)."""

    error: ProblemBody


class BatchLineError(_Strict):
    kind: Literal["invalid_input", "too_large", "internal_error"]
    line: int = Field(description="the line of the request body, from 1")
    problems: list[str]


class BatchLine(_Strict):
    """One line of a batch answer (JSONL): a result document, or the error of that input line."""

    error: BatchLineError


class Health(_Strict):
    status: Literal["ok"]
    version: str
    rulebook_hash: str
    rules: int


class ScenarioOutcome(_Strict):
    file: str
    line: int | None = None
    name: str
    passed: bool
    failures: list[str]


class ScenarioRun(_Strict):
    """The answer of POST /v1/scenarios: the same document as `sendrules test --format json`."""

    errors: list[str]
    passed: int
    failed: int
    rulebook_hash: str
    scenarios: list[ScenarioOutcome]


class Example(_Strict):
    """A bundled scenario's case, offered by the explorer as a starting point."""

    id: str
    title: str
    file: str
    as_at: dt.date
    case: Case


class Examples(_Strict):
    examples: list[Example]


class CatalogueVersion(BaseModel):
    valid_from: dt.date
    valid_to: dt.date | None = None
    file: str
    line: int | None = None
    citations: list[Citation]
    explain: str


class CatalogueRule(BaseModel):
    kind: str
    scope: str
    description: str
    type: str
    versions: list[CatalogueVersion]


class CatalogueFinding(BaseModel):
    scope: str
    type: str
    question: str
    informs: list[str]
    citations: list[Citation]


class CatalogueParameterValue(BaseModel):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    value: Setting
    citations: list[Citation]


class CatalogueParameter(BaseModel):
    unit: str | None = None
    values: list[CatalogueParameterValue]


class CatalogueSetting(BaseModel):
    type: str
    default: Setting
    description: str


class Catalogue(BaseModel):
    """GET /v1/rules: the rule catalogue (`sendrules rules --format json`)."""

    format: str
    rulebook_hash: str
    rules: dict[str, CatalogueRule]
    findings: dict[str, CatalogueFinding]
    parameters: dict[str, CatalogueParameter]
    settings: dict[str, CatalogueSetting]
    areas: list[dict[str, Any]]     # the areas in plain English, with the scenarios (docs/catalogue/)

"""JSON Schemas of the file formats: case, area, result, rules and scenario."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .facts.area import Area
from .facts.case import Case
from .load.models import RuleFile
from .scenarios.models import ScenarioFile


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class CitationOut(BaseModel):
    instrument: str
    provision: str
    text: str
    force: str
    level: str
    url: str | None
    quote: str | None = None
    note: str | None = None


class DutyOut(BaseModel):
    holder: str | None
    recipients: list[str] | None
    trigger: str | None
    due: str | None
    discharged: str | None
    days_late: int | None
    days_overdue: int | None
    days_left: int | None
    excepted_by: list[dict[str, Any]]
    notice: dict[str, Any] | None = None
    due_alternatives: list[str] = []


class OutcomeOut(BaseModel):
    rule: str
    kind: str
    scope: str
    request_id: str | None
    record_id: str | None = Field(default=None, description="id of the nested record (a review, a request for advice)")
    type: str
    description: str
    status: str = Field(description="determined | undetermined | conflict | error for values; for duties one of "
                        "not_triggered, pending, due_soon, met, met_late, overdue, excepted, undetermined, conflict, "
                        "error; not_applicable for either when the rule's applies_when is false")
    value: Any
    missing: list[str]
    errors: list[str]
    conflicts: list[str]
    version: dict[str, Any] | None
    selected_on: str | None
    citations: list[CitationOut]
    duty: DutyOut | None = None


class ResultOut(BaseModel):
    """The result document, format sendrules.result/1."""

    # exactly one subject: a case file's result has case_id, an area file's has area_id
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "oneOf": [{"required": ["case_id"]}, {"required": ["area_id"]}]})
    format: str
    case_id: str | None = Field(default=None, description="the case evaluated (a case file's result)")
    area_id: str | None = Field(default=None, description="the area evaluated (an area file's result)")
    as_at: str
    outcomes: dict[str, OutcomeOut]
    duties: list[str]
    defects: list[dict[str, Any]]
    findings_needed: list[dict[str, Any]]
    facts_needed: list[dict[str, Any]]
    receipt: dict[str, Any]
    explanation: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> "ResultOut":
        if (self.case_id is None) == (self.area_id is None):
            raise ValueError("a result names exactly one of case_id and area_id")
        return self


SCHEMAS: dict[str, type[BaseModel]] = {"case": Case, "area": Area, "result": ResultOut, "rules": RuleFile,
                                       "scenario": ScenarioFile}


def json_schema(kind: str) -> dict[str, Any]:
    model = SCHEMAS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://sendrules/schemas/{kind}.json"
    return schema

"""The result document as typed models (format `sendrules.result/2`).

These models are the contract: `sendrules schema result` prints their JSON Schema (closed: no
key outside them), `sendrules.evaluate()` returns a `Result`, and the canonical JSON is the
model dumped with empty and absent fields left out. Citations and rule descriptions are not
repeated here: an outcome names its rule (the key) and version (`valid_from`), and the rulebook
catalogue (`sendrules rules --format json`) carries each citation once.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from .canonical import canonical_json

RESULT_FORMAT = "sendrules.result/2"
TRACE_FORMAT = "sendrules.trace/2"

Status = Literal["determined", "undetermined", "conflict", "error", "not_applicable", "not_triggered", "pending",
                 "due_soon", "met", "met_late", "overdue", "excepted"]
# A rule's value in JSON: dates are ISO text, sets are sorted lists of text.
Value = Union[bool, int, float, str, list[str], None]
Setting = Union[bool, int, float, str]


class _Out(BaseModel):
    # built on first use: a CLI call that writes the result as JSON never validates a Result
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class NoticeCheck(_Out):
    """The content of the recorded notice that discharged a duty, against what the law requires."""

    content_recorded: bool = Field(description="false when the notice is recorded without its elements")
    missing_elements: list[str] = Field(default_factory=list, description="required elements it lacks")
    undecided_elements: list[str] = Field(default_factory=list, description="elements whose requirement is undetermined")


class DutyResult(_Out):
    """A duty's dates at the as-at date. Absent: not recorded or not computed."""

    trigger: dt.date | None = None
    due: dt.date | None = None
    discharged: dt.date | None = None
    days_late: int | None = None
    days_overdue: int | None = None
    days_left: int | None = None
    recipients: list[str] | None = None
    due_alternatives: list[dt.date] = Field(default_factory=list, description=(
        "the possible due dates, when the due date depended on an unknown fact but each gave the same status"))
    excepted_by: list[str] = Field(default_factory=list, description="labels of the exceptions that lifted the time limit")
    notice: NoticeCheck | None = None


class OutcomeResult(_Out):
    """One rule's outcome for one record. Absent fields are empty (no value, nothing missing)."""

    status: Status = Field(description=(
        "determined | undetermined | conflict | error for values; for duties not_triggered, pending, due_soon, "
        "met, met_late, overdue, excepted, undetermined, conflict, error; not_applicable when the rule's "
        "applies_when is false"))
    value: Value = None
    version: dt.date | None = Field(default=None, description=(
        "valid_from of the rule version applied (`sendrules rules` has its text and citations)"))
    selected_on: dt.date | None = Field(default=None, description="the date that chose the law (a value or decision)")
    missing: list[str] = Field(default_factory=list, description="every unknown fact or finding it depends on, sorted")
    errors: list[str] = Field(default_factory=list)
    conflicts: list[str] = Field(default_factory=list, description="exception labels that applied with different values")
    duty: DutyResult | None = None


class Defect(_Out):
    """Something the evaluation reports as wrong in the record."""

    defect: Literal["late", "missing", "incomplete_notice", "procedure"]
    duty: str = Field(description="the outcome key")
    rule: str
    force: Literal["law", "guidance"] = Field(description="guidance: a Code of Practice 'should', not a breach of law")
    citations: list[str] = Field(description="the provisions, as text (the catalogue has links and quotes)")
    request_id: str | None = None
    record_id: str | None = None
    due: dt.date | None = None
    discharged: dt.date | None = None
    days: int | None = None
    holder: str | None = None
    missing_elements: list[str] = Field(default_factory=list)


class FindingNeeded(_Out):
    finding: str
    request_id: str | None = None
    record_id: str | None = None
    needed_by: list[str]


class FactNeeded(_Out):
    fact: str
    request_id: str | None = None
    record_id: str | None = None
    needed_by: list[str]


class ReceiptOverlay(_Out):
    """The what-if overlay a result was evaluated with (docs/whatif.md)."""

    title: str
    file: str
    sha256: str = Field(description="sha256 of the overlay's validated content")
    base_rulebook_hash: str = Field(description="the hash of the rulebook the overlay was laid over")


class Receipt(_Out):
    """Everything needed to replay the result and get the same bytes (no wall-clock time)."""

    package_version: str
    engine: Literal["python", "durable"]
    python: str
    result_format: str
    rules_format: str
    case_schema_version: str | None = None
    area_schema_version: str | None = None
    rulebook_hash: str
    settings: dict[str, Setting]
    settings_overridden: list[str] = Field(default_factory=list)
    parameters_overridden: dict[str, Setting] = Field(default_factory=dict)
    holiday_calendar: str
    dependencies: dict[str, str]
    as_at: dt.date
    as_at_default: str | None = Field(default=None, description=(
        "how the as-at date was chosen when none was given: `today in Europe/London` (the date in England)"))
    input_hash: str = Field(description="sha256 of the canonical validated input")
    overlay: ReceiptOverlay | None = Field(default=None, description="the what-if overlay laid over the rulebook")
    rule_digests: dict[str, str] = Field(default_factory=dict, description=(
        "for each group of the rules this result applied (a rule id up to its first dot), a digest over "
        "those rules' versions and the parameters they read (`sendrules verify` names the groups that changed)"))
    only: list[str] = Field(default_factory=list, description=(
        "the rules asked for when only they and the rules they read were decided (`evaluate(..., only=)`)"))
    run_hash: str


class Citation(_Out):
    instrument: str
    provision: str
    text: str
    force: Literal["law", "guidance", "convention"]
    level: Literal["P", "S", "U"]
    url: str | None = None
    quote: str | None = Field(default=None, description="verbatim words of the provision")
    paraphrase: str | None = Field(default=None, description="the provision in other words: not a quote")
    note: str | None = None


class TraceInForce(_Out):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    citations: list[Citation]


class TracePresumption(_Out):
    value: bool | str
    citations: list[Citation]


class TraceInput(_Out):
    name: str
    kind: str
    value: JsonValue = None
    known: bool
    in_force: TraceInForce | None = None
    question: str | None = None
    presumption: TracePresumption | None = None


class TraceException(_Out):
    label: str
    exception_to: str | None = None
    condition: bool | Literal["unknown"]
    applied: bool
    citations: list[Citation]


class TraceSetting(_Out):
    name: str
    value: Setting
    description: str


class TraceVersion(_Out):
    valid_from: dt.date
    valid_to: dt.date | None = None
    file: str
    line: int | None = None


class TraceNode(_Out):
    key: str
    rule: str
    status: Status
    description: str
    text: str
    selected_by: str
    selected_on: dt.date | None = None
    version: TraceVersion | None = None
    inputs: list[TraceInput] = Field(default_factory=list)
    exceptions: list[TraceException] = Field(default_factory=list)
    settings_used: list[TraceSetting] = Field(default_factory=list)
    citations: list[Citation]


class Explanation(_Out):
    format: Literal["sendrules.trace/2"]
    nodes: list[TraceNode]


class Result(_Out):
    """The result document of one case file or area file."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, json_schema_extra={
        "oneOf": [{"required": ["case_id"]}, {"required": ["area_id"]}]})

    format: Literal["sendrules.result/2"]
    case_id: str | None = Field(default=None, description="the case evaluated (a case file's result)")
    area_id: str | None = Field(default=None, description="the area evaluated (an area file's result)")
    as_at: dt.date
    outcomes: dict[str, OutcomeResult] = Field(description=(
        "keyed `rule`, `rule[request_id]` or `rule[request_id/record_id]`; not_applicable ones only on request"))
    duties: list[str] = Field(default_factory=list, description="keys of the applicable duties in date order")
    defects: list[Defect] = Field(default_factory=list)
    findings_needed: list[FindingNeeded] = Field(default_factory=list)
    facts_needed: list[FactNeeded] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list, description="said about the input, e.g. an upgraded schema")
    receipt: Receipt
    explanation: Explanation | None = None

    def to_dict(self) -> dict:
        """The canonical JSON-ready form: empty and absent fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)

    def to_json(self) -> str:
        """Canonical JSON text: sorted keys, no whitespace; the same inputs give the same bytes."""
        return canonical_json(self.to_dict())

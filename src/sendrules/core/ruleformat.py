"""Pydantic models of the rule-file format (format id `sendrules.rules/1`).

These models are the single source of the rule-file JSON Schema
(`sendrules schema rules`). Expressions are kept as text here; the compile
stage parses them.
"""

from __future__ import annotations

import datetime as dt
import keyword
import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .ranges import number_range

FORMAT_ID = "sendrules.rules/1"

ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
# The first part of a rule id may not be a name expressions use for something else: a scope's
# facts (`request.received_date`), a finding, parameter or setting, or a duty's locals. The
# compile stage also refuses any rule id equal to another name, so this list is the early,
# readable error rather than the only guard.
RESERVED_ROOTS = {"case", "person", "request", "review", "advice", "consultation", "area", "finding", "param",
                  "setting", "as_at", "trigger", "due", "discharged", "value"}

# An expression may be written as YAML text or, for constants, as a plain YAML value; a set of
# enum values (a set-typed rule) may be written as a YAML list of those values.
Expr = Union[str, bool, int, float, dt.date, list[str]]
ValueType = Literal["bool", "date", "number", "text", "enum", "set"]


class _Strict(BaseModel):
    # built on first use: a rulebook loaded from the compile cache never validates a rule file
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Citation(_Strict):
    """Where a rule, exception or value comes from, with its force and verification level."""

    instrument: str = Field(description="id of an instrument declared in an `instruments:` list")
    provision: str = Field(description="e.g. 's36(8)', 'reg 5(1)', 'art 2', 'para 9.14'")
    force: Literal["law", "guidance", "convention"] = Field(description=(
        "law = a 'must' in an Act, SI or judgment; guidance = a 'should'; convention = this project's own reading "
        "where the law is silent (docs/time.md), which has no legal force"))
    level: Literal["P", "S", "U"] = Field(description="P primary text seen, S secondary source, U unverified")
    url: str | None = Field(default=None, description="overrides the URL derived from the instrument")
    quote: str | None = Field(default=None, description=(
        "words of the provision, verbatim ('...' where words are left out); a test checks them against the stored "
        "text in legislation/"))
    paraphrase: str | None = Field(default=None, description=(
        "what the provision says, in other words (or words that cannot be checked against a stored text); shown "
        "as a paraphrase, never as a quote"))
    note: str | None = None

    @model_validator(mode="after")
    def _quote_or_paraphrase(self) -> "Citation":
        if self.quote is not None and self.paraphrase is not None:
            raise ValueError("give a `quote` (verbatim) or a `paraphrase`, not both")
        return self


Cites = Annotated[list[Citation], Field(min_length=1)]


class Instrument(_Strict):
    """An Act, statutory instrument, code of guidance or judgment that rules cite."""

    id: str = Field(pattern=NAME_PATTERN)
    title: str
    short: str = Field(description="short name used in rendered citations, e.g. 'SEND Regs 2014'")
    kind: Literal["act", "si", "guidance", "case_law", "other"]
    url: str
    extent: str | None = None


class Setting(_Strict):
    """A convention the law leaves open: named, defaulted, overridable by the caller."""

    id: str = Field(pattern=NAME_PATTERN)
    type: Literal["bool", "enum", "number", "text"]
    values: list[str] | None = None
    default: bool | int | float | str
    min: int | float | None = Field(default=None, description="a number setting's least value")
    max: int | float | None = Field(default=None, description="a number setting's greatest value")
    form: Literal["month_day"] | None = Field(default=None, description=(
        "a text setting's form: month_day is MM-DD, a day that every year has (so not 02-29)"))
    within: tuple[str, str] | None = Field(default=None, description=(
        "with form month_day: the first and last MM-DD the value may be, e.g. [\"08-01\", \"12-31\"]"))
    description: str
    cite: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _enum_has_values(self) -> "Setting":
        if self.type == "enum":
            if not self.values:
                raise ValueError("an enum setting needs `values`")
            if self.default not in self.values:
                raise ValueError(f"default {self.default!r} is not one of values {self.values}")
        _check_bounds(self.type, self.min, self.max)
        if self.type == "number":
            problem = number_range("none", self.min, self.max, [self.default]).problem(self.default)
            if problem is not None:
                raise ValueError(f"default {problem}")
        if self.form is not None and self.type != "text":
            raise ValueError("`form` is for text settings")
        if self.within is not None:
            if self.form != "month_day":
                raise ValueError("`within` is for settings of form month_day")
            for end in self.within:
                problem = month_day_problem(end)
                if problem is not None:
                    raise ValueError(f"`within`: {end!r} {problem}")
            if self.within[0] > self.within[1]:
                raise ValueError("`within`: the first day is after the last")
        if self.form == "month_day":
            problem = month_day_problem(self.default, self.within)
            if problem is not None:
                raise ValueError(f"default {problem}")
        return self


def month_day_problem(value: object, within: tuple[str, str] | None = None) -> str | None:
    """Why `value` is not an MM-DD day that every year has (and, with `within`, inside that range)."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != "-" or not (value[:2] + value[3:]).isdigit():
        return "must be a month and day written MM-DD, e.g. 09-01"
    try:
        dt.date(2001, int(value[:2]), int(value[3:]))   # 2001: not a leap year, so 02-29 is refused
    except ValueError:
        return "must be a day that every year has (MM-DD)"
    if within is not None and not within[0] <= value <= within[1]:
        return f"must be from {within[0]} to {within[1]}"
    return None


def _check_bounds(kind: str, lo: float | None, hi: float | None) -> None:
    if kind != "number" and (lo is not None or hi is not None):
        raise ValueError("`min` and `max` are for number settings and parameters")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError("`min` is greater than `max`")


class _Span(_Strict):
    """A value in force `from` a date and, with `to`, until a date: a subclass declares both fields."""

    @model_validator(mode="after")
    def _ordered(self) -> "_Span":
        to, from_ = getattr(self, "to"), getattr(self, "from_")
        if to is not None and to < from_:
            raise ValueError("`to` is before `from`")
        return self


class ParameterValue(_Span):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    value: bool | int | float | str
    cite: Cites


class Parameter(_Strict):
    """A number or other value the law fixes, with the dates each value is in force."""

    id: str = Field(pattern=NAME_PATTERN)
    type: Literal["number", "text", "bool"]
    unit: Literal["weeks", "days", "months", "years", "working_days", "none"] = "none"
    min: int | float | None = Field(default=None, description=(
        "the least value an override may take (default: 0 for a time limit)"))
    max: int | float | None = Field(default=None, description=(
        "the greatest value an override may take (default: a century for a time limit)"))
    description: str
    values: Annotated[list[ParameterValue], Field(min_length=1)]

    @model_validator(mode="after")
    def _bounds(self) -> "Parameter":
        _check_bounds(self.type, self.min, self.max)
        return self


class Presumption(_Strict):
    value: bool | str
    cite: Cites


class Finding(_Strict):
    """A judgement the council (or a court) makes; an input, never computed."""

    id: str = Field(pattern=NAME_PATTERN)
    type: Literal["bool", "enum"]
    values: list[str] | None = None
    scope: str = Field(pattern=NAME_PATTERN, description="the scope whose record holds it (see the rule `scope`)")
    question: str = Field(description="the judgement needed, as a question a caseworker can answer")
    informs: Annotated[list[str], Field(min_length=1)]
    presumption: Presumption | None = Field(
        default=None, description="value the law presumes when no finding is recorded (e.g. capacity)"
    )
    cite: Cites


class Exception_(_Strict):
    """A labelled exception: when its condition holds it replaces the value of what it excepts.

    Or a use of a named family of exceptions (`family:`), which stands for every exception of the
    family, with `provision` filling the family's `{provision}` citations and `cite` added to each."""

    label: str | None = Field(default=None, pattern=NAME_PATTERN)
    exception_to: str | None = Field(default=None, description="label of another exception it overrides")
    when: Expr | None = None
    value: Expr | None = None
    cite: list[Citation] = Field(default_factory=list)
    explain: str | None = None
    family: str | None = Field(default=None, pattern=NAME_PATTERN, description=(
        "use a family declared under `exception_families:` instead of writing its exceptions out"))
    provision: str | None = Field(default=None, description=(
        "with `family`: the provision that applies the family to this rule, filling `{provision}` in its citations"))
    instrument: str | None = Field(default=None, description=(
        "with `family`: the instrument of that provision, filling citations the family writes with "
        "`instrument: '{instrument}'` (e.g. pb_regs_2014 where a family is written for several instruments)"))
    provisions: dict[str, str] = Field(default_factory=dict, description=(
        "with `family`: the provision for one of its exceptions by label, where this rule's law letters them "
        "differently (e.g. {absence_from_area: reg 44(3)(b)})"))
    with_: dict[str, Expr] = Field(default_factory=dict, alias="with", description=(
        "with `family`: values for the family's `$parameters` in this rule (e.g. {min_absence_days: 14})"))
    only_when: Expr | None = Field(default=None, description=(
        "with `family`: a condition this rule adds to every exception of the family, for law that applies "
        "the family to some cases only (e.g. reg 5(4) excuses a decision to assess but not a refusal)"))

    @model_validator(mode="after")
    def _own_or_family(self) -> "Exception_":
        if self.family is not None:
            for f in ("label", "when"):
                if getattr(self, f) is not None:
                    raise ValueError(f"a use of family {self.family!r} takes its `{f}` from the family")
            return self
        if (self.provision is not None or self.instrument is not None or self.provisions or self.with_
                or self.only_when is not None):
            raise ValueError("`provision`, `instrument`, `provisions`, `with` and `only_when` apply a family: "
                             "give them with `family`")
        missing = [f for f in ("label", "when") if getattr(self, f) is None] + ([] if self.cite else ["cite"])
        if missing:
            raise ValueError(f"an exception needs {', '.join(f'`{f}`' for f in missing)} (or `family`)")
        return self


# A family citation's instrument written as this is filled by each use's `instrument:`.
FAMILY_INSTRUMENT = "{instrument}"


class FamilyMember(_Strict):
    """One exception of a family, written once for every rule that uses the family."""

    label: str = Field(pattern=NAME_PATTERN)
    when: Expr = Field(description="may use the family's parameters as `$name`")
    value: Expr | None = None
    cite: Cites = Field(description="`{provision}` in a provision is filled by each use (e.g. `{provision}(a)`); "
                        "an `instrument` of `{instrument}` is filled by the use's `instrument`")
    explain: str | None = None


class ExceptionFamily(_Strict):
    """Exceptions that recur across rules (e.g. the reg 5(4)/10(4) grounds, the 2020 coronavirus
    relaxation), declared once and used by name in each rule they apply to."""

    id: str = Field(pattern=NAME_PATTERN)
    description: str
    parameters: dict[str, Expr] = Field(default_factory=dict, description=(
        "names its exceptions use as `$name`, each with the value it has unless a use says otherwise (`with:`)"))
    exceptions: Annotated[list[FamilyMember], Field(min_length=1)]


class NoticeElement(_Strict):
    """A required element of a notice (e.g. the right to appeal), when it is required, and why."""

    id: str = Field(pattern=NAME_PATTERN)
    description: str
    when: Expr | None = Field(default=None, description="required only when this holds (default: always)")
    cite: Cites


class NoticeSpec(_Strict):
    """What the notice that discharges a duty must contain."""

    recorded: Expr = Field(description="set of elements the recorded notice contained, or None when not recorded")
    elements: Annotated[list[NoticeElement], Field(min_length=1)]


class Rule(_Strict):
    """A derived value, a decision, or a duty with a deadline."""

    id: str = Field(pattern=ID_PATTERN)
    kind: Literal["value", "decision", "check", "duty"] = Field(default="value", description=(
        "check: a yes/no procedural requirement; false is reported as a defect"))
    description: str
    scope: str = Field(default="case", pattern=NAME_PATTERN, description=(
        "the kind of record the rule runs once for: case (the person), request, review, advice, consultation, "
        "or area (an area file); `sendrules schema rules` lists them and docs/rule-format.md explains each"))
    valid_from: dt.date
    valid_to: dt.date | None = None
    selected_by: Expr = Field(description="the date whose law applies (for a duty: its trigger)")
    applies_when: Expr | None = Field(default=None, description=(
        "scope condition: when false the outcome is not_applicable (e.g. s46 only for young people)"))
    cite: Cites
    explain: str
    # value and decision rules
    type: ValueType | None = None
    values: list[str] | None = None
    value: Expr | None = None
    default: Expr | None = None
    exceptions: list[Exception_] = Field(default_factory=list)
    # duties
    holder: str | None = None
    recipients: Expr | None = None
    trigger: Expr | None = None
    due: Expr | None = None
    discharged_by: Expr | None = None
    notice: NoticeSpec | None = None

    @field_validator("id")
    @classmethod
    def _no_reserved(cls, v: str) -> str:
        parts = v.split(".")
        if parts[0] in RESERVED_ROOTS:
            raise ValueError(f"a rule id may not start with the reserved name {parts[0]!r}")
        bad = [p for p in parts if keyword.iskeyword(p)]
        if bad:
            raise ValueError(f"a rule id segment may not be a Python keyword: {bad[0]!r}")
        return v

    @model_validator(mode="after")
    def _shape(self) -> "Rule":
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        labels = [e.label for e in self.exceptions if e.family is None]
        dup = {x for x in labels if labels.count(x) > 1}
        if dup:
            raise ValueError(f"duplicate exception label(s): {sorted(dup)}")
        if not any(e.family for e in self.exceptions):  # with families, compile checks after expanding them
            for e in self.exceptions:
                if e.exception_to is not None and e.exception_to not in labels:
                    raise ValueError(f"exception {e.label!r}: exception_to {e.exception_to!r} names no exception "
                                     "of this rule")
        if self.kind == "duty":
            for f in ("trigger", "due", "discharged_by", "holder", "recipients"):
                if getattr(self, f) is None:
                    raise ValueError(f"a duty needs `{f}`")
            for f in ("value", "default", "type", "values"):
                if getattr(self, f) is not None:
                    raise ValueError(f"a duty has no `{f}` (its outcome is a status)")
            if self.notice is not None:
                ids = [e.id for e in self.notice.elements]
                if len(ids) != len(set(ids)):
                    raise ValueError("notice element ids must be unique")
            for e in self.exceptions:
                name = e.label or f"family {e.family}"
                if e.value is not None:
                    raise ValueError(f"exception {name!r}: a duty's exception lifts the time limit and has no `value`")
                if e.exception_to is not None:
                    raise ValueError(f"exception {name!r}: a duty's exceptions are not nested")
        else:
            if self.type is None:
                raise ValueError("a value or decision rule needs `type`")
            for f in ("trigger", "due", "discharged_by", "holder", "recipients", "notice"):
                if getattr(self, f) is not None:
                    raise ValueError(f"`{f}` belongs to duties (kind: duty)")
            if self.kind == "check" and self.type != "bool":
                raise ValueError("a check is a yes/no rule: `type: bool`")
            if (self.value is None) == (self.default is None):
                raise ValueError("give exactly one of `value` or `default` (with `exceptions`)")
            if self.value is not None and self.exceptions:
                raise ValueError("a rule with `exceptions` states its fallback as `default`, not `value`")
            if self.default is not None and not self.exceptions:
                raise ValueError("`default` needs at least one exception; otherwise write `value`")
            for e in self.exceptions:
                if e.value is None and e.family is None:
                    raise ValueError(f"exception {e.label!r} needs a `value`")
            if self.type in ("enum", "set") and not self.values:
                raise ValueError(f"a {self.type} rule needs `values` (its finite domain)")
        return self


class RuleFile(_Strict):
    """One YAML file of the rulebook."""

    format: Literal["sendrules.rules/1"]
    area: str
    description: str | None = None
    instruments: list[Instrument] = Field(default_factory=list)
    settings: list[Setting] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    exception_families: list[ExceptionFamily] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)


def expr_text(e: Expr) -> str:
    """Turn a YAML constant into expression text (a YAML date becomes date(y, m, d))."""
    if isinstance(e, bool):
        return "True" if e else "False"
    if isinstance(e, dt.date):
        return f"date({e.year}, {e.month}, {e.day})"
    if isinstance(e, (int, float)):
        return repr(e)
    if isinstance(e, list):
        # a YAML list of enum values is a set of them
        return "{" + ", ".join(repr(x) for x in e) + "}"
    return e


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def placeholders(template: str) -> list[str]:
    """Names used as {placeholders} in an explanation template."""
    return [m.strip() for m in _PLACEHOLDER.findall(template)]

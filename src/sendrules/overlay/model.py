"""The overlay file format (`sendrules.overlay/1`): what-if changes to a rulebook, without a copy.

An overlay changes a parameter's value from a date (`parameters:`), or replaces or adds a version
of an existing rule from a date (`rules:`, written exactly as in a rule file). It may declare
instruments of its own (a consultation paper, a draft bill) for its changes to cite.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ..core.ruleformat import NAME_PATTERN, Citation, Instrument, Rule, _Span, _Strict

OVERLAY_FORMAT = "sendrules.overlay/1"


class ParameterChange(_Span):
    """A parameter's value from a date (and, with `to`, until a date); other dates keep the law's."""

    id: str = Field(pattern=NAME_PATTERN, description="a parameter of the rulebook (`sendrules explain parameters`)")
    from_: dt.date = Field(alias="from", description="the first date the new value is in force")
    to: dt.date | None = Field(default=None, description="the last date it is in force (default: no end)")
    value: bool | int | float | str
    cite: list[Citation] = Field(default_factory=list, description=(
        "where the new value comes from (default: the overlay itself, as a convention with no legal force)"))


class OverlayFile(_Strict):
    """One overlay: a title, what it is for, and its changes."""

    format: Literal["sendrules.overlay/1"]
    title: str = Field(min_length=1, description="a short name, shown in reports and receipts")
    description: str | None = None
    url: str | None = Field(default=None, description="where the proposal is published, if anywhere")
    instruments: list[Instrument] = Field(default_factory=list)
    parameters: list[ParameterChange] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _changes_something(self) -> "OverlayFile":
        if not self.parameters and not self.rules:
            raise ValueError("an overlay changes something: give `parameters:` or `rules:`")
        return self

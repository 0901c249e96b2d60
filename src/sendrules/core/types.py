"""Static types of expressions, used by the compile stage to reject ill-typed rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VType:
    """kind: bool, date, number, text, enum, set, dates, periods, any, none.

    `domain` is the finite set of values for enum and set types when known.
    """

    kind: str
    domain: frozenset[str] | None = None

    def describe(self) -> str:
        if self.domain is not None and self.kind in ("enum", "set"):
            return f"{self.kind} of {{{', '.join(sorted(self.domain))}}}"
        return self.kind

    @property
    def is_textual(self) -> bool:
        return self.kind in ("text", "enum")


# The plain types. dates, periods, notices, advice_requests and closures are the lists of
# records rules read whole (facts/catalogue.py says which model reads as which).
BOOL, DATE, NUMBER, TEXT, ANY, NONE = (VType(k) for k in ("bool", "date", "number", "text", "any", "none"))
DATES, PERIODS, NOTICES, ADVICE, CLOSURES = (
    VType(k) for k in ("dates", "periods", "notices", "advice_requests", "closures"))


def enum(values) -> VType:
    return VType("enum", frozenset(values))


def set_of(values) -> VType:
    return VType("set", frozenset(values) if values is not None else None)


def compatible(declared: VType, actual: VType) -> bool:
    """Can a value of type `actual` be stored where `declared` is expected?"""
    if actual.kind in ("any", "none"):
        return True
    if declared.kind == "enum":
        if actual.kind not in ("enum", "text"):
            return False
        return actual.domain is None or declared.domain is None or actual.domain <= declared.domain
    if declared.kind == "set":
        if actual.kind != "set":
            return False
        return actual.domain is None or declared.domain is None or actual.domain <= declared.domain
    if declared.kind == "text":
        return actual.kind in ("text", "enum")
    return declared.kind == actual.kind

"""Validate raw input into models; errors name the path and the rule broken, never the value."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..load.suggest import did_you_mean
from .case import Case

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")

# pydantic messages that may quote the input are replaced by these.
_SAFE = {
    "extra_forbidden": "unexpected key",
    "missing": "required field is missing",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
    "date_parsing": "must be a date written YYYY-MM-DD",
    "date_type": "must be a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date without a time",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "string_pattern_mismatch": "must be letters, digits and . _ : - (at most 64), starting with a letter or digit",
    "string_too_long": "is too long",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "too_short": "has too few items",
    "too_long": "has too many items",
}


def _path(loc: tuple) -> str:
    out = ""
    for p in loc:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            # Keys the caller chose (e.g. finding names) are shown only when they look like identifiers.
            shown = p if _IDENT.match(str(p)) else "<key>"
            out += ("." if out else "") + shown
    return out or "<root>"


def safe_messages(exc: ValidationError, prefix: str = "", known_keys: dict[str, list[str]] | None = None) -> list[str]:
    out = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in
                    {"bool", "str", "date", "int", "float", "function-after", "literal"})))
        path = (prefix + "." if prefix else "") + _path(loc)
        kind = err["type"]
        if kind == "literal_error":
            msg = f"must be one of {err.get('ctx', {}).get('expected', '')}"
        elif kind == "value_error":
            msg = str(err.get("ctx", {}).get("error", "is not valid"))
        else:
            msg = _SAFE.get(kind, "is not valid")
        if kind == "extra_forbidden" and loc and isinstance(loc[-1], str) and _IDENT.match(loc[-1]) and known_keys:
            parent = ".".join(str(p) for p in loc[:-1] if isinstance(p, str))
            msg += did_you_mean(loc[-1], known_keys.get(parent, []))
        out.append(f"{path}: {msg}")
    return sorted(set(out))


def _known_keys() -> dict[str, list[str]]:
    from .case import Person, Request, FindingRecord, Period
    return {"": list(Case.model_fields), "person": list(Person.model_fields),
            "requests": list(Request.model_fields), "findings": list(FindingRecord.model_fields),
            "person.absences_from_area": list(Period.model_fields)}


def validate_case(data: Any) -> Case:
    """A Case from a parsed JSON object (or a Case). Raises InputError naming paths only."""
    if isinstance(data, Case):
        return data
    if not isinstance(data, dict):
        raise InputError(["<root>: a case must be a JSON object"])
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise InputError(safe_messages(exc, known_keys=_known_keys())) from None
    except (RecursionError, OverflowError):
        raise InputError(["<root>: input is nested too deeply or holds a number out of range"]) from None


def validate_area(data: Any) -> "Area":
    """An Area from a parsed JSON object (or an Area). Raises InputError naming paths only."""
    from .area import Area
    if isinstance(data, Area):
        return data
    if not isinstance(data, dict):
        raise InputError(["<root>: an area file must be a JSON object"])
    try:
        return Area.model_validate(data)
    except ValidationError as exc:
        raise InputError(safe_messages(exc, known_keys={"": list(Area.model_fields)})) from None
    except (RecursionError, OverflowError):
        raise InputError(["<root>: input is nested too deeply or holds a number out of range"]) from None


def is_area_document(data: Any) -> bool:
    """An area file names an area_id and no case_id."""
    return isinstance(data, dict) and "area_id" in data and "case_id" not in data


def validate_model(model: type[BaseModel], data: Any, prefix: str) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(safe_messages(exc, prefix)) from None

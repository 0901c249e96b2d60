"""JSON Schemas of the file formats: case, area, result, rules, scenario and overlay."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .core.ruleformat import RuleFile
from .facts.area import Area
from .facts.case import Case
from .facts.scopes import NAMES
from .overlay.model import OverlayFile
from .result.model import Result
from .scenarios.models import ScenarioFile

SCHEMAS: dict[str, type[BaseModel]] = {"case": Case, "area": Area, "result": Result, "rules": RuleFile,
                                       "scenario": ScenarioFile, "overlay": OverlayFile}


def json_schema(kind: str) -> dict[str, Any]:
    model = SCHEMAS[kind]
    schema = model.model_json_schema(by_alias=True)
    if kind in ("rules", "overlay"):
        # the scopes come from the scope table (facts/scopes.py), not from the rule-file model
        for name in ("Rule", "Finding"):
            if name in schema["$defs"]:
                schema["$defs"][name]["properties"]["scope"]["enum"] = list(NAMES)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://sendrules/schemas/{kind}.json"
    return schema

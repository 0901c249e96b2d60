"""The documents a newcomer reads stay current with the code they describe."""

from __future__ import annotations

import re

from pydantic import BaseModel

from casebuilders import REPO
from sendrules.facts import case as case_models
from sendrules.facts import migrate
from sendrules.facts.scopes import SCOPES

CASE_DOC = (REPO / "docs" / "case-format.md").read_text(encoding="utf-8")
RULE_DOC = (REPO / "docs" / "rule-format.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = CASE_DOC.index(f"### {title} (")
    end = CASE_DOC.find("\n### ", start + 1)
    return CASE_DOC[start:end]


def test_case_format_lists_every_field_of_every_record():
    models = [m for m in vars(case_models).values()
              if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == case_models.__name__
              and not m.__name__.startswith("_")]
    assert len(models) >= 20
    for model in models:
        section = _section(model.__name__)
        for field in model.model_fields:
            assert f"| `{field}` |" in section, f"docs/case-format.md: {model.__name__}.{field} is not described"


def test_case_format_maps_every_schema_1_0_field():
    for record, table in migrate.TABLES.items():
        for old, new in table.items():
            assert f"| {record} | `{old}` | `{new}` |" in CASE_DOC


def test_rule_format_describes_every_scope():
    table = RULE_DOC[RULE_DOC.index("## Scopes"):]
    for scope in SCOPES:
        assert re.search(rf"^\| `{scope.name}`", table, re.M), f"docs/rule-format.md: scope {scope.name} missing"

"""Upgrade a scenario file from format 1 (schema 1.0 cases, 1.0 fact names) to format 2.

The file is rewritten as text so its comments, `working:` notes and layout survive: each
scenario's `case:` block is replaced by the same case upgraded by `facts.migrate.upgrade_case`,
every 1.0 fact name elsewhere (expectations, explanation fragments, notes) becomes its 2.0 name,
and the format line is bumped. The caller checks the result loads to the same upgraded cases.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..facts import migrate

WIDTH = 110
_FACT = re.compile(r"(?<![A-Za-z0-9_.])(person|request|review)\.[a-z_][a-z0-9_]*")
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:/-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def upgrade_text(text: str, data: Any) -> str:
    """The format 2 text of a format 1 scenario file (`data` is the file as read by read_yaml)."""
    lines = text.split("\n")
    spans = []
    for i, sc in enumerate(data["scenarios"]):
        if "case" not in sc:
            continue
        start = sc.key_lines["case"] - 1
        indent = len(lines[start]) - len(lines[start].lstrip())
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
            end += 1
        while end - 1 > start and not lines[end - 1].strip():
            end -= 1  # blank lines after the block stay where they were
        case = dict(sc["case"])
        case.setdefault("schema_version", migrate.FROM_VERSION)
        upgraded = migrate.upgrade_case(case)
        if "schema_version" not in sc["case"]:
            upgraded.pop("schema_version")
        spans.append((start, end, [" " * indent + "case:"] + emit(upgraded, indent + 2)))
    for start, end, new in reversed(spans):
        lines[start:end] = new
    # 1.0 fact names in expectations and prose become 2.0 names (the emitted cases hold none:
    # their keys are never dotted)
    out = _FACT.sub(lambda m: migrate.fact_name(m.group(0)), "\n".join(lines))
    return out.replace("format: sendrules.scenarios/1", "format: sendrules.scenarios/2", 1)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    text = str(v)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not re.match(r"^\d", text):
        return text
    return yaml.safe_dump(text, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()


def flow(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    return scalar(v)


def emit(v: dict, indent: int) -> list[str]:
    """A mapping as YAML lines: flow style where a value fits on its line, block style otherwise."""
    pad = " " * indent
    out = []
    for key, value in v.items():
        head = f"{pad}{key}:"
        if not isinstance(value, (dict, list)) or not value or len(head) + 1 + len(flow(value)) <= WIDTH:
            out.append(f"{head} {flow(value)}")
        elif isinstance(value, dict):
            out.append(head)
            out.extend(emit(value, indent + 2))
        else:
            out.append(head)
            for item in value:
                line = f"{pad}  - {flow(item)}"
                if len(line) <= WIDTH or not isinstance(item, dict):
                    out.append(line)
                else:
                    block = emit(item, indent + 4)
                    out.append(f"{pad}  - {block[0].lstrip()}")
                    out.extend(block[1:])
    return out

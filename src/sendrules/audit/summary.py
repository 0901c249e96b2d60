"""What an audit run found: the counts and capped lists the report and the command's summary read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .statistics import Statistics

REPORT_LIST_CAP = 200          # rows of a list the HTML report shows (the files hold them all)


@dataclass
class AuditSummary:
    """What the run found, for the report and the command's summary line."""

    input_name: str
    kind: str
    persons_in: int = 0
    evaluated: int = 0
    rejected: int = 0
    findings: int = 0
    persons_with_errors: int = 0
    by_rule: Counter = field(default_factory=Counter)          # (rule, status) -> rows
    rule_cites: dict[str, tuple[str, str]] = field(default_factory=dict)
    rejected_list: list[tuple[str, list[str]]] = field(default_factory=list)
    rejected_reasons: Counter = field(default_factory=Counter)
    week20_unevidenced: list[tuple[str, str]] = field(default_factory=list)
    receipt: dict[str, Any] = field(default_factory=dict)
    stats: Statistics | None = None
    unknown_tags: Counter = field(default_factory=Counter)
    seconds: float = 0.0

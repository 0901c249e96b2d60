"""The reviewed allow-list: rules and exception labels that no scenario reaches, each with a reason.

One entry a line, `TARGET  REASON` (a rule id, or `rule#label` for an exception label), `#` at the
start of a line for a comment. The gate refuses an entry without a reason, a target that does not
exist, a duplicate, and an entry whose target a scenario now reaches (stale: remove it), so the
list can only shrink as scenarios are written, never hide a new gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.suggest import did_you_mean
from .collect import Coverage, Target

ALLOWLIST_NAME = "coverage-allowlist.txt"
MIN_REASON_WORDS = 4


@dataclass(frozen=True)
class Allowed:
    target: Target
    reason: str
    line: int


def parse_target(text: str) -> Target:
    if "#" in text:
        rule, label = text.split("#", 1)
        return Target(rule, label=label)
    return Target(text)


def read_allowlist(path: Path, cov: Coverage) -> tuple[list[Allowed], list[str]]:
    """The entries of an allow-list file and the problems with it (file:line: message)."""
    if not path.exists():
        return [], []
    known = {str(t): t for t in cov.targets if t.kind in ("rule", "exception")}
    entries: list[Allowed] = []
    problems: list[str] = []
    seen: set[Target] = set()
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        where = f"{path}:{n}"
        if parts[0] not in known:
            problems.append(f"{where}: {parts[0]!r} is no rule or exception label of this rulebook"
                            + did_you_mean(parts[0], list(known)))
            continue
        target = known[parts[0]]
        reason = parts[1].strip() if len(parts) > 1 else ""
        if len(reason.split()) < MIN_REASON_WORDS:
            problems.append(f"{where}: {target}: give the reason no scenario can reach it "
                            f"(at least {MIN_REASON_WORDS} words)")
            continue
        if target in seen:
            problems.append(f"{where}: {target} is listed twice")
            continue
        seen.add(target)
        if cov.reached.get(target):
            problems.append(f"{where}: {target} is now reached by {len(cov.reached[target])} scenario(s) "
                            f"(e.g. {sorted(cov.reached[target])[0]}): remove it from the allow-list")
            continue
        entries.append(Allowed(target, reason, n))
    return entries, problems

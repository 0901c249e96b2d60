"""A short digest of each rule: its versions as written and the values of the parameters they
read. The receipt carries, for each group of the rules a result applied (the part of a rule id
before its first dot: `plan`, `assessment`, ...), one digest over those rules' digests, so
`sendrules verify` can say which groups changed when the rulebook's hash differs (the rulebook hash
alone cannot), at about a sixth of the bytes of a digest per rule (docs/adr/0021)."""

from __future__ import annotations

import hashlib
from typing import Iterable

from ..core.parameters import ParameterTable
from ..core.programs import Program, names_read

DIGEST_CHARS = 12


def _names_read(prog: Program) -> set[str]:
    return set().union(*(names_read(prog, ver) for ver in prog.versions)) if prog.versions else names_read(prog, None)


def rule_digest(prog: Program, parameters: dict[str, ParameterTable]) -> str:
    """Digest of one rule: every version's model and the dated values of each parameter it reads."""
    h = hashlib.sha256()
    for ver in prog.versions:
        h.update(ver.rule.model_dump_json(by_alias=True).encode("utf-8"))
    for name in sorted(n for n in _names_read(prog) if n.startswith("param.")):
        table = parameters.get(name[len("param."):])
        if table is not None:
            h.update(name.encode("utf-8"))
            for e in table.entries:
                h.update(f"|{e.start}|{e.end}|{e.value!r}".encode("utf-8"))
    return h.hexdigest()[:DIGEST_CHARS]


def rule_digests(programs: dict[str, Program], parameters: dict[str, ParameterTable]) -> dict[str, str]:
    return {rid: rule_digest(p, parameters) for rid, p in programs.items()}


def rule_group(rule_id: str) -> str:
    """The group a rule belongs to: its id up to the first dot (`plan.final_plan` -> `plan`)."""
    return rule_id.split(".", 1)[0]


def group_digests(rule_ids: Iterable[str], digests: dict[str, str]) -> dict[str, str]:
    """For the rules given that `digests` knows, grouped by `rule_group`: a digest over each
    group's rule ids and their digests, in id order. A rule edited, added to or gone from the
    rules given changes its group's digest."""
    lines: dict[str, list[str]] = {}
    for rid in sorted(set(rule_ids)):
        d = digests.get(rid)
        if d is not None:
            lines.setdefault(rule_group(rid), []).append(f"{rid} {d}")
    return {g: hashlib.sha256("\n".join(ls).encode("utf-8")).hexdigest()[:DIGEST_CHARS]
            for g, ls in sorted(lines.items())}

"""`sendrules scenario new CASE.json --as-at DATE`: a scenario skeleton for a case.

The skeleton holds the case, the as-at date and, for each duty the case starts and each decision
or check that applies to it, an expectation whose every field is the placeholder
`FILL IN FROM THE LAW`. The rules are run only to learn which outcomes the case reaches (their
keys); no value, status or date the engine computed is written, so the author works each one out
from the provision by hand. A skeleton run as it is fails, naming every unfilled place
(docs/scenarios.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

from ..api import check_rules
from ..console import EXIT_OK, UsageError, note
from ..engines import evaluate_with
from ..errors import InputError, RulebookError
from ..inputs import display_name, read_document
from ..scenarios.models import PLACEHOLDER, SCENARIO_FORMAT
from .options import date_arg


class _NoAliases(yaml.SafeDumper):
    """Scenario files refuse YAML anchors and aliases: never write one."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


SKIPPED = frozenset({"not_applicable", "not_triggered"})


def add_parser(sub: argparse._SubParsersAction) -> None:
    sc = sub.add_parser("scenario", help="write a scenario skeleton for a case (docs/scenarios.md)")
    verbs = sc.add_subparsers(dest="scenario_command", required=True)
    new = verbs.add_parser("new", help="a skeleton whose expectations you fill in from the law")
    new.add_argument("case", type=Path, metavar="CASE.json", help="a case file (schema 2.0)")
    new.add_argument("--as-at", type=date_arg, required=True, help="the scenario's as-at date, YYYY-MM-DD")
    new.add_argument("--name", default=None, help="the scenario's name (default: a placeholder to fill in)")
    new.add_argument("--out", type=Path, default=None, metavar="FILE",
                     help="write the skeleton here (refuses to overwrite a file); default: standard output")


def skeleton_keys(rb: Any, case: dict, as_at: dt.date) -> tuple[list[str], list[str]]:
    """(duty keys the case starts, decision and check keys that apply to it), in rule-file order."""
    ev = evaluate_with(rb, "case", case, as_at)
    duties, decisions = [], []
    order = sorted(ev.outcomes, key=lambda o: (o.program.versions[0].file, o.program.versions[0].line or 0, o.key))
    for o in order:
        if o.status in SKIPPED:
            continue
        if o.program.kind == "duty":
            duties.append(o.key)
        elif o.program.kind in ("decision", "check"):
            decisions.append(o.key)
    return duties, decisions


def skeleton(case: dict, as_at: dt.date, duties: list[str], decisions: list[str], name: str | None) -> str:
    """The skeleton's YAML text: every expectation a placeholder, with comments saying what to do."""
    outcomes: dict[str, Any] = {}
    for key in duties:
        outcomes[key] = {"status": PLACEHOLDER, "due": PLACEHOLDER}
    for key in decisions:
        outcomes[key] = {"value": PLACEHOLDER}
    body = {"format": SCENARIO_FORMAT, "scenarios": [{
        "name": name or PLACEHOLDER,
        "source": PLACEHOLDER + " (the provision, e.g. SEND Regs 2014 reg 5(1))",
        "working": PLACEHOLDER + " (the hand arithmetic: each date counted on a calendar, each condition read "
                                 "from the provision)",
        "as_at": as_at,
        "case": {k: v for k, v in case.items() if k != "schema_version"},
        "expect": {"outcomes": outcomes} if outcomes else {"no_defects": PLACEHOLDER},
    }]}
    head = (f"# Scenario skeleton written by `sendrules scenario new`. Replace every {PLACEHOLDER!r} with what\n"
            "# the law gives, worked out by hand from the provision (never copied from sendrules' output),\n"
            "# or delete the line; a skeleton run as it is fails and names each place still to fill.\n"
            "# The outcomes listed are the duties this case starts and the decisions and checks that apply\n"
            "# to it on the as-at date; add defects, findings_needed or explanation as the law needs\n"
            "# (docs/scenarios.md).\n")
    return head + yaml.dump(body, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)


def run(args: argparse.Namespace) -> int:
    rb, diags = check_rules(args.rules)
    if rb is None:
        raise RulebookError(diags)
    data = read_document(args.case)
    if not isinstance(data, dict) or "area_id" in data:
        raise UsageError(f"{display_name(args.case)}: not a case file (a scenario skeleton is written for a case)")
    try:
        duties, decisions = skeleton_keys(rb, data, args.as_at)
    except InputError as exc:
        raise InputError([f"{display_name(args.case)}: {p}" for p in exc.problems]) from None
    text = skeleton(data, args.as_at, duties, decisions, args.name)
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    if args.out.exists():
        raise UsageError(f"{args.out}: already exists; choose a new file (a skeleton never overwrites a scenario)")
    args.out.write_text(text, encoding="utf-8")
    note(f"skeleton written to {args.out}: {len(duties)} duty(ies), {len(decisions)} decision(s) and check(s) to fill in")
    return EXIT_OK

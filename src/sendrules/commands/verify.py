"""`sendrules verify RESULT.json CASE.json`: is the result reproduced, byte for byte?"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..console import EXIT_CODES_HELP, EXIT_OK, EXIT_SCENARIO_FAILED
from ..result.canonical import canonical_json
from ..verify import Verification, verify


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="re-run a result with its receipt's settings, parameters and overlay; say "
                                      "whether it is reproduced byte for byte",
                       epilog=EXIT_CODES_HELP + "\n\nHere exit 0 means reproduced byte for byte, 1 not reproduced.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("result", type=Path, metavar="RESULT.json", help="a result document (`evaluate --format json`)")
    p.add_argument("case", type=Path, metavar="CASE.json", help="the case (or area) file it was made from")
    p.add_argument("--overlay", type=Path, default=None, metavar="FILE",
                   help="where the receipt's overlay file is now, if it has moved (its hash is checked)")
    p.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    v = verify(args.result, args.case, args.rules, args.overlay)
    if args.format == "json":
        print(canonical_json(v.to_dict(), indent=2))
    else:
        for line in report(v):
            sys.stdout.write(line + "\n")
    return EXIT_OK if v.reproduced else EXIT_SCENARIO_FAILED


def report(v: Verification) -> list[str]:
    """The verdict first, then each check."""
    if v.reproduced:
        head = "reproduced: the same result, byte for byte"
    elif v.same_content:
        head = "same content, different bytes: the file is not in canonical form (was it reformatted?)"
    else:
        head = "NOT reproduced"
    lines = [head,
             f"  input: {'the case evaluated (input hash matches)' if v.input_matches else 'DIFFERS from the case evaluated (input hash)'}",
             f"  rulebook: {'the same' if v.rulebook_matches else 'DIFFERS'} ({v.rulebook_then[:16]}... then, "
             f"{v.rulebook_now[:16]}... now)"]
    if v.overlay is not None:
        lines.append(f"  overlay: {v.overlay} ({'the same' if v.overlay_matches else 'DIFFERS from the one used'})")
    if not v.rulebook_matches:
        if v.changed_groups or v.missing_rules:
            for group, rules in v.changed_groups.items():
                which = f": one or more of {', '.join(rules)}" if rules else ""
                lines.append(f"    rules changed since, in group {group}{which}")
            for r in v.missing_rules:
                lines.append(f"    rule no longer in the rulebook: {r}")
        else:
            lines.append("    none of the rules this result applied has changed (the change is elsewhere)")
    for e in v.environment:
        lines.append(f"  version: {e}")
    if v.differing_outcomes:
        lines.append(f"  {len(v.differing_outcomes)} outcome(s) differ:")
        for key, then, now in v.differing_outcomes:
            lines.append(f"    {key}: {then} then, {now} now")
    return lines

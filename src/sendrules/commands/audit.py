"""`sendrules audit RETURN.xml|DIR|FILE.jsonl`: audit a whole caseload; findings, statistics and a report."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..console import EXIT_CODES_HELP, EXIT_OK, EXIT_OUTCOME_ERRORS, UsageError, note, say_rules_in_use
from .options import add_whatif_options, date_arg, name_value, whatif_parameters, whatif_rulebook


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the `audit` subcommand."""
    p = sub.add_parser("audit", help="audit a caseload: a SEN2 return (XML), a folder of case files or a JSONL file",
                       epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", type=Path, metavar="RETURN.xml|DIR|FILE.jsonl",
                   help="a SEN2 person-level return (- reads it from standard input), a folder of 2.0 case files "
                        "(*.json) or a JSONL file of cases, one a line")
    p.add_argument("--as-at", type=date_arg, default=None,
                   help="as-at date, YYYY-MM-DD (default: the return's reference date; required for case files)")
    p.add_argument("--out", type=Path, default=Path("audit-out"), help="output folder (default: ./audit-out)")
    p.add_argument("--jobs", type=int, default=None,
                   help="worker processes (default: the number of CPUs); 1 evaluates in this process")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    p.add_argument("--setting", action="append", type=name_value, default=[], metavar="NAME=VALUE",
                   help="override a setting (repeatable); a SEN2 return already sets the *_recorded/_kept ones to false")
    p.add_argument("--dfe-within-days", type=int, choices=[139, 140], default=140,
                   help="DfE's 20-week test: issue minus received at most this many days (default 140)")
    add_whatif_options(p)


def run(args: argparse.Namespace) -> int:
    """Run the audit and print the one-line count of persons (in = evaluated + rejected)."""
    from ..audit.run import AuditOptions, run_audit
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    parameters = None
    if args.overlay is not None or args.param:
        # checked here, once, so a bad overlay or parameter is one error (with file and line), not every worker's
        rb = whatif_rulebook(args, quiet=args.quiet)
        parameters = whatif_parameters(rb, args)
    elif not args.quiet:
        say_rules_in_use(args.rules)
    options = AuditOptions(as_at=args.as_at, jobs=jobs, quiet=args.quiet, settings=dict(args.setting),
                           rules=args.rules, within_days=args.dfe_within_days, overlay=args.overlay,
                           parameters=parameters)
    summary = run_audit(args.input, args.out, options)
    if not args.quiet:
        note(f"as-at date: {summary.receipt['as_at']}")
        print(f"persons: {summary.persons_in} read = {summary.evaluated} evaluated + {summary.rejected} rejected; "
              f"{summary.findings} findings; {summary.seconds:.1f} s")
        print(f"wrote {args.out}/findings.csv, findings.jsonl, statistics.csv, rejected.jsonl, report.html")
    return EXIT_OUTCOME_ERRORS if summary.persons_with_errors else EXIT_OK

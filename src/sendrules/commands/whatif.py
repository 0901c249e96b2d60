"""`sendrules whatif OVERLAY --cases DIR|FILE.jsonl`: a caseload with and without an overlay."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..calendar.today import ENGLAND, today_in_england
from ..console import EXIT_CODES_HELP, EXIT_INVALID_INPUT, EXIT_OK, UsageError, note
from ..core.files import ReadProblem, read_bytes
from ..inputs import check_stdin_once
from ..result.canonical import canonical_json
from .options import date_arg, name_value, whatif_rulebook

MIN_KEY_BYTES = 16
MAX_KEY_BYTES = 4096


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("whatif", help="evaluate a caseload with and without a what-if overlay and report what changes",
                       epilog=EXIT_CODES_HELP + "\n\nExit 2 here also means some input could not be read: the "
                       "report lists it, and every other case was compared.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("overlay", type=Path, metavar="OVERLAY", help="the overlay file (YAML, sendrules.overlay/1)")
    p.add_argument("--cases", nargs="+", type=Path, required=True, metavar="PATH",
                   help="case files, folders of them, JSONL files (one case a line), or one SEN2 return (*.xml)")
    p.add_argument("--as-at", type=date_arg, default=None,
                   help=f"as-at date, YYYY-MM-DD (default: today in England, {ENGLAND})")
    p.add_argument("--format", choices=["text", "csv", "html", "json"], default="text",
                   help="what to print (csv: the transitions); --out writes every form")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="write whatif.txt, whatif.html, whatif-transitions.csv, whatif-changes.csv and "
                        "whatif-receipt.json into this folder")
    p.add_argument("--setting", action="append", type=name_value, default=[], metavar="NAME=VALUE",
                   help="override a setting on both sides (repeatable)")
    p.add_argument("--key-file", type=Path, default=None, metavar="FILE",
                   help="the secret key for case pseudonyms (at least 16 bytes), so that two reports name a case "
                        "alike; default: a key made for this run and not kept")


def _key(path: Path | None) -> tuple[bytes, str]:
    if path is None:
        return os.urandom(32), "made for this run and not kept"
    try:
        key = read_bytes(path, MAX_KEY_BYTES)
    except ReadProblem as exc:
        raise UsageError(f"--key-file {path}: {exc.message}") from None
    if len(key.strip()) < MIN_KEY_BYTES:
        raise UsageError(f"--key-file {path}: the key must be at least {MIN_KEY_BYTES} bytes")
    return key.strip(), f"from --key-file {path.name}"


def run(args: argparse.Namespace) -> int:
    # imported here, not at the top: every CLI call imports this module to register the command,
    # and these (the SEN2 reader, the audit's measures, the report) are a tenth of its start-up
    from ..audit.caseload_items import is_sen2_return, return_cases
    from ..audit.statistics import LawMeasures
    from ..caseload import iter_items
    from ..whatif.compare import compare
    from ..whatif.report import changes_csv, html_report, text_report, transitions_csv, whatif_receipt

    check_stdin_once(args.cases)
    if any(str(p) == "-" for p in args.cases):
        raise UsageError("--cases takes files and folders (standard input cannot be read twice)")
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out}: is a file; --out names a folder for the report")
    key, key_source = _key(args.key_file)
    base = whatif_rulebook(argparse.Namespace(rules=args.rules, overlay=None))
    overlaid = whatif_rulebook(argparse.Namespace(rules=args.rules, overlay=args.overlay), quiet=True)
    returns = [p for p in args.cases if is_sen2_return(p)]
    if returns and len(args.cases) > 1:
        raise UsageError("--cases takes one SEN2 return on its own (or case files, folders and JSONL files)")
    if returns:
        # a return as the audit reads it: the same mapping, the settings for what SEN2 does not
        # record, and its reference date as the default as-at date
        source = return_cases(returns[0])
        items, settings = source.items, {**source.settings, **dict(args.setting)}
        as_at = args.as_at or source.reference_date or today_in_england()
    else:
        items, settings = iter_items(args.cases), dict(args.setting) or None
        as_at = args.as_at or today_in_england()
    if args.as_at is None:
        note(f"as-at date: {as_at.isoformat()} (give --as-at to choose)")
    cmp = compare(base, overlaid, items, as_at, key, settings=settings, measures=lambda: LawMeasures(as_at))
    receipt = whatif_receipt(base, overlaid, cmp, key, key_source, settings, None)
    text = "\n".join(text_report(cmp, receipt, base)) + "\n"
    if args.out is not None:
        files = {"whatif.txt": text, "whatif.html": html_report(cmp, receipt, base),
                 "whatif-transitions.csv": transitions_csv(cmp, base), "whatif-changes.csv": changes_csv(cmp),
                 "whatif-receipt.json": canonical_json(receipt, indent=2) + "\n"}
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            for name, body in files.items():
                (args.out / name).write_text(body, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--out {args.out}: cannot write the report there ({exc.strerror or type(exc).__name__})"
                             ) from None
        note(f"wrote {', '.join(files)} to {args.out}")
    write = sys.stdout.write
    if args.format == "text":
        write(text)
    elif args.format == "csv":
        write(transitions_csv(cmp, base))
    elif args.format == "html":
        write(html_report(cmp, receipt, base))
    else:
        write(canonical_json({"receipt": receipt, "transitions": [
            {"rule": r, "before": b, "after": a, "outcomes": n} for r, b, a, n in cmp.rows()],
            "changes": [{"case": c.case, "outcome": c.key, "before": c.before, "after": c.after}
                        for c in cmp.changes],
            "invalid": [{"input": label, "problems": p} for label, p in cmp.invalid],
            "measures_before": cmp.measures_before, "measures_after": cmp.measures_after}, indent=2) + "\n")
    if cmp.invalid:
        note(f"{len(cmp.invalid)} input(s) could not be evaluated (listed in the report); the others were "
             f"compared: exit {EXIT_INVALID_INPUT}")
        return EXIT_INVALID_INPUT
    return EXIT_OK

"""`sendrules rules`: the rule catalogue as text, JSON, one HTML page, or the Markdown pages of
docs/catalogue/ (`--format markdown --out docs/catalogue`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..api import check_rules
from ..console import EXIT_OK, UsageError, note
from ..errors import RulebookError
from ..load.loader import rules_dir_default
from ..result.canonical import canonical_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    rl = sub.add_parser("rules", help="the rule catalogue: every rule by area, in plain English, with its law")
    rl.add_argument("--format", choices=["text", "json", "html", "markdown"], default="text")
    rl.add_argument("--out", type=Path, default=None, metavar="PATH",
                    help="write to PATH instead of standard output (markdown: a folder, e.g. docs/catalogue)")


def run(args: argparse.Namespace) -> int:
    # imported here, not at the top: every CLI call imports this module to register the command,
    # and the catalogue's pages (with the scenario runner) are a tenth of its start-up
    from ..pages.model import bundled_scenarios, build, catalogue_document
    from ..pages.render import html_page, text_lines, write_markdown

    rb, diags = check_rules(args.rules)
    if rb is None:
        raise RulebookError(diags)
    areas = build(rb, bundled_scenarios(args.rules or rules_dir_default()))
    if args.format == "markdown":
        if args.out is None:
            raise UsageError("--format markdown writes a folder of pages: give --out FOLDER (e.g. docs/catalogue)")
        written = write_markdown(areas, args.out)
        note(f"{len(written)} page(s) written to {args.out}")
        return EXIT_OK
    if args.format == "json":
        text = canonical_json(catalogue_document(rb, args.rules or rules_dir_default()))
    elif args.format == "html":
        text = html_page(areas)
    else:
        text = "\n".join(text_lines(areas))
    if args.out is not None:
        args.out.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        note(f"written to {args.out}")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
    return EXIT_OK

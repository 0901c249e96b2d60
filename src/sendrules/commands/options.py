"""Options shared by the commands that evaluate: `--overlay FILE` and `--param NAME=VALUE`.

`add_whatif_options(parser)` attaches them to any subcommand (evaluate, test, audit, whatif);
`whatif_rulebook(args)` and `whatif_parameters(rb, args)` read them back."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..api import check_rules
from ..compile.rulebook import CompiledRulebook
from ..console import note, say_rules_in_use
from ..core.isodate import parse_iso_date
from ..errors import RulebookError
from ..evaluate.settings import parameter_tables


def date_arg(text: str) -> dt.date:
    """An argparse type: a YYYY-MM-DD date (a usage error, exit 2, for anything else)."""
    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace("must be", "the date must be", 1)) from None


def name_value(text: str) -> tuple[str, Any]:
    """NAME=VALUE, the value read as JSON where it is JSON (18, true, "x") and as text otherwise."""
    if "=" not in text:
        raise argparse.ArgumentTypeError("write NAME=VALUE")
    name, raw = text.split("=", 1)
    try:
        value = json.loads(raw)
    except ValueError:  # not JSON (or a number Python will not convert): the text itself
        value = raw
    return name.strip(), value


def add_whatif_options(p: argparse.ArgumentParser, overlay: bool = True) -> None:
    """Attach `--param` (and, unless `overlay` is False, `--overlay`) to a subcommand's parser."""
    if overlay:
        p.add_argument("--overlay", type=Path, default=None, metavar="FILE",
                       help="a what-if overlay (YAML, format sendrules.overlay/1) laid over the rules: parameter "
                            "values and rule versions changed from a date (docs/whatif.md)")
    p.add_argument("--param", action="append", type=name_value, default=[], metavar="NAME=VALUE",
                   help="give a parameter this value at every date (repeatable); `sendrules explain parameters` "
                        "lists them")


def whatif_rulebook(args: argparse.Namespace, quiet: bool = False) -> CompiledRulebook:
    """The rulebook the command line asks for: `--rules`, with `--overlay` laid over it."""
    if not quiet:
        say_rules_in_use(args.rules)
    overlay = getattr(args, "overlay", None)
    rb, diags = check_rules(args.rules, overlay)
    if rb is None:
        raise RulebookError(diags)
    if rb.overlay is not None and not quiet:
        note(f"overlay: {rb.overlay.file} ({rb.overlay.title}; sha256 {rb.overlay.sha256[:12]})")
    return rb


def whatif_parameters(rb: CompiledRulebook, args: argparse.Namespace) -> dict[str, Any] | None:
    """The `--param` overrides, checked against the rulebook's parameters (InputError if one is
    unknown or out of its range), or None when none were given."""
    given = dict(getattr(args, "param", None) or [])
    if not given:
        return None
    parameter_tables(rb, given)
    return given

"""The command line's contract with its caller: exit codes, usage errors that follow `--format`,
output streams that cannot fail on encoding, and the notes written to standard error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from .load.origin import rules_in_use, stale_checkout_note

EXIT_OK = 0
EXIT_SCENARIO_FAILED = 1
EXIT_INVALID_INPUT = 2
EXIT_CHECK_FAILED = 3
EXIT_INTERNAL = 4
EXIT_OUTCOME_ERRORS = 5

EXIT_CODES_HELP = """\
exit codes:
  0  success
  1  a scenario failed (sendrules test)
  2  invalid input: a case or area file, a setting, a scenario file, or the command itself
  3  the rulebook failed its checks (file and line are given)
  4  internal error: a bug in sendrules (please report it; no case data is shown)
  5  evaluated, but some outcome has status `error` (the result says which, and why)

With --format json, every error is a JSON document on standard output. `-` as a file reads
standard input. See README.md and docs/ for the formats."""


class UsageError(Exception):
    """The command line itself is wrong (an unknown option, a missing argument)."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors follow the command's error contract (JSON with
    --format json, exit 2) instead of argparse's own usage text and exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def format_asked(argv: list[str]) -> str:
    """`json` when the command line asks for JSON output, read before parsing so that a usage
    error can be reported in the format asked for."""
    for i, arg in enumerate(argv):
        for fmt in ("json", "jsonl"):
            if arg == f"--format={fmt}" or (arg == "--format" and argv[i + 1:i + 2] == [fmt]):
                return fmt
    return "text"


def configure_streams(fmt: str) -> None:
    """JSON is written as UTF-8 whatever the locale (RFC 8259); text in the terminal's encoding,
    with characters it cannot show replaced, so a cp1252 console never fails mid-report."""
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        if fmt in ("json", "jsonl"):
            out.reconfigure(encoding="utf-8", errors="strict")
        else:
            out.reconfigure(errors="replace")
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")


def note(message: str) -> None:
    print(f"sendrules: {message}", file=sys.stderr)


def say_rules_in_use(given: Path | None, name_folder: bool = True) -> None:
    """Name the rules folder a command loaded (unless the command prints it itself), and warn
    when the checkout around the current folder has rules that differ from the copy in use."""
    folder, how = rules_in_use(given)
    if name_folder:
        note(f"rules: {folder} ({how})")
    stale = stale_checkout_note(folder, given, Path.cwd())
    if stale is not None:
        note(f"note: {stale}")

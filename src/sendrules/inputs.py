"""Reading case and area files (JSON) from a path or standard input, strictly and within limits.

Everything here is about the bytes, before the case schema is checked: a size limit on what is
actually read, UTF-8 (a byte-order mark is allowed), no key given twice in one object (the last
would silently win), no number longer than any field needs (Python refuses to convert an
integer of more than 4,300 digits), no NaN or Infinity (not JSON). Messages name the file and
what is wrong, never a value; a key is named only when it is one the schema knows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from collections.abc import Iterator
from typing import Any, BinaryIO

from .core.files import ReadProblem, decode_utf8, read_bytes, read_stream
from .errors import InputError
from .facts.validation import FIELD_NAMES

MAX_INPUT_BYTES = 5_000_000
MAX_NUMBER_CHARS = 30       # no field needs more; Python would refuse an int of 4,301 digits
STDIN = "-"




class _Refused(ValueError):
    """Raised inside the JSON decoder's hooks; carries a message that holds no value."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            shown = f"the key `{key}`" if key in FIELD_NAMES else "a key"
            raise _Refused(f"{shown} is given twice in one object (each key may be given once)")
        out[key] = value
    return out


def _number(text: str) -> None:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(f"a number is longer than the limit of {MAX_NUMBER_CHARS} characters")


def _int(text: str) -> int:
    _number(text)
    return int(text)


def _float(text: str) -> float:
    _number(text)
    return float(text)


def _constant(text: str) -> Any:
    raise _Refused("NaN and Infinity are not JSON numbers")


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
                            parse_constant=_constant)


def parse_document(text: str, name: str) -> Any:
    """The JSON value of a case or area file's text; InputError names the file and the problem."""
    try:
        return _DECODER.decode(text)
    except _Refused as exc:
        raise InputError([f"{name}: {exc}"]) from None
    except json.JSONDecodeError as exc:
        raise InputError([f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno})"]) from None
    except RecursionError:
        raise InputError([f"{name}: JSON nested more deeply than the reader allows (a case needs fewer than "
                          f"20 levels)"]) from None


def jsonl_documents(stream: BinaryIO, label: str) -> Iterator[tuple[str, Any, list[str]]]:
    """The documents of a JSONL stream, one a line, blank lines skipped: (where, document, problems)
    with `where` as `label:line`. A line longer than MAX_INPUT_BYTES, not UTF-8 or not JSON gives
    its problems (and no document) and reading goes on; an over-long line is skipped a piece at a
    time, never held whole."""
    number = 0
    while True:
        raw = stream.readline(MAX_INPUT_BYTES + 1)
        if not raw:
            return
        number += 1
        where = f"{label}:{number}"
        if len(raw) > MAX_INPUT_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MAX_INPUT_BYTES + 1)
            yield where, None, [f"{where}: the line is larger than the limit of {MAX_INPUT_BYTES:,} bytes"]
            continue
        if not raw.strip():
            continue
        try:
            text = decode_utf8(raw)
        except ReadProblem:
            yield where, None, [f"{where}: the line is not UTF-8 text"]
            continue
        try:
            yield where, parse_document(text, where), []
        except InputError as exc:
            yield where, None, list(exc.problems)


def display_name(path: Path) -> str:
    """How messages name an input: its file name, or <stdin>."""
    return "<stdin>" if str(path) == STDIN else path.name


def read_document(path: Path, stdin: BinaryIO | None = None) -> Any:
    """Read one case or area file: a path, or `-` for standard input (read once)."""
    name = display_name(path)
    try:
        if str(path) == STDIN:
            raw = read_stream(stdin if stdin is not None else sys.stdin.buffer, MAX_INPUT_BYTES)
        else:
            raw = read_bytes(path, MAX_INPUT_BYTES)
        text = decode_utf8(raw)
    except ReadProblem as exc:
        raise InputError([f"{path if str(path) != STDIN else name}: {exc.message}"]) from None
    return parse_document(text, name)


def check_stdin_once(paths: list[Path]) -> None:
    """Standard input can be read only once."""
    if sum(1 for p in paths if str(p) == STDIN) > 1:
        raise InputError(["-: standard input may be given only once"])

"""The bearer token: read from a file (never from the command line, where `ps` would show it)."""

from __future__ import annotations

from pathlib import Path

from ..core.files import ReadProblem, read_text
from ..errors import InputError

MIN_TOKEN_CHARS = 16


def read_token(path: Path) -> str:
    """The token in `path` (surrounding whitespace removed); InputError if it is unreadable or too short."""
    try:
        token = read_text(path, 4096).strip()
    except ReadProblem as exc:
        raise InputError([f"--token-file: {exc.message}"]) from None
    if len(token) < MIN_TOKEN_CHARS or any(c.isspace() for c in token):
        raise InputError([f"--token-file: the token must be at least {MIN_TOKEN_CHARS} characters with no spaces"])
    return token

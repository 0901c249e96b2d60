"""Reading files someone else wrote, safely: only regular files, never more bytes than a limit,
UTF-8 (a byte-order mark is allowed) with the line of a bad byte.

The size a file reports is no bound: /dev/zero, /dev/urandom and a FIFO report 0 and never
end, and opening a FIFO blocks until someone writes to it. So what is not a regular file is
refused before it is opened, and the bytes actually read are counted.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class ReadProblem(Exception):
    """A file that cannot be read as text: `message` says why (never its content), `line` where."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ReadProblem(f"cannot read it ({exc.strerror or type(exc).__name__})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadProblem("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ReadProblem("is not a regular file (a device, FIFO or socket is refused: its end is not known)")
    try:
        with open(path, "rb") as f:
            return read_stream(f, limit)
    except OSError as exc:
        raise ReadProblem(f"cannot read it ({exc.strerror or type(exc).__name__})") from None


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most `limit` bytes from an open binary stream (standard input, say); more is refused."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ReadProblem(f"is larger than the limit of {limit:,} bytes")
    return data


def decode_utf8(data: bytes) -> str:
    """UTF-8 text; a leading byte-order mark (as some Windows editors write) is dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReadProblem(f"is not UTF-8 text (a byte that is not UTF-8 on line {line})", line) from None


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes."""
    return decode_utf8(read_bytes(path, limit))

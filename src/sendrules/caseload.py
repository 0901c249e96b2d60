"""A caseload as a stream of documents: case or area files, folders of them, and JSONL files (one
document a line), read one at a time so that memory holds one case, whatever the caseload's size.

A file or line that cannot be read is an item with its problems, not an exception: a batch goes on
past it, reports it, and says in its exit code that some input failed. Problems name the file (and
line), never a value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .inputs import STDIN, display_name, jsonl_documents, read_document

MAX_FILES_IN_FOLDER = 1_000_000
JSON_SUFFIXES = (".json", ".jsonl")


@dataclass
class Item:
    """One document of a caseload: where it came from, and its JSON value or what is wrong with it."""

    label: str                                   # "case.json", "cases.jsonl:12", "<stdin>"
    data: Any = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def folder_files(folder: Path) -> list[Path]:
    """The JSON and JSONL files under a folder, in path order (subfolders included)."""
    found = sorted(p for p in folder.rglob("*") if p.suffix in JSON_SUFFIXES and p.is_file())
    if len(found) > MAX_FILES_IN_FOLDER:
        raise InputError([f"{folder}: more than {MAX_FILES_IN_FOLDER:,} files"])
    return found


def iter_items(paths: list[Path]) -> Iterator[Item]:
    """Every document of the given files and folders, in order; `-` is standard input."""
    for path in paths:
        if str(path) != STDIN and path.is_dir():
            files = folder_files(path)
            if not files:
                yield Item(str(path), problems=[f"{path}: no .json or .jsonl files in this folder"])
            for f in files:
                yield from _file_items(f, f.relative_to(path).as_posix())
        else:
            yield from _file_items(path, display_name(path))


def _file_items(path: Path, label: str) -> Iterator[Item]:
    if path.suffix == ".jsonl" and str(path) != STDIN:
        yield from jsonl_items(path, label)
        return
    try:
        yield Item(label, read_document(path))
    except InputError as exc:
        yield Item(label, problems=[_named(p, label, path) for p in exc.problems])


def _named(problem: str, label: str, path: Path) -> str:
    """A reader's problem, named by the label the batch uses for the file."""
    for prefix in (f"{path}: ", f"{display_name(path)}: "):
        if problem.startswith(prefix):
            return f"{label}: {problem[len(prefix):]}"
    return f"{label}: {problem}"


def jsonl_items(path: Path, label: str) -> Iterator[Item]:
    """The documents of a JSONL file, one a line (blank lines skipped), each line at most
    MAX_INPUT_BYTES; a line too long or not JSON is an item with its problem, and reading goes on."""
    if not path.is_file():   # checked before opening: opening a FIFO would block
        yield Item(label, problems=[f"{label}: is not a regular file (or does not exist)"])
        return
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below; a generator holds it across yields
    except OSError as exc:
        yield Item(label, problems=[f"{label}: cannot read it ({exc.strerror or type(exc).__name__})"])
        return
    seen = 0
    with f:
        for where, document, problems in jsonl_documents(f, label):
            seen += 1
            yield Item(where, problems=problems) if problems else Item(where, document)
    if not seen:
        # as for an empty folder: an export that wrote nothing is said, not passed as a caseload of none
        yield Item(label, problems=[f"{label}: no documents in this file (it is empty or every line is blank)"])

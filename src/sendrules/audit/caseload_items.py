"""A SEN2 return as a stream of 2.0 cases, for commands other than the audit (`sendrules whatif`).

The audit reads the return in its own pipeline (hashing, DfE counts as persons pass); this gives
the same persons, mapped the same way, as `caseload.Item`s, with the settings a bare return needs
(what SEN2 does not record is not invented) and the return's reference date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..caseload import Item
from .sen2_reader import SEN2Reader
from .to_case import MappingOptions, PersonRejected, person_id, sen2_settings, sen2_to_case


@dataclass
class ReturnCases:
    """The persons of one return as cases, and what the return says about itself."""

    items: Iterator[Item]
    settings: dict[str, Any]
    reference_date: dt.date | None


def is_sen2_return(path: Path) -> bool:
    """A SEN2 return is named *.xml (case files are JSON or JSONL)."""
    return path.suffix.lower() == ".xml" and path.is_file()


def return_cases(path: Path, mapping: MappingOptions = MappingOptions()) -> ReturnCases:
    """Open a return; its persons are read lazily, one at a time, as the items are consumed."""
    stream = open(path, "rb")  # noqa: SIM115 - closed when the items are exhausted
    reader = SEN2Reader(stream, path.name)
    persons = iter(reader)
    first = next(persons, None)
    header = reader.header
    year = header.year if header is not None else None
    settings = sen2_settings(int(year) if year and year.isdigit() else None)
    lea = header.lea if header is not None else None

    def items() -> Iterator[Item]:
        try:
            if first is None:
                return
            for raw in _prepend(first, persons):
                label = person_id(lea, raw.ordinal)
                try:
                    yield Item(label, sen2_to_case(raw, lea, mapping))
                except PersonRejected as exc:
                    yield Item(label, problems=list(exc.problems))
        finally:
            stream.close()

    return ReturnCases(items(), settings, header.reference_date if header is not None else None)


def _prepend(first: Any, rest: Iterator) -> Iterator:
    yield first
    yield from rest

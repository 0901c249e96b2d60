"""Read a provision reference as the rules write it ("reg 5(4)(d)", "s36(8)(a)", "art 17(2)",
"Sch 2 para 3", "s33(3)-(4)", "reg 44(2)(e), (f) and (h)") into its parts.

One reader serves both the URL of a citation (core/citations.py) and the look-up of the stored
statute text (core/statute_text.py), so the two can never disagree about what a citation names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Unit = Literal["section", "regulation", "article", "rule", "schedule"]

_UNIT_WORDS: dict[str, Unit] = {
    "s": "section", "section": "section",
    "reg": "regulation", "regulation": "regulation",
    "art": "article", "article": "article",
    "r": "rule", "rule": "rule",
    "sch": "schedule", "schedule": "schedule",
}
_HEAD = re.compile(r"^(?P<word>section|regulation|article|rule|schedule|reg|art|sch|s|r)(?![a-z])\.?\s*(?P<num>\d+[A-Z]*)?",
                   re.I)
_SCHEDULE_PART = re.compile(r"^\s*part\s+(?P<part>\d+[A-Z]*)", re.I)
_SCHEDULE_PARA = re.compile(r"^\s*para(?:graph)?\.?\s*(?P<para>\d+[A-Z]*)", re.I)
_LABEL = re.compile(r"\(([0-9]+[A-Z]*|[a-z]{1,4}|[A-Z])\)")
_LABELS = re.compile(r"^(?:\([0-9A-Za-z]+\))+")


@dataclass(frozen=True)
class Selection:
    """Labels below the numbered provision: (4)(d) is ("4", "d"). A range (3)-(4) has an `end`."""

    start: tuple[str, ...]
    end: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ProvisionRef:
    """A parsed provision: `unit` and `number` name the section, regulation, article, rule or
    schedule; `selections` narrow it (several for a list such as "(e), (f) and (h)")."""

    unit: Unit
    number: str                        # "36", "4A"; "" for the sole schedule of an instrument
    part: str | None = None            # Sch 3 Part 2
    paragraph: str | None = None       # Sch 2 para 3
    selections: tuple[Selection, ...] = ()

    def url_path(self) -> str:
        """The legislation.gov.uk path of the provision (without its sub-paragraphs)."""
        if self.unit != "schedule":
            return f"{self.unit}/{self.number}"
        path = "schedule" + (f"/{self.number}" if self.number else "")
        if self.part:
            path += f"/part/{self.part}"
        if self.paragraph:
            path += f"/paragraph/{self.paragraph}"
        return path


def parse_provision(text: str) -> ProvisionRef | None:
    """The parts of a provision reference, or None if it is not written in a form this reader
    knows (a paragraph of guidance, a page of a judgment, free text)."""
    m = _HEAD.match(text.strip())
    if not m:
        return None
    unit = _UNIT_WORDS[m.group("word").lower()]
    number = m.group("num") or ""
    rest = text.strip()[m.end():]
    if unit != "schedule" and not number:
        return None
    part = paragraph = None
    if unit == "schedule":
        pm = _SCHEDULE_PART.match(rest)
        if pm:
            part, rest = pm.group("part"), rest[pm.end():]
        qm = _SCHEDULE_PARA.match(rest)
        if qm:
            paragraph, rest = qm.group("para"), rest[qm.end():]
    selections = _selections(rest.strip())
    if selections is None:
        return None
    return ProvisionRef(unit, number, part, paragraph, selections)


def _selections(rest: str) -> tuple[Selection, ...] | None:
    """"(4)(d)" -> one selection; "(3)-(4)" a range; "(e), (f) and (h)" three. None if the text
    is something else."""
    if not rest:
        return ()
    first = _LABELS.match(rest)
    if not first:
        return None
    start = tuple(_LABEL.findall(first.group(0)))
    rest = rest[first.end():].strip()
    if not rest:
        return (Selection(start),)
    if rest.startswith("-"):
        tail = _LABELS.fullmatch(rest[1:].strip())
        if not tail:
            return None
        return (Selection(start, _replace_tail(start, tuple(_LABEL.findall(tail.group(0))))),)
    out = [Selection(start)]
    for piece in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", rest):
        if not piece:
            continue
        more = _LABELS.fullmatch(piece)
        if not more:
            return None
        out.append(Selection(_replace_tail(start, tuple(_LABEL.findall(more.group(0))))))
    return tuple(out)


def _replace_tail(start: tuple[str, ...], tail: tuple[str, ...]) -> tuple[str, ...]:
    """"(2)(b)(i)-(ii)" ends at (2)(b)(ii); "(2)-(3)(a)" at (3)(a): the later labels take the
    place of the last label written before them."""
    return start[:-1] + tail

"""Find the stored text of a cited provision, and whether a quote appears in it.

The statute texts in the repository's `legislation/` folder are Markdown converted from
legislation.gov.uk (see its README). Their layout, which this module relies on:

- a section, regulation, article or schedule paragraph starts at a heading that is only its number
  (`##### 36`, `###### 5`, `###### 4A`) and runs to the next heading of any level;
- a schedule starts at `## SCHEDULE 2 — ...` (or `## SCHEDULE — ...` when it is the only one),
  and may hold `## PART n` headings;
- the body ends at `## Signed` (or the notes after it); a provision inserted later may sit among
  the notes after it (after `## Footnotes` or `## Editorial notes`), so they are searched when the
  body has no such number;
- subsections, paragraphs and sub-paragraphs are flat list items, `- (4) ...`, `- (d) ...`,
  `- (ii) ...`, all at one level: which item belongs to which is worked out from the labels;
- the converter drops spaces ("isimpractical", "and(9)") and keeps Markdown emphasis, links and
  footnote marks, so a quote is compared with all whitespace and Markdown removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .provisions import ProvisionRef, Selection, parse_provision
from .ruleformat import Instrument

_NUMBER_HEADING = re.compile(r"^#{3,6} (\d+[A-Z]*)\.?\s*$")
_SCHEDULE_HEADING = re.compile(r"^## SCHEDULE(?: (\d+[A-Z]*))?(?:\s*[—-].*)?\s*$")
_PART_HEADING = re.compile(r"^## PART\s*(\d+[A-Z]*)\b")
_BODY_END = re.compile(r"^## (Signed|Explanatory note|Footnotes|Editorial notes)\s*$")
_ITEM = re.compile(r"^(?:>\s*)*(?P<bullet>-\s+)?\((?P<label>[0-9]+[A-Z]*|[a-z]{1,4}|[A-Z])\)\s?")
_ROMAN = re.compile(r"^(?=[ivx])m{0}(x{0,3})(ix|iv|v?i{0,3})$")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_ELLIPSIS = re.compile(r"\.\.\.|…")
_LEGISLATION_URL = re.compile(r"legislation\.gov\.uk/(?:id/)?([a-z]+)/(\d{4})/(\d+)/?$")


class ProvisionNotFound(LookupError):
    """The stored text has no such provision (or the reference cannot be read)."""


@dataclass(frozen=True)
class StoredText:
    """One stored statute text, as lines."""

    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ProvisionText:
    """The text of a provision, narrowed to the paragraphs the reference names."""

    where: str          # e.g. "uksi-2014-1530.md lines 155-156"
    text: str


def stored_text_name(instrument: Instrument) -> str | None:
    """The file that would hold an instrument's text: legislation.gov.uk/uksi/2014/1530 is
    `uksi-2014-1530.md`. None for an instrument that is not on legislation.gov.uk."""
    m = _LEGISLATION_URL.search(instrument.url)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}.md" if m else None


def read_stored_text(path: Path) -> StoredText:
    return StoredText(path.name, tuple(path.read_text(encoding="utf-8").splitlines()))


def find_provision(folder: Path, instrument: Instrument, provision: str) -> ProvisionText:
    """The stored text of `provision` of `instrument`, from the files in `folder`."""
    name = stored_text_name(instrument)
    if name is None or not (folder / name).is_file():
        raise ProvisionNotFound(f"no stored text for {instrument.id} (looked for {name or 'a legislation.gov.uk URL'})")
    ref = parse_provision(provision)
    if ref is None:
        raise ProvisionNotFound(f"cannot read the provision {provision!r}")
    return provision_text(read_stored_text(folder / name), ref)


def provision_text(stored: StoredText, ref: ProvisionRef) -> ProvisionText:
    """The lines of the provision `ref` names, narrowed to its (sub)paragraphs."""
    start, end = _provision_lines(stored, ref)
    lines = stored.lines
    if not ref.selections:
        return ProvisionText(_where(stored, start, end), "\n".join(lines[start:end]))
    items = _items(lines, start, end)
    spans, lead = [], _chapeau(items, ref.selections[0].start, stored, ref)
    for sel in ref.selections:
        a, b = _span(items, sel.start, stored, ref)
        if sel.end:
            b = _span(items, sel.end, stored, ref)[1]
        if b <= a:
            raise ProvisionNotFound(f"{_describe(ref)}: the range {_labels(sel)} runs backwards in {stored.name}")
        spans.append((a, b))
    text = "\n".join([lines[i] for i in lead] + ["\n".join(lines[a:b]) for a, b in spans])
    return ProvisionText(_where(stored, spans[0][0], spans[-1][1]), text)


def _where(stored: StoredText, start: int, end: int) -> str:
    return f"{stored.name} lines {start + 1}-{end}"


def _describe(ref: ProvisionRef) -> str:
    return ref.url_path().replace("/", " ")


def _labels(sel: Selection) -> str:
    text = "".join(f"({x})" for x in sel.start)
    return text + ("-" + "".join(f"({x})" for x in sel.end) if sel.end else "")


# -- the provision's lines ------------------------------------------------------------------------

def _provision_lines(stored: StoredText, ref: ProvisionRef) -> tuple[int, int]:
    lines = stored.lines
    body_end = next((i for i, t in enumerate(lines) if _BODY_END.match(t)), len(lines))
    schedules = [i for i in range(body_end) if _SCHEDULE_HEADING.match(lines[i])]
    if ref.unit == "schedule":
        return _schedule_lines(stored, ref, schedules, body_end)
    main_end = schedules[0] if schedules else body_end
    for lo, hi in ((0, main_end), (body_end, len(lines))):
        start = _number_heading(lines, lo, hi, ref.number)
        if start is not None:
            return start + 1, _next_heading(lines, start + 1, hi)
    raise ProvisionNotFound(f"no {ref.unit} {ref.number} in {stored.name}")


def _schedule_lines(stored: StoredText, ref: ProvisionRef, schedules: list[int], body_end: int) -> tuple[int, int]:
    lines = stored.lines
    found = [i for i in schedules if (_SCHEDULE_HEADING.match(lines[i]).group(1) or "") == ref.number]
    if not found:
        raise ProvisionNotFound(f"no schedule {ref.number or '(the only one)'} in {stored.name}")
    start = found[0]
    later = [i for i in schedules if i > start]
    end = later[0] if later else body_end
    if ref.part is not None:
        parts = [i for i in range(start + 1, end) if (m := _PART_HEADING.match(lines[i])) and m.group(1) == ref.part]
        if not parts:
            raise ProvisionNotFound(f"no Part {ref.part} in schedule {ref.number} of {stored.name}")
        nxt = [i for i in range(parts[0] + 1, end) if _PART_HEADING.match(lines[i])]
        start, end = parts[0], nxt[0] if nxt else end
    if ref.paragraph is None:
        return start + 1, end
    para = _number_heading(lines, start + 1, end, ref.paragraph)
    if para is None:
        raise ProvisionNotFound(f"no paragraph {ref.paragraph} in schedule {ref.number} of {stored.name}")
    return para + 1, _next_heading(lines, para + 1, end)


def _number_heading(lines: tuple[str, ...], lo: int, hi: int, number: str) -> int | None:
    return next((i for i in range(lo, hi) if (m := _NUMBER_HEADING.match(lines[i])) and m.group(1) == number), None)


def _next_heading(lines: tuple[str, ...], lo: int, hi: int) -> int:
    return next((i for i in range(lo, hi) if lines[i].startswith("#")), hi)


# -- paragraphs inside a provision ---------------------------------------------------------------

@dataclass(frozen=True)
class _Item:
    line: int
    label: str | None       # None: a line with no label
    level: float            # 1 (4), 2 (d), 3 (ii), 4 (A); unlabelled lines: see _items
    bullet: bool


def _items(lines: tuple[str, ...], start: int, end: int) -> list[_Item]:
    """Each non-blank line with the level of its label. A letter that could be a roman numeral
    ((i), (v), (x)) is a paragraph when it is the letter after the last one and the next label is
    not (ii)/(vi)/(xi); otherwise a sub-paragraph. A bulleted line without a label (a definition)
    belongs to the item above it; a plain one is the closing words of the item above that, so it
    ends a lettered item but not the paragraph the letters are in (level half a step up)."""
    raw = []
    for i in range(start, end):
        if not lines[i].strip():
            continue
        m = _ITEM.match(lines[i])
        bullet = lines[i].lstrip("> ").startswith("- ")
        raw.append((i, m.group("label") if m else None, bullet))
    labels = [lab for _i, lab, _b in raw]
    out: list[_Item] = []
    last_letter: str | None = None
    last_level = 1.0
    for k, (i, label, bullet) in enumerate(raw):
        if label is None:
            level = last_level if bullet else max(last_level - 0.5, 0.5)
            out.append(_Item(i, None, level, bullet))
            continue
        if label[0].isdigit():
            level, last_letter = 1.0, None
        elif label.isupper():
            level = 4.0
        elif _is_roman(label) and not _next_letter_here(label, last_letter, labels[k + 1:]):
            level = 3.0
        else:
            level, last_letter = 2.0, label
        last_level = level
        out.append(_Item(i, label, level, bullet))
    return out


def _is_roman(label: str) -> bool:
    return bool(label) and bool(_ROMAN.match(label))


def _next_letter_here(label: str, last: str | None, following: list[str | None]) -> bool:
    expected = "a" if last is None else (chr(ord(last) + 1) if len(last) == 1 and last != "z" else None)
    if label != expected:
        return False
    nxt = next((x for x in following if x is not None), None)
    return nxt != {"i": "ii", "v": "vi", "x": "xi"}.get(label)


def _span(items: list[_Item], path: tuple[str, ...], stored: StoredText, ref: ProvisionRef) -> tuple[int, int]:
    """Line range [start, end) of the item at `path`: each label is looked for inside the span of
    the one before, and an item runs to the next item of the same or a higher level."""
    found = _walk(items, path, stored, ref)
    k, hi = found[-1]
    return items[k].line, items[hi - 1].line + 1


def _chapeau(items: list[_Item], path: tuple[str, ...], stored: StoredText, ref: ProvisionRef) -> list[int]:
    """The lines a sub-paragraph is read with: the words that introduce the provision's first
    item ("A local authority must—") and the opening line of each item above it."""
    intro = []
    for it in items:
        if it.label is not None:
            break
        intro.append(it.line)
    return intro + [items[k].line for k, _hi in _walk(items, path, stored, ref)[:-1]]


def _walk(items: list[_Item], path: tuple[str, ...], stored: StoredText, ref: ProvisionRef) -> list[tuple[int, int]]:
    """For each label of `path`, the index of its item and the end (exclusive) of its span."""
    lo, hi, out = 0, len(items), []
    for depth, label in enumerate(path):
        # Look among the span's own items (the level of its first label), so the letter (i)
        # is not taken for the roman (i) of an item above it.
        child = next((items[j].level for j in range(lo, hi) if items[j].label is not None), None)
        k = next((j for j in range(lo, hi) if items[j].label == label and items[j].level == child), None)
        if k is None:
            where = "".join(f"({x})" for x in path[:depth])
            raise ProvisionNotFound(f"{_describe(ref)}{where}: no ({label}) in {stored.name}")
        level = items[k].level
        hi = next((j for j in range(k + 1, hi) if items[j].level <= level and not _belongs(items[j], level)), hi)
        lo = k + 1
        out.append((k, hi))
    return out


def _belongs(item: _Item, level: int) -> bool:
    """A bulleted unlabelled line (a definition inside a paragraph) stays with the item above."""
    return item.label is None and item.bullet and item.level >= level


# -- quotes ------------------------------------------------------------------------------------------

_MARKDOWN = [
    (re.compile(r"\[\^[^\]]*\]"), ""),             # footnote marks
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the words
    (re.compile(r"^(?:>\s*)+", re.M), ""),          # block quotes (inserted text)
    (re.compile(r"^-\s+", re.M), ""),               # list bullets
    (re.compile(r"\*"), ""),                        # emphasis
]


def normalise(text: str) -> str:
    """Text as compared: typographic quotes made plain, Markdown removed, and no whitespace at all
    (the converter both drops and adds spaces, so spacing cannot be compared)."""
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return "".join(text.translate(_QUOTES).split())


def quote_parts(quote: str) -> list[str]:
    """The verbatim parts of a quote, as compared: "..." or "…" separates words left out."""
    return [p for p in (normalise(x) for x in _ELLIPSIS.split(quote)) if p]


def quote_found(quote: str, text: str) -> bool:
    """Whether every verbatim part of `quote` appears in `text`, in order and without overlap."""
    return bool(quote_parts(quote)) and missing_part(quote, text) is None


def missing_part(quote: str, text: str) -> str | None:
    """The first verbatim part of `quote` (as compared) not found in `text` after the parts before
    it, or None when all are there. The first letter of a part may differ in case ("at least two
    weeks' notice" quotes "At least two weeks' notice"), as quotations are usually written;
    nothing else may."""
    haystack, at = normalise(text), 0
    for part in quote_parts(quote):
        found = [i for i in (haystack.find(p, at) for p in {part, part[0].swapcase() + part[1:]}) if i >= 0]
        if not found:
            return part
        at = min(found) + len(part)
    return None

"""Read a SEN2 person-level XML return (2023-2026 collections) one person at a time.

Hardened: no DTD (so no entity expansion, no external entities, no network), a byte budget per
person (a multi-gigabyte element is refused after a few megabytes, not read into memory), a
depth limit, and text fields capped. Streaming: expat calls a target that builds one small dict
per person; nothing of a person is kept once it has been handed on, so memory does not grow with
the file. Tag spelling and casing differ between suppliers: every tag goes through `ALIASES`.
Errors name the file, line and column and how many persons were read, never a value.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Iterator
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import InputError

# Canonical SEN2 tag names (sen2.md s1.3), keyed by their lower-case spelling, plus the variant
# spellings seen from suppliers and older collections.
_CANONICAL = [
    "Message", "Header", "CollectionDetails", "Collection", "Year", "ReferenceDate", "Source", "SourceLevel",
    "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime", "DMO", "DCO", "DSCO",
    "Persons", "Person", "Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity", "PostCode", "UPN",
    "UniqueLearnerNumber", "UPNunknown",
    "Requests", "ReceivedDate", "RequestSource", "RYA", "RequestOutcomeDate", "RequestOutcome",
    "RequestMediation", "RequestTribunal", "Exported",
    "Assessment", "AssessmentOutcome", "AssessmentOutcomeDate", "AssessmentMediation", "AssessmentTribunal",
    "OtherMediation", "OtherTribunal", "Week20",
    "NamedPlan", "StartDate", "PlanDetail", "URN", "UKPRN", "SENSetting", "SENSettingOther", "PlacementRank",
    "SENunitIndicator", "ResourcedProvisionIndicator", "PlanRes", "PlanWBP", "PB", "OA", "DP", "CeaseDate",
    "CeaseReason",
    "ActivePlans", "TransferLA", "PlacementDetail", "EntryDate", "LeavingDate", "Res", "WBP", "SENneed",
    "SENtype", "SENtypeRank", "ReviewMeeting", "ReviewOutcome", "ReviewDraft", "PhaseTransferDueDate",
    "PhaseTransferFinalDate", "LastReview",
]
ALIASES: dict[str, str] = {t.lower(): t for t in _CANONICAL}
ALIASES.update({
    "gendercurrent": "Sex",            # before the 2024 collection
    "gender": "Sex",
    "planwpb": "PlanWBP",              # a transposition seen in supplier files
    "wpb": "WBP",
    "postcode": "PostCode",
    "uln": "UniqueLearnerNumber",
    "request": "Requests",             # singular module name used by some extracts
    "assessments": "Assessment",
    "namedplans": "NamedPlan",
    "activeplan": "ActivePlans",
    "sensettingother": "SENSettingOther",
    "senneeds": "SENneed",
    "sentyperank": "SENtypeRank",
    "reviewdecisiondate": "LastReview",
})

# Container elements and the container each may sit in.
_PARENT = {
    "Message": None, "Header": "Message", "CollectionDetails": "Header", "Source": "Header",
    "Persons": "Message", "Person": "Persons", "Requests": "Person", "Assessment": "Requests",
    "NamedPlan": "Assessment", "PlanDetail": "NamedPlan", "ActivePlans": "Requests",
    "PlacementDetail": "ActivePlans", "SENneed": "ActivePlans",
}
# Containers that may repeat inside their parent: kept as lists.
_REPEATED = {"Requests", "PlanDetail", "PlacementDetail", "SENneed"}

MAX_PERSON_BYTES = 4 * 1024 * 1024   # far above any real person (a few kB); refuses a runaway element
MAX_TEXT_CHARS = 2000                # the longest SEN2 item is SENSettingOther free text
MAX_DEPTH = 12                       # SEN2 nests 6 deep
CHUNK = 64 * 1024


class SEN2Error(InputError):
    """The return cannot be read further (refused, malformed or truncated)."""


@dataclass
class Header:
    """The return's header: collection year, reference date, the authority's code and posts."""

    year: str | None = None
    reference_date: dt.date | None = None
    lea: str | None = None
    software: str | None = None
    dmo: str | None = None
    dco: str | None = None
    dsco: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawPerson:
    """One Person element as text fields and nested module dicts (tags canonical), with its place."""

    ordinal: int          # 1-based position in the return: the person's pseudonymous id comes from it
    line: int             # line of the <Person> start tag
    data: dict[str, Any]


@dataclass
class ReadStats:
    persons: int = 0
    unknown_tags: Counter = field(default_factory=Counter)
    misplaced_tags: Counter = field(default_factory=Counter)


MAX_TAG_NAMES = 100                  # distinct unknown tag names kept for the report; the rest pooled


def _count(counter: Counter, name: str) -> None:
    """Count a tag name without letting a hostile file grow the counter without limit."""
    if name in counter or len(counter) < MAX_TAG_NAMES:
        counter[name] += 1
    else:
        counter["(other names)"] += 1


class _Target:
    """expat target: builds one dict per Person; everything else is dropped as soon as it ends."""

    def __init__(self, reader: "SEN2Reader") -> None:
        self.r = reader
        self.stack: list[str] = []          # canonical tags; "?" for an unknown or misplaced subtree
        self.containers: list[dict[str, Any]] = []
        self.text: list[str] = []
        self.text_len = 0
        self.person_line = 0

    def start(self, tag: str, attrib: Any) -> None:
        # called by expat: tag is `local` or `namespace}local`; attributes are not read
        if len(self.stack) >= MAX_DEPTH:
            raise self.r.refuse(f"elements nest deeper than {MAX_DEPTH} levels; a SEN2 return nests 6")
        local = tag.rsplit("}", 1)[-1]
        name = ALIASES.get(local.lower())
        parent = self.stack[-1] if self.stack else None
        if not self.stack:
            if name != "Message":
                raise self.r.refuse("this is not a SEN2 return: the root element is not <Message>")
        elif parent == "?" or name is None:
            if parent != "?":
                _count(self.r.stats.unknown_tags, local[:40])
            name = "?"
        elif name in _PARENT and _PARENT[name] != parent:
            _count(self.r.stats.misplaced_tags, f"{name} in {parent}")
            name = "?"
        elif name not in _PARENT and parent not in _PARENT:
            # a data item inside a data item
            _count(self.r.stats.misplaced_tags, f"{name} in {parent}")
            name = "?"
        self.stack.append(name)
        if name in _PARENT:
            if name == "Person":
                self.person_line = self.r.line()
                self.r.person_bytes_start()
            self.containers.append({})
        self.text = []
        self.text_len = 0

    def data(self, text: str) -> None:
        if self.stack and self.stack[-1] != "?" and self.stack[-1] not in _PARENT:
            self.text_len += len(text)
            if self.text_len > MAX_TEXT_CHARS:
                raise self.r.refuse(f"a <{self.stack[-1]}> item is longer than {MAX_TEXT_CHARS} characters")
            self.text.append(text)

    def end(self, tag: str) -> None:
        name = self.stack.pop()
        if name == "?":
            return
        if name not in _PARENT:
            value = "".join(self.text).strip() or None
            self.containers[-1][name] = value
            self.text = []
            self.text_len = 0
            return
        node = self.containers.pop()
        if name == "Person":
            self.r.stats.persons += 1
            self.r.ready.append(RawPerson(self.r.stats.persons, self.person_line, node))
            return
        if name == "Header":
            self.r.set_header(node)
            return
        if name in ("Message", "Persons"):
            return
        parent = self.containers[-1]
        if name in _REPEATED:
            parent.setdefault(name, []).append(node)
        else:
            parent[name] = node

    def close(self) -> None:
        return None


class SEN2Reader:
    """Iterate the persons of a SEN2 return from a binary stream (a file, a pipe, a generator wrapper)."""

    def __init__(self, stream: BinaryIO, name: str, *, max_person_bytes: int = MAX_PERSON_BYTES) -> None:
        self.stream = stream
        self.name = name
        self.max_person_bytes = max_person_bytes
        self.header: Header | None = None
        self.stats = ReadStats()
        self.ready: list[RawPerson] = []
        self.bytes_read = 0
        self._person_from = 0
        self._target = _Target(self)
        self._parser = DefusedXMLParser(target=self._target, forbid_dtd=True, forbid_entities=True,
                                        forbid_external=True)
        self._expat = self._parser.parser
        # expat calls the target's start and end itself, not through ElementTree's Python wrappers
        # that rebuild each tag and attribute dict the target never reads (a third of the parse).
        # defusedxml's own handlers (DTD, entity declarations, external references) stay installed.
        self._expat.StartElementHandler = self._target.start
        self._expat.EndElementHandler = self._target.end
        self._done = False

    # -- called by the target
    def line(self) -> int:
        return self._expat.CurrentLineNumber

    def person_bytes_start(self) -> None:
        self._person_from = self._expat.CurrentByteIndex

    def set_header(self, node: dict[str, Any]) -> None:
        cd = node.get("CollectionDetails") or {}
        src = node.get("Source") or {}
        ref = None
        text = cd.get("ReferenceDate")
        if text:
            try:
                ref = dt.date.fromisoformat(text[:10])
            except ValueError:
                raise self.refuse("Header/CollectionDetails/ReferenceDate: must be a date written YYYY-MM-DD") from None
        self.header = Header(year=cd.get("Year"), reference_date=ref, lea=src.get("LEA"),
                             software=src.get("SoftwareCode"), dmo=src.get("DMO"), dco=src.get("DCO"),
                             dsco=src.get("DSCO"), raw={"CollectionDetails": cd, "Source": src})

    def refuse(self, why: str) -> SEN2Error:
        return SEN2Error([f"{self.name}: line {self.line()}: {why}; "
                          f"{self.stats.persons} person(s) were read before it"])

    # -- the stream
    def __iter__(self) -> Iterator[RawPerson]:
        while not self._done:
            chunk = self.stream.read(CHUNK)
            try:
                if chunk:
                    self.bytes_read += len(chunk)
                    self._parser.feed(chunk)
                    in_person = self._target.stack[-1:] and "Person" in self._target.stack
                    if in_person and self._expat.CurrentByteIndex - self._person_from > self.max_person_bytes:
                        raise self.refuse(f"one <Person> is larger than {self.max_person_bytes // (1024 * 1024)} MB "
                                          "(a SEN2 person is a few kB); the file is refused, not read into memory")
                else:
                    self._done = True
                    self._parser.close()
            except SEN2Error:
                raise
            except DTDForbidden:
                raise self.refuse("refused: the file declares a document type (DTD); a SEN2 return has none, and "
                                  "a DTD can expand entities without limit or fetch files from the network") from None
            except (EntitiesForbidden, ExternalReferenceForbidden):
                raise self.refuse("refused: the file declares or refers to an entity; a SEN2 return has none") from None
            except DefusedXmlException:
                raise self.refuse("refused: the file uses an XML feature a SEN2 return does not need") from None
            except (expat.ExpatError, SyntaxError) as exc:
                raise self._broken(exc) from None
            ready, self.ready = self.ready, []
            yield from ready
        if self.stats.persons == 0 and self.header is None:
            raise SEN2Error([f"{self.name}: no SEN2 header and no persons were found"])

    def _broken(self, exc: Exception) -> SEN2Error:
        pos = getattr(exc, "position", None) or (getattr(exc, "lineno", None), getattr(exc, "offset", None))
        line, col = pos if pos and pos[0] else (self.line(), 0)
        code = getattr(exc, "code", None)
        reason = expat.ErrorString(code) if isinstance(code, int) else "malformed XML"
        if reason == "no element found":
            reason = "the file ends before the return is complete (truncated)"
        return SEN2Error([f"{self.name}: the XML breaks at line {line}, column {col}: {reason}; "
                          f"{self.stats.persons} person(s) were read before it"])


def read_persons(stream: BinaryIO, name: str) -> tuple[SEN2Reader, Iterator[RawPerson]]:
    """A reader over `stream` and its iterator of persons (the header is on the reader once read)."""
    reader = SEN2Reader(stream, name)
    return reader, iter(reader)

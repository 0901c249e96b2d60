"""Synthetic SEN2 person-level returns: seeded, no real data, generated lazily (never held whole).

The shares follow the published national figures (../shared/reference/sen2.md s3 and s3.1):
about 1 person in 4 has a request received in the calendar year or late in the one before, 25% of requests are refused,
85% of decisions come within 6 weeks, 94% of assessments end in a plan, and plans issued split
about 46% within 20 weeks, 44% 20 to 52 weeks and 10% over a year, with 6.6% flagged Week20;
the caseload's ages follow the plans-by-age shape. Names, UPNs and postcodes are obviously false.
`style="variant"` writes a supplier's spelling (lower case, `SENsetting`, `PlanWPB`) to exercise
the reader's alias table.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Iterator

_AGE_SHARES = [((0, 4), 0.04), ((5, 10), 0.35), ((11, 15), 0.35), ((16, 19), 0.21), ((20, 24), 0.05)]
_NEEDS = ["ASD", "SLCN", "SEMH", "MLD", "SPLD", "SLD", "PMLD", "PD", "HI", "VI", "MSI", "OTH"]
_NEED_W = [31.5, 21.3, 20.7, 10.6, 4.0, 3.5, 1.2, 2.5, 1.3, 0.8, 0.3, 2.3]
_SETTINGS = ["OLA", "OPA", "EHE", "NEET", "OTH"]


def reference_date(year: int) -> dt.date:
    """The census reference date: the third Thursday of January of the collection year."""
    d = dt.date(year, 1, 1)
    first_thursday = d + dt.timedelta(days=(3 - d.weekday()) % 7)
    return first_thursday + dt.timedelta(days=14)


class _Tags:
    def __init__(self, style: str) -> None:
        self.style = style

    def __call__(self, name: str) -> str:
        if self.style != "variant":
            return name
        if name == "SENSetting":
            return "SENsetting"
        if name == "PlanWBP":
            return "PlanWPB"
        return name.lower()


def generate_return(persons: int, *, seed: int = 1, year: int = 2026, lea: str = "999",
                    style: str = "dfe") -> Iterator[bytes]:
    """Yield a SEN2 return for `year`'s collection with `persons` persons, in chunks of bytes."""
    rng = random.Random(seed)
    t = _Tags(style)
    ref = reference_date(year)
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<{t("Message")}><{t("Header")}><{t("CollectionDetails")}>'
           f'<{t("Collection")}>SEN2</{t("Collection")}><{t("Year")}>{year}</{t("Year")}>'
           f'<{t("ReferenceDate")}>{ref.isoformat()}</{t("ReferenceDate")}></{t("CollectionDetails")}>'
           f'<{t("Source")}><{t("SourceLevel")}>L</{t("SourceLevel")}><{t("LEA")}>{lea}</{t("LEA")}>'
           f'<{t("SoftwareCode")}>sendrules synthetic</{t("SoftwareCode")}><{t("DMO")}>Y</{t("DMO")}>'
           f'<{t("DCO")}>Y</{t("DCO")}><{t("DSCO")}>R</{t("DSCO")}></{t("Source")}></{t("Header")}>\n'
           f'<{t("Persons")}>\n').encode()
    batch: list[str] = []
    for n in range(1, persons + 1):
        batch.append(_person(rng, t, n, ref))
        if len(batch) == 200:
            yield "".join(batch).encode()
            batch = []
    batch.append(f'</{t("Persons")}></{t("Message")}>\n')
    yield "".join(batch).encode()


def _el(t: _Tags, name: str, value: object) -> str:
    tag = t(name)
    return f"<{tag}>{value}</{tag}>" if value is not None else f"<{tag}/>"


def _birth(rng: random.Random, ref: dt.date, young: bool = False) -> dt.date:
    r = rng.random()
    acc = 0.0
    lo, hi = 5, 10
    for (a, b), share in _AGE_SHARES:
        acc += share
        if r <= acc:
            lo, hi = a, b
            break
    if young:
        lo, hi = min(lo, 15), min(hi, 15)
    age_days = rng.randint(lo * 365 + 1, hi * 365 + 364)
    return ref - dt.timedelta(days=age_days)


def _person(rng: random.Random, t: _Tags, n: int, ref: dt.date) -> str:
    year_start = dt.date(ref.year - 1, 1, 1)
    new_request = rng.random() < 0.27
    birth = _birth(rng, ref, young=new_request)
    parts = [f"<{t('Person')}>", _el(t, "Surname", f"Synthetic{n}"), _el(t, "Forename", "Test"),
             _el(t, "PersonBirthDate", birth.isoformat()), _el(t, "Sex", rng.choice("MMF")),
             _el(t, "Ethnicity", "WBRI"), _el(t, "PostCode", "ZZ99 9ZZ"),
             _el(t, "UPN", f"X{n:012d}"), f"<{t('Requests')}>"]
    if new_request:
        parts.append(_new_request(rng, t, ref, year_start, birth))
    else:
        parts.append(_caseload_request(rng, t, ref, birth))
    parts.append(f"</{t('Requests')}></{t('Person')}>\n")
    return "".join(parts)


def _new_request(rng: random.Random, t: _Tags, ref: dt.date, year_start: dt.date, birth: dt.date) -> str:
    # received in the calendar year before the collection, or late in the year before that, and
    # never before the child was a few months old
    received = year_start + dt.timedelta(days=rng.randint(-330, 364))
    if received < birth + dt.timedelta(days=90):
        received = birth + dt.timedelta(days=90 + rng.randint(0, 60))
    out = [_el(t, "ReceivedDate", received.isoformat()), _el(t, "RequestSource", rng.choice("11112345"))]
    r = rng.random()
    decision_days = rng.randint(10, 42) if rng.random() < 0.85 else rng.randint(43, 120)
    decided = received + dt.timedelta(days=decision_days)
    if decided > ref or r > 0.985:
        code = "A" if decided > ref else "W"
        out += [_el(t, "RequestOutcomeDate", None), _el(t, "RequestOutcome", code)]
        return "".join(out)
    if r < 0.25:
        out += [_el(t, "RequestOutcomeDate", decided.isoformat()), _el(t, "RequestOutcome", "N")]
        return "".join(out)
    out += [_el(t, "RequestOutcomeDate", decided.isoformat()), _el(t, "RequestOutcome", "Y")]
    # the assessment: 94% a plan, the rest no plan; the time to issue follows the 2025 split
    week20 = 1 if rng.random() < 0.066 else 0
    u = rng.random()
    if u < 0.44:
        days = rng.randint(70, 140)
    elif u < 0.82:
        days = rng.randint(141, 364)
    else:
        days = rng.randint(365, 500)
    issued = received + dt.timedelta(days=days)
    a = [f"<{t('Assessment')}>"]
    if issued > ref:
        a += [_el(t, "AssessmentOutcome", "A"), _el(t, "Week20", week20)]
        a.append(f"</{t('Assessment')}>")
        return "".join(out + a)
    if rng.random() < 0.06:
        no_plan = received + dt.timedelta(days=rng.randint(60, 130))
        if no_plan > ref:
            no_plan = ref
        a += [_el(t, "AssessmentOutcome", "N"), _el(t, "AssessmentOutcomeDate", no_plan.isoformat()),
              _el(t, "Week20", week20), f"</{t('Assessment')}>"]
        return "".join(out + a)
    a += [_el(t, "AssessmentOutcome", "Y"), _el(t, "AssessmentOutcomeDate", issued.isoformat()),
          _el(t, "Week20", week20), _named_plan(rng, t, issued, None), f"</{t('Assessment')}>"]
    return "".join(out + a + [_active(rng, t, issued, ref)])


def _caseload_request(rng: random.Random, t: _Tags, ref: dt.date, birth: dt.date) -> str:
    start = ref - dt.timedelta(days=rng.randint(400, 3650))
    if start <= birth + dt.timedelta(days=400):
        start = birth + dt.timedelta(days=rng.randint(300, max(301, (ref - birth).days - 30)))
    received = start - dt.timedelta(days=rng.randint(60, 300))
    ceased = rng.random() < 0.06
    cease = ref - dt.timedelta(days=rng.randint(1, 300)) if ceased else None
    if cease is not None and cease <= start:
        cease, ceased = None, False
    out = [_el(t, "ReceivedDate", received.isoformat()), _el(t, "RequestOutcome", "H"),
           f"<{t('Assessment')}>", _el(t, "AssessmentOutcome", "H"), _named_plan(rng, t, start, cease),
           f"</{t('Assessment')}>"]
    if not ceased:
        out.append(_active(rng, t, start, ref))
    return "".join(out)


def _named_plan(rng: random.Random, t: _Tags, start: dt.date, cease: dt.date | None) -> str:
    if rng.random() < 0.9:
        detail = _el(t, "URN", rng.randint(100000, 999999)) + _el(t, "PlacementRank", 1)
    else:
        detail = _el(t, "SENSetting", rng.choice(_SETTINGS)) + _el(t, "PlacementRank", 1)
    parts = [f"<{t('NamedPlan')}>", _el(t, "StartDate", start.isoformat()),
             f"<{t('PlanDetail')}>{detail}<{t('SENunitIndicator')}>0</{t('SENunitIndicator')}>"
             f"<{t('ResourcedProvisionIndicator')}>0</{t('ResourcedProvisionIndicator')}></{t('PlanDetail')}>",
             _el(t, "PB", 1 if rng.random() < 0.03 else 0)]
    if rng.random() < 0.01:
        parts.append(_el(t, "PlanWBP", rng.choice("ATS")))
    if cease:
        parts += [_el(t, "CeaseDate", cease.isoformat()), _el(t, "CeaseReason", rng.choice("123456789"))]
    parts.append(f"</{t('NamedPlan')}>")
    return "".join(parts)


def _active(rng: random.Random, t: _Tags, start: dt.date, ref: dt.date) -> str:
    need = rng.choices(_NEEDS, _NEED_W)[0]
    parts = [f"<{t('ActivePlans')}>",
             f"<{t('PlacementDetail')}>{_el(t, 'URN', rng.randint(100000, 999999))}{_el(t, 'PlacementRank', 1)}"
             f"{_el(t, 'EntryDate', start.isoformat())}</{t('PlacementDetail')}>",
             f"<{t('SENneed')}>{_el(t, 'SENtype', need)}{_el(t, 'SENtypeRank', 1)}</{t('SENneed')}>"]
    age_days = (ref - start).days
    if age_days > 330 and rng.random() < 0.85:
        meeting = ref - dt.timedelta(days=rng.randint(20, min(age_days - 1, 360)))
        outcome = rng.choices("AMC", [0.61, 0.38, 0.01])[0]
        parts += [_el(t, "ReviewMeeting", meeting.isoformat()), _el(t, "ReviewOutcome", outcome)]
        decided = meeting + dt.timedelta(days=rng.randint(5, 28) if rng.random() < 0.44 else rng.randint(29, 90))
        if decided <= ref:
            parts.append(_el(t, "LastReview", decided.isoformat()))
    parts.append(f"</{t('ActivePlans')}>")
    return "".join(parts)


class GeneratedStream:
    """A read()-able binary stream over a generator of chunks: a return piped, never written to disk."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = b""

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._buf) < n:
            try:
                self._buf += next(self._chunks)
            except StopIteration:
                break
        if n < 0:
            out, self._buf = self._buf, b""
        else:
            out, self._buf = self._buf[:n], self._buf[n:]
        return out

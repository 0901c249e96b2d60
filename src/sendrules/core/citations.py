"""Render citations: a readable reference and a legislation.gov.uk (or other) URL."""

from __future__ import annotations

import re

from .ruleformat import Citation, Instrument

_PATTERNS = [
    (re.compile(r"^s\.?\s*(\d+[A-Z]*)"), "section"),
    (re.compile(r"^reg\.?\s*(\d+[A-Z]*)"), "regulation"),
    (re.compile(r"^art\.?\s*(\d+[A-Z]*)"), "article"),
    (re.compile(r"^sch\.?\s*(\d+[A-Z]*)", re.I), "schedule"),
]


def citation_url(c: Citation, inst: Instrument | None) -> str | None:
    if c.url:
        return c.url
    if inst is None:
        return None
    if inst.kind in ("act", "si") and "legislation.gov.uk" in inst.url:
        for pattern, part in _PATTERNS:
            m = pattern.match(c.provision.strip())
            if m:
                return f"{inst.url.rstrip('/')}/{part}/{m.group(1)}"
    return inst.url


def citation_text(c: Citation, inst: Instrument | None) -> str:
    short = inst.short if inst else c.instrument
    return f"{short} {c.provision}"


def citation_dict(c: Citation, instruments: dict[str, Instrument]) -> dict:
    inst = instruments.get(c.instrument)
    out = {
        "instrument": c.instrument,
        "provision": c.provision,
        "text": citation_text(c, inst),
        "force": c.force,
        "level": c.level,
    }
    url = citation_url(c, inst)
    if url:
        out["url"] = url
    if c.quote:
        out["quote"] = c.quote
    if c.note:
        out["note"] = c.note
    return out


def citation_line(c: Citation, instruments: dict[str, Instrument]) -> str:
    """'SEND Regs 2014 reg 5(1) [law; verified against primary text]'."""
    level = {"P": "verified against primary text", "S": "from a secondary source",
             "U": "UNVERIFIED"}[c.level]
    return f"{citation_text(c, instruments.get(c.instrument))} [{c.force}; {level}]"

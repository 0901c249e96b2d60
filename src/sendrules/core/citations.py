"""Render citations: a readable reference and a legislation.gov.uk (or other) URL."""

from __future__ import annotations

from .provisions import parse_provision
from .ruleformat import Citation, Instrument


def links_to_provisions(inst: Instrument) -> bool:
    """Whether a citation of this instrument can link to the provision itself: an Act or SI on
    legislation.gov.uk has a page for each section, regulation, article, rule and schedule."""
    return inst.kind in ("act", "si") and "legislation.gov.uk" in inst.url


def citation_url(c: Citation, inst: Instrument | None) -> str | None:
    """The citation's own `url`, or the provision's page derived from the instrument's URL
    (s36 -> /section/36, reg 5 -> /regulation/5, Sch 2 para 3 -> /schedule/2/paragraph/3), or the
    instrument's URL where no provision page can be derived (guidance, a judgment)."""
    if c.url:
        return c.url
    if inst is None:
        return None
    if links_to_provisions(inst):
        ref = parse_provision(c.provision)
        if ref is not None:
            return f"{inst.url.rstrip('/')}/{ref.url_path()}"
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
    if c.paraphrase:
        out["paraphrase"] = c.paraphrase
    if c.note:
        out["note"] = c.note
    return out


def citation_line(c: Citation, instruments: dict[str, Instrument]) -> str:
    """'SEND Regs 2014 reg 5(1) [law; verified against primary text]'."""
    level = {"P": "verified against primary text", "S": "from a secondary source",
             "U": "UNVERIFIED"}[c.level]
    return f"{citation_text(c, instruments.get(c.instrument))} [{c.force}; {level}]"

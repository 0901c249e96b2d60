"""Values as durable-rules facts, and back.

Every expression node's value is one fact: `{t: 'v', n: node, k: kind, ...}` where kind is
`val` (a value in `v`), `none` (an event not recorded) or `unk` (unknown: `m` missing names,
`e` errors, `c` conflicts, `q` candidates). Rules test `k` rather than the value, so "unknown"
is a value the rules look at, never an absent fact. Dates travel as day numbers (durable has
no dates and silently never matches ISO text plus a number); a set travels as one text (for
equality) plus one flag per element (for membership, `s__<element>`); lists travel as JSON text
that only calendar primitives read.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..core.values import Unknown

SEP = "\x1f"
SET_FLAG = "s__"


def set_text(values: frozenset) -> str:
    return SEP + SEP.join(sorted(values)) + SEP


def _tag(x: Any) -> Any:
    """A JSON form of a value that keeps its Python type (for lists and candidates)."""
    if isinstance(x, dt.date):
        return {"d": x.toordinal()}
    if isinstance(x, frozenset):
        return {"fs": sorted(_tag(e) for e in x)}
    if isinstance(x, tuple):
        return [_tag(e) for e in x]
    return x


def _untag(x: Any) -> Any:
    if isinstance(x, dict):
        if "d" in x:
            return dt.date.fromordinal(x["d"])
        return frozenset(_untag(e) for e in x["fs"])
    if isinstance(x, list):
        return tuple(_untag(e) for e in x)
    return x


def value_fields(x: Any) -> dict[str, Any]:
    """The kind and value fields of a fact for a Python value (not for an Unknown)."""
    if x is None:
        return {"k": "none"}
    if isinstance(x, bool) or isinstance(x, (int, float, str)):
        return {"k": "val", "v": x}
    if isinstance(x, dt.date):
        return {"k": "val", "v": x.toordinal(), "dt": 1}
    if isinstance(x, frozenset):
        out: dict[str, Any] = {"k": "val", "v": set_text(x), "set": json.dumps(sorted(x))}
        for e in x:
            out[SET_FLAG + e] = 1
        return out
    if isinstance(x, tuple):
        return {"k": "val", "v": json.dumps(_tag(x), sort_keys=True), "lst": 1}
    raise TypeError(f"no durable encoding for {type(x).__name__}")


def unknown_fields(u: Unknown) -> dict[str, Any]:
    out: dict[str, Any] = {"k": "unk", "m": sorted(u.missing), "e": sorted(u.errors), "c": sorted(u.conflicts)}
    if u.candidates is not None:
        out["q"] = json.dumps([_tag(c) for c in sorted(u.candidates, key=_order)])
    return out


def fields(x: Any) -> dict[str, Any]:
    return unknown_fields(x) if type(x) is Unknown else value_fields(x)


def decode(f: dict) -> Any:
    """The Python value a fact carries."""
    k = f["k"]
    if k == "none":
        return None
    if k == "unk":
        q = f.get("q")
        cands = None if q is None else frozenset(_untag(c) for c in json.loads(q))
        return Unknown(frozenset(f["m"]), frozenset(f["e"]), frozenset(f["c"]), cands)
    if "dt" in f:
        return dt.date.fromordinal(f["v"])
    if "set" in f:
        return frozenset(json.loads(f["set"]))
    if "lst" in f:
        return _untag(json.loads(f["v"]))
    return f["v"]


def same(a: dict, b: dict) -> bool:
    """Two known-or-None facts carry equal values (the encoding is canonical per type)."""
    return a["k"] == b["k"] and a.get("v") == b.get("v")


def _order(x: Any) -> tuple:
    return (type(x).__name__, str(x))

"""Canonical JSON: sorted keys, ISO dates, no wall-clock time; the same input gives the same bytes."""

from __future__ import annotations

import hashlib
import json
from typing import Any


# One encoder, made once: json.dumps with these options builds a new JSONEncoder on every call,
# which costs as much as encoding a small object. encode() keeps no state between calls.
_COMPACT = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(obj: Any, indent: int | None = None) -> str:
    if indent is None:
        return _COMPACT.encode(obj)
    return json.dumps(obj, sort_keys=True, indent=indent, ensure_ascii=False)


def sha256_of(obj: Any) -> str:
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()


def typed_items(mapping: dict[str, Any]) -> tuple:
    """A mapping's items as a hashable memo key that carries each value's type: 1, 1.0 and True
    are equal in Python, but canonical JSON (and a setting's type check) tells them apart. Two
    mappings whose items differ only in order get different keys (a memo miss, never a wrong hit).
    TypeError when a value is not hashable."""
    key = (tuple(mapping.items()), tuple(map(type, mapping.values())))
    hash(key)
    return key

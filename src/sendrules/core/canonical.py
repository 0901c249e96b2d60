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

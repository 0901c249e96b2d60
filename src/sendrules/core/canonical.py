"""Canonical JSON: sorted keys, ISO dates, no wall-clock time; the same input gives the same bytes."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(obj: Any, indent: int | None = None) -> str:
    if indent is None:
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(obj, sort_keys=True, indent=indent, ensure_ascii=False)


def sha256_of(obj: Any) -> str:
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()

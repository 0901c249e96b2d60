"""Canonical JSON (see core/canonical.py, where it lives so that evaluation can hash its input)."""

from __future__ import annotations

from ..core.canonical import canonical_json, sha256_of

__all__ = ["canonical_json", "sha256_of"]

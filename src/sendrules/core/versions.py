"""Installed versions of this package and its dependencies, read once when a rulebook compiles."""

from __future__ import annotations

from importlib import metadata

DISTRIBUTIONS = ("sendrules", "pydantic", "python-dateutil", "PyYAML", "holidays")


def installed_versions() -> tuple[tuple[str, str], ...]:
    out = []
    for dist in DISTRIBUTIONS:
        try:
            out.append((dist, metadata.version(dist)))
        except metadata.PackageNotFoundError:
            out.append((dist, "not installed"))
    return tuple(out)

"""Runtime values that are not plain values: unknowns, errors and conflicts.

One class carries all three so that every operation propagates them the same
way: an outcome that depends on an unknown fact lists every unknown it depends
on (merged, never first-found).
"""

from __future__ import annotations

from typing import Any

EMPTY: frozenset[str] = frozenset()

# One shared object per distinct small set: a large case makes tens of thousands of equal sets
# (the recipients {parent}, the settings an outcome read), each about 200 bytes. Only sets drawn
# from a finite, known domain (enum values, setting names) go here, so the table stays small.
_SETS: dict[frozenset, frozenset] = {}


def shared_set(s: frozenset) -> frozenset:
    """The one shared frozenset equal to `s` (for sets from a finite domain only)."""
    return _SETS.setdefault(s, s)


class Unknown:
    """Not a value. `missing`: facts or findings needed; `errors`: why no law/value applies;
    `conflicts`: exception labels that applied together with different values."""

    __slots__ = ("missing", "errors", "conflicts", "candidates")

    def __init__(self, missing: frozenset[str] = EMPTY, errors: frozenset[str] = EMPTY,
                 conflicts: frozenset[str] = EMPTY, candidates: frozenset | None = None) -> None:
        self.missing = missing
        self.errors = errors
        self.conflicts = conflicts
        # The values it could take, when known to be one of a few (from an if/else whose
        # condition is unknown); None when unconstrained.
        self.candidates = candidates

    def __repr__(self) -> str:
        return f"Unknown(missing={sorted(self.missing)}, errors={sorted(self.errors)}, conflicts={sorted(self.conflicts)})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Unknown) and self.missing == other.missing
                and self.errors == other.errors and self.conflicts == other.conflicts)

    def __hash__(self) -> int:
        return hash((self.missing, self.errors, self.conflicts))

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        if self.conflicts:
            return "conflict"
        return "undetermined"


def merge(*values: Any) -> Unknown:
    """Combine the Unknowns among values into one."""
    missing: set[str] = set()
    errors: set[str] = set()
    conflicts: set[str] = set()
    for v in values:
        if type(v) is Unknown:
            missing |= v.missing
            errors |= v.errors
            conflicts |= v.conflicts
    return Unknown(frozenset(missing), frozenset(errors), frozenset(conflicts))


def error(message: str) -> Unknown:
    return Unknown(errors=frozenset([message]))

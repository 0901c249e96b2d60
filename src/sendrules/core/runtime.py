"""What a compiled expression is at run time: its closure, its static type, the names it reads,
and the per-evaluation environment it reads them from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .types import VType


class Env:
    """Per-evaluation state: the value slots, the current version-selection date, and
    (when explaining) the settings read. One Env per evaluation; never shared."""

    __slots__ = ("v", "sel", "used_settings")

    def __init__(self, v: list[Any], used_settings: set[str] | None = None) -> None:
        self.v = v
        self.sel = None
        self.used_settings = used_settings


Closure = Callable[[Env], Any]


@dataclass(frozen=True)
class Symbol:
    """A name an expression can read. kind: fact, event, finding, setting, param, rule, local, as_at."""

    name: str
    vtype: VType
    kind: str
    slot: int = -1
    param: Any = None  # a ParameterTable for kind == "param"


@dataclass(frozen=True)
class Compiled:
    """One compiled expression: call `fn(env)` for its value."""

    fn: Closure
    vtype: VType
    deps: frozenset[str]
    source: str

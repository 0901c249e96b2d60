"""Names an expression can read, their types, and the value slot each occupies."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..load.suggest import did_you_mean
from .expressions import ExprError, Symbol
from . import types as T


@dataclass
class SymbolTable:
    symbols: dict[str, Symbol] = field(default_factory=dict)
    scope_of: dict[str, str] = field(default_factory=dict)
    n_slots: int = 0

    def add(self, name: str, vtype: T.VType, kind: str, scope: str = "case", param: object = None) -> Symbol:
        slot = self.n_slots
        self.n_slots += 1
        sym = Symbol(name, vtype, kind, slot, param)
        self.symbols[name] = sym
        self.scope_of[name] = scope
        return sym

    def local(self, name: str, vtype: T.VType) -> Symbol:
        """A slot private to one duty (its trigger or due date)."""
        slot = self.n_slots
        self.n_slots += 1
        return Symbol(name, vtype, "local", slot)


from ..facts.scopes import VISIBLE


@dataclass
class Resolver:
    table: SymbolTable
    scope: str
    locals: dict[str, Symbol] = field(default_factory=dict)

    def resolve(self, name: str) -> Symbol:
        if name in self.locals:
            return self.locals[name]
        sym = self.table.symbols.get(name)
        if sym is not None and self.table.scope_of[name] in VISIBLE[self.scope]:
            return sym
        if sym is not None:
            owner = self.table.scope_of[name]
            if "area" in (owner, self.scope):
                raise ExprError(f"{name!r} is {'an area' if owner == 'area' else 'a case'} fact; area rules and case "
                                "rules are evaluated apart (an area file holds no case), so neither reads the other's")
            reader = "case-wide" if self.scope == "case" else f"{self.scope}-scope"
            raise ExprError(f"{name!r} belongs to each {owner}; a {reader} rule cannot read it")
        visible = self.visible_names()
        raise ExprError(f"unknown name {name!r}" + did_you_mean(name, visible + list(self.locals)))

    def visible_names(self) -> list[str]:
        return [n for n, s in self.table.scope_of.items() if s in VISIBLE[self.scope]] + list(self.locals)

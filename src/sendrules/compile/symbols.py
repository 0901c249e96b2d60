"""Names an expression can read, their types, and the value slot each occupies."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import types as T
from ..core.runtime import Symbol
from ..core.suggest import did_you_mean
from ..facts.scopes import BY_NAME, VISIBLE, root_of
from .expressions import ExprError


class NameClash(Exception):
    """A second declaration of a name already in the table (e.g. a rule id equal to a fact name)."""


@dataclass
class SymbolTable:
    symbols: dict[str, Symbol] = field(default_factory=dict)
    scope_of: dict[str, str] = field(default_factory=dict)
    n_slots: int = 0

    def add(self, name: str, vtype: T.VType, kind: str, scope: str, param: object = None) -> Symbol:
        """Declare a name; a name declared twice is refused, never silently replaced."""
        if name in self.symbols:
            raise NameClash(f"{name!r} is already the name of a {self.symbols[name].kind}")
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


@dataclass
class Resolver:
    table: SymbolTable
    scope: str
    locals: dict[str, Symbol] = field(default_factory=dict)

    def knows(self, name: str) -> bool:
        """Whether `name` is a local or a symbol of any scope (cheap: builds no error message)."""
        return name in self.locals or name in self.table.symbols

    def resolve(self, name: str) -> Symbol:
        if name in self.locals:
            return self.locals[name]
        sym = self.table.symbols.get(name)
        if sym is not None and self.table.scope_of[name] in VISIBLE[self.scope]:
            return sym
        if sym is not None:
            owner = self.table.scope_of[name]
            if root_of(owner) != root_of(self.scope):
                raise ExprError(f"{name!r} belongs to {root_of(owner)} files and this rule runs on {root_of(self.scope)} "
                                f"files; they are evaluated apart, so neither reads the other's names")
            raise ExprError(f"{name!r} belongs to each {owner} ({BY_NAME[owner].describe}); a rule of scope "
                            f"{self.scope!r} cannot read it")
        visible = self.visible_names()
        raise ExprError(f"unknown name {name!r}" + did_you_mean(name, visible + list(self.locals)))

    def visible_names(self) -> list[str]:
        return [n for n, s in self.table.scope_of.items() if s in VISIBLE[self.scope]] + list(self.locals)

"""Expressions as durable-rules rules: one small set of rules per expression node.

Each node's rules derive that node's value fact from its operands' value facts. The rules of
one node are mutually exclusive and together cover every combination of operand kinds, so
every node gets exactly one fact (its fact id is the node id, so a second derivation would be
refused by durable and reported as an action error). Kleene logic is decided by the rules'
conditions: `a and b` is False by the rule whose pattern finds the first False operand, True by
the rule that finds every operand True, unknown by the rule that finds the first unknown one
with no False before or after. Nothing uses `none(...)`: a node fires only once every operand
has its fact, so the nodes form strata by construction.

Actions only assemble the derived fact from the facts the rule matched: they merge missing-fact
lists, and they run calendar primitives and `+`/`-` on the matched operand values (the only
computation done in Python, as docs/adr/0012 records).
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..compile.expressions import Compiled, Symbol, _snippet, dotted_name
from ..compile.functions import Function
from ..core.values import Unknown
from . import codec

Facts = dict[str, dict]          # alias -> matched fact
Action = Callable[[Facts], list[dict] | None]


class Unsupported(Exception):
    """A construct this compiler does not express in durable-rules."""


def pat(alias: str, n: int, *conds: dict) -> dict:
    """One pattern: the fact of node n, with conditions. Any `$or` goes last: measured on 2.0.28,
    a condition that refers to another fact and follows an `$or` in the same pattern is dropped
    (the rule fires as if it were absent)."""
    ordered = sorted(conds, key=lambda c: "$or" in c)
    return {alias: {"$and": [{"t": "v"}, {"n": n}, *ordered]}}


K_VAL, K_NONE, K_UNK = {"k": "val"}, {"k": "none"}, {"k": "unk"}
NOT_UNK = {"$neq": {"k": "unk"}}
NOT_VAL = {"$neq": {"k": "val"}}


def is_v(x: Any) -> dict:
    return {"$and": [K_VAL, {"v": x}]}


def either(*conds: dict) -> dict:
    return {"$or": list(conds)}


def out(n: int, fields: dict) -> dict:
    """A derived fact for node n (fresh dict: durable writes `sid` into what it is given)."""
    return {"t": "v", "id": f"n{n}", "n": n, **fields}


def copy_of(n: int, f: dict) -> dict:
    """Node n takes the value of fact f unchanged (candidates kept), as the closures return an operand itself."""
    return out(n, {k: v for k, v in f.items() if k not in ("t", "id", "n", "sid")})


def merged(n: int, facts: list[dict]) -> dict:
    """Node n is unknown: the union of the operands' unknowns (candidates dropped, as `merge` does)."""
    m: set = set()
    e: set = set()
    c: set = set()
    for f in facts:
        if f["k"] == "unk":
            m.update(f["m"])
            e.update(f["e"])
            c.update(f["c"])
    return out(n, {"k": "unk", "m": sorted(m), "e": sorted(e), "c": sorted(c)})


def err(n: int, message: str) -> dict:
    return out(n, {"k": "unk", "m": [], "e": [message], "c": []})


def val(n: int, x: Any) -> dict:
    return out(n, codec.fields(x))


@dataclass
class Rule:
    id: str
    all: list[dict]
    action: Action
    pri: int = 0


@dataclass
class Leaf:
    """A fact posted before the stage's rules run: a read name, a constant, or parameter entries."""

    node: int
    kind: str                        # symbol, const, entries
    symbol: Symbol | None = None
    const: Any = None
    param: str | None = None


@dataclass
class Graph:
    """The nodes and rules compiled so far, shared by every program of a rulebook."""

    functions: dict[str, Function]
    parameter_ranges: dict[str, list[tuple[int, int]]]
    rules: list[Rule] = field(default_factory=list)
    next_id: int = 1
    node_source: dict[int, str] = field(default_factory=dict)
    # For explanations only: how each node reads its operands, and which leaves are settings.
    ops: dict[int, tuple[str, list[int]]] = field(default_factory=dict)
    setting_of: dict[int, str] = field(default_factory=dict)

    def new(self, source: str = "") -> int:
        n = self.next_id
        self.next_id += 1
        self.node_source[n] = source
        return n

    def rule(self, rid: str, patterns: list[dict], action: Action, pri: int = 0) -> None:
        nodes = [next(c["n"] for c in next(iter(p.values()))["$and"] if "n" in c) for p in patterns]
        if len(set(nodes)) != len(nodes):
            # durable joins distinct facts: a rule naming one node twice would never fire
            raise Unsupported(f"rule {rid} reads the same value twice")
        self.rules.append(Rule(rid, patterns, action, pri))


@dataclass
class Scope:
    """Per program stage: the leaves it posts, the shared apply_unverified leaf, local aliases."""

    leaves: list[Leaf] = field(default_factory=list)
    by_symbol: dict[tuple, int] = field(default_factory=dict)
    locals: dict[str, int] = field(default_factory=dict)   # trigger, due, discharged -> node


class ExprCompiler:
    """Compiles one expression (already type-checked by the main compiler) into node rules."""

    def __init__(self, g: Graph, symbols: dict[str, Symbol], scope: Scope, ctx: int) -> None:
        self.g = g
        self.symbols = symbols
        self.scope = scope
        self.ctx = ctx               # the node holding the date that selects parameter values

    def compile(self, c: Compiled) -> int:
        self.text = "(" + c.source + ")"
        tree = ast.parse(self.text, mode="eval")
        return self.visit(tree.body)

    def visit(self, node: ast.AST) -> int:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise Unsupported(type(node).__name__)
        return method(node)

    def src(self, node: ast.AST) -> str:
        return _snippet(node, self.text)

    # --- leaves ---------------------------------------------------------------------------
    # Leaves are never shared between occurrences: durable joins distinct facts, so a rule whose
    # two patterns named the same node (`date(y, 1, 1)`) would never fire.
    def _Constant(self, node: ast.Constant) -> int:
        n = self.g.new(repr(node.value))
        self.scope.leaves.append(Leaf(n, "const", const=node.value))
        return n

    def _Name(self, node: ast.AST) -> int:
        name = dotted_name(node)
        if name in self.scope.locals:
            return self.scope.locals[name]
        if name not in self.symbols:
            # The main compiler type-checked the expression: a name that names nothing is an enum
            # value written as a bare word (`request.outcome == assess`).
            n = self.g.new(repr(name))
            self.scope.leaves.append(Leaf(n, "const", const=name))
            return n
        sym = self.symbols[name]
        if sym.kind == "param":
            return self._param(sym)
        n = self.g.new(name)
        self.scope.leaves.append(Leaf(n, "symbol", symbol=sym))
        if sym.kind == "setting":
            self.g.setting_of[n] = sym.name.split(".", 1)[1]
        return n

    _Attribute = _Name

    def _param(self, sym: Symbol) -> int:
        """A parameter's value in force on the selecting date: a join of the date and the entry."""
        pid = sym.name.split(".", 1)[1]
        g, s = self.g, self.ctx
        n = g.new(sym.name)
        entries = g.new(f"{sym.name} entries")
        self.scope.leaves.append(Leaf(entries, "entries", param=pid))
        ranges = g.parameter_ranges[pid]
        first = dt.date.fromordinal(ranges[0][0]).isoformat()
        msg = (f"parameter {pid} has no value in force on the date that selects the law "
               f"(values start {first})")
        covered = {"$and": [{"$lte": {"f": {"s": "v"}}}, {"$gte": {"to": {"s": "v"}}}]}
        g.rule(f"n{n}.entry", [pat("s", s, K_VAL), pat("p", entries, covered)],
               lambda m: [copy_of(n, m["p"])])
        gaps = [{"$lt": {"v": ranges[0][0]}}, {"$gt": {"v": ranges[-1][1]}}]
        gaps += [{"$and": [{"$gt": {"v": a[1]}}, {"$lt": {"v": b[0]}}]} for a, b in zip(ranges, ranges[1:])
                 if b[0] > a[1] + 1]
        g.rule(f"n{n}.uncovered", [pat("s", s, K_VAL, either(*gaps))], lambda m: [err(n, msg)])
        g.rule(f"n{n}.none", [pat("s", s, K_NONE)], lambda m: [err(n, msg)])
        g.rule(f"n{n}.unk", [pat("s", s, K_UNK)], lambda m: [copy_of(n, m["s"])])
        return n

    # --- operators ------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> int:
        ops = [self.visit(v) for v in node.values]
        stop = not isinstance(node.op, ast.And)
        go_on = not stop
        n = self.g.new(self.src(node))
        self.g.ops[n] = ("or" if stop else "and", ops)
        msg = f"'{self.src(node)}': an operand is not a yes/no value"
        passing = either(K_UNK, is_v(go_on))
        aliases = [f"a{i}" for i in range(len(ops))]
        for i in range(len(ops)):
            before = [pat(aliases[j], ops[j], passing) for j in range(i)]
            self.g.rule(f"n{n}.stop{i}", before + [pat(aliases[i], ops[i], is_v(stop))],
                        lambda m, s=stop: [val(n, s)])
            self.g.rule(f"n{n}.notbool{i}", before + [pat(aliases[i], ops[i], K_NONE)],
                        lambda m: [err(n, msg)])
            # first unknown operand, none stopping before or after it
            after = [pat(aliases[j], ops[j], passing) for j in range(i + 1, len(ops))]
            self.g.rule(f"n{n}.unk{i}", [pat(aliases[j], ops[j], is_v(go_on)) for j in range(i)]
                        + [pat(aliases[i], ops[i], K_UNK)] + after, lambda m: [_kleene_unknown(n, m)])
        self.g.rule(f"n{n}.all", [pat(a, o, is_v(go_on)) for a, o in zip(aliases, ops)],
                    lambda m, v=go_on: [val(n, v)])
        return n

    def _UnaryOp(self, node: ast.UnaryOp) -> int:
        a = self.visit(node.operand)
        n = self.g.new(self.src(node))
        self.g.ops[n] = ("all", [a])
        g = self.g
        if isinstance(node.op, ast.Not):
            msg = f"'{self.src(node)}': not a yes/no value"
            g.rule(f"n{n}.t", [pat("a", a, is_v(True))], lambda m: [val(n, False)])
            g.rule(f"n{n}.f", [pat("a", a, is_v(False))], lambda m: [val(n, True)])
            g.rule(f"n{n}.u", [pat("a", a, K_UNK)], lambda m: [copy_of(n, m["a"])])
            g.rule(f"n{n}.x", [pat("a", a, K_NONE)], lambda m: [err(n, msg)])
            return n
        if isinstance(node.op, ast.USub):
            g.rule(f"n{n}.v", [pat("a", a, K_VAL)], lambda m: [val(n, -m["a"]["v"])])
            g.rule(f"n{n}.o", [pat("a", a, NOT_VAL)], lambda m: [copy_of(n, m["a"])])
            return n
        raise Unsupported("unary operator")

    def _BinOp(self, node: ast.BinOp) -> int:
        a, b = self.visit(node.left), self.visit(node.right)
        n = self.g.new(self.src(node))
        self.g.ops[n] = ("all", [a, b])
        sign = 1 if isinstance(node.op, ast.Add) else -1
        g = self.g
        g.rule(f"n{n}.v", [pat("a", a, K_VAL), pat("b", b, K_VAL)],
               lambda m: [val(n, m["a"]["v"] + sign * m["b"]["v"])])
        self._unknown_rows(n, [a, b])
        g.rule(f"n{n}.an", [pat("a", a, K_NONE), pat("b", b, NOT_UNK)], lambda m: [val(n, None)])
        g.rule(f"n{n}.bn", [pat("a", a, K_VAL), pat("b", b, K_NONE)], lambda m: [val(n, None)])
        return n

    def _unknown_rows(self, n: int, ops: list[int], tag: str = "u") -> None:
        """Node n is the merge of its operands' unknowns whenever any operand is unknown."""
        aliases = [f"a{i}" for i in range(len(ops))]
        for i in range(len(ops)):
            ps = [pat(aliases[j], ops[j], NOT_UNK) for j in range(i)] + [pat(aliases[i], ops[i], K_UNK)]
            ps += [pat(aliases[j], ops[j]) for j in range(i + 1, len(ops))]
            self.g.rule(f"n{n}.{tag}{i}", ps, lambda m: [merged(n, list(m.values()))])

    def _Compare(self, node: ast.Compare) -> int:
        op = type(node.ops[0])
        src = self.src(node)
        g = self.g
        if op in (ast.Is, ast.IsNot):
            a = self.visit(node.left)
            n = g.new(src)
            g.ops[n] = ("all", [a])
            want = op is ast.Is
            g.rule(f"n{n}.none", [pat("a", a, K_NONE)], lambda m: [val(n, want)])
            g.rule(f"n{n}.val", [pat("a", a, K_VAL)], lambda m: [val(n, not want)])
            g.rule(f"n{n}.unk", [pat("a", a, K_UNK)], lambda m: [copy_of(n, m["a"])])
            return n
        if op in (ast.In, ast.NotIn):
            return self._membership(node, op is ast.NotIn)
        a, b = self.visit(node.left), self.visit(node.comparators[0])
        n = g.new(src)
        g.ops[n] = ("all", [a, b])
        ordering = {ast.Lt: ("$gt", "$lte"), ast.LtE: ("$gte", "$lt"), ast.Gt: ("$lt", "$gte"),
                    ast.GtE: ("$lte", "$gt")}
        self._unknown_rows(n, [a, b])
        if op in ordering:
            yes, no = ordering[op]          # conditions on b's value relative to a's
            g.rule(f"n{n}.t", [pat("a", a, K_VAL), pat("b", b, K_VAL, {yes: {"v": {"a": "v"}}})],
                   lambda m: [val(n, True)])
            g.rule(f"n{n}.f", [pat("a", a, K_VAL), pat("b", b, K_VAL, {no: {"v": {"a": "v"}}})],
                   lambda m: [val(n, False)])
            msg = f"'{src}' compares an event that is not recorded; test `is None` first"
            g.rule(f"n{n}.an", [pat("a", a, K_NONE), pat("b", b, NOT_UNK)], lambda m: [err(n, msg)])
            g.rule(f"n{n}.bn", [pat("a", a, K_VAL), pat("b", b, K_NONE)], lambda m: [err(n, msg)])
            return n
        negate = op is ast.NotEq
        g.rule(f"n{n}.eq", [pat("a", a, K_VAL), pat("b", b, K_VAL, {"v": {"a": "v"}})],
               lambda m: [val(n, not negate)])
        g.rule(f"n{n}.ne", [pat("a", a, K_VAL), pat("b", b, K_VAL, {"$neq": {"v": {"a": "v"}}})],
               lambda m: [val(n, negate)])
        g.rule(f"n{n}.nn", [pat("a", a, K_NONE), pat("b", b, K_NONE)], lambda m: [val(n, not negate)])
        g.rule(f"n{n}.nv", [pat("a", a, K_NONE), pat("b", b, K_VAL)], lambda m: [val(n, negate)])
        g.rule(f"n{n}.vn", [pat("a", a, K_VAL), pat("b", b, K_NONE)], lambda m: [val(n, negate)])
        return n

    def _membership(self, node: ast.Compare, negate: bool) -> int:
        """`x in S`: a constant set becomes an `$or` of equalities; a set value is tested for its
        element flags, over the finite domain of x."""
        left, right = node.left, node.comparators[0]
        g = self.g
        src = self.src(node)
        a = self.visit(left)
        if isinstance(right, ast.Set) and all(isinstance(e, ast.Constant) for e in right.elts):
            n = g.new(src)
            g.ops[n] = ("all", [a])
            members = [e.value for e in right.elts]
            inside = either(*({"v": x} for x in members))
            outside = {"$and": [{"$neq": {"v": x}} for x in members]}
            g.rule(f"n{n}.in", [pat("a", a, K_VAL, inside)], lambda m: [val(n, not negate)])
            g.rule(f"n{n}.out", [pat("a", a, K_VAL, outside)], lambda m: [val(n, negate)])
            g.rule(f"n{n}.none", [pat("a", a, K_NONE)], lambda m: [val(n, negate)])
            g.rule(f"n{n}.unk", [pat("a", a, K_UNK)], lambda m: [merged(n, [m["a"]])])
            return n
        name = dotted_name(left)
        sym = self.symbols.get(name) if name else None
        domain = sym.vtype.domain if sym is not None else None
        if domain is None and isinstance(left, ast.Constant) and isinstance(left.value, str):
            domain = frozenset([left.value])  # `'comments' in S`: the one value tested is the domain
        if domain is None:
            raise Unsupported("membership of a value without a finite domain in a computed set")
        b = self.visit(right)
        n = g.new(src)
        g.ops[n] = ("all", [a, b])
        for x in sorted(domain):
            flag = codec.SET_FLAG + x
            g.rule(f"n{n}.in.{x}", [pat("a", a, is_v(x)), pat("b", b, K_VAL, {"$ex": {flag: 1}})],
                   lambda m: [val(n, not negate)])
            g.rule(f"n{n}.out.{x}", [pat("a", a, is_v(x)), pat("b", b, K_VAL, {"$nex": {flag: 1}})],
                   lambda m: [val(n, negate)])
        outside = {"$and": [K_VAL] + [{"$neq": {"v": x}} for x in sorted(domain)]}
        g.rule(f"n{n}.other", [pat("a", a, outside), pat("b", b, K_VAL)], lambda m: [val(n, negate)])
        g.rule(f"n{n}.anone", [pat("a", a, K_NONE), pat("b", b, K_VAL)], lambda m: [val(n, negate)])
        msg = f"'{src}': the collection is not recorded"
        g.rule(f"n{n}.bnone", [pat("a", a, NOT_UNK), pat("b", b, K_NONE)], lambda m: [err(n, msg)])
        self._unknown_rows(n, [a, b])
        return n

    def _IfExp(self, node: ast.IfExp) -> int:
        t, b, o = self.visit(node.test), self.visit(node.body), self.visit(node.orelse)
        n = self.g.new(self.src(node))
        self.g.ops[n] = ("if", [t, b, o])
        g = self.g
        msg = f"'{self.src(node.test)}': not a yes/no value"
        g.rule(f"n{n}.t", [pat("t", t, is_v(True)), pat("b", b)], lambda m: [copy_of(n, m["b"])])
        g.rule(f"n{n}.f", [pat("t", t, is_v(False)), pat("o", o)], lambda m: [copy_of(n, m["o"])])
        g.rule(f"n{n}.x", [pat("t", t, K_NONE)], lambda m: [err(n, msg)])
        known = either(K_VAL, K_NONE)
        # The condition is unknown: both branches known and equal means it does not matter.
        # (no reference to another fact inside an `$or`: durable 2.0.28 ignores it there)
        g.rule(f"n{n}.same", [pat("t", t, K_UNK), pat("b", b, K_VAL), pat("o", o, K_VAL, {"v": {"b": "v"}})],
               lambda m: [copy_of(n, m["b"])])
        g.rule(f"n{n}.both_none", [pat("t", t, K_UNK), pat("b", b, K_NONE), pat("o", o, K_NONE)],
               lambda m: [copy_of(n, m["b"])])
        g.rule(f"n{n}.kinds", [pat("t", t, K_UNK), pat("b", b, known), pat("o", o, known, {"$neq": {"k": {"b": "k"}}})],
               lambda m: [_candidates(n, m)])
        g.rule(f"n{n}.vals", [pat("t", t, K_UNK), pat("b", b, K_VAL), pat("o", o, K_VAL, {"$neq": {"v": {"b": "v"}}})],
               lambda m: [_candidates(n, m)])
        g.rule(f"n{n}.bu", [pat("t", t, K_UNK), pat("b", b, K_UNK), pat("o", o)],
               lambda m: [merged(n, [m["t"], m["b"], m["o"]])])
        g.rule(f"n{n}.ou", [pat("t", t, K_UNK), pat("b", b, known), pat("o", o, K_UNK)],
               lambda m: [merged(n, [m["t"], m["b"], m["o"]])])
        return n

    def _Set(self, node: ast.Set) -> int:
        ops = [self.visit(e) for e in node.elts]
        n = self.g.new(self.src(node))
        self.g.ops[n] = ("all", ops)
        aliases = [f"a{i}" for i in range(len(ops))]
        self.g.rule(f"n{n}.v", [pat(a, o, K_VAL) for a, o in zip(aliases, ops)],
                    lambda m: [val(n, frozenset(m[a]["v"] for a in aliases))])
        self._unknown_rows(n, ops)
        return n

    def _Call(self, node: ast.Call) -> int:
        name = node.func.id
        ops = [self.visit(a) for a in node.args]
        n = self.g.new(self.src(node))
        self.g.ops[n] = ("first" if name == "first_known" else "all", ops)
        g = self.g
        aliases = [f"a{i}" for i in range(len(ops))]
        if name == "is_known":
            g.rule(f"n{n}.u", [pat("a0", ops[0], K_UNK)], lambda m: [val(n, False)])
            g.rule(f"n{n}.k", [pat("a0", ops[0], NOT_UNK)], lambda m: [val(n, True)])
            return n
        if name == "first_known":
            for i in range(len(ops)):
                g.rule(f"n{n}.k{i}", [pat(aliases[j], ops[j], NOT_VAL) for j in range(i)]
                       + [pat(aliases[i], ops[i], K_VAL)], lambda m, a=aliases[i]: [copy_of(n, m[a])])
            g.rule(f"n{n}.none", [pat(a, o, NOT_VAL) for a, o in zip(aliases, ops)],
                   lambda m: [merged(n, list(m.values())) if any(f["k"] == "unk" for f in m.values())
                              else val(n, None)])
            return n
        fdef = self.g.functions[name]
        impl = fdef.fn

        def call(m: Facts) -> list[dict]:
            return [_apply(n, name, impl, [codec.decode(m[a]) for a in aliases])]
        if fdef.accepts_none:
            g.rule(f"n{n}.call", [pat(a, o, NOT_UNK) for a, o in zip(aliases, ops)], call)
            self._unknown_rows(n, ops)
            return n
        g.rule(f"n{n}.call", [pat(a, o, K_VAL) for a, o in zip(aliases, ops)], call)
        for i in range(len(ops)):
            ps = [pat(aliases[j], ops[j], NOT_UNK) for j in range(i)] + [pat(aliases[i], ops[i], K_UNK)]
            ps += [pat(aliases[j], ops[j]) for j in range(i + 1, len(ops))]
            g.rule(f"n{n}.u{i}", ps, lambda m: [_over_candidates(n, name, impl, [m[a] for a in aliases])])
        for i in range(len(ops)):
            ps = [pat(aliases[j], ops[j], K_VAL) for j in range(i)] + [pat(aliases[i], ops[i], K_NONE)]
            ps += [pat(aliases[j], ops[j], NOT_UNK) for j in range(i + 1, len(ops))]
            g.rule(f"n{n}.none{i}", ps, lambda m: [val(n, None)])
        return n


# --- actions' helpers --------------------------------------------------------------------

_CALL_ERRORS = (ValueError, OverflowError, KeyError, TypeError)


def _kleene_unknown(n: int, m: Facts) -> dict:
    unknown = [f for f in m.values() if f["k"] == "unk"]
    return copy_of(n, unknown[0]) if len(unknown) == 1 else merged(n, unknown)


def _candidates(n: int, m: Facts) -> dict:
    """The condition is unknown and the branches differ: unknown, but one of the two."""
    f = merged(n, [m["t"]])
    f["q"] = codec.unknown_fields(Unknown(candidates=frozenset([codec.decode(m["b"]), codec.decode(m["o"])])))["q"]
    return f


def _apply(n: int, name: str, impl: Callable[..., Any], args: list[Any]) -> dict:
    """A calendar primitive on the matched operand values."""
    try:
        return val(n, impl(*args))
    except _CALL_ERRORS as exc:
        return err(n, f"{name}(): {exc}")


def _over_candidates(n: int, name: str, impl: Callable[..., Any], facts: list[dict]) -> dict:
    """One unknown argument known to be one of a few values: call the primitive for each."""
    unknown = [f for f in facts if f["k"] == "unk"]
    if len(unknown) != 1:
        return merged(n, unknown)
    u = unknown[0]
    if "q" not in u or u["e"] or u["c"] or any(f["k"] == "none" for f in facts):
        return copy_of(n, u)
    cands = codec.decode(u).candidates
    i = facts.index(u)
    results = set()
    for c in cands:
        args = [codec.decode(f) for f in facts]
        args[i] = c
        try:
            results.add(impl(*args) if c is not None else None)
        except _CALL_ERRORS:
            return copy_of(n, u)
    if len(results) == 1:
        return val(n, results.pop())
    x = codec.decode(u)
    return out(n, codec.unknown_fields(Unknown(x.missing, x.errors, x.conflicts, frozenset(results))))


def rows(k: int) -> list[tuple[str, ...]]:
    """Every combination of T (applies), F (does not) and U (unknown) for k exceptions."""
    return list(itertools.product("TFU", repeat=k))

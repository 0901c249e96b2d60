"""The rule expression language: a small, safe subset of Python expression syntax.

Text is parsed with Python's own `ast` module and every node is checked against
a whitelist, then turned into a closure. Rule text never reaches eval or exec.
Closures implement Kleene three-valued logic over `Unknown` (see
evaluate/values.py): `False and unknown` is False, `True or unknown` is True,
anything else that touches an unknown is unknown, with every missing name kept.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any, Protocol

from ..core.runtime import Closure, Compiled, Env, Symbol
from ..core.suggest import did_you_mean
from ..core.values import Unknown, error, merge, shared_set
from ..core import types as T
from .functions import SPECIAL_FUNCTIONS, Function

MAX_EXPRESSION_CHARS = 2000
MAX_DEPTH = 40


class ExprError(Exception):
    """An expression that does not parse, names something unknown, or is ill-typed."""


class Resolver(Protocol):
    def resolve(self, name: str) -> Symbol: ...

    def knows(self, name: str) -> bool: ...


_ORDERING = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}


def compile_expression(source: str, resolver: Resolver, functions: dict[str, Function],
                       want: T.VType | None = None) -> Compiled:
    """Parse and compile one expression; raises ExprError with a readable message.

    `want` is the type the place needs; where it is an enum or a set of enum values, a value may be
    written as a bare word (`value: young_person`, `{parent, school}`) instead of quoted text."""
    if len(source) > MAX_EXPRESSION_CHARS:
        raise ExprError(f"expression is longer than {MAX_EXPRESSION_CHARS} characters")
    text = expression_text(source)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"syntax error in expression: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExprError("expression cannot be parsed") from None
    return _Compiler(resolver, functions, text).visit(tree.body, 0, _domain(want))


def expression_text(source: str) -> str:
    """An expression as it is parsed: on one line, parenthesised so that it may run over several
    lines of a YAML block."""
    return "(" + " ".join(source.split()) + ")"


def parse_quietly(source: str) -> tuple[str, ast.AST] | None:
    """The parsed text and tree of an expression, or None if it does not parse (for readers of a
    rule that has already compiled, such as the explanations; compile_expression reports errors)."""
    text = expression_text(source)
    try:
        return text, ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def flat_parts(node: ast.AST, op: type = ast.And) -> list[ast.AST]:
    """The parts of a chain of `and` (or `or`) with nested chains of the same operator opened up:
    `(a) and (b and c)`, as a family use's `only_when` is joined to an exception, gives a, b, c."""
    if not (isinstance(node, ast.BoolOp) and isinstance(node.op, op)):
        return [node]
    return [part for value in node.values for part in flat_parts(value, op)]


def leading_conjunct(source: str) -> str | None:
    """The text of the first operand of an expression that is an `and`, else None."""
    parsed = parse_quietly(source)
    if parsed is None:
        return None
    text, body = parsed
    if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And):
        return ast.get_source_segment(text, body.values[0])
    return None


def dotted_name(node: ast.AST) -> str | None:
    """'a.b.c' for Name/Attribute chains, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class _Compiler:
    def __init__(self, resolver: Resolver, functions: dict[str, Function], source: str) -> None:
        self.resolver = resolver
        self.functions = functions
        self.source = source

    def visit(self, node: ast.AST, depth: int, words: frozenset[str] | None = None) -> Compiled:
        """Compile a node. `words`: enum values the place accepts as bare words (an unquoted value)."""
        if depth > MAX_DEPTH:
            raise ExprError(f"expression is nested more than {MAX_DEPTH} levels deep")
        if words and isinstance(node, ast.Name):
            return self._word(node, words)
        if words and isinstance(node, ast.Set):
            return self._Set(node, depth + 1, words)
        if words and isinstance(node, ast.IfExp):
            return self._IfExp(node, depth + 1, words)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise ExprError(f"'{_snippet(node, self.source)}' uses {type(node).__name__}, which rule expressions do not allow")
        return method(node, depth + 1)

    def _word(self, node: ast.Name, words: frozenset[str]) -> Compiled:
        """A bare word where an enum value is expected: the value itself, unless it names something
        (then it must be quoted to be a value, and a word that could be either is refused)."""
        if node.id in words and not self.resolver.knows(node.id):
            # the common case, decided without building resolve()'s did-you-mean message
            value = node.id
            return self._c(lambda env: value, T.enum([value]), frozenset(), node)
        try:
            sym = self.resolver.resolve(node.id)
        except ExprError as exc:
            if node.id in words:
                value = node.id
                return self._c(lambda env: value, T.enum([value]), frozenset(), node)
            close = did_you_mean(node.id, sorted(words))
            raise ExprError(f"{exc}; a value here is one of {sorted(words)}" + close) from None
        if node.id in words:
            raise ExprError(f"'{node.id}' is both a name and a value here: write '{node.id}' in quotes for the value")
        return self._c(_reader(sym), sym.vtype, frozenset([sym.name]), node)

    def _c(self, fn: Closure, vtype: T.VType, deps: frozenset[str], node: ast.AST) -> Compiled:
        return Compiled(fn, vtype, deps, _snippet(node, self.source))

    # --- leaves -------------------------------------------------------------------
    def _Constant(self, node: ast.Constant, depth: int) -> Compiled:
        c = node.value
        if isinstance(c, bool):
            vt = T.BOOL
        elif isinstance(c, (int, float)):
            vt = T.NUMBER
        elif isinstance(c, str):
            vt = T.enum([c])
        elif c is None:
            vt = T.NONE
        else:
            raise ExprError(f"constant of type {type(c).__name__} is not allowed")
        return self._c(lambda env: c, vt, frozenset(), node)

    def _Name(self, node: ast.AST, depth: int) -> Compiled:
        name = dotted_name(node)
        if name is None:
            raise ExprError(f"'{_snippet(node, self.source)}' is not a name")
        sym = self.resolver.resolve(name)
        return self._c(_reader(sym), sym.vtype, frozenset([sym.name]), node)

    _Attribute = _Name

    # --- operators ----------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Compiled:
        parts = [self.visit(v, depth) for v in node.values]
        for p in parts:
            _expect(p, "bool", "and/or")
        fns = tuple(p.fn for p in parts)
        src = _snippet(node, self.source)
        if isinstance(node.op, ast.And):
            fn = _kleene(fns, stop=False, src=src)
        else:
            fn = _kleene(fns, stop=True, src=src)
        return self._c(fn, T.BOOL, _deps(parts), node)

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Compiled:
        inner = self.visit(node.operand, depth)
        f = inner.fn
        src = _snippet(node, self.source)
        if isinstance(node.op, ast.Not):
            _expect(inner, "bool", "not")

            def fn(env: Env) -> Any:
                x = f(env)
                if x is True:
                    return False
                if x is False:
                    return True
                return x if type(x) is Unknown else error(f"'{src}': not a yes/no value")
            return self._c(fn, T.BOOL, inner.deps, node)
        if isinstance(node.op, ast.USub):
            _expect(inner, "number", "unary minus")

            def neg(env: Env) -> Any:
                x = f(env)
                return x if type(x) is Unknown or x is None else -x
            return self._c(neg, T.NUMBER, inner.deps, node)
        raise ExprError(f"operator in '{src}' is not allowed")

    def _BinOp(self, node: ast.BinOp, depth: int) -> Compiled:
        if not isinstance(node.op, (ast.Add, ast.Sub)):
            raise ExprError(f"'{_snippet(node, self.source)}': only + and - on numbers are allowed; "
                            "use add_days, add_weeks or add_months for dates")
        left, right = self.visit(node.left, depth), self.visit(node.right, depth)
        _expect(left, "number", "+/-")
        _expect(right, "number", "+/-")
        op = operator.add if isinstance(node.op, ast.Add) else operator.sub
        lf, rf = left.fn, right.fn

        def fn(env: Env) -> Any:
            a, b = lf(env), rf(env)
            if type(a) is Unknown or type(b) is Unknown:
                return merge(a, b)
            if a is None or b is None:
                return None
            return op(a, b)
        return self._c(fn, T.NUMBER, left.deps | right.deps, node)

    def _Compare(self, node: ast.Compare, depth: int) -> Compiled:
        src = _snippet(node, self.source)
        if len(node.ops) != 1:
            raise ExprError(f"'{src}': chained comparisons are not allowed; join them with `and`")
        op = type(node.ops[0])
        left, right = self._operands(node.left, node.comparators[0], depth, op)
        _check_comparison(op, left, right, src)
        lf, rf = left.fn, right.fn
        deps = left.deps | right.deps
        if op in (ast.Is, ast.IsNot):
            want = op is ast.Is

            def is_fn(env: Env) -> Any:
                a = lf(env)
                return a if type(a) is Unknown else ((a is None) == want)
            return self._c(is_fn, T.BOOL, deps, node)
        if op in _ORDERING:
            cmp = _ORDERING[op]

            def ord_fn(env: Env) -> Any:
                a, b = lf(env), rf(env)
                if type(a) is Unknown or type(b) is Unknown:
                    return merge(a, b)
                if a is None or b is None:
                    return error(f"'{src}' compares an event that is not recorded; test `is None` first")
                return cmp(a, b)
            return self._c(ord_fn, T.BOOL, deps, node)
        if op in (ast.In, ast.NotIn):
            negate = op is ast.NotIn

            def in_fn(env: Env) -> Any:
                a, b = lf(env), rf(env)
                if type(a) is Unknown or type(b) is Unknown:
                    return merge(a, b)
                if b is None:
                    return error(f"'{src}': the collection is not recorded")
                return (a in b) != negate
            return self._c(in_fn, T.BOOL, deps, node)
        negate = op is ast.NotEq

        def eq_fn(env: Env) -> Any:
            a, b = lf(env), rf(env)
            if type(a) is Unknown or type(b) is Unknown:
                return merge(a, b)
            return (a == b) != negate
        return self._c(eq_fn, T.BOOL, deps, node)

    def _operands(self, a: ast.AST, b: ast.AST, depth: int, op: type) -> tuple[Compiled, Compiled]:
        """Both sides of a comparison; a bare word on one side may be a value of the other's enum
        (`request.outcome == not_assess`, `x in {parent, school}`)."""
        if op in (ast.In, ast.NotIn):
            left = self.visit(a, depth)
            return left, self.visit(b, depth, _domain(left.vtype) if isinstance(b, ast.Set) else None)
        if _is_word(a) and not _is_word(b):
            right = self.visit(b, depth)
            return self.visit(a, depth, _domain(right.vtype)), right
        left = self.visit(a, depth)
        return left, self.visit(b, depth, _domain(left.vtype) if _is_word(b) else None)

    def _IfExp(self, node: ast.IfExp, depth: int, words: frozenset[str] | None = None) -> Compiled:
        test = self.visit(node.test, depth)
        body, other = self.visit(node.body, depth, words), self.visit(node.orelse, depth, words)
        _expect(test, "bool", "if/else condition")
        vt = _unify(body.vtype, other.vtype, _snippet(node, self.source))
        tf, bf, of = test.fn, body.fn, other.fn

        def fn(env: Env) -> Any:
            t = tf(env)
            if t is True:
                return bf(env)
            if t is False:
                return of(env)
            if type(t) is not Unknown:
                return error(f"'{test.source}': not a yes/no value")
            b, o = bf(env), of(env)
            if type(b) is not Unknown and type(o) is not Unknown:
                if b == o:
                    return b  # both branches agree, so the unknown condition does not matter
                u = merge(t)
                return Unknown(u.missing, u.errors, u.conflicts, _candidates(b, o))
            return merge(t, b, o)
        return self._c(fn, vt, test.deps | body.deps | other.deps, node)

    def _Set(self, node: ast.Set, depth: int, words: frozenset[str] | None = None) -> Compiled:
        parts = [self.visit(e, depth, words) for e in node.elts]
        domain: set[str] | None = set()
        for p in parts:
            if not p.vtype.is_textual:
                raise ExprError(f"'{p.source}': set elements must be text or enum values")
            if p.vtype.domain is None or domain is None:
                domain = None
            else:
                domain |= p.vtype.domain
        fns = tuple(p.fn for p in parts)
        finite = domain is not None

        def fn(env: Env) -> Any:
            vals = [f(env) for f in fns]
            if any(type(v) is Unknown for v in vals):
                return merge(*vals)
            return shared_set(frozenset(vals)) if finite else frozenset(vals)
        return self._c(fn, T.set_of(domain), _deps(parts), node)

    def _Call(self, node: ast.Call, depth: int) -> Compiled:
        src = _snippet(node, self.source)
        if not isinstance(node.func, ast.Name):
            raise ExprError(f"'{src}': only the named functions may be called")
        if node.keywords:
            raise ExprError(f"'{src}': keyword arguments are not allowed")
        name = node.func.id
        parts = [self.visit(a, depth) for a in node.args]
        if name == "is_known":
            return self._is_known(parts, node)
        if name == "first_known":
            return self._first_known(parts, node, src)
        fdef = self.functions.get(name)
        if fdef is None:
            raise ExprError(f"unknown function {name!r}" + did_you_mean(name, list(self.functions) + list(SPECIAL_FUNCTIONS)))
        _check_args(fdef, parts, src)
        return self._c(_call(name, fdef.fn, tuple(p.fn for p in parts), fdef.accepts_none), fdef.returns,
                       _deps(parts), node)

    def _is_known(self, parts: list[Compiled], node: ast.AST) -> Compiled:
        if len(parts) != 1:
            raise ExprError("is_known takes one argument")
        f = parts[0].fn
        return self._c(lambda env: type(f(env)) is not Unknown, T.BOOL, parts[0].deps, node)

    def _first_known(self, parts: list[Compiled], node: ast.AST, src: str) -> Compiled:
        if len(parts) < 2:
            raise ExprError("first_known takes at least two arguments")
        vt = parts[0].vtype
        for p in parts[1:]:
            vt = _unify(vt, p.vtype, src)
        fns = tuple(p.fn for p in parts)

        def fn(env: Env) -> Any:
            seen = []
            for f in fns:
                v = f(env)
                if type(v) is Unknown:
                    seen.append(v)
                elif v is not None:
                    return v
            return merge(*seen) if seen else None
        return self._c(fn, vt, _deps(parts), node)


# --- helpers ----------------------------------------------------------------------

def _domain(vtype: T.VType | None) -> frozenset[str] | None:
    """The enum values a place of this type accepts as bare words, if any."""
    if vtype is not None and vtype.kind in ("enum", "set") and vtype.domain:
        return vtype.domain
    return None


def _is_word(node: ast.AST) -> bool:
    return isinstance(node, ast.Name)


_CALL_ERRORS = (ValueError, OverflowError, KeyError, TypeError)


def _candidates(*values: Any) -> frozenset | None:
    try:
        return frozenset(values)
    except TypeError:  # an unhashable value: leave the unknown unconstrained
        return None


def _over_candidates(impl: Callable[..., Any], vals: list[Any]) -> Any:
    """A call with one unknown argument that is known to be one of a few values: call it for each.
    If every result agrees the answer is known; otherwise the results are the new candidates."""
    unknown = [i for i, v in enumerate(vals) if type(v) is Unknown]
    if len(unknown) != 1:
        return merge(*vals)
    i = unknown[0]
    u = vals[i]
    if u.candidates is None or u.errors or u.conflicts or any(v is None for v in vals):
        return u
    results = set()
    for c in u.candidates:
        args = list(vals)
        args[i] = c
        try:
            results.add(impl(*args) if c is not None else None)
        except _CALL_ERRORS:
            return u
    if len(results) == 1:
        return results.pop()
    return Unknown(u.missing, u.errors, u.conflicts, _candidates(*results))


def _call(name: str, impl: Callable[..., Any], fns: tuple[Closure, ...], accepts_none: bool = False) -> Closure:
    """A strict call: an Unknown argument makes it Unknown, a None argument makes it None (unless the
    function accepts None, e.g. an optional date). One and two arguments are specialised because they
    are most of the calls on the hot path."""
    if accepts_none:
        def call_optional(env: Env) -> Any:
            vals = [f(env) for f in fns]
            for v in vals:
                if type(v) is Unknown:
                    return merge(*vals)
            try:
                return impl(*vals)
            except _CALL_ERRORS as exc:
                return error(f"{name}(): {exc}")
        return call_optional
    if len(fns) == 1:
        (f0,) = fns

        def call1(env: Env) -> Any:
            a = f0(env)
            if type(a) is Unknown:
                return _over_candidates(impl, [a]) if a.candidates is not None else a
            if a is None:
                return a
            try:
                return impl(a)
            except _CALL_ERRORS as exc:
                return error(f"{name}(): {exc}")
        return call1
    if len(fns) == 2:
        f0, f1 = fns

        def call2(env: Env) -> Any:
            a, b = f0(env), f1(env)
            if type(a) is Unknown or type(b) is Unknown:
                return _over_candidates(impl, [a, b])
            if a is None or b is None:
                return None
            try:
                return impl(a, b)
            except _CALL_ERRORS as exc:
                return error(f"{name}(): {exc}")
        return call2

    def call(env: Env) -> Any:
        vals = [f(env) for f in fns]
        for v in vals:
            if type(v) is Unknown:
                return _over_candidates(impl, vals)
        if None in vals:
            return None
        try:
            return impl(*vals)
        except _CALL_ERRORS as exc:
            return error(f"{name}(): {exc}")
    return call


def _reader(sym: Symbol) -> Closure:
    i = sym.slot
    if sym.kind == "setting":
        name = sym.name.split(".", 1)[1]

        def read_setting(env: Env) -> Any:
            used = env.used_settings
            if used is not None:
                used.add(name)
            return env.v[i]
        return read_setting
    if sym.kind == "param":
        # The slot holds the ParameterTable in force for this evaluation (overridable per call).
        return lambda env: env.v[i].at(env.sel)
    return lambda env: env.v[i]


def _kleene(fns: tuple[Closure, ...], stop: bool, src: str) -> Closure:
    """and (stop=False) / or (stop=True): the stop value decides; else unknowns merge."""
    go_on = not stop

    def fn(env: Env) -> Any:
        unknowns = None
        for f in fns:
            x = f(env)
            if x is stop:
                return stop
            if x is go_on:
                continue
            if type(x) is Unknown:
                unknowns = x if unknowns is None else merge(unknowns, x)
            else:
                return error(f"'{src}': an operand is not a yes/no value")
        return go_on if unknowns is None else unknowns
    return fn


def _deps(parts: list[Compiled]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for p in parts:
        out |= p.deps
    return out


def _expect(c: Compiled, kind: str, where: str) -> None:
    if c.vtype.kind not in (kind, "any", "none"):
        raise ExprError(f"'{c.source}' is {c.vtype.describe()}, but {where} needs {kind}")


def _unify(a: T.VType, b: T.VType, src: str) -> T.VType:
    if a.kind == "none" or a.kind == "any":
        return b
    if b.kind == "none" or b.kind == "any":
        return a
    if a.is_textual and b.is_textual:
        if a.kind == "enum" and b.kind == "enum" and a.domain is not None and b.domain is not None:
            return T.enum(a.domain | b.domain)
        return T.TEXT
    if a.kind == "set" and b.kind == "set":
        if a.domain is None or b.domain is None:
            return T.set_of(None)
        return T.set_of(a.domain | b.domain)
    if a.kind != b.kind:
        raise ExprError(f"'{src}': the alternatives have different types ({a.describe()} and {b.describe()})")
    return a


def _check_comparison(op: type, left: Compiled, right: Compiled, src: str) -> None:
    lk, rk = left.vtype.kind, right.vtype.kind
    if op in (ast.Is, ast.IsNot):
        if rk != "none":
            raise ExprError(f"'{src}': `is` may only be used as `is None` / `is not None`")
        return
    if op in _ORDERING:
        if lk not in ("date", "number", "any") or rk not in ("date", "number", "any") or (
                lk != rk and "any" not in (lk, rk)):
            raise ExprError(f"'{src}': < and > compare two dates or two numbers, not "
                            f"{left.vtype.describe()} and {right.vtype.describe()}")
        return
    if op in (ast.In, ast.NotIn):
        if rk not in ("set", "any") or not (left.vtype.is_textual or lk == "any"):
            raise ExprError(f"'{src}': `in` tests a text or enum value against a set")
        _check_domain(left.vtype, right.vtype.domain, src)
        return
    if "none" in (lk, rk) or "any" in (lk, rk):
        return
    if left.vtype.is_textual and right.vtype.is_textual:
        _check_domain(left.vtype, right.vtype.domain if right.vtype.kind == "enum" else None, src)
        _check_domain(right.vtype, left.vtype.domain if left.vtype.kind == "enum" else None, src)
        return
    if lk != rk:
        raise ExprError(f"'{src}' compares {left.vtype.describe()} with {right.vtype.describe()}")


def _check_domain(value: T.VType, domain: frozenset[str] | None, src: str) -> None:
    """A text constant compared with an enum must be one of its values."""
    if domain is None or value.kind != "enum" or value.domain is None or len(value.domain) != 1:
        return
    (v,) = value.domain
    if v not in domain:
        raise ExprError(f"'{src}': {v!r} is not one of {sorted(domain)}" + did_you_mean(v, domain))


def _check_args(fdef: Function, parts: list[Compiled], src: str) -> None:
    n = len(parts)
    expected = fdef.args
    if fdef.variadic:
        if n < len(expected):
            raise ExprError(f"'{src}': {fdef.name} takes at least {len(expected)} arguments")
        expected = expected + (expected[-1],) * (n - len(expected))
    elif n != len(expected):
        raise ExprError(f"'{src}': {fdef.name} takes {len(expected)} argument(s): {fdef.doc}")
    for i, (want, got) in enumerate(zip(expected, parts), 1):
        if got.vtype.kind in ("any", "none"):
            continue
        ok = got.vtype.kind == want.kind or (want.kind == "text" and got.vtype.is_textual)
        if not ok:
            raise ExprError(f"'{src}': argument {i} of {fdef.name} should be {want.kind}, "
                            f"not {got.vtype.describe()} ({fdef.doc})")


def _snippet(node: ast.AST, source: str) -> str:
    # compile_expression joins the text onto one line, so the segment is a slice of that line
    # (ast.get_source_segment splits the whole text into lines at every call: most of compile time)
    if getattr(node, "lineno", None) == 1 and getattr(node, "end_lineno", None) == 1:
        if source.isascii():
            return source[node.col_offset:node.end_col_offset]
        # offsets count UTF-8 bytes
        return source.encode("utf-8")[node.col_offset:node.end_col_offset].decode("utf-8")
    seg = ast.get_source_segment(source, node)
    return seg if seg is not None else type(node).__name__

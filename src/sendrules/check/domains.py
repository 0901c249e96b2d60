"""Finite-domain analysis of exceptions: conflicts and exceptions that can never apply.

Where every input of two sibling conditions is a yes/no or enum value, all
assignments are enumerated by running the compiled conditions. A derived rule
read by a condition is treated as a free input of its type; that over-approximates
what can happen, so "never applies" is certain, while a conflict that involves a
derived rule is reported as a warning (it may be impossible for reasons the
enumeration cannot see). Conditions over dates or numbers are left to evaluation.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from ..core.runtime import Env, Symbol
from ..core.programs import ExceptionNode, Program, Version
from ..core.values import Unknown

MAX_ASSIGNMENTS = 4096


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str
    line: int | None
    file: str


def _domain(sym: Symbol) -> tuple | None:
    if sym.kind in ("param", "local", "as_at"):
        return None
    if sym.vtype.kind == "bool":
        return (False, True)
    if sym.vtype.kind == "enum" and sym.vtype.domain:
        return tuple(sorted(sym.vtype.domain))
    return None


def _leaves(nodes: list[ExceptionNode], symbols: dict[str, Symbol]) -> tuple[list[Symbol], bool] | None:
    names = set()
    for n in nodes:
        names |= n.when.deps
    syms = []
    derived = False
    for name in sorted(names):
        sym = symbols.get(name)
        if sym is None or _domain(sym) is None:
            return None
        derived = derived or sym.kind == "rule"
        syms.append(sym)
    return syms, derived


def _assignments(syms: list[Symbol]):
    domains = [_domain(s) for s in syms]
    size = 1
    for d in domains:
        size *= len(d)
    if size > MAX_ASSIGNMENTS:
        return None
    return (dict(zip((s.slot for s in syms), combo)) for combo in itertools.product(*domains))


def _holds(node: ExceptionNode, env: Env) -> bool:
    return node.when.fn(env) is True


def _const(node: ExceptionNode) -> Any:
    if node.value is None or node.value.deps:
        return Unknown()
    return node.value.fn(Env([]))


def analyse(prog: Program, version: Version, symbols: dict[str, Symbol], n_slots: int) -> list[Finding]:
    out: list[Finding] = []
    _level(prog, version, list(version.exceptions), [], symbols, n_slots, out)
    return out


def _level(prog: Program, version: Version, siblings: list[ExceptionNode], ancestors: list[ExceptionNode],
           symbols: dict[str, Symbol], n_slots: int, out: list[Finding]) -> None:
    for node in siblings:
        chain = ancestors + [node]
        leaves = _leaves(chain, symbols)
        if leaves is not None:
            gen = _assignments(leaves[0])
            if gen is not None and not any(all(_holds(n, _env(a, n_slots)) for n in chain) for a in gen):
                out.append(Finding("error", f"{prog.id}: exception {node.label!r} can never apply "
                                   "(no combination of its yes/no and enum inputs makes its condition true"
                                   + (" together with the exceptions it refines" if ancestors else "") + ")",
                                   node.line, version.file))
        _level(prog, version, list(node.children), chain, symbols, n_slots, out)
    if prog.kind == "duty":
        return  # a duty's exceptions all lift the same limit: several may apply at once
    for a, b in itertools.combinations(siblings, 2):
        leaves = _leaves(ancestors + [a, b] + _descendants(a) + _descendants(b), symbols)
        if leaves is None:
            continue
        gen = _assignments(leaves[0])
        if gen is None:
            continue
        for assign in gen:
            env = _env(assign, n_slots)
            if not (all(_holds(n, env) for n in ancestors) and _holds(a, env) and _holds(b, env)):
                continue
            va, vb = _resolved(a, env), _resolved(b, env)
            if type(va) is not Unknown and type(vb) is not Unknown and va == vb:
                continue  # both apply but give the same value here
            severity = "warning" if leaves[1] else "error"
            example = ", ".join(f"{s.name}={assign[s.slot]!r}" for s in leaves[0])
            out.append(Finding(severity, f"{prog.id}: exceptions {a.label!r} and {b.label!r} can both apply "
                               f"with different values (e.g. {example}); make one an exception_to the other "
                               "or make their conditions exclusive", b.line, version.file))
            break


def _descendants(node: ExceptionNode) -> list[ExceptionNode]:
    out = []
    for c in node.children:
        out.append(c)
        out.extend(_descendants(c))
    return out


def _resolved(node: ExceptionNode, env: Env) -> Any:
    """The value an applying exception gives under env, after its own exceptions; Unknown when
    not a constant (then it may differ). Conflicts among its children are reported on their level."""
    for child in node.children:
        if _holds(child, env):
            return _resolved(child, env)
    return _const(node)


def _env(assign: dict[int, Any], n_slots: int) -> Env:
    v: list[Any] = [Unknown()] * n_slots
    for slot, val in assign.items():
        v[slot] = val
    env = Env(v)
    return env

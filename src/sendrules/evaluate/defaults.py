"""Defaults with labelled exceptions (Catala's model), in three-valued logic.

An exception applies when its condition is true; exceptions to it override it.
Two that apply together with different values are a conflict (an outcome, never
first-wins). An exception whose condition is unknown matters only if it would
change the result; then the result is unknown and names what is missing.
"""

from __future__ import annotations

from typing import Any

from ..core.runtime import Env
from ..core.programs import ExceptionNode
from ..core.values import Unknown, error, merge


def applies(node: ExceptionNode, env: Env, apply_unverified: bool) -> Any:
    """True, False or Unknown: does this exception's condition hold?"""
    if node.unverified and not apply_unverified:
        return False
    cond = node.when.fn(env)
    if cond is True or cond is False or type(cond) is Unknown:
        return cond
    return error(f"exception {node.label}: condition is not a yes/no value")


def resolve(own: Any, children: tuple[ExceptionNode, ...], env: Env, apply_unverified: bool,
            trace: list | None) -> Any:
    """Value of a default (or exception) `own` given the exceptions that may override it."""
    applicable: list[ExceptionNode] = []
    possible: list[tuple[ExceptionNode, Unknown]] = []
    for child in children:
        cond = applies(child, env, apply_unverified)
        if trace is not None:
            trace.append((child.label, cond))
        if cond is True:
            applicable.append(child)
        elif type(cond) is Unknown:
            possible.append((child, cond))
    if applicable:
        results = [(c.label, resolve(c.value.fn(env), c.children, env, apply_unverified, trace)) for c in applicable]
        unknown = [v for _, v in results if type(v) is Unknown]
        if unknown:
            return merge(*unknown)
        distinct = {v for _, v in results}
        if len(distinct) > 1:
            return Unknown(conflicts=frozenset(label for label, _ in results))
        result = results[0][1]
    else:
        result = own() if callable(own) else own
        if type(result) is Unknown:
            # The default is unknown; an applicable exception could still have decided it,
            # but none is known to apply, so every possible one's unknowns are needed too.
            return merge(result, *(cond for _, cond in possible))
    blockers = []
    for child, cond in possible:
        alt = resolve(child.value.fn(env), child.children, env, apply_unverified, trace)
        if type(alt) is Unknown or alt != result:
            blockers.extend([cond, alt])
    return merge(*blockers) if blockers else result

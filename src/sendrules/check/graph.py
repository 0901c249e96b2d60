"""Dependency order of rules, and cycles."""

from __future__ import annotations


def topological_order(deps: dict[str, set[str]]) -> tuple[list[str], list[list[str]]]:
    """Rules in an order where each comes after what it reads; and any cycles found.

    Ties are broken by rule id so the order (and so every trace) is deterministic.
    """
    order: list[str] = []
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        s = state.get(node, 0)
        if s == 2:
            return
        if s == 1:
            cycles.append(stack[stack.index(node):])  # the stack already ends with node
            return
        state[node] = 1
        for d in sorted(deps.get(node, ())):
            if d in deps:
                visit(d, stack + [d])
        state[node] = 2
        order.append(node)

    for n in sorted(deps):
        visit(n, [n])
    return order, cycles

"""The stages import one way (calendar -> facts -> load -> compile -> evaluate -> result ->
explain -> faces), with no cycle and no import hidden in a function to dodge one.

Every import statement counts, wherever it is written (inside functions too), as the project's
import-cycles tool counts them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sendrules

SRC = Path(sendrules.__file__).resolve().parent

# Lower numbers are lower layers; a module may import its own layer and those below it.
LAYERS: dict[str, int] = {
    "errors": 0, "core": 0,
    "calendar": 1,
    "facts": 2,
    "load": 3,
    "check": 4, "overlay": 4,
    "compile": 5,
    "evaluate": 6,
    "durable": 7,
    "engines": 8,
    "result": 9,
    "explain": 10,
    "scenarios": 11, "catalogue": 11, "describe": 11, "schema": 12, "coverage": 12, "pages": 12,
    "api": 13, "inputs": 13, "caseload": 13, "whatif": 13, "verify": 13,
    "console": 14, "cli": 14, "serve": 14, "commands": 14, "__init__": 15,
}


def _modules() -> dict[str, Path]:
    out = {}
    for f in SRC.rglob("*.py"):
        rel = f.relative_to(SRC.parent).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out[".".join(parts)] = f
    return out


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return LAYERS["__init__"]
    return LAYERS[parts[1]]


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = base[: len(base) - (node.level - 1)]
                mod = ".".join(parts + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for t in targets:
            while t and t not in modules:
                t = t.rpartition(".")[0]
            if t and t != module and t != "sendrules" and not module.startswith(t + "."):
                found.add(t)
    return found


MODULES = _modules()


def test_every_package_has_a_layer():
    assert {m.split(".")[1] for m in MODULES if "." in m} <= set(LAYERS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_import(module):
    mine = _layer(module)
    upward = sorted(t for t in _imports(module, MODULES[module], MODULES) if _layer(t) > mine)
    assert not upward, f"{module} (layer {mine}) imports from higher layers: {upward}"


def test_no_import_cycle():
    edges = {m: _imports(m, p, MODULES) for m, p in MODULES.items()}
    seen: dict[str, int] = {}   # 1 on the stack, 2 done

    def visit(m: str, stack: list[str]) -> None:
        seen[m] = 1
        for t in sorted(edges[m]):
            if seen.get(t) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(t):] + [t]))
            if t not in seen:
                visit(t, stack + [t])
        seen[m] = 2
    for m in sorted(edges):
        if m not in seen:
            visit(m, [m])


def test_the_layer_check_catches_an_upward_import(tmp_path):
    """The check of the check: an upward import written inside a function is found."""
    fake = tmp_path / "sendrules" / "facts"
    fake.mkdir(parents=True)
    (fake / "x.py").write_text("def f():\n    from ..evaluate import evaluator\n", encoding="utf-8")
    mods = dict(MODULES, **{"sendrules.facts.x": fake / "x.py"})
    assert "sendrules.evaluate.evaluator" in _imports("sendrules.facts.x", fake / "x.py", mods)


def test_every_scope_and_fact_root_is_a_reserved_rule_id_root():
    """A rule id may not begin with a name facts use: the rule-file model refuses it early, and
    this keeps that list in step with the scope table."""
    from sendrules.core.ruleformat import RESERVED_ROOTS
    from sendrules.facts.catalogue import FACTS
    from sendrules.facts.scopes import SCOPES
    assert {s.name for s in SCOPES} <= RESERVED_ROOTS
    assert {f.name.split(".")[0] for f in FACTS} <= RESERVED_ROOTS


def test_a_name_declared_twice_is_refused_not_replaced():
    """Regression: the symbol table let a rule id silently replace a fact of the same name."""
    from sendrules.compile.symbols import NameClash, SymbolTable
    from sendrules.core import types as T
    table = SymbolTable()
    table.add("person.birth_date", T.DATE, "attribute", "case")
    with pytest.raises(NameClash):
        table.add("person.birth_date", T.BOOL, "rule", "case")
    assert table.symbols["person.birth_date"].kind == "attribute"

"""The whole-rulebook checks, run by compile before a rulebook may be used."""

from __future__ import annotations

from ..errors import Diagnostic
from ..core.runtime import Symbol
from ..core.programs import Program
from ..load.loader import LoadedFile
from . import declarations as D
from .domains import analyse
from .graph import topological_order


def check_declarations(files: list[LoadedFile], diags: list[Diagnostic]) -> D.Declarations:
    decl = D.collect(files, diags)
    D.check_citations(files, decl, diags)
    D.check_parameters(decl, diags)
    D.check_findings(decl, diags)
    D.check_exception_labels(files, diags)
    return decl


def check_rulebook(programs: dict[str, Program], deps: dict[str, set[str]], diags: list[Diagnostic],
                   settings: dict, symbols: dict[str, Symbol], n_slots: int) -> list[str] | None:
    """Cycles, [U] gating, and finite-domain conflicts. Returns the evaluation order, or None."""
    order, cycles = topological_order(deps)
    for cycle in cycles:
        prog = programs[cycle[0]]
        v = prog.versions[0]
        diags.append(Diagnostic(v.file, v.line, "rules depend on each other in a cycle: " + " -> ".join(cycle)))
    if cycles:
        return None
    for prog in programs.values():
        for v in prog.versions:
            if _has_unverified(v.exceptions) and "apply_unverified" not in settings:
                diags.append(Diagnostic(v.file, v.line, f"{prog.id} has an exception citing a [U] source; "
                                        "declare the setting `apply_unverified` to gate it"))
    for prog in programs.values():
        for v in prog.versions:
            for f in analyse(prog, v, symbols, n_slots):
                diags.append(Diagnostic(f.file, f.line, f.message, f.severity))
    return order


def _has_unverified(nodes) -> bool:
    return any(n.unverified or _has_unverified(n.children) for n in nodes)

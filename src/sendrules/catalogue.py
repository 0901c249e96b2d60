"""The rulebook catalogue: every rule, finding, parameter and setting with its citations, once.

Result documents name a rule and its version and leave the citations here, so a caseload of
results does not repeat them. `sendrules rules --format json` prints this document.
"""

from __future__ import annotations

from typing import Any

from .compile.rulebook import CompiledRulebook
from .core.citations import citation_dict
from .core.ruleformat import expr_text

CATALOGUE_FORMAT = "sendrules.catalogue/1"


def catalogue(rb: CompiledRulebook) -> dict[str, Any]:
    inst = rb.instruments

    def cites(cs: Any) -> list[dict]:
        return [citation_dict(c, inst) for c in cs]

    rules = {}
    for rid, prog in sorted(rb.programs.items()):
        versions = []
        for v in prog.versions:
            r = v.rule
            ver: dict[str, Any] = {"valid_from": v.valid_from.isoformat(), "file": v.file, "line": v.line,
                                   "citations": cites(r.cite), "explain": r.explain.strip()}
            if v.valid_to is not None:
                ver["valid_to"] = v.valid_to.isoformat()
            if r.exceptions:
                ver["exceptions"] = [{"label": e.label, "when": expr_text(e.when), "citations": cites(e.cite),
                                      **({"exception_to": e.exception_to} if e.exception_to else {})}
                                     for e in r.exceptions]
            if r.kind == "duty":
                ver["holder"] = r.holder
                if r.notice is not None:
                    ver["notice_elements"] = [{"id": e.id, "description": e.description, "citations": cites(e.cite)}
                                              for e in r.notice.elements]
            versions.append(ver)
        latest = prog.latest.rule
        rules[rid] = {"kind": prog.kind, "scope": prog.scope, "description": latest.description.strip(),
                      "type": "duty" if prog.kind == "duty" else latest.type, "versions": versions}
    findings = {fid: {"scope": f.scope, "type": f.type, "question": f.question.strip(),
                      "informs": list(f.informs), "citations": cites(f.cite)}
                for fid, f in sorted(rb.findings.items())}
    parameters = {pid: {"unit": t.unit, "values": [
        {"from": e.start.isoformat(), "to": e.end.isoformat() if e.end else None, "value": e.value,
         "citations": cites(e.cite)} for e in t.entries]} for pid, t in sorted(rb.parameters.items())}
    settings = {sid: {"type": s.type, "default": s.default, "description": s.description.strip()}
                for sid, s in sorted(rb.settings.items())}
    return {"format": CATALOGUE_FORMAT, "rulebook_hash": rb.content_hash, "rules": rules, "findings": findings,
            "parameters": parameters, "settings": settings}

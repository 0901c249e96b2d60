"""Write a result document as canonical JSON piece by piece.

The largest case the schema allows has about 77,000 outcomes; with its explanation the document
is about 150 MB of JSON, and building it as one dict and then one string took over 1 GB. Here
each outcome and each explanation node is turned into JSON and written on its own, in the order
canonical JSON puts them (sorted keys), so the bytes are exactly those of
`canonical_json(result_dict(...))` (a test checks it) and memory holds one piece at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ..evaluate.evaluator import Evaluation
from .build import outcome_dict, shown, summary_dict
from .canonical import canonical_json
from .model import TRACE_FORMAT

Write = Callable[[str], Any]


def _key(name: str) -> str:
    return json.dumps(name, ensure_ascii=False) + ":"


def write_result(ev: Evaluation, write: Write, all_outcomes: bool = False,
                 nodes: Iterable[dict] | None = None) -> None:
    """Write one result document. `nodes` are the explanation's nodes (explain.trace.trace_nodes)
    when the caller asked for an explanation, produced one at a time."""
    doc = summary_dict(ev)
    keys = sorted([*doc, "outcomes", *(["explanation"] if nodes is not None else [])])
    write("{")
    for i, key in enumerate(keys):
        write(("," if i else "") + _key(key))
        if key == "outcomes":
            _write_outcomes(ev, write, all_outcomes)
        elif key == "explanation":
            _write_explanation(write, nodes or ())
        else:
            write(canonical_json(doc[key]))
    write("}")


def _write_outcomes(ev: Evaluation, write: Write, all_outcomes: bool) -> None:
    write("{")
    for i, o in enumerate(sorted(shown(ev, all_outcomes), key=lambda o: o.key)):
        write(("," if i else "") + _key(o.key) + canonical_json(outcome_dict(o)))
    write("}")


def _write_explanation(write: Write, nodes: Iterable[dict]) -> None:
    # the trace's two keys in canonical (sorted) order: format, then nodes
    write("{" + _key("format") + canonical_json(TRACE_FORMAT) + "," + _key("nodes") + "[")
    for i, node in enumerate(nodes):
        write(("," if i else "") + canonical_json(node))
    write("]}")

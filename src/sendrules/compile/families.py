"""Expand the uses of exception families into the exceptions they stand for.

A family (`exception_families:` in any rule file) is written once: the reg 5(4)/10(4) grounds,
the 2020 coronavirus relaxation. A rule lists `- family: NAME` (with `provision:` filling the
family's `{provision}` citations) and gets every exception of the family, each remembering where
it was written so errors point at the family's text and name the rule that used it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.ruleformat import FAMILY_INSTRUMENT, Citation, Exception_, ExceptionFamily, Rule, expr_text
from ..core.suggest import did_you_mean
from ..errors import Diagnostic
from ..load.loader import LoadedFile


@dataclass(frozen=True)
class Origin:
    """Where an exception of a rule is written: in the rule itself, or in a family it uses."""

    lf: LoadedFile
    loc: tuple              # the key path of the exception in lf's data
    note: str = ""          # for a family's exception: "(family X, used by rule R at file:line)"


def expand(rule: Rule, lf: LoadedFile, base: tuple,
           families: dict[str, tuple[ExceptionFamily, LoadedFile, tuple]],
           diags: list[Diagnostic]) -> tuple[list[Exception_], list[Origin]]:
    """A rule's exceptions with every family use replaced by the family's exceptions, and where
    each is written. Problems (an unknown family, a label used twice) are added to `diags`."""
    out: list[Exception_] = []
    origins: list[Origin] = []
    for j, e in enumerate(rule.exceptions):
        loc = base + ("exceptions", j)
        if e.family is None:
            out.append(e)
            origins.append(Origin(lf, loc))
            continue
        found = families.get(e.family)
        if found is None:
            diags.append(Diagnostic(lf.path, lf.line(*loc, "family"), f"no exception family {e.family!r}"
                                    + did_you_mean(e.family, families), key=_key(loc + ("family",))))
            continue
        family, flf, floc = found
        note = f" (family {family.id}, used by rule {rule.id} at {lf.path}:{lf.line(*loc)})"
        members = {m.label for m in family.exceptions}
        for name in sorted(set(e.with_) - set(family.parameters)):
            diags.append(Diagnostic(lf.path, lf.line(*loc, "with"), f"family {family.id!r} has no parameter {name!r}"
                                    + did_you_mean(name, family.parameters), key=_key(loc + ("with",))))
        for label in sorted(set(e.provisions) - members):
            diags.append(Diagnostic(lf.path, lf.line(*loc, "provisions"), f"family {family.id!r} has no exception "
                                    f"{label!r}" + did_you_mean(label, members), key=_key(loc + ("provisions",))))
        values = {**family.parameters, **e.with_}
        for k, m in enumerate(family.exceptions):
            here = Origin(flf, floc + ("exceptions", k), note)
            if m.label in e.provisions:
                cite = [_own(m.cite[0], e.provisions[m.label])] + list(m.cite[1:])
            else:
                cite = [_fill(c, e.provision) for c in m.cite]
                if e.provision is None and any("{provision}" in c.provision for c in cite):
                    diags.append(Diagnostic(lf.path, lf.line(*loc), f"family {family.id!r} cites `{{provision}}` for "
                                            f"{m.label!r}: say which provision applies it here (`provision:` or "
                                            "`provisions:`)", key=_key(loc)))
            cite = [_fill_instrument(c, e.instrument) for c in cite]
            if e.instrument is None and any(c.instrument == FAMILY_INSTRUMENT for c in cite):
                diags.append(Diagnostic(lf.path, lf.line(*loc), f"family {family.id!r} cites `{{instrument}}` for "
                                        f"{m.label!r}: say which instrument applies it here (`instrument:`)",
                                        key=_key(loc)))
                continue
            try:
                when = _substitute(m.when, values)
                if e.only_when is not None:
                    # the use's own condition first: where it is false the family's grounds are not read
                    when = f"({expr_text(e.only_when)}) and ({expr_text(when)})"
                value = _substitute(e.value if e.value is not None else m.value, values)
            except KeyError as exc:
                diags.append(Diagnostic(flf.path, flf.line(*here.loc, "when"), f"${exc.args[0]} is not a parameter "
                                        f"of family {family.id!r}" + note, key=_key(here.loc + ("when",))))
                continue
            out.append(Exception_(label=m.label, exception_to=e.exception_to, when=when, value=value,
                                  cite=cite + list(e.cite), explain=e.explain or m.explain))
            origins.append(here)
    labels = [e.label for e in out]
    for j, e in enumerate(out):
        o = origins[j]
        if labels.count(e.label) > 1 and labels.index(e.label) != j:
            diags.append(Diagnostic(o.lf.path, o.lf.line(*o.loc), f"{rule.id}: exception label {e.label!r} is used "
                                    "twice" + o.note, key=_key(o.loc)))
        if e.exception_to is not None and e.exception_to not in labels:
            diags.append(Diagnostic(o.lf.path, o.lf.line(*o.loc), f"{rule.id}: exception {e.label!r}: exception_to "
                                    f"{e.exception_to!r} names no exception of this rule" + o.note, key=_key(o.loc)))
    return out, origins


_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def _substitute(expr: Any, values: dict[str, Any]) -> Any:
    """A family expression with each `$name` replaced by the use's value (in brackets, so it keeps
    its meaning inside the expression)."""
    if not isinstance(expr, str) or "$" not in expr:
        return expr
    return _PARAM.sub(lambda m: f"({expr_text(values[m.group(1)])})", expr)


def _own(c: Citation, provision: str) -> Citation:
    """The family's citation moved to the provision this rule's law gives the exception (its quote
    or paraphrase belongs to the family's wording, so it is not carried over)."""
    return c.model_copy(update={"provision": provision, "quote": None, "paraphrase": None})


def _fill(c: Citation, provision: str | None) -> Citation:
    if provision is None or "{provision}" not in c.provision:
        return c
    return c.model_copy(update={"provision": c.provision.replace("{provision}", provision)})


def _fill_instrument(c: Citation, instrument: str | None) -> Citation:
    if instrument is None or c.instrument != FAMILY_INSTRUMENT:
        return c
    return c.model_copy(update={"instrument": instrument})


def _key(loc: tuple) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")

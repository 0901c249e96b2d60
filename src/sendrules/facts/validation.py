"""Validate raw input into models; errors name the path and the rule broken, never the value."""

from __future__ import annotations

import datetime as dt
import re
import types as _types
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..core.ruleformat import Finding
from ..core.suggest import did_you_mean
from ..errors import InputError
from . import migrate
from .scopes import BY_NAME, Scope, children, record_id, records, root_of, walk_records

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")

# pydantic messages that may quote the input are replaced by these.
_SAFE = {
    "extra_forbidden": "unexpected key",
    "missing": "required field is missing",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
    "date_parsing": "must be a date written YYYY-MM-DD",
    "date_type": "must be a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date without a time",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "string_pattern_mismatch": "must be letters, digits and . _ : - (at most 64), starting with a letter or digit",
    "string_too_long": "is too long",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "too_short": "has too few items",
    "too_long": "has too many items",
}


def _path(loc: tuple) -> str:
    out = ""
    for p in loc:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            # Keys the caller chose (e.g. finding names) are shown only when they look like identifiers.
            shown = p if _IDENT.match(str(p)) else "<key>"
            out += ("." if out else "") + shown
    return out or "<root>"


def _field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        sub = _inner_model(info.annotation)
        if sub is not None:
            names |= _field_names(sub, seen)
    return names


def _model_at(model: type[BaseModel], keys: list[str]) -> type[BaseModel] | None:
    """The model found by following field names (list indexes left out) from `model`."""
    for key in keys:
        info = model.model_fields.get(key)
        if info is None:
            return None
        nxt = _inner_model(info.annotation)
        if nxt is None:
            return None
        model = nxt
    return model


def _inner_model(ann: Any) -> type[BaseModel] | None:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    if get_origin(ann) in (Union, _types.UnionType, list):
        for arg in get_args(ann):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


# Every key a case or area file may hold: a key outside it is shown in a message only when it
# is close to one of these (it could be anything, a child's name included).
FIELD_NAMES: frozenset[str] = frozenset(_field_names(BY_NAME["case"].model) | _field_names(BY_NAME["area"].model))


def safe_messages(exc: ValidationError, model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in
                    {"bool", "str", "date", "int", "float", "function-after", "literal"})))
        path = (prefix + "." if prefix else "") + _path(loc)
        kind = err["type"]
        if kind == "literal_error":
            msg = f"must be one of {err.get('ctx', {}).get('expected', '')}"
        elif kind == "value_error":
            msg = str(err.get("ctx", {}).get("error", "is not valid"))
        else:
            msg = _SAFE.get(kind, "is not valid")
        if kind == "extra_forbidden" and loc and isinstance(loc[-1], str) and _IDENT.match(loc[-1]):
            parent = _model_at(model, [p for p in loc[:-1] if isinstance(p, str)])
            renamed = migrate.TABLES.get(parent.__name__.lower(), {}).get(loc[-1]) if parent is not None else None
            if renamed is not None:
                msg += f" (a schema 1.0 name: in 2.0 it is `{renamed}`)"
            elif parent is not None:
                msg += did_you_mean(loc[-1], list(parent.model_fields))
        out.append(f"{path}: {msg}")
    return sorted(set(out))


def validate_subject(root: str, data: Any) -> tuple[BaseModel, tuple[str, ...]]:
    """The model of a case file (root "case") or an area file (root "area"), and any notices
    (a schema 1.0 case is upgraded). Raises InputError naming paths only, never values."""
    scope = BY_NAME[root]
    model = scope.model
    if isinstance(data, model):
        # a model built by the caller passed pydantic's checks but not this one: ids key the outcomes
        _check_unique_ids(root, data)
        return data, ()
    what = "a case" if root == "case" else "an area file"
    if not isinstance(data, dict):
        raise InputError([f"<root>: {what} must be a JSON object"])
    notices: tuple[str, ...] = ()
    if root == "case" and data.get("schema_version") == migrate.FROM_VERSION:
        data = migrate.upgrade_case(data)
        notices = (migrate.NOTICE,)
    try:
        subject = model.model_validate(data)
    except ValidationError as exc:
        problems = safe_messages(exc, model)
        if notices:
            problems.append("(the file uses case schema 1.0 and was upgraded to 2.0 before it was checked, so "
                            "the paths above are 2.0 paths; docs/case-format.md maps every 1.0 field)")
        raise InputError(problems) from None
    except (RecursionError, OverflowError):
        raise InputError(["<root>: input is nested too deeply or holds a number out of range"]) from None
    _check_unique_ids(root, subject)
    return subject, notices


def _lists_unique(scope: Scope, record: Any) -> bool:
    """Whether every list of records under `record` has distinct ids (the check's quick path: no
    JSON paths are built unless some list fails)."""
    for child in children(scope.name):
        recs = records(child, record)
        if not recs:
            continue
        ids = {record_id(child, rec, index) for index, rec in enumerate(recs)}
        if len(ids) != len(recs):
            return False
        for rec in recs:
            if not _lists_unique(child, rec):
                return False
    return True


def _any_findings(scope: Scope, record: Any) -> bool:
    """Whether any record under (and including) `record` gives findings."""
    if record.findings:
        return True
    for child in children(scope.name):
        for rec in records(child, record):
            if _any_findings(child, rec):
                return True
    return False


def _check_unique_ids(root: str, subject: BaseModel) -> None:
    """Record ids key the outcomes, so within one list they must differ (a positional id such as
    A2 counts for a record without one)."""
    if _lists_unique(BY_NAME[root], subject):
        return
    problems = []
    for scope, _ids, path, record in walk_records(root, subject):
        for child in children(scope.name):
            seen: set[str] = set()
            for index, rec in enumerate(records(child, record)):
                rid = record_id(child, rec, index)
                if rid in seen:
                    where = (path + "." if path else "") + child.list_path
                    problems.append(f"{where}[{index}].{child.id_field}: {child.id_field} values must be unique "
                                    f"within the list (a record without one is numbered by its position)")
                seen.add(rid)
    if problems:
        raise InputError(problems)


def check_lifetime(root: str, subject: BaseModel, as_at: dt.date) -> None:
    """A case is about a person who is born: the as-at date, and every date recorded about the
    person's requests (and statement, and findings), must be on or after the date of birth.

    An unborn child is not yet a person in English law, so no duty under Part 3 can be owed to
    or about them, and a record saying otherwise is impossible: it is refused as invalid input
    (docs/adr/0017), never evaluated into a `met` duty or a `child` age group."""
    if root != "case":
        return
    born = subject.person.birth_date
    if born is None:
        return
    problems = []
    if as_at < born:
        problems.append("as_at: is before person.birth_date (no duty is owed about a person not yet born; "
                        "evaluate at a date on or after the date of birth)")
    # the common case (no date before birth) is found on pydantic's own dump, without a path for
    # every field; only a case that has one is walked again to name each date
    dump = subject.model_dump(include={"findings": True, "requests": True, "person": {"statement"}},
                              exclude_none=True)
    if not _any_before(dump, born):
        _lifetime_problems(problems)
        return
    where = [("findings", subject.findings), ("person.statement", subject.person.statement)]
    where += [(f"requests[{i}]", r) for i, r in enumerate(subject.requests)]
    for path, record in where:
        for at, when in _dates(record, path):
            if when < born:
                problems.append(f"{at}: is before person.birth_date (a record about the person cannot "
                                "come before their birth)")
    _lifetime_problems(problems)


def _lifetime_problems(problems: list[str]) -> None:
    if problems:
        raise InputError(sorted(problems))


def _any_before(value: Any, born: dt.date) -> bool:
    """Whether any date inside a dumped record (dicts, lists and tuples) is before `born`.
    A loop over a stack, not recursion: every evaluation asks it of the whole case."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif isinstance(item, dt.date) and item < born:
            return True
    return False


def _dates(value: Any, path: str) -> Iterator[tuple[str, dt.date]]:
    """Every date inside a record (its sub-records, lists and findings too), with its path."""
    if isinstance(value, dt.date):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            field = getattr(value, name)
            if field is not None and field != [] and field != {}:
                yield from _dates(field, f"{path}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _dates(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _dates(item, f"{path}.{_path((key,))}")


def check_findings(declared: dict[str, Finding], root: str, subject: BaseModel) -> None:
    """Every finding given is declared, in the right place, and of the right type."""
    if not _any_findings(BY_NAME[root], subject):
        return
    problems = []
    for scope, _ids, path, record in walk_records(root, subject):
        where = (path + "." if path else "") + "findings"
        problems.extend(_finding_problems(declared, where, scope.name, record.findings))
    if problems:
        raise InputError(problems)


def _belongs(scope: str) -> str:
    """Where the findings of a scope are written, for messages (e.g. `requests[].findings`)."""
    s = BY_NAME[scope]
    if s.parent is None:
        return f"the top-level `findings` of {'an area file' if scope == 'area' else 'a case file'}"
    chain = []
    while s.parent is not None:
        chain.append(s.list_path + "[]")
        s = BY_NAME[s.parent]
    return "`" + ".".join(reversed(chain)) + ".findings`"


def _finding_problems(declared: dict[str, Finding], path: str, scope: str, given: dict) -> list[str]:
    """What is wrong with the findings given in one place: undeclared, misplaced or mistyped."""
    problems = []
    for name, rec in sorted(given.items()):
        f = declared.get(name)
        if f is None:
            shown = name if name.isidentifier() and len(name) <= 60 else "<key>"
            problems.append(f"{path}.{shown}: no such finding" + did_you_mean(name, declared))
            continue
        if f.scope not in BY_NAME:
            continue  # the rulebook reports a finding of an unknown scope
        if root_of(f.scope) != root_of(scope):
            problems.append(f"{path}.{name}: this finding belongs in " + (
                "an area file's `findings` (an area finding is not about a case)" if root_of(f.scope) == "area"
                else f"a case file ({_belongs(f.scope)}), not an area file"))
        elif f.scope != scope:
            problems.append(f"{path}.{name}: this finding belongs in {_belongs(f.scope)}")
        if f.type == "bool" and not isinstance(rec.value, bool):
            problems.append(f"{path}.{name}.value: must be true or false")
        if f.type == "enum" and rec.value not in (f.values or []):
            problems.append(f"{path}.{name}.value: must be one of {f.values}")
    return problems


def is_area_document(data: Any) -> bool:
    """An area file names an area_id and no case_id."""
    return isinstance(data, dict) and "area_id" in data and "case_id" not in data

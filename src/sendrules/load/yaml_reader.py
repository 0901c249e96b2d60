"""Safe YAML reading that remembers the line of every key, so errors can point at it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..core.files import ReadProblem, read_text
from ..errors import Diagnostic

MAX_FILE_BYTES = 2_000_000


class LocatedDict(dict):
    """A dict that also knows the 1-based line of each key and of itself."""

    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list):
    line: int = 0
    item_lines: list[int]


class _Located:
    """Construction shared by both loaders: line numbers kept, duplicate keys refused, and a value
    YAML's own constructors choke on reported at its line."""

    def construct_object(self, node, deep=False):  # type: ignore[no-untyped-def]
        # PyYAML's scalar constructors raise plain Python errors on values the resolver let
        # through: an impossible date (2024-02-30, or !!timestamp 2024-02-30), an integer of
        # more than 4,300 digits, `!!float abc`. Each becomes a YAML error at the value's line.
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(None, None, _scalar_problem(node, exc), node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LocatedDict:
        # PyYAML silently keeps the last of two equal keys; in a rule file that would hide a
        # mistake, so a duplicate is an error.
        self.flatten_mapping(node)  # type: ignore[attr-defined]
        out = LocatedDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            out[key] = self.construct_object(value_node, deep=True)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LocatedList:
        out = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        out.line = node.start_mark.line + 1
        out.item_lines = [child.start_mark.line + 1 for child in node.value]
        return out


_NO_ALIASES = "anchors and aliases (*name) are not allowed"


class _Loader(_Located, yaml.SafeLoader):
    """The pure-Python loader (used where PyYAML was built without libyaml)."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        # Rule files are untrusted: anchors and aliases allow recursive or exponentially large
        # structures ("billion laughs"), and no rule file needs them.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, _NO_ALIASES, event.start_mark)
        return super().compose_node(parent, index)


class _CLoader(_Located, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml parses and composes (about ten times faster); construction is the same Python code.
    libyaml resolves an alias to the node of its anchor, so an alias shows as a node reached twice:
    that is refused before anything is constructed (the node graph itself is only as large as the text)."""

    def get_single_node(self):  # type: ignore[no-untyped-def]
        node = super().get_single_node()
        if node is not None:
            _refuse_shared_nodes(node)
        return node


if not yaml.__with_libyaml__:
    _CLoader = _Loader  # type: ignore[misc,assignment]  # noqa: F811 - PyYAML built without libyaml


def _refuse_shared_nodes(root: yaml.Node) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.composer.ComposerError(None, None, _NO_ALIASES, node.start_mark)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _scalar_problem(node: yaml.Node, exc: Exception) -> str:
    """What is wrong with a value YAML could not construct, without quoting it."""
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "timestamp":
        return "not a real date (dates are written YYYY-MM-DD: the month 01-12, the day within the month)"
    if tag == "int" and "digits" in str(exc):
        return "an integer with more digits than Python converts (4,300); no rule needs one"
    return f"cannot be read as {tag}"


# YAML 1.1 reads on/off/yes/no as booleans, so `on: 2026-02-10` (a finding's date) would become
# the key True. Only true/false are booleans here (as in YAML 1.2).
for _cls in dict.fromkeys((_Loader, _CLoader)):
    _cls.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _cls.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                               list("tTfF"))
    _cls.add_constructor("tag:yaml.org,2002:map", _cls.construct_mapping)
    _cls.add_constructor("tag:yaml.org,2002:seq", _cls.construct_sequence)


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, list[Diagnostic]]:
    """Read one YAML file safely. Returns (data, diagnostics); data is None on error.

    Only a regular file is opened (a FIFO would block, /dev/zero never ends) and at most
    MAX_FILE_BYTES are read; a byte that is not UTF-8 is reported with its line."""
    name = display or str(path)
    try:
        text = read_text(path, MAX_FILE_BYTES)
    except ReadProblem as exc:
        return None, [Diagnostic(name, exc.line, exc.message)]
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str, fast: bool = True) -> tuple[Any, list[Diagnostic]]:
    """Parse YAML text with the located safe loader. `fast` uses libyaml's parser where installed;
    a file it refuses is read again by the pure-Python parser, whose messages are the documented
    ones (libyaml words its errors differently), so only valid files take the fast path."""
    if fast and _CLoader is not _Loader:
        try:
            return yaml.load(text, Loader=_CLoader), []  # noqa: S506 - a SafeLoader
        except (yaml.YAMLError, RecursionError):
            pass
    try:
        return yaml.load(text, Loader=_Loader), []  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        return None, [Diagnostic(name, line, f"YAML error: {problem}")]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(name, None, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Diagnostic(name, None, "YAML error: nested too deeply")]


def line_of(data: Any, path: tuple[Any, ...]) -> int | None:
    """Best line for a pydantic error location inside located YAML data."""
    best = getattr(data, "line", None)
    node = data
    for part in path:
        if isinstance(node, LocatedDict) and isinstance(part, str):
            if part not in node:
                break
            best = node.key_lines[part]
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and 0 <= part < len(node):
            best = node.item_lines[part]
            node = node[part]
        else:
            break
    return best

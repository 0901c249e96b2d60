"""Load stage: rule files on disk to validated models, with located diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic
from ..core import ruleformat as models
from ..core.suggest import did_you_mean
from .yaml_reader import LocatedDict, line_of, read_yaml

MAX_RULE_FILES = 500


@dataclass
class LoadedFile:
    """One rule file: its display path, parsed model and located raw data."""

    path: str
    model: models.RuleFile
    data: Any
    rel: str = ""   # the path inside the rules folder (what the rulebook hash covers)

    def line(self, *loc: Any) -> int | None:
        return line_of(self.data, tuple(loc))


@dataclass
class LoadResult:
    files: list[LoadedFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def all_field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    seen = seen or set()
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
        ann = info.annotation
        for sub in _models_in(ann):
            names |= all_field_names(sub, seen)
    return names


def _models_in(ann: Any) -> list[type[BaseModel]]:
    out = []
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        out.append(ann)
    for arg in getattr(ann, "__args__", ()) or ():
        out.extend(_models_in(arg))
    origin = getattr(ann, "__origin__", None)
    if origin is not None and isinstance(origin, type) and issubclass(origin, BaseModel):
        out.append(origin)
    return out


_KNOWN_KEYS = all_field_names(models.RuleFile)


def validation_diagnostics(exc: ValidationError, data: Any, display: str,
                           known_keys: set[str] | None = None) -> list[Diagnostic]:
    """Translate pydantic errors into file:line diagnostics with suggestions (from `known_keys`,
    by default the keys of the rule-file format)."""
    out = []
    for err in exc.errors():
        # pydantic adds union members and validators to the location ('str', 'function-after[...]');
        # keep only real keys and indexes so the line lookup follows the file.
        loc = tuple(p for p in err["loc"] if isinstance(p, int) or _is_key(p))
        where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
        msg = err["msg"]
        if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            msg = f"unknown key {loc[-1]!r}" + did_you_mean(loc[-1], known_keys or _KNOWN_KEYS)
        elif err["type"] == "missing":
            msg = "required key is missing"
        elif err["type"] == "literal_error":
            msg = f"must be one of {err.get('ctx', {}).get('expected', '')}"
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        out.append(Diagnostic(display, line_of(data, loc), msg, key=where or None))
    return out


_UNION_MEMBERS = {"str", "bool", "int", "float", "date", "list[Citation]"}


def _is_key(part: str) -> bool:
    return part not in _UNION_MEMBERS and "[" not in part and "(" not in part


def rules_dir_default() -> Path:
    """The bundled rules: inside the installed package, or the repository's rules/ folder."""
    packaged = resources.files("sendrules") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "rules"


def rule_files(root: Path) -> list[Path]:
    """Every rule file under root, in a fixed order; scenario files are not rules."""
    return sorted(
        p for p in root.rglob("*.yaml") if "scenarios" not in p.relative_to(root).parts
    )


def load_rules(root: Path | None = None) -> LoadResult:
    """Read and validate every rule file under root (default: the bundled rules)."""
    root = root or rules_dir_default()
    result = LoadResult()
    if not root.is_dir():
        result.diagnostics.append(Diagnostic(str(root), None, "rules folder not found"))
        return result
    paths = rule_files(root)
    if not paths:
        result.diagnostics.append(Diagnostic(str(root), None, "no rule files (*.yaml) found"))
    if len(paths) > MAX_RULE_FILES:
        result.diagnostics.append(Diagnostic(str(root), None, f"more than {MAX_RULE_FILES} rule files"))
        return result
    for path in paths:
        display = path.relative_to(root.parent).as_posix() if root.parent in path.parents else str(path)
        data, diags = read_yaml(path, display)
        result.diagnostics.extend(diags)
        if diags:
            continue
        if not isinstance(data, LocatedDict):
            result.diagnostics.append(Diagnostic(display, 1, "a rule file must be a mapping with `format:` and `rules:`"))
            continue
        try:
            model = models.RuleFile.model_validate(data)
        except ValidationError as exc:
            result.diagnostics.extend(validation_diagnostics(exc, data, display))
            continue
        result.files.append(LoadedFile(display, model, data, path.relative_to(root).as_posix()))
    return result

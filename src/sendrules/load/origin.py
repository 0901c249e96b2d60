"""Which rules folder is in use, said plainly.

After a non-editable install (`pip install .`) the law in use is the copy inside the installed
package, so editing `rules/*.yaml` in the checkout changes nothing, silently. The commands that
load the rules say which folder they loaded and, when run inside a sendrules checkout whose
`rules/` differs from the installed copy in use, say that too.
"""

from __future__ import annotations

from pathlib import Path

from ..core.files import ReadProblem, read_bytes
from .loader import rule_files, rules_dir_default
from .yaml_reader import MAX_FILE_BYTES


def rules_in_use(given: Path | None) -> tuple[Path, str]:
    """The folder the rules are loaded from, and how it was chosen (for messages)."""
    if given is not None:
        return given, "given with --rules"
    return rules_dir_default(), "the bundled law"


def checkout_rules(start: Path) -> Path | None:
    """The `rules/` folder of the sendrules checkout that `start` is in, if it is in one."""
    for folder in (start, *start.parents):
        project = folder / "pyproject.toml"
        if (folder / "rules").is_dir() and project.is_file():
            try:
                text = project.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
            return folder / "rules" if 'name = "sendrules"' in text else None
    return None


def _contents(root: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for path in rule_files(root):
        try:
            out[path.relative_to(root).as_posix()] = read_bytes(path, MAX_FILE_BYTES)
        except ReadProblem:
            out[path.relative_to(root).as_posix()] = None
    return out


def stale_checkout_note(in_use: Path, given: Path | None, cwd: Path) -> str | None:
    """A note when the bundled law is in use but the checkout around `cwd` has different rules."""
    if given is not None:
        return None
    local = checkout_rules(cwd.resolve())
    if local is None or local.resolve() == in_use.resolve():
        return None
    if _contents(local) == _contents(in_use):
        return None
    return (f"this checkout's {local} differs from the installed rules in use ({in_use}): edits there have no "
            f"effect until you pass --rules {local} or reinstall (pip install -e . keeps them in step)")

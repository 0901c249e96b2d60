"""An on-disk cache of the loaded rule files and the working-day calendar, so that a new process
(every CLI call) compiles the rulebook without parsing YAML, validating models or importing the
`holidays` package.

What is cached is the output of the load stage (the validated rule files with their line
numbers) and the calendar; compiling from them is the same code as always, and the compiled
rulebook keeps the same content hash, checks and warnings. The key is a SHA-256 over:
  - every rule file's path inside the folder and its exact bytes (any edit is a miss),
  - the source of this package's own modules (a loader or model change is a miss, even
    in a development checkout whose version number did not move), the package version,
  - the Python version and the versions of the dependencies (`holidays` decides the calendar).
So the cache can never hand back law other than what the files now say. An entry is written
only for a folder whose files all loaded without a diagnostic; a damaged, unreadable or
foreign entry is ignored (and rewritten). The folder is made private to the user (0700):
entries are pickles, which only the user who wrote them should be able to plant.

`SENDRULES_CACHE_DIR` chooses the folder (default: $XDG_CACHE_HOME/sendrules, else
~/.cache/sendrules); `SENDRULES_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from ..calendar.working_days import WorkingDayCalendar, england_calendar
from ..core.versions import installed_versions
from ..core.files import ReadProblem, read_bytes
from ..load.loader import MAX_RULE_FILES, LoadResult, load_rules, rule_files
from ..load.yaml_reader import MAX_FILE_BYTES

CACHE_FORMAT = "sendrules.compile-cache/1"
MAX_ENTRY_BYTES = 64_000_000
MAX_ENTRIES = 16   # older entries (other folders, earlier edits) are removed beyond this
_PACKAGE = Path(__file__).resolve().parents[1]
_code_hash: str | None = None


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if os.environ.get("SENDRULES_NO_CACHE", "") not in ("", "0"):
        return None
    given = os.environ.get("SENDRULES_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sendrules"


def code_hash() -> str:
    """SHA-256 of this package's Python source (read once per process)."""
    global _code_hash
    if _code_hash is None:
        h = hashlib.sha256()
        for path in sorted(_PACKAGE.rglob("*.py")):
            h.update(path.relative_to(_PACKAGE).as_posix().encode())
            h.update(path.read_bytes())
        _code_hash = h.hexdigest()
    return _code_hash


def cache_key(root: Path) -> str | None:
    """The key of a rules folder as it is now; None if a file cannot be read (no caching then:
    the loader reports the problem)."""
    h = hashlib.sha256(CACHE_FORMAT.encode())
    h.update(f"python {sys.version}".encode())
    for dist, version in installed_versions():
        h.update(f"{dist} {version}\n".encode())
    h.update(code_hash().encode())
    paths = rule_files(root)
    if len(paths) > MAX_RULE_FILES:
        return None  # the loader refuses the folder; nothing to cache
    try:
        for path in paths:
            h.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
            # the loader's own reader: regular files only (a FIFO would block), within its size limit
            h.update(read_bytes(path, MAX_FILE_BYTES))
    except (OSError, ReadProblem):
        return None
    return h.hexdigest()


def cached_load(root: Path) -> tuple[LoadResult, WorkingDayCalendar]:
    """The loaded rule files and the calendar: from the cache when its key matches, else loaded
    (and cached when the files loaded cleanly)."""
    folder = cache_dir()
    key = cache_key(root) if folder is not None and root.is_dir() else None
    if key is None or folder is None:
        return load_rules(root), england_calendar()
    entry = folder / f"{key}.pickle"
    found = _read(entry, key) if _private(folder) else None
    if found is not None:
        return found
    loaded, calendar = load_rules(root), england_calendar()
    if not loaded.diagnostics:
        _write(folder, entry, key, loaded, calendar)
    return loaded, calendar


def _private(folder: Path) -> bool:
    """Entries are read only from a folder this user owns that no one else may write to: a pickle
    planted by another user would run their code."""
    try:
        st = folder.stat()
    except OSError:
        return False
    if os.name == "nt":
        return True  # no owner ids or mode bits here; the profile folder is the user's own
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _read(entry: Path, key: str) -> tuple[LoadResult, WorkingDayCalendar] | None:
    try:
        if entry.stat().st_size > MAX_ENTRY_BYTES:
            return None
        with entry.open("rb") as f:
            payload = pickle.load(f)  # noqa: S301 - a file this user wrote in a 0700 folder, checked below
    except Exception:  # noqa: BLE001 - any damaged entry is only a miss
        return None
    if not (isinstance(payload, tuple) and len(payload) == 4 and payload[0] == CACHE_FORMAT and payload[1] == key
            and isinstance(payload[2], LoadResult) and isinstance(payload[3], WorkingDayCalendar)):
        return None
    return payload[2], payload[3]


def _write(folder: Path, entry: Path, key: str, loaded: LoadResult, calendar: WorkingDayCalendar) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((CACHE_FORMAT, key, loaded, calendar), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)  # atomic: a reader sees the whole entry or none
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[MAX_ENTRIES:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a cache that cannot be written is only slower

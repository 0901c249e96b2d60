"""Run the real `sendrules` command in a child process (for defects that live in the CLI:
exit codes, streams, encodings, standard input, files that are not regular files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def sendrules(*args: Any, stdin: bytes | None = None, env: dict[str, str] | None = None,
              timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m sendrules.cli ARGS` with its output captured as bytes; a hang fails the test."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "sendrules.cli", *map(str, args)], input=stdin,
                          capture_output=True, timeout=timeout, env=full_env, cwd=cwd or REPO)


def error_doc(proc: subprocess.CompletedProcess) -> dict:
    """The JSON error document a `--format json` run printed."""
    return json.loads(proc.stdout.decode("utf-8"))["error"]

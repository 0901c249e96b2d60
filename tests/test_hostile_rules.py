"""Rule folders someone else wrote: every problem is a diagnostic with its file (and line), exit 3,
never an internal error or a hang (issue 12)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import sendrules
from casebuilders import FIXTURE_RULES
from subprocess_cli import sendrules as run

MINIMAL = FIXTURE_RULES / "good" / "minimal"


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(MINIMAL, root)
    return root


def _with_line(root: Path, old: str, new: str) -> int:
    """Replace the first `old` in rules.yaml with `new`; the 1-based line it is on."""
    path = root / "rules.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def _diagnostics(root: Path) -> list[str]:
    rb, diags = sendrules.check_rules(root)
    assert rb is None
    return [d.render() for d in diags]


@pytest.mark.parametrize("value,message", [
    ("2024-02-30", "YAML error: not a real date"),
    ("!!timestamp 2024-02-30", "YAML error: not a real date"),
    ("1" + "0" * 5000, "YAML error: an integer with more digits than Python converts"),
    ("!!float abc", "YAML error: cannot be read as float"),
    ("!!int abc", "YAML error: cannot be read as int"),
])
def test_a_value_yaml_cannot_construct_is_a_diagnostic_at_its_line(tmp_path, value, message):
    root = _folder(tmp_path)
    line = _with_line(root, "valid_from: 2014-09-01", f"valid_from: {value}")
    (diag,) = _diagnostics(root)
    assert diag.startswith(f"rules/rules.yaml:{line}: error: {message}")
    assert "0000000000" not in diag


def test_a_byte_that_is_not_utf8_is_a_diagnostic_with_its_line(tmp_path):
    root = _folder(tmp_path)
    with open(root / "rules.yaml", "ab") as f:
        f.write(b"# caf\xe9\n")
    lines = (root / "rules.yaml").read_bytes().count(b"\n")
    assert _diagnostics(root) == [f"rules/rules.yaml:{lines}: error: is not UTF-8 text (a byte that is not UTF-8 "
                                  f"on line {lines})"]


def test_a_folder_named_like_a_rule_file_is_a_diagnostic(tmp_path):
    root = _folder(tmp_path)
    (root / "x.yaml").mkdir()
    assert _diagnostics(root) == ["rules/x.yaml: error: is a folder, not a file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_a_rules_folder_does_not_hang_check(tmp_path):
    root = _folder(tmp_path)
    os.mkfifo(root / "zz.yaml")
    proc = run("--rules", root, "check", timeout=60)
    assert proc.returncode == 3
    assert b"rules/zz.yaml: error: is not a regular file" in proc.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_unread(tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    root = _folder(tmp_path)
    (root / "zz.yaml").symlink_to(device)
    assert _diagnostics(root) == ["rules/zz.yaml: error: is not a regular file (a device, FIFO or socket is refused: "
                                  "its end is not known)"]

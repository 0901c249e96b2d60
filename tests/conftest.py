"""Shared fixtures: the bundled rulebook is compiled once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import sendrules

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def rulebook():
    return sendrules.load_rulebook(ROOT / "rules")

"""A real headless browser for the tests: Playwright driving Debian's chromium package.

Nothing is downloaded at run time: Playwright is told to use the system's chromium
(`/usr/bin/chromium`, `apt-get install chromium`; `SENDRULES_CHROMIUM` names another binary).
Where it is missing the browser tests are skipped with the reason, except under CI (the `CI`
environment variable set), where `.ci/run` installs it and a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    """The chromium binary to drive, or None when the machine has none."""
    named = os.environ.get("SENDRULES_CHROMIUM")
    if named:
        return named if os.path.exists(named) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The chromium path; skip (or fail under CI) when there is none."""
    path = chromium_path()
    if path is None:
        reason = "no chromium on this machine: `apt-get install chromium` (the README's development section)"
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run under CI: {reason}")
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is missing: install the test extra")
        pytest.skip("playwright is missing: pip install -e '.[test]'")
    return path


@contextmanager
def chromium_page(width: int = 1366, height: int = 900) -> Iterator["object"]:
    """A fresh page in headless chromium (a laptop-sized viewport); closed afterwards."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()

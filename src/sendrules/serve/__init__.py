"""`sendrules serve`: the HTTP service (FastAPI, uvicorn) and the explorer page; the `serve` extra."""

from __future__ import annotations

INSTALL_HINT = 'pip install "sendrules[serve]"'


def available() -> bool:
    """True when FastAPI and uvicorn are installed (the `serve` extra)."""
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return False
    return True

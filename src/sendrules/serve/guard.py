"""The outermost layer of the service (plain ASGI): authentication, the declared body size, the
access log and the security headers.

The access log holds the method, the path without its query string, the status and the time
taken: never a body, a header or a query string, which could carry case data or the token.
A refused token gets 401 and no detail (nothing says whether a token was missing or wrong).
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from typing import Any

from .limits import Limits

log = logging.getLogger("sendrules.serve.access")

PROTECTED = "/v1/"
# The explorer loads nothing from elsewhere: its scripts, styles and data all come from this service.
HEADERS = [(b"content-security-policy", b"default-src 'self'; img-src 'self' data:; object-src 'none'; "
            b"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"cache-control", b"no-store")]


def configure_access_log() -> None:
    """Access lines to standard error (for `sendrules serve` and each of its worker processes)."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s access %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


class Guard:
    """ASGI middleware: `Guard(app, token=..., limits=...)`."""

    def __init__(self, app: Any, token: str | None, limits: Limits) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode("utf-8") if token else None
        self.limits = limits

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [0]

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = dict(message, headers=[*message.get("headers", []), *HEADERS])
            await send(message)

        path = scope.get("path", "")
        try:
            if self.expected is not None and path.startswith(PROTECTED) and not self._authorised(scope):
                await _reply(send_with_headers, 401, {"error": {"kind": "unauthorized"}},
                             [(b"www-authenticate", b"Bearer")])
            elif self._declared_size(scope) > self.limits.max_body_bytes:
                await _reply(send_with_headers, 413, {"error": {"kind": "too_large", "problems": [
                    f"<body>: larger than {self.limits.max_body_bytes} bytes (the service's limit)"]}})
            else:
                await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - a bug: answer 500 and log its type only
            # uvicorn would log the traceback, whose message may hold a value from the case
            log.error("internal error %s on %s %s", type(exc).__name__, scope.get("method", "-"), path)
            if not status[0]:
                await _reply(send_with_headers, 500, {"error": {"kind": "internal_error", "problems": [
                    f"{type(exc).__name__} (please report; no case data is shown)"]}})
        finally:
            log.info("%s %s %d %.1fms", scope.get("method", "-"), path, status[0],
                     (time.perf_counter() - started) * 1000)

    def _authorised(self, scope: dict) -> bool:
        given = [v for k, v in scope.get("headers", []) if k == b"authorization"]
        # compare_digest: the time taken says nothing about how much of the token was right
        return len(given) == 1 and hmac.compare_digest(given[0], self.expected or b"")

    @staticmethod
    def _declared_size(scope: dict) -> int:
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    return int(v)
                except ValueError:
                    return 0  # the server refuses a malformed length itself
        return 0


async def _reply(send: Any, status: int, body: dict, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": data})

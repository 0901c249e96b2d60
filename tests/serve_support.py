"""A real uvicorn server on a free loopback port, in a thread, and a plain HTTP client (urllib).

The tests talk to the service over a real socket, as a council system would, not through a
test client that skips the server, its parsing of HTTP and its streaming.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

try:
    import fastapi  # noqa: F401
    import uvicorn
except ImportError:
    # the README's test command installs the extra; under CI its absence is a failure, not a skip
    if os.environ.get("CI"):
        raise
    pytest.skip("the serve extra is not installed: pip install -e '.[serve]'", allow_module_level=True)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@contextmanager
def running(app: Any) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 at a free port; yields the base URL; stops the server afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def call(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None,
         raw: bytes | None = None, timeout: float = 60) -> Reply:
    """One request; `body` is sent as JSON, `raw` as it is. Never raises for an HTTP error status."""
    data = raw if raw is not None else (json.dumps(body).encode("utf-8") if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None and "Content-Type" not in (headers or {}):
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Reply(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())


def call_chunked(url: str, chunks: Iterator[bytes], headers: dict[str, str] | None = None) -> Reply:
    """A POST with a chunked body (no Content-Length): the size limit must hold as bytes arrive."""
    host, _, rest = url.removeprefix("http://").partition("/")
    name, port = host.split(":")
    conn = http.client.HTTPConnection(name, int(port), timeout=60)
    try:
        conn.request("POST", "/" + rest, body=chunks, headers={"Content-Type": "application/json", **(headers or {})},
                     encode_chunked=True)
        resp = conn.getresponse()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    except (BrokenPipeError, ConnectionResetError):
        # the server answered and closed while the body was still being sent: read what it said
        resp = conn.getresponse()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()

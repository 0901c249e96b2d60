"""`sendrules serve`: the HTTP service and the explorer page (docs/service.md)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

from ..api import check_rules
from ..console import EXIT_OK
from ..errors import InputError, RulebookError


def add_parser(sub: argparse._SubParsersAction) -> None:
    sv = sub.add_parser("serve", help="the HTTP service (OpenAPI at /openapi.json) and the explorer page at / "
                                      "(needs sendrules[serve])")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--token-file", type=Path, default=None, metavar="FILE",
                    help="a file holding the bearer token every /v1 request must carry (at least 16 characters)")
    sv.add_argument("--workers", type=int, default=1, metavar="N",
                    help="processes, each with its own compiled rulebook (default 1; docs/adr/0020 on sizing)")


def run(args: argparse.Namespace) -> int:
    from ..serve import INSTALL_HINT, available
    if not available():
        raise InputError([f"serve: FastAPI and uvicorn are not installed ({INSTALL_HINT})"])
    import uvicorn

    from ..serve.app import create_app
    from ..serve.guard import configure_access_log
    from ..serve.limits import Limits
    from ..serve.token import read_token
    if not 0 < args.port < 65536:
        raise InputError(["--port: must be from 1 to 65535"])
    if not 1 <= args.workers <= 16:
        raise InputError(["--workers: must be from 1 to 16"])
    token = read_token(args.token_file) if args.token_file else None
    rb, diags = check_rules(args.rules)
    if rb is None:
        raise RulebookError(diags)
    if token is None and not _loopback(args.host):
        print(f"sendrules: warning: listening on {args.host} with no --token-file: anyone who can reach it may "
              f"send cases", file=sys.stderr)
    configure_access_log()
    common = {"host": args.host, "port": args.port, "access_log": False, "server_header": False,
              "log_level": "info"}
    if args.workers == 1:
        uvicorn.run(create_app(rb, token, Limits()), **common)
    else:
        # each worker process compiles the rulebook once (checked above, so it compiles)
        os.environ["SENDRULES_SERVE_RULES"] = str(args.rules) if args.rules else ""
        os.environ["SENDRULES_SERVE_TOKEN_FILE"] = str(args.token_file) if args.token_file else ""
        uvicorn.run("sendrules.serve.app:app_from_environment", factory=True, workers=args.workers, **common)
    return EXIT_OK


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

"""The HTTP service: `create_app()` builds the ASGI application (FastAPI) around a compiled rulebook.

The rulebook is compiled once, when the app is made. Each request's body is read here (bounded)
and handed as bytes to the evaluation pool (pool.py), where it is parsed, checked and evaluated,
so the event loop only moves bytes and a slow case never stalls the health check or the page.
Nothing a request carries is logged: the access log has the method, the path without its query
string, the status and the time taken (guard.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..api import load_rulebook
from ..pages.model import catalogue_document
from ..compile.rulebook import CompiledRulebook
from ..describe import describe
from ..errors import InputError
from ..result.canonical import canonical_json
from ..result.model import Result
from ..schema import SCHEMAS, json_schema
from . import work
from .guard import Guard
from .limits import LimitExceeded, Limits
from .models import (Catalogue, EvaluateArea, EvaluateCase, Example, Examples, Health, Problem, ScenarioRun, WhatIf,
                     WhatIfResult)
from .pool import Busy, EvaluationPool

STATIC = Path(__file__).resolve().parent / "static"
JSON = "application/json"
JSONL = "application/x-ndjson"


def _version() -> str:
    from importlib import metadata
    try:
        return metadata.version("sendrules")
    except metadata.PackageNotFoundError:
        return "unknown"


def _problem(status: int, kind: str, problems: list[str], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"kind": kind, "problems": problems}}, status_code=status, headers=headers)


def _answer(answer: work.Answer) -> Response:
    # the CLI's bytes; `X-Outcome-Errors` says what the CLI's exit 5 says
    headers = {"X-Outcome-Errors": str(answer.outcome_errors)} if answer.outcome_errors else None
    return Response(answer.text.encode("utf-8"), media_type=JSON, headers=headers)


def _body(model: type, content_type: str = JSON) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {content_type: {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no or wrong bearer token (when the service has one); no detail is given"},
    413: {"model": Problem, "description": "the body, a batch or a scenario file is larger than the service's limit"},
    422: {"model": Problem, "description": "invalid input: each problem names the field path and the rule broken"},
    503: {"model": Problem, "description": "every evaluation slot and queue place is taken; retry after a moment"},
}


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as more than `limit` bytes have arrived."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise LimitExceeded(413, f"<body>: larger than {limit} bytes (the service's limit)")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(rulebook: CompiledRulebook | None = None, token: str | None = None,
               limits: Limits = Limits()) -> FastAPI:
    """The service. `rulebook`: compiled rules (default: the bundled law, compiled now); `token`: the
    bearer token every /v1 request must carry (None: no authentication); `limits`: see limits.py."""
    rb = rulebook if rulebook is not None else load_rulebook()
    pool = EvaluationPool(limits.eval_threads, limits.max_waiting)
    health = canonical_json({"status": "ok", "version": _version(), "rulebook_hash": rb.content_hash,
                             "rules": len(rb.programs)}) + "\n"
    cache: dict[str, Any] = {}
    cache_lock = threading.Lock()

    def catalogue_bytes() -> bytes:
        # built on first use (it reads the scenarios, which a service answering cases never needs)
        with cache_lock:
            if "catalogue" not in cache:
                cache["catalogue"] = (canonical_json(catalogue_document(rb, Path(rb.source))) + "\n").encode()
            return cache["catalogue"]

    def bundled_examples() -> list[dict]:
        with cache_lock:  # loaded on first use: the page asks once, the API may never
            if "examples" not in cache:
                cache["examples"] = work.examples(Path(rb.source))
                cache["by_id"] = {e["id"]: e for e in cache["examples"]}
            return cache["examples"]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.shutdown()

    app = FastAPI(title="sendrules", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description=("English SEND law as rules: evaluate case and area files, with the decisions, duties "
                               "and citations. Every answer's result document is byte for byte the CLI's."))

    @app.exception_handler(InputError)
    async def _invalid(_: Request, exc: InputError) -> JSONResponse:
        return _problem(422, "invalid_input", exc.problems)

    @app.exception_handler(LimitExceeded)
    async def _limit(_: Request, exc: LimitExceeded) -> JSONResponse:
        return _problem(exc.status, "too_large" if exc.status == 413 else "invalid_input", [exc.problem])

    @app.exception_handler(Busy)
    async def _busy(_: Request, exc: Busy) -> JSONResponse:
        return _problem(503, "busy", [str(exc)], {"Retry-After": "1"})

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own message would quote the input: name the place only
        places = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        return _problem(422, "invalid_input", [f"{p}: is not valid" for p in places])

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = "not_found" if exc.status_code in (404, 405) else "invalid_input"
        return _problem(exc.status_code, kind, [str(exc.detail)])

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        return _problem(500, "internal_error", [f"{type(exc).__name__} (please report; no case data is shown)"])

    @app.get("/health", response_model=Health, tags=["service"], summary="the service is up; the rulebook it uses")
    async def get_health() -> Response:
        return Response(health, media_type=JSON)

    @app.post("/v1/cases/evaluate", tags=["evaluate"], summary="evaluate one case file",
              openapi_extra=_body(EvaluateCase), responses={200: {"model": Result}, **ERRORS})
    async def evaluate_case(request: Request) -> Response:
        raw = await read_body(request, limits.max_body_bytes)
        return _answer(await pool.run(work.evaluate_body, rb, raw, limits, "case"))

    @app.post("/v1/areas/evaluate", tags=["evaluate"], summary="evaluate one area file (the council's own duties)",
              openapi_extra=_body(EvaluateArea), responses={200: {"model": Result}, **ERRORS})
    async def evaluate_area(request: Request) -> Response:
        raw = await read_body(request, limits.max_body_bytes)
        return _answer(await pool.run(work.evaluate_body, rb, raw, limits, "area"))

    @app.post("/v1/batch", tags=["evaluate"], summary=(
        "evaluate case and area files, one JSON document a line (JSONL); answers one line each, streamed"),
        openapi_extra={"requestBody": {"required": True, "content": {JSONL: {"schema": {"type": "string", "description": (
            "one case file or area file (JSON) on each line")}}}}, "parameters": [
            {"name": "as_at", "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
             "description": "YYYY-MM-DD; default: today in England"},
            {"name": "explain", "in": "query", "required": False, "schema": {"type": "boolean"}},
            {"name": "all_outcomes", "in": "query", "required": False, "schema": {"type": "boolean"}}]},
        responses={200: {"content": {JSONL: {"schema": {"type": "string"}}}, "description": (
            "one line per input line: its result document, or {\"error\": {kind, line, problems}} (BatchLine)")},
            **ERRORS})
    async def batch(request: Request) -> Response:
        options = work.batch_options(dict(request.query_params))
        raw = await read_body(request, limits.max_body_bytes)
        lines = await pool.run(work.batch_lines, raw, limits)
        del raw

        async def answer() -> AsyncIterator[bytes]:
            for number, line in lines:
                try:
                    text = await pool.run(work.batch_line, rb, number, line, limits, options)
                except Busy as exc:
                    text = canonical_json({"error": {"kind": "internal_error", "line": number,
                                                     "problems": [str(exc)]}}) + "\n"
                except Exception as exc:  # noqa: BLE001 - one line's bug must not end the others' answers
                    text = canonical_json({"error": {"kind": "internal_error", "line": number, "problems": [
                        f"{type(exc).__name__} (please report; no case data is shown)"]}}) + "\n"
                yield text.encode("utf-8")
        return StreamingResponse(answer(), media_type=JSONL)

    @app.post("/v1/whatif", tags=["what-if"], summary="a case as it is and with changed parameters: what changes",
              openapi_extra=_body(WhatIf), responses={200: {"model": WhatIfResult}, **ERRORS})
    async def whatif(request: Request) -> Response:
        raw = await read_body(request, limits.max_body_bytes)
        return _answer(await pool.run(work.whatif_body, rb, raw, limits))

    @app.post("/v1/scenarios", tags=["scenarios"], summary="run a scenario file (YAML): `sendrules test --format json`",
              openapi_extra={"requestBody": {"required": True, "content": {"application/yaml": {"schema": {
                  "$ref": "#/components/schemas/ScenarioFile"}}}}},
              responses={200: {"model": ScenarioRun}, **ERRORS})
    async def scenarios(request: Request) -> Response:
        raw = await read_body(request, limits.max_body_bytes)
        return _answer(await pool.run(work.scenarios_body, rb, raw, limits))

    @app.get("/v1/rules", tags=["rules"], summary="the rule catalogue: rules, findings, parameters, settings",
             response_model=Catalogue)
    async def rules() -> Response:
        return Response(await pool.run(catalogue_bytes), media_type=JSON)

    @app.get("/v1/rules/{name}", tags=["rules"], summary=(
        "one rule (or setting.NAME, param.NAME, finding.NAME): `sendrules explain NAME --format json`"),
        responses={200: {"content": {JSON: {"schema": {"type": "object"}}}}, 404: {"model": Problem}})
    async def explain(name: str) -> Response:
        try:
            text = describe(rb, name, "json")
        except InputError as exc:
            return _problem(404, "not_found", exc.problems)
        return Response(text + "\n", media_type=JSON)

    @app.get("/v1/schemas/{kind}", tags=["rules"], summary="a JSON Schema: case, area, result, rules or scenario",
             responses={200: {"content": {JSON: {"schema": {"type": "object"}}}}, 404: {"model": Problem}})
    async def schema(kind: str) -> Response:
        if kind not in SCHEMAS:
            return _problem(404, "not_found", [f"kind: one of {', '.join(SCHEMAS)}"])
        return Response(canonical_json(json_schema(kind)) + "\n", media_type=JSON)

    @app.get("/v1/examples", tags=["explorer"], summary="the bundled scenarios' cases, as starting points",
             response_model=Examples)
    async def examples() -> Response:
        found = await pool.run(bundled_examples)
        return Response(canonical_json({"examples": [{k: e[k] for k in ("id", "title", "file", "as_at")}
                                                     for e in found]}) + "\n", media_type=JSON)

    @app.get("/v1/examples/{example_id}", tags=["explorer"], summary="one example case",
             response_model=Example, responses={404: {"model": Problem}})
    async def example(example_id: str) -> Response:
        await pool.run(bundled_examples)
        found = cache["by_id"].get(example_id)
        if found is None:
            return _problem(404, "not_found", ["example_id: no such example"])
        return Response(canonical_json(found) + "\n", media_type=JSON)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema_ = get_openapi(title=app.title, version=app.version, description=app.description,
                                  routes=app.routes)
            components = schema_.setdefault("components", {}).setdefault("schemas", {})
            from ..scenarios.models import ScenarioFile
            for model in (EvaluateCase, EvaluateArea, WhatIf, ScenarioFile):
                body = model.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
                components.update(body.pop("$defs", {}))
                components[model.__name__] = body
            app.openapi_schema = schema_
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.mount("/", StaticFiles(directory=STATIC, html=True), name="explorer")
    app.add_middleware(Guard, token=token, limits=limits)
    return app


def app_from_environment() -> Any:
    """The app for `uvicorn --factory` (each worker process compiles the rulebook once):
    SENDRULES_SERVE_RULES names the rules folder, SENDRULES_SERVE_TOKEN_FILE the token file."""
    from .guard import configure_access_log
    from .token import read_token
    configure_access_log()
    rules = os.environ.get("SENDRULES_SERVE_RULES") or None
    token_file = os.environ.get("SENDRULES_SERVE_TOKEN_FILE") or None
    return create_app(load_rulebook(rules), read_token(Path(token_file)) if token_file else None, Limits())

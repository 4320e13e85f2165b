"""HTTP errors: one JSON shape for every failure, and the one table from exceptions to statuses.

Every error response, ours or FastAPI's/Starlette's own (validation 422, unknown route 404,
wrong method 405, malformed multipart 400), reads

    {"error": {"status": 404, "code": "not_found", "message": "no document 'abc123'"}}

with `details` added for validation errors (where each bad parameter is). Unexpected
exceptions are logged with their traceback on the server and answered with a bare 500; no
response ever carries a stack trace.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.errors import (
    ConfigError,
    DocumentNotFound,
    EmptyDocument,
    EncodingError,
    FileTooLarge,
    IngestError,
    PipelineError,
    StoreError,
    ToolMissing,
    UnsupportedFormat,
)

log = logging.getLogger(__name__)

# Most specific first: the first class the exception is an instance of decides.
PIPELINE_STATUS: tuple[tuple[type[PipelineError], int, str], ...] = (
    (DocumentNotFound, 404, "not_found"),
    (FileTooLarge, 413, "too_large"),
    (UnsupportedFormat, 415, "unsupported_format"),
    (EncodingError, 422, "undecodable_document"),
    (EmptyDocument, 422, "empty_document"),
    (ToolMissing, 422, "converter_missing"),
    (IngestError, 422, "unreadable_document"),
    (StoreError, 503, "store_unavailable"),
    (ConfigError, 500, "misconfigured"),
    (PipelineError, 500, "pipeline_error"),
)

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_format",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error the API raises on purpose, with its status, code and message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_payload(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def error_response(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    return JSONResponse(error_payload(status, code, message, details), status_code=status, headers=headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _pipeline_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PipelineError)
    status, code = next((s, c) for cls, s, c in PIPELINE_STATUS if isinstance(exc, cls))
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
    return error_response(status, code, str(exc))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail, ensure_ascii=False)
    if status == 404 and message == "Not Found":
        message = f"no route {request.url.path} (see /docs for the routes)"
    elif status == 405:
        allowed = _allowed_methods(request)
        message = f"{request.method} is not allowed on {request.url.path} (allowed: {', '.join(allowed)})"
        return error_response(status, "method_not_allowed", message, {"Allow": ", ".join(allowed)})
    return error_response(status, STATUS_CODES.get(status, "error"), message, exc.headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method the OpenAPI document gives this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {m.upper() for m in operations if m in _HTTP_METHODS}
    return sorted(methods)


_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def _where(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "header", "body", "cookie"):
        return f"{parts[0]} parameter {'.'.join(parts[1:]) or '(body)'}"
    return ".".join(parts)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "message": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    message = "; ".join(f"{_where(e['loc'])}: {e['message']}" for e in details) or "invalid request"
    return error_response(422, "invalid_request", message, details=details)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # a bug: the traceback goes to the log, never to the client
    log.error("%s %s: unexpected error", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "internal error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception through the one JSON error shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(PipelineError, _pipeline_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)


class BodyLimit:
    """ASGI middleware: refuse request bodies over `max_bytes` with 413 before reading them whole.

    A declared `Content-Length` over the limit is answered at once; otherwise the body is
    counted as it streams in (chunked uploads too) and the request fails with 413 as soon as
    the count passes the limit, so a client cannot make the server buffer an unbounded body.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, limit_mb: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.limit_mb = limit_mb

    def _message(self) -> str:
        return f"request body is over the {self.limit_mb:g} MB upload limit (VANBAN_MAX_FILE_MB)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0:
                await error_response(400, "bad_request", "invalid Content-Length header")(
                    scope, receive, send
                )
                return
            if length > self.max_bytes:
                await error_response(413, "too_large", self._message(), {"Connection": "close"})(
                    scope, receive, send
                )
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise ApiError(413, "too_large", self._message(), {"Connection": "close"})
            return message

        await self.app(scope, counted, send)

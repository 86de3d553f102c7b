"""RFC 9457 problem details. Every error the API returns is one of these, with a stable `type`."""

from __future__ import annotations

import sqlite3
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from fancoins.db.engine import database_unavailable
from fancoins.journal.errors import refusal
from fancoins.kit.errors import DatabaseUnavailable, FancoinsError
from fancoins.ledger import GroupRejected

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "urn:fancoins:problem:"


class ProblemBody(BaseModel):
    """Problem details (RFC 9457)."""

    type: str = Field(examples=[PROBLEM_BASE + "insufficient-coins"])
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class Problem(Exception):
    """Raise from an endpoint to answer with problem+json."""

    def __init__(
        self, status: int, slug: str, title: str, detail: str | None = None,
        headers: dict[str, str] | None = None, **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.headers = headers
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.slug, "title": self.title, "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    instance = request.url.path if request is not None else None
    return JSONResponse(
        problem.body(instance), status_code=problem.status, media_type=PROBLEM_JSON,
        headers=problem.headers,
    )


_STATUS_SLUGS = {
    400: ("bad-request", "Bad request"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Payload too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    429: ("rate-limited", "Too many requests"),
    503: ("unavailable", "Service unavailable"),
}


def _on_problem(request: Request, exc: Problem) -> JSONResponse:
    return problem_response(exc, request)


def error_response(error: FancoinsError, request: Request | None = None) -> JSONResponse:
    instance = request.url.path if request is not None else None
    return JSONResponse(error.body(instance), status_code=error.status_code,
                        media_type=PROBLEM_JSON, headers=error.headers or None)


def _on_fancoins_error(request: Request, exc: FancoinsError) -> JSONResponse:
    return error_response(exc, request)


def _on_group_rejected(request: Request, exc: GroupRejected) -> JSONResponse:
    return error_response(refusal(exc), request)


def _on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    slug, title = _STATUS_SLUGS.get(exc.status_code, ("http-error", "HTTP error"))
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return problem_response(Problem(exc.status_code, slug, title, detail, headers), request)


def _allowed_methods(request: Request) -> str:
    """Starlette's 405 names only the first route matching the path; list every route's."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "\x00"})
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        problem = Problem(400, "malformed-json", "Malformed JSON",
                          "the request body is not valid JSON", errors=errors)
    else:
        problem = Problem(422, "validation-error", "Invalid request",
                          "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors),
                          errors=errors)
    return problem_response(problem, request)


# Errors a database and its drivers raise, answered here rather than by the catch-all: a
# database that is down, frozen or slow is a 503 to retry (logged as a warning, not as a
# crash); any other database error is a bug and goes on to the catch-all (500, logged).
_DATABASE_ERRORS: tuple[type[Exception], ...] = (
    SQLAlchemyError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError, sqlite3.Error,
)


def _on_database_error(request: Request, exc: Exception) -> JSONResponse:
    if not database_unavailable(exc):
        raise exc
    log.warning("database_unavailable", path=request.url.path, error=repr(exc))
    return error_response(DatabaseUnavailable(), request)


def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    if database_unavailable(exc):
        return error_response(DatabaseUnavailable(), request)
    return problem_response(
        Problem(500, "internal-error", "Internal error", "the error was logged"), request
    )


def install_problem_handlers(app: FastAPI) -> None:
    # Starlette types handlers as taking `Exception`; each is registered for its own class.
    app.add_exception_handler(Problem, _on_problem)  # type: ignore[arg-type]
    app.add_exception_handler(FancoinsError, _on_fancoins_error)  # type: ignore[arg-type]
    app.add_exception_handler(GroupRejected, _on_group_rejected)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    for error_class in _DATABASE_ERRORS:
        app.add_exception_handler(error_class, _on_database_error)
    app.add_exception_handler(Exception, _on_unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations for the problem statuses an endpoint can answer with."""
    return {
        status: {
            "model": ProblemBody,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemBody"}}},
            "description": _STATUS_SLUGS.get(status, ("", "Problem"))[1] or "Problem",
        }
        for status in statuses
    }

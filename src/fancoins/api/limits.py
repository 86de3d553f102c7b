"""Bounded, clean input before anything else runs: one request-body limit for the whole app
(smaller per route where it fits), enforced on the stream before parsing and before
authentication, and no control characters in the path. Pure ASGI middleware: a body over its
limit is refused without being buffered (a declared Content-Length over it is refused unread)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fancoins.kit.errors import FancoinsError, InvalidRequest, PayloadTooLarge
from fancoins.kit.text import has_control_characters

PROBLEM_JSON = b"application/problem+json"


class BodyTooLarge(HTTPException):
    """Raised inside `receive` when the streamed body passes its limit. An HTTP exception, so
    that the framework's body parsing lets it through and it is answered as a 413 problem."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body may hold at most {limit} bytes")


class InputLimits:
    """`limits_by_path` maps an exact path to its own (smaller or larger) limit in bytes."""

    def __init__(self, app: ASGIApp, body_max_bytes: int,
                 limits_by_path: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.body_max_bytes = body_max_bytes
        self.limits_by_path = dict(limits_by_path or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if has_control_characters(unquote(path)) or has_control_characters(path):
            if scope["type"] == "http":
                await _answer(send, InvalidRequest("the path holds control characters"), path)
            else:
                await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits_by_path.get(path, self.body_max_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _answer(send, _too_large(limit), path)
            return
        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, bounded_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _answer(send, _too_large(limit), path)


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"the request body may hold at most {limit} bytes", limit_bytes=limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _answer(send: Send, error: FancoinsError, path: str) -> None:
    body = orjson.dumps(error.body(path if not has_control_characters(path) else None))
    headers = [(b"content-type", PROBLEM_JSON), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})

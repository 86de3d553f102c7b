"""The tests' in-process server (tests.support.live_server) as its clients use it."""

from __future__ import annotations

import select
import socket
import time
from urllib.parse import urlsplit

from fastapi import FastAPI

from tests.support.live_server import live_server

# uvicorn closes a connection idle this long by default; a little more, to be past it.
UVICORN_DEFAULT_KEEP_ALIVE_S = 5
PAST_S = 0.5
READ_TIMEOUT_S = 30.0


def _answer(connection: socket.socket) -> bytes:
    connection.sendall(b"GET /ping HTTP/1.1\r\nHost: test\r\n\r\n")
    received = b""
    while b"\r\n\r\n" not in received or not received.endswith(b'"pong"'):
        chunk = connection.recv(4096)
        assert chunk, f"the server closed the connection, answer so far {received!r}"
        received += chunk
    return received


def test_an_idle_connection_stays_open_while_a_test_works_elsewhere() -> None:
    """A test's HTTP client reuses its connection after seconds of browser work: a server
    that closed it meanwhile raced the next request, which was reset (ECONNRESET)."""
    app = FastAPI()

    @app.get("/ping")
    async def ping() -> str:
        return "pong"

    with live_server(app) as base_url:
        address = urlsplit(base_url)
        with socket.create_connection((address.hostname, address.port),
                                      timeout=READ_TIMEOUT_S) as connection:
            assert _answer(connection).startswith(b"HTTP/1.1 200")
            time.sleep(UVICORN_DEFAULT_KEEP_ALIVE_S + PAST_S)
            closed, _, _ = select.select([connection], [], [], 0)
            assert not closed, "the server closed the idle connection"
            assert _answer(connection).startswith(b"HTTP/1.1 200")

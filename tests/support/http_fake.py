"""A tiny local HTTP server for provider fakes: real sockets on 127.0.0.1, a background thread.

Each fake supplies one `handle(request) -> Reply` function; this module does the plumbing.
HTTP/1.0 (one request per connection) keeps shutdown simple: no idle keep-alive threads.
"""

from __future__ import annotations

import abc
import json
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

REQUEST_BODY_MAX = 1 << 20  # a fake never needs more; refuse anything larger


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # percent-decoded
    query: dict[str, str]  # last value wins
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.body.decode(), keep_blank_values=True))


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # sleep before answering (to make a client time out)


def json_reply(
    status: int, payload: Any, *, headers: dict[str, str] | None = None, delay_s: float = 0.0
) -> Reply:
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return Reply(status, json.dumps(payload).encode(), all_headers, delay_s)


Handler = Callable[[Request], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, handler: Handler) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.handler = handler
        self.handler_errors: list[BaseException] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out closes its socket before a slow reply is written; that
        # broken pipe is the point of the slow reply, not a failure of the fake.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > REQUEST_BODY_MAX:
            self.send_error(413)
            return
        split = urllib.parse.urlsplit(self.path)
        request = Request(
            method=self.command,
            path=urllib.parse.unquote(split.path),
            query=dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length),
        )
        try:
            reply = self.server.handler(request)
        except Exception as exc:  # a bug in the fake: answer 500 and let the test see it
            self.server.handler_errors.append(exc)
            reply = Reply(500, repr(exc).encode())
        if reply.delay_s:
            time.sleep(reply.delay_s)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)


class FakeHttpServer:
    """Serves `handler` on 127.0.0.1:<free port> until `stop()` (or the `with` block ends)."""

    def __init__(self, handler: Handler) -> None:
        self._server = _Server(handler)
        # A short poll interval keeps stop() (and so each test's teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def handler_errors(self) -> list[BaseException]:
        """Exceptions raised inside the fake's handler (each answered with a 500)."""
        return self._server.handler_errors

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class ServedFake(abc.ABC):
    """A provider fake: its `_handle` answers real HTTP on 127.0.0.1 inside a `with` block."""

    def __init__(self) -> None:
        self._server = FakeHttpServer(self._handle)

    @abc.abstractmethod
    def _handle(self, request: Request) -> Reply:
        """Answer one request."""

    def __enter__(self) -> Self:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def handler_errors(self) -> list[BaseException]:
        """Exceptions raised inside the fake's handler (each answered with a 500)."""
        return self._server.handler_errors


def unused_local_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"

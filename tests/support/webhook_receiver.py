"""A real HTTP receiver for outgoing webhooks: a threaded server on 127.0.0.1 that records
every request and answers as the test tells it (200, 500, or no answer in time)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson

# How long a request told to hang is held (far past any test's webhook timeout); it is let go
# when the receiver stops.
HANG_S = 60.0


@dataclass(frozen=True, slots=True)
class Received:
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic()

    @property
    def json(self) -> dict[str, Any]:
        value: dict[str, Any] = orjson.loads(self.body)
        return value

    @property
    def id(self) -> str:
        return self.headers["webhook-id"]


# The answer to the n-th request (0-based): a status code, or None to hang.
Behaviour = Callable[[int], int | None]


def always(status: int) -> Behaviour:
    return lambda _: status


@dataclass
class Receiver:
    url: str
    behaviour: Behaviour
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    released: threading.Event = field(default_factory=threading.Event)

    def answered(self, request: Received) -> int | None:
        with self.lock:
            index = len(self.received)
            self.received.append(request)
        return self.behaviour(index)

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def wait_for(self, done: Callable[[list[Received]], bool], timeout_s: float
                 ) -> list[Received]:
        deadline = time.monotonic() + timeout_s
        while True:
            found = self.snapshot()
            if done(found):
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"receiver: gave up after {timeout_s} s with "
                                     f"{[r.json['type'] for r in found]}")
            time.sleep(0.02)


@contextmanager
def webhook_receiver(behaviour: Behaviour | None = None) -> Iterator[Receiver]:
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            request = Received({k.lower(): v for k, v in self.headers.items()}, body,
                               time.monotonic())
            status = receiver.answered(request)
            if status is None:
                receiver.released.wait(HANG_S)
                return
            answer = b'{"ok": true}' if status < 300 else b"receiver says no"
            self.send_response(status)
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(f"http://127.0.0.1:{server.server_address[1]}/hooks",
                        behaviour or always(200))
    thread = threading.Thread(target=server.serve_forever, name="webhook-receiver",
                              daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.released.set()
        server.shutdown()
        server.server_close()

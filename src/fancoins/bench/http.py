"""`fancoins bench http`: the gift endpoint against a no-op authenticated endpoint.

The server runs as in production (`FANCOINS_MODE=production`, uvicorn or granian, one
process) in a subprocess. The load comes from `wrk` (`fancoins.bench.wrk`), or where it is
missing from a minimal keep-alive HTTP/1.1 client on raw asyncio streams (a general-purpose
client would be slower than the server and measure itself; this one still shares the
server's cores, so its figures are the lower ones). Each run also reports the server's CPU
time per request, which the load generator's share of the machine does not move.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from enum import StrEnum

import jwt

from fancoins.bench import wrk as bench_wrk
from fancoins.bench.cpu import tree_cpu_seconds
from fancoins.bench.gifts import RunStats, viewer_id
from fancoins.realtime.wire import WEBSOCKET_IMPLEMENTATION

# A server process imports the whole app; several starting at once on a loaded machine took
# over 60 s (as long as the LIVE benchmark's bound).
SERVER_START_TIMEOUT_S = 120
TOKEN_TTL_S = 3600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server(StrEnum):
    """The ASGI server a benchmark runs the app under."""

    UVICORN = "uvicorn"
    GRANIAN = "granian"


def server_command(server: Server, port: int) -> list[str]:
    """The command serving `fancoins.api.main:app` on `port`, one process's worth, as
    `fancoins serve` configures uvicorn (no access log, the WebSocket implementation the
    direct frame path knows, no per-message compression)."""
    if server is Server.GRANIAN:
        # One worker (granian runs it as a child process), one runtime thread: the same
        # single event loop uvicorn has.
        return [sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1",
                "--port", str(port), "--workers", "1", "--runtime-threads", "1",
                "--no-access-log", "--log-level", "warning", "fancoins.api.main:app"]
    return [sys.executable, "-m", "uvicorn", "fancoins.api.main:app", "--host", "127.0.0.1",
            "--port", str(port), "--no-access-log", "--log-level", "warning",
            "--ws", WEBSOCKET_IMPLEMENTATION, "--ws-per-message-deflate", "false"]


@contextmanager
def production_server(database_url: str, jwt_secret: str,
                      extra_env: dict[str, str] | None = None,
                      pids: list[int] | None = None,
                      server: Server = Server.UVICORN) -> Iterator[int]:
    """`server` serving `fancoins.api.main:app` in production mode; yields its port (its pid
    is appended to `pids`, for its CPU time: `tree_cpu_seconds` counts granian's worker)."""
    with _launched(database_url, jwt_secret, extra_env, server) as (port, process):
        if pids is not None:
            pids.append(process.pid)
        _wait_ready(port, process)
        yield port


@contextmanager
def production_servers(count: int, database_url: str, jwt_secret: str,
                       extra_env: dict[str, str] | None = None) -> Iterator[list[int]]:
    """`count` production servers on one database (API processes as operators run them
    side by side); yields their ports. They start together: a start is seconds of imports,
    which the other cores do meanwhile."""
    with ExitStack() as stack:
        launched = [stack.enter_context(_launched(database_url, jwt_secret, extra_env))
                    for _ in range(count)]
        for port, process in launched:
            _wait_ready(port, process)
        yield [port for port, _ in launched]


@contextmanager
def _launched(database_url: str, jwt_secret: str, extra_env: dict[str, str] | None = None,
              server: Server = Server.UVICORN
              ) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """A server process started (not yet ready) on a free port; stopped after the block."""
    port = _free_port()
    env = {**os.environ, "FANCOINS_MODE": "production", "FANCOINS_DATABASE_URL": database_url,
           "FANCOINS_JWT__SECRET": jwt_secret, **(extra_env or {})}
    process = subprocess.Popen(server_command(server, port), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield port, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready")


def token_for(user_id: str, jwt_secret: str) -> str:
    claims = {"sub": user_id, "exp": int(time.time()) + TOKEN_TTL_S}
    return jwt.encode(claims, jwt_secret, algorithm="HS256")


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    request: bytes) -> int:
    """Send one request on a kept-alive connection; return the status, body read and dropped."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


Build = Callable[[random.Random], bytes]


async def storm(name: str, port: int | Sequence[int], build: Build, clients: int,
                duration_s: float, gifts_per_request: int = 1) -> RunStats:
    """`clients` keep-alive connections sending `build()` requests for `duration_s` (spread
    evenly over the servers when given several ports); each answered request counts
    `gifts_per_request` gifts (a batch's refusals are per gift: the caller checks the
    committed count against the ledger)."""
    ports = [port] if isinstance(port, int) else list(port)
    stats = RunStats(name)
    deadline = time.perf_counter() + duration_s

    async def client(seed: int) -> None:
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection("127.0.0.1", ports[seed % len(ports)])
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                status = await _exchange(reader, writer, build(rng))
                stats.latencies_ms.append((time.perf_counter() - started) * 1000)
                if 200 <= status < 300:
                    stats.sent += gifts_per_request
                else:
                    stats.refused += 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    stats.seconds = time.perf_counter() - began
    return stats


def ping_request(tokens: list[str]) -> Build:
    def build(rng: random.Random) -> bytes:
        token = tokens[rng.randrange(len(tokens))]
        return (f"GET /v1/ping HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n"
                "\r\n").encode()
    return build


def gift_request(tokens: list[str], stream_id: str) -> Build:
    def build(rng: random.Random) -> bytes:
        token = tokens[rng.randrange(len(tokens))]
        body = f'{{"gift_id":"rose","count":1,"stream_id":"{stream_id}"}}'.encode()
        key = secrets.token_hex(12)
        return (f"POST /v1/gifts/send HTTP/1.1\r\nHost: bench\r\n"
                f"Authorization: Bearer {token}\r\nIdempotency-Key: {key}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode() + body
    return build


def batch_request(api_key: str, viewers: int, stream_id: str, size: int) -> Build:
    """A host backend relaying `size` viewers' gifts in one `POST /v1/gifts/batch`."""
    def build(rng: random.Random) -> bytes:
        items = ",".join(
            f'{{"idempotency_key":"{secrets.token_hex(12)}","gift_id":"rose","count":1,'
            f'"stream_id":"{stream_id}","sender_id":"{viewer_id(rng.randrange(viewers))}"}}'
            for _ in range(size))
        body = f'{{"gifts":[{items}]}}'.encode()
        return (f"POST /v1/gifts/batch HTTP/1.1\r\nHost: bench\r\n"
                f"Authorization: Bearer {api_key}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode() + body
    return build


def viewer_tokens(viewers: int, jwt_secret: str, count: int) -> list[str]:
    """Tokens for `count` viewers spread over the funded ones (tokens are made up front)."""
    step = max(1, viewers // count)
    return [token_for(viewer_id(i), jwt_secret) for i in range(0, viewers, step)][:count]


class Load(StrEnum):
    """What sends a benchmark's requests: `wrk` (C, little CPU) or this module's client."""

    WRK = "wrk"
    PYTHON = "python"


@dataclass(frozen=True, slots=True)
class HttpRun:
    """One storm against one server: its answers, latencies and the server's CPU time."""

    name: str
    ok: int  # 2xx answers
    refused: int  # any other answer
    seconds: float
    p50_ms: float
    p99_ms: float
    server_cpu_s: float
    gifts_per_request: int = 0  # 0: not a gift (the no-op)

    @property
    def ok_per_s(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def gifts_answered(self) -> int:
        return self.ok * self.gifts_per_request

    @property
    def cpu_us_per_request(self) -> float:
        answered = self.ok + self.refused
        return self.server_cpu_s / answered * 1e6 if answered else 0.0


@dataclass(frozen=True, slots=True)
class Target:
    """The server under load: its port, and the pid whose process tree is its CPU time."""

    port: int
    pid: int


async def drive(name: str, target: Target, load: Load, wrk_script: str, build: Build,
                clients: int, duration_s: float, gifts_per_request: int = 0) -> HttpRun:
    """One storm by `load` (`wrk_script` for wrk, `build` for the Python client), the
    server's CPU time (its whole process tree) measured around it."""
    before = tree_cpu_seconds(target.pid)
    if load is Load.WRK:
        executable = bench_wrk.available()
        if executable is None:
            raise RuntimeError("wrk is not installed")
        result = await asyncio.to_thread(
            bench_wrk.run, executable, f"http://127.0.0.1:{target.port}", wrk_script,
            clients, duration_s)
        cpu_s = tree_cpu_seconds(target.pid) - before
        return HttpRun(name, result.ok, result.refused, result.seconds, result.p50_ms,
                       result.p99_ms, cpu_s, gifts_per_request)
    stats = await storm(name, target.port, build, clients, duration_s,
                        max(1, gifts_per_request))
    cpu_s = tree_cpu_seconds(target.pid) - before
    return HttpRun(name, stats.sent // max(1, gifts_per_request), stats.refused, stats.seconds,
                   stats.percentile_ms(0.5), stats.percentile_ms(0.99), cpu_s,
                   gifts_per_request)

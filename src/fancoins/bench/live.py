"""`fancoins bench live`: N WebSocket viewers in one LIVE while gifts arrive at a set rate.

The API (uvicorn, the real app with its gift writer and LIVE engine) runs in this process;
gifts are submitted to its writer at `rate` per second (commit, then the commit feed, as an
HTTP send would after parsing). Viewers are real WebSocket clients (RFC 6455 over TCP, kept
minimal on raw asyncio transports so that the clients, not the server, are never what is
measured) in `viewer_processes` child processes. Each viewer measures, for every gift event
it receives, the delay from the gift's commit (`time_ms`, set when its batch committed) to
its arrival, and counts frames and gifts. At the end the stream ends; every viewer must have
seen every gift exactly once.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Annotated, Any
from urllib.parse import urlsplit

import jwt
import orjson
import typer

from fancoins.config import Settings
from fancoins.ledger import invariant

# Handshakes in flight per viewer process while connecting (the accept backlog is bounded).
CONNECT_CONCURRENCY = 100
CONNECT_TIMEOUT_S = 120.0
TOKEN_TTL_S = 3600
# Every 10 ms the driver submits what the rate asks for: a steady stream, not bursts.
DRIVER_STEP_S = 0.01
GIFT_KINDS = ("gift.sent", "combo.updated", "gift.summary")
TARGET_P99_MS = 250  # the target: 2,000 viewers at 1,000 gifts/s
LATENCY_KINDS = ("gift.sent", "combo.updated")


@dataclass
class ViewerReport:
    viewers: int = 0
    gifts_seen: list[int] = field(default_factory=list)  # per viewer: sum of counts
    frames: list[int] = field(default_factory=list)  # per viewer, during the storm
    latencies_ms: list[float] = field(default_factory=list)
    closed_1000: int = 0


@dataclass
class LiveBenchResult:
    viewers: int
    gifts_sent: int
    storm_s: float
    report: ViewerReport
    offered_per_s: float = 0.0  # the rate the driver submitted at
    contest: Any = None  # with --features: the battle's and goal's totals against the ledger

    def latency_ms(self, fraction: float) -> float:
        ordered = sorted(self.report.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def frames_per_viewer_s(self) -> float:
        frames = self.report.frames
        return (sum(frames) / len(frames)) / self.storm_s if frames and self.storm_s else 0.0

    @property
    def totals_exact(self) -> bool:
        seen = self.report.gifts_seen
        contest_exact = self.contest is None or self.contest.exact
        return len(seen) == self.viewers and all(n == self.gifts_sent for n in seen) \
            and contest_exact


# --- the viewer processes ------------------------------------------------------------------


@dataclass
class _Ramp:
    """Connect at most CONNECT_CONCURRENCY at once; `ready` once every viewer is in."""

    wanted: int
    gate: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(
        CONNECT_CONCURRENCY))
    ready: asyncio.Event = field(default_factory=asyncio.Event)


# Client frames must be masked (RFC 6455 5.3); a zero key leaves the payload as it is.
_ZERO_MASK = b"\x00\x00\x00\x00"
_OP_TEXT, _OP_CLOSE, _OP_PING = 0x1, 0x8, 0x9
# A frame holds gift events only if this appears in it (`"type":"gift.sent"`, `gift.summary`
# or `combo.updated`); other frames (boards, viewer counts) are counted, not parsed.
_GIFT_MARKS = (b'"gift.', b'"combo.updated"')


class _ViewerProtocol(asyncio.Protocol):
    """A minimal WebSocket viewer on a raw asyncio transport: the upgrade, then unmasked
    server frames parsed by hand. Viewers are the benchmark's load generator, so they must
    cost far less CPU than the server they measure: no per-frame objects, no tasks, and JSON
    parsed only for frames that carry gift events."""

    def __init__(self, host: str, target: str, sample: bool, report: ViewerReport) -> None:
        self._request = (
            f"GET {target} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}"
            "\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()
        self._sample = sample
        self._report = report
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self.open: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.gifts = self.frames = 0
        self.close_code: int | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        self._transport.write(self._request)  # type: ignore[union-attr]

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.open.done():
            self.open.set_exception(exc or ConnectionError("closed during the upgrade"))
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        if not self.open.done():
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                self.open.set_exception(ConnectionError(bytes(buffer[:200]).decode()))
                self._close_transport()
                return
            del buffer[:end + 4]
            self.open.set_result(None)
        received_ms = time.time() * 1000  # one read: every frame in it arrived now
        at, size = 0, len(buffer)
        while size - at >= 2:
            opcode, length, header = buffer[at] & 0x0F, buffer[at + 1] & 0x7F, 2
            if length == 126:
                if size - at < 4:
                    break
                length, header = int.from_bytes(buffer[at + 2:at + 4], "big"), 4
            elif length == 127:
                if size - at < 10:
                    break
                length, header = int.from_bytes(buffer[at + 2:at + 10], "big"), 10
            end = at + header + length
            if end > size:
                break
            self._on_frame(opcode, bytes(buffer[at + header:end]), received_ms)
            at = end
        del buffer[:at]

    def _on_frame(self, opcode: int, payload: bytes, received_ms: float) -> None:
        if opcode == _OP_TEXT:  # the server sends each message as one frame
            self.frames += 1
            if any(mark in payload for mark in _GIFT_MARKS):
                self._on_gifts(payload, received_ms)
        elif opcode == _OP_CLOSE:
            self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            self._send(_OP_CLOSE, payload[:2])  # the closing handshake's reply
            self._close_transport()
        elif opcode == _OP_PING:
            self._send(0xA, payload)

    def _on_gifts(self, payload: bytes, received_ms: float) -> None:
        latencies = self._report.latencies_ms
        for event in orjson.loads(payload):
            kind = event["type"]
            if kind in GIFT_KINDS:
                self.gifts += event["count"]
                if self._sample and kind in LATENCY_KINDS:
                    latencies.append(received_ms - event["time_ms"])

    def _send(self, opcode: int, payload: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(bytes((0x80 | opcode, 0x80 | len(payload))) + _ZERO_MASK
                                  + payload)

    def _close_transport(self) -> None:
        if self._transport is not None:
            self._transport.close()


async def _viewer(url: str, sample: bool, report: ViewerReport, ramp: _Ramp) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = f"{parts.path}?{parts.query}" if parts.query else parts.path
    loop = asyncio.get_running_loop()
    async with ramp.gate:
        _, viewer = await loop.create_connection(
            lambda: _ViewerProtocol(f"{host}:{port}", target, sample, report), host, port)
        async with asyncio.timeout(CONNECT_TIMEOUT_S):
            await viewer.open
    report.viewers += 1
    if report.viewers == ramp.wanted:
        ramp.ready.set()
    await viewer.closed
    if viewer.close_code == 1000:
        report.closed_1000 += 1
    report.gifts_seen.append(viewer.gifts)
    report.frames.append(viewer.frames)


async def _viewers_main(urls: Sequence[str], sample_every: int) -> ViewerReport:
    report = ViewerReport()
    ramp = _Ramp(len(urls))
    tasks = [asyncio.create_task(_viewer(url, index % sample_every == 0, report, ramp))
             for index, url in enumerate(urls)]
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_S):
            await ramp.ready.wait()
    except TimeoutError:
        print(f"connected {report.viewers} of {len(urls)}", flush=True)
        raise
    print("ready", flush=True)  # the parent waits for this line
    await asyncio.gather(*tasks, return_exceptions=True)
    return report


def viewers_process_main() -> None:
    """Entry point of a viewer process: the URLs on stdin (JSON), the report on stdout."""
    spec = json.loads(sys.stdin.readline())
    report = asyncio.run(_viewers_main(spec["urls"], spec["sample_every"]))
    print(json.dumps(report.__dict__), flush=True)


# --- the server and the driver -------------------------------------------------------------


def viewer_urls(settings: Settings, port: int, stream_id: str, viewers: int) -> list[str]:
    secret = settings.jwt_secret.get_secret_value()
    expires = int(time.time()) + TOKEN_TTL_S
    return [f"ws://127.0.0.1:{port}/v1/streams/{stream_id}/events?token="
            + jwt.encode({"sub": f"bench-watcher-{i}", "exp": expires}, secret,
                         algorithm="HS256")
            for i in range(viewers)]


def _pipe(stream: IO[str] | None) -> IO[str]:
    invariant(stream is not None, "the viewer process was started with pipes")
    return stream  # type: ignore[return-value]


def start_viewer_processes(urls: list[str], processes: int, sample_every: int
                           ) -> list[subprocess.Popen[str]]:
    children = []
    for part in range(processes):
        child = subprocess.Popen(
            [sys.executable, "-c",
             "from fancoins.bench.live import viewers_process_main; viewers_process_main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        stdin = _pipe(child.stdin)
        stdin.write(json.dumps({"urls": urls[part::processes], "sample_every": sample_every})
                    + "\n")
        stdin.flush()
        children.append(child)
    return children


async def wait_ready(children: list[subprocess.Popen[str]]) -> None:
    for child in children:
        line = await asyncio.to_thread(_pipe(child.stdout).readline)
        if line.strip() != "ready":
            raise RuntimeError(f"a viewer process failed to connect: {line!r}")


async def collect(children: list[subprocess.Popen[str]]) -> ViewerReport:
    total = ViewerReport()
    for child in children:
        line = await asyncio.to_thread(_pipe(child.stdout).readline)
        await asyncio.to_thread(child.wait)
        part: dict[str, Any] = json.loads(line)
        total.viewers += part["viewers"]
        total.gifts_seen += part["gifts_seen"]
        total.frames += part["frames"]
        total.latencies_ms += part["latencies_ms"]
        total.closed_1000 += part["closed_1000"]
    return total


async def drive(app: Any, stream_id: str, senders: int, rate_per_s: int, duration_s: float
                ) -> tuple[int, int, float, float]:
    """Submit rose gifts from random senders at `rate_per_s` for `duration_s` to the app's
    gift writer; returns (sent, refused, seconds until all committed, gifts offered per
    second)."""
    from fancoins.bench.gifts import viewer_id
    from fancoins.gifts.service import SendRequest, SentGift
    from fancoins.gifts.writer import WriterBusy
    from fancoins.ids import new_id

    writer = app.state.container.gift_writer
    invariant(writer is not None, "the app's gift writer is running")
    rng = random.Random(11)
    total = int(rate_per_s * duration_s)
    futures: list[asyncio.Future[Any]] = []
    refused = submitted = 0
    started = time.perf_counter()
    while submitted < total:
        due = min(total, int((time.perf_counter() - started) * rate_per_s))
        for _ in range(due - submitted):
            request = SendRequest(viewer_id(rng.randrange(senders)), "rose", 1, new_id().hex,
                                  stream_id=stream_id)
            try:
                futures.append(writer.submit(request))
            except WriterBusy:
                refused += 1
        submitted = due
        await asyncio.sleep(DRIVER_STEP_S)
    offered_per_s = submitted / (time.perf_counter() - started)
    outcomes = await asyncio.gather(*futures)
    seconds = time.perf_counter() - started
    sent = sum(1 for outcome in outcomes if isinstance(outcome, SentGift))
    return sent, refused + len(outcomes) - sent, seconds, offered_per_s


async def run_live_bench(settings: Settings, viewers: int, rate_per_s: int, duration_s: float,
                         senders: int, processes: int, sample_every: int,
                         features: bool = False) -> LiveBenchResult:
    import uvicorn

    from fancoins.bench import contests
    from fancoins.bench import gifts as bench_gifts
    from fancoins.db.engine import create_engine, read_only
    from fancoins.journal.verify import verify
    from fancoins.streams.service import streams

    engine = create_engine(settings.database_url)
    coins_each = int(rate_per_s * duration_s / senders * 3) + 100
    stream_id = await bench_gifts.seed(engine, senders, coins_each)
    port = _free_port()
    # The app as `fancoins serve` runs it, built by uvicorn from the environment (the bench,
    # like the CLI, never imports the API layer), in this process so gifts go to its writer.
    os.environ.update(FANCOINS_DATABASE_URL=settings.database_url,
                      FANCOINS_MODE=settings.mode.value)
    # Every viewer gets the same frame: compressing it once per viewer (permessage-deflate)
    # would cost more CPU than the fan-out itself, so the bench serves without it.
    config = uvicorn.Config(
        "fancoins.api.app:create_app", factory=True, host="127.0.0.1", port=port,
        log_level="warning", ws="websockets-sansio", ws_per_message_deflate=False,
        lifespan="on", backlog=4096, proxy_headers=False)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
            await asyncio.sleep(0.05)
        app = config.loaded_app
        contest = (await contests.start_contest(app.state.container, stream_id, duration_s)
                   if features else None)
        children = start_viewer_processes(viewer_urls(settings, port, stream_id, viewers),
                                          processes, sample_every)
        await wait_ready(children)
        sent, _, storm_s, offered = await drive(app, stream_id, senders, rate_per_s,
                                                duration_s)
        await asyncio.sleep(settings.live_board_interval_ms / 1000 + 0.5)  # last ticks out
        async with app.state.container.unit() as uow:  # the app's unit: LIVE hears the end
            await streams.end(uow, stream_id, None)
        report = await collect(children)
    finally:
        server.should_exit = True
        await serving
    async with read_only(engine) as connection:
        invariant((await verify(connection)).ok, "the ledger verifies after the bench")
    checked = await contests.check_contest(engine, contest) if contest is not None else None
    await engine.dispose()
    return LiveBenchResult(viewers, sent, storm_s, report, offered, checked)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def live_command(
    database_url: Annotated[str | None, typer.Option(
        "--database-url", help="Default: a throwaway SQLite file.")] = None,
    viewers: Annotated[int, typer.Option(min=1, max=100_000)] = 2000,
    rate: Annotated[int, typer.Option(min=1, max=100_000, help="gifts per second")] = 1000,
    duration_s: Annotated[float, typer.Option(min=1, max=600)] = 10.0,
    senders: Annotated[int, typer.Option(min=1, max=100_000)] = 2000,
    viewer_processes: Annotated[int, typer.Option(min=1, max=32)] = 2,
    sample_every: Annotated[int, typer.Option(min=1, help="viewers measuring latency: 1 in N"
                                              )] = 10,
    features: Annotated[bool, typer.Option(
        "--features", help="with a battle running and a goal set (their totals checked "
        "against the ledger)")] = False,
) -> None:
    """N WebSocket viewers in one LIVE while gifts arrive at RATE/s: delivery latency p50/p99
    (commit to viewer), messages/s per viewer, and whether every viewer saw every gift."""
    from rich.console import Console

    from fancoins.config import load_settings
    from fancoins.db.migrate import upgrade

    console = Console()
    with tempfile.TemporaryDirectory(prefix="fancoins-bench-live-") as directory:
        url = database_url or f"sqlite+aiosqlite:///{directory}/bench.db"
        settings = load_settings(database_url=url, mode="test")
        upgrade(settings.database_url)
        console.print(f"{viewers:,} viewers, {rate:,} gifts/s for {duration_s:g} s "
                      f"({'SQLite' if settings.is_sqlite else 'PostgreSQL'}) ...")
        result = asyncio.run(run_live_bench(settings, viewers, rate, duration_s, senders,
                                            viewer_processes, sample_every, features))
    _print(console, result, rate)
    if not result.totals_exact:
        raise typer.Exit(1)


def _print(console: Any, result: LiveBenchResult, rate: int) -> None:
    p50, p99 = result.latency_ms(0.5), result.latency_ms(0.99)
    console.print(f"gifts committed: {result.gifts_sent:,} in {result.storm_s:.1f} s "
                  f"({result.gifts_sent / result.storm_s:,.0f}/s, asked {rate:,}/s, "
                  f"offered {result.offered_per_s:,.0f}/s)")
    console.print(f"viewers connected: {result.report.viewers:,}; closed with 1000 after "
                  f"stream.ended: {result.report.closed_1000:,}")
    console.print(f"delivery latency commit -> viewer: p50 {p50:.0f} ms, p99 {p99:.0f} ms "
                  f"({len(result.report.latencies_ms):,} samples)"
                  f" [{'met' if p99 < TARGET_P99_MS else 'missed'}: p99 < {TARGET_P99_MS} ms]")
    console.print(f"messages per viewer: {result.frames_per_viewer_s:.1f}/s")
    seen = result.report.gifts_seen
    console.print(f"totals exact (every viewer saw every gift once): {result.totals_exact} "
                  f"(min {min(seen, default=0):,}, max {max(seen, default=0):,})")
    if result.contest is not None:
        c = result.contest
        console.print(f"battle score {c.battle_score_coins:,} = ledger {c.battle_ledger_coins:,}"
                      f"; goal progress {c.goal_progress:,} = ledger {c.goal_ledger_coins:,}:"
                      f" {c.exact}")

"""The viewers of `fancoins bench live`: WebSocket clients in processes of their own.

Viewers are the benchmark's load generator, so they must cost far less CPU than the servers
they measure: each is a minimal RFC 6455 client on a raw transport (the upgrade, then
unmasked server frames parsed by hand; no per-frame objects, no tasks), on uvloop. Every
viewer of a process receives the same numbered frames, so a frame's JSON is parsed once per
process (keyed by its first number, found without parsing) and each viewer only adds up.

Each viewer checks what it got: its numbered events contiguous from its first frame's
`next_seq` (gaps and repeats counted), the gifts it was told of (the sum of their `count`),
and, for one viewer in `sample_every`, when each frame telling of gifts arrived with how many
gifts it had been told of by then (`arrivals`: the parent, which knows when each gift was
sent, turns them into send-to-viewer delays) and the delay from each gift's batch time
(`time_ms`) to its arrival.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import orjson

from fancoins.ledger import invariant

# Handshakes in flight per viewer process while connecting (the accept backlog is bounded).
CONNECT_CONCURRENCY = 100
CONNECT_TIMEOUT_S = 300.0
# A refused upgrade (the server answers 503 while it cannot read the database in time, as
# happens while thousands connect at once on a busy machine) is retried, as a client
# reconnects, after a pause growing by this much per attempt; the run fails after the last.
CONNECT_ATTEMPTS = 5
CONNECT_RETRY_PAUSE_S = 0.5
GIFT_KINDS = ("gift.sent", "combo.updated", "gift.summary")
LATENCY_KINDS = ("gift.sent", "combo.updated")
# Parsed frames remembered per viewer process (bounded: cleared when full).
DIGESTS_MAX = 50_000
_SEQ = b'"seq":'


@dataclass
class ViewerReport:
    viewers: int = 0
    gifts_seen: list[int] = field(default_factory=list)  # per viewer: sum of counts
    frames: list[int] = field(default_factory=list)  # per viewer, during the storm
    latencies_ms: list[float] = field(default_factory=list)  # batch time -> viewer
    # Per sampled viewer, per frame telling of gifts: [gifts told so far, arrival (ms)].
    arrivals: list[list[tuple[int, float]]] = field(default_factory=list)
    closed_1000: int = 0
    seq_gaps: int = 0  # numbered events a viewer never got (over every viewer)
    seq_repeats: int = 0  # numbered frames a viewer got twice or out of order
    resyncs: int = 0


@dataclass(frozen=True, slots=True)
class _Digest:
    """What a numbered frame tells every viewer: its numbers, gifts and gift times."""

    first_seq: int
    last_seq: int
    gifts: int
    times_ms: tuple[int, ...]


def _digest(events: list[dict[str, Any]]) -> _Digest:
    seqs = [e["seq"] for e in events if "seq" in e]
    gifts = [e for e in events if e["type"] in GIFT_KINDS]
    return _Digest(seqs[0], seqs[-1], sum(e["count"] for e in gifts),
                   tuple(e["time_ms"] for e in gifts if e["type"] in LATENCY_KINDS))


class _Digests:
    def __init__(self) -> None:
        self._by_first: dict[int, _Digest] = {}

    def of(self, payload: bytes) -> _Digest | None:
        """The frame's digest; None for an unnumbered frame (counts, resync markers)."""
        at = payload.find(_SEQ)
        if at < 0:
            return None
        end = at + len(_SEQ)
        stop = end
        while payload[stop] in b"0123456789":
            stop += 1
        first = int(payload[end:stop])
        digest = self._by_first.get(first)
        if digest is None:
            if len(self._by_first) >= DIGESTS_MAX:
                self._by_first.clear()
            digest = self._by_first[first] = _digest(orjson.loads(payload))
        return digest


# Client frames must be masked (RFC 6455 5.3); a zero key leaves the payload as it is.
_ZERO_MASK = b"\x00\x00\x00\x00"
_OP_TEXT, _OP_CLOSE, _OP_PING = 0x1, 0x8, 0x9


class _ViewerProtocol(asyncio.Protocol):
    def __init__(self, host: str, target: str, sample: bool, report: ViewerReport,
                 digests: _Digests) -> None:
        self._request = (
            f"GET {target} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}"
            "\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()
        self._sample = sample
        self._report = report
        self._digests = digests
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self.open: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.gifts = self.frames = 0
        self.next_seq = 0  # 0: before the first frame
        self.arrivals: list[tuple[int, float]] = []  # sampled: (gifts so far, arrival ms)
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
            if self.next_seq == 0:
                self._on_first(payload)
            else:
                self._on_numbered(payload, received_ms)
        elif opcode == _OP_CLOSE:
            self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            self._send(_OP_CLOSE, payload[:2])  # the closing handshake's reply
            self._close_transport()
        elif opcode == _OP_PING:
            self._send(0xA, payload)

    def _on_first(self, payload: bytes) -> None:
        """History and the snapshot: live events continue at the board's `next_seq`."""
        for event in orjson.loads(payload):
            if "next_seq" in event:
                self.next_seq = int(event["next_seq"])
        invariant(self.next_seq > 0, "the first frame says where live events start")

    def _on_numbered(self, payload: bytes, received_ms: float) -> None:
        if b'"resync"' in payload[:200]:
            self._on_resync(payload)
            return
        digest = self._digests.of(payload)
        if digest is None:
            return
        report = self._report
        if digest.first_seq < self.next_seq:
            report.seq_repeats += 1
            return
        report.seq_gaps += digest.first_seq - self.next_seq
        self.next_seq = digest.last_seq + 1
        self.gifts += digest.gifts
        if self._sample and digest.gifts:
            self.arrivals.append((self.gifts, received_ms))
            report.latencies_ms.extend(received_ms - t for t in digest.times_ms)

    def _on_resync(self, payload: bytes) -> None:
        """A resync marker; with a snapshot, numbering continues at its `next_seq`."""
        self._report.resyncs += 1
        for event in orjson.loads(payload):
            if event["type"] == "resync" and event["snapshot"]:
                self._report.seq_gaps += max(0, int(event["next_seq"]) - self.next_seq)
                self.next_seq = max(self.next_seq, int(event["next_seq"]))

    def _send(self, opcode: int, payload: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(bytes((0x80 | opcode, 0x80 | len(payload))) + _ZERO_MASK
                                  + payload)

    def _close_transport(self) -> None:
        if self._transport is not None:
            self._transport.close()


@dataclass
class _Ramp:
    """Connect at most CONNECT_CONCURRENCY at once; `ready` once every viewer is in."""

    wanted: int
    gate: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(
        CONNECT_CONCURRENCY))
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    failure: str | None = None  # a viewer that could not connect at all: the run fails


async def _connected(url: str, sample: bool, report: ViewerReport, digests: _Digests
                     ) -> _ViewerProtocol:
    """The viewer's open connection; a refused upgrade is tried again (CONNECT_ATTEMPTS)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = f"{parts.path}?{parts.query}" if parts.query else parts.path
    loop = asyncio.get_running_loop()
    for attempt in range(1, CONNECT_ATTEMPTS + 1):
        try:
            _, viewer = await loop.create_connection(
                lambda: _ViewerProtocol(f"{host}:{port}", target, sample, report, digests),
                host, port)
            async with asyncio.timeout(CONNECT_TIMEOUT_S):
                await viewer.open
            return viewer
        except (ConnectionError, OSError):
            if attempt == CONNECT_ATTEMPTS:
                raise
            await asyncio.sleep(CONNECT_RETRY_PAUSE_S * attempt)
    raise AssertionError("unreachable")


async def _viewer(url: str, sample: bool, report: ViewerReport, ramp: _Ramp,
                  digests: _Digests) -> None:
    async with ramp.gate:
        try:
            viewer = await _connected(url, sample, report, digests)
        except Exception as error:
            ramp.failure = repr(error)[:200]
            ramp.ready.set()
            raise
    report.viewers += 1
    if report.viewers == ramp.wanted:
        ramp.ready.set()
    await viewer.closed
    if viewer.close_code == 1000:
        report.closed_1000 += 1
    report.gifts_seen.append(viewer.gifts)
    report.frames.append(viewer.frames)
    if sample:
        report.arrivals.append(viewer.arrivals)


async def _viewers_main(urls: Sequence[str], sample_every: int) -> ViewerReport:
    report = ViewerReport()
    ramp = _Ramp(len(urls))
    digests = _Digests()
    tasks = [asyncio.create_task(_viewer(url, index % sample_every == 0, report, ramp,
                                         digests))
             for index, url in enumerate(urls)]
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_S):
            await ramp.ready.wait()
    except TimeoutError:
        print(f"connected {report.viewers} of {len(urls)}", flush=True)
        raise
    if ramp.failure is not None:
        print(f"connected {report.viewers} of {len(urls)}: {ramp.failure}", flush=True)
        raise RuntimeError(ramp.failure)
    print("ready", flush=True)  # the parent waits for this line
    await asyncio.gather(*tasks, return_exceptions=True)
    return report


def viewers_process_main() -> None:
    """Entry point of a viewer process: the URLs and where to write the report on stdin
    (JSON). The report (a megabyte with latencies sampled) goes to a file, written whole
    before it is renamed into place: read from the pipe, it once came back with a stray line
    break in the middle and failed the run."""
    import uvloop

    spec = json.loads(sys.stdin.readline())
    report = uvloop.run(_viewers_main(spec["urls"], spec["sample_every"]))
    path = Path(spec["report_path"])
    written = path.with_suffix(".part")
    written.write_bytes(orjson.dumps(report.__dict__))
    written.replace(path)


def _pipe(stream: IO[str] | None) -> IO[str]:
    invariant(stream is not None, "the viewer process was started with pipes")
    return stream  # type: ignore[return-value]


def _report_path(child: subprocess.Popen[str]) -> Path:
    return Path(tempfile.gettempdir()) / f"fancoins-bench-viewers-{child.pid}.json"


def start_viewer_processes(urls: list[str], processes: int, sample_every: int
                           ) -> list[subprocess.Popen[str]]:
    children = []
    for part in range(processes):
        child = subprocess.Popen(
            [sys.executable, "-c",
             "from fancoins.bench.viewers import viewers_process_main; viewers_process_main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        stdin = _pipe(child.stdin)
        stdin.write(json.dumps({"urls": urls[part::processes], "sample_every": sample_every,
                                "report_path": str(_report_path(child))}) + "\n")
        stdin.close()  # the child reads one line
        children.append(child)
    return children


def stop_viewer_processes(children: list[subprocess.Popen[str]]) -> None:
    """Kill what is left of them (after a failed run)."""
    for child in children:
        if child.poll() is None:
            child.kill()
            child.wait()
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()
        _report_path(child).unlink(missing_ok=True)


async def wait_ready(children: list[subprocess.Popen[str]]) -> None:
    for child in children:
        line = await asyncio.to_thread(_pipe(child.stdout).readline)
        if line.strip() != "ready":
            raise RuntimeError(f"a viewer process failed to connect: {line!r}")


async def collect(children: list[subprocess.Popen[str]]) -> ViewerReport:
    total = ViewerReport()
    for child in children:
        status = await asyncio.to_thread(child.wait)
        _pipe(child.stdout).close()
        path = _report_path(child)
        invariant(status == 0 and path.exists(),
                  f"a viewer process failed (status {status}, no report)")
        part: dict[str, Any] = orjson.loads(path.read_bytes())
        path.unlink()
        total.viewers += part["viewers"]
        total.gifts_seen += part["gifts_seen"]
        total.frames += part["frames"]
        total.latencies_ms += part["latencies_ms"]
        total.arrivals += [[(int(n), float(ms)) for n, ms in a] for a in part["arrivals"]]
        total.closed_1000 += part["closed_1000"]
        total.seq_gaps += part["seq_gaps"]
        total.seq_repeats += part["seq_repeats"]
        total.resyncs += part["resyncs"]
    return total

"""Each stream's numbered frames, delivered to this process's viewers once and in order.

Frames reach a process from several places — its own ticks, Redis (other processes' frames,
relayed in whatever order they were published), the stream's log read back — and may come
late, twice, or not at all. A `StreamLine` per stream with viewers here delivers each numbered
frame once, in number order. A frame ahead of a missing one waits `reorder_wait_s` (the time a
frame of another process may take through Redis), then the missing ones are read back from
the log (`FrameSource`): a number exists only once its frame committed, and the frame after it
committed later, so whatever is missing is already there to read. The line keeps its last
frames, so a viewer who joins gets the stream's last events with no seam.

The `Rooms` keeper task repairs lines: gaps past their wait; every line every `poll_s` while
fan-out is degraded (Redis unreachable: frames of other processes then come from the log);
and every `heads_s` it compares the log's heads with what each line delivered, so a frame
that never arrived at all (the last one before a quiet spell) is found within that time.
Viewers are told when fan-out degrades and recovers, and a line that missed more than the log
keeps is reset with a fresh snapshot — never a silent gap (`Notices`, written by LIVE).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import structlog

from fancoins.kit.tasks import cancel_all
from fancoins.observability import FANOUT_LAG, FRAMES_REPAIRED, RESYNCS, VIEWERS
from fancoins.realtime.protocol import Frame

log = structlog.get_logger(__name__)

# While repairs keep failing (the database is down), one log line this often, with a count.
REPAIR_LOG_EVERY_S = 10.0


class Viewer(Protocol):
    def offer(self, frame: Frame, *, final: bool = False) -> None: ...


class FrameSource(Protocol):
    """Where numbered frames can be read back: the stream's log."""

    async def frames_after(self, stream_id: str, after_seq: int, limit: int
                           ) -> Sequence[Frame]:
        """The stream's frames numbered after `after_seq`, in order, at most `limit`."""

    async def tail(self, stream_id: str, frames_max: int) -> Sequence[Frame]:
        """The stream's last frames, oldest first."""

    async def heads(self, stream_ids: Collection[str]) -> Mapping[str, int]:
        """The last number each stream's log gave (streams with none are left out)."""


class Notices(Protocol):
    async def resync(self, stream_id: str, reason: str, next_seq: int, *, snapshot: bool
                     ) -> Frame:
        """The `resync` marker for a stream's viewers (with a fresh snapshot when asked)."""


class ResyncReason:
    DEGRADED = "fanout-degraded"  # Redis unreachable: events come from the log, late
    RESTORED = "fanout-restored"  # back to live fan-out; nothing was missed
    SNAPSHOT = "snapshot"  # what was missed is older than the log keeps: a fresh snapshot


@dataclass(frozen=True, slots=True)
class LineLimits:
    recent_frames_max: int = 256  # kept per stream for a joining viewer's history
    pending_frames_max: int = 1024  # ahead of a gap; past it they are read back later
    reorder_wait_s: float = 0.2
    read_frames_max: int = 500  # per read of the log
    poll_s: float = 0.25  # every line, while fan-out is degraded
    heads_s: float = 1.0  # the log's heads against every line
    prime_timeout_s: float = 5.0  # a joining viewer waits at most this for the log
    # Frames delivered within this of each other go to viewers as one message (their events
    # joined, in order): with several processes ticking, a viewer gets one message where it
    # would get one per process. 0: each frame as it comes.
    coalesce_s: float = 0.0


@dataclass(eq=False)
class StreamLine:
    stream_id: str
    limits: LineLimits
    viewers: set[Viewer] = field(default_factory=set)
    delivered: int = 0  # the last number delivered here
    primed: bool = False
    ended: bool = False  # its final frame was delivered
    holds: int = 0  # viewers joining: the line stays while they wait
    gap_since: float | None = None
    priming: asyncio.Task[None] | None = None
    recent: deque[Frame] = field(init=False)
    _pending: dict[int, Frame] = field(default_factory=dict)  # by first number
    _outbox: list[Frame] = field(default_factory=list)  # delivered, not yet written out
    _flush: asyncio.TimerHandle | None = None

    def __post_init__(self) -> None:
        self.recent = deque(maxlen=self.limits.recent_frames_max)

    @property
    def behind(self) -> bool:
        return bool(self._pending)

    def offer_all(self, frame: Frame, *, final: bool = False) -> int:
        for viewer in tuple(self.viewers):
            viewer.offer(frame, final=final)
        return len(self.viewers)

    def take(self, frame: Frame) -> bool:
        """Deliver `frame` in its turn (held while an earlier one is missing); False if it was
        already delivered."""
        if self.ended or frame.last_seq <= self.delivered:
            return False
        if not self.primed or frame.first_seq != self.delivered + 1:
            self._hold(frame)
            return True
        self._emit(frame)
        self._drain()
        return True

    def prime(self, frames: Sequence[Frame], head: int) -> None:
        """Start after `head`, the log's last number when the line opened; `frames` (the log's
        last ones) are what a joining viewer's history is taken from."""
        for frame in frames:
            if frame.last_seq <= head:
                self.recent.append(frame)
                self.ended = self.ended or frame.final
        self.delivered = max(self.delivered, head)
        self.primed = True
        self._drain()

    def skip_to(self, next_seq: int) -> None:
        """Continue from `next_seq`: what came before it is gone (a snapshot replaced it)."""
        self.delivered = max(self.delivered, next_seq - 1)
        self._drain()

    def _hold(self, frame: Frame) -> None:
        pending = self._pending
        if frame.first_seq in pending or len(pending) >= self.limits.pending_frames_max:
            return  # past the bound: read back from the log when its turn comes
        pending[frame.first_seq] = frame
        if self.primed and self.gap_since is None:
            self.gap_since = time.monotonic()

    def _drain(self) -> None:
        pending = self._pending
        while not self.ended:
            frame = pending.pop(self.delivered + 1, None)
            if frame is None:
                break
            self._emit(frame)
        for first in [k for k, f in pending.items() if f.last_seq <= self.delivered]:
            del pending[first]
        if self.ended:
            pending.clear()
        self.gap_since = (self.gap_since or time.monotonic()) if pending else None

    def _emit(self, frame: Frame) -> None:
        """Delivered: in the line's history now, to the viewers now or with the frames that
        follow within `coalesce_s` (a viewer who joins first gets what is waiting)."""
        self.recent.append(frame)
        self.delivered = frame.last_seq
        self.ended = frame.final
        self._outbox.append(frame)
        if frame.final or self.limits.coalesce_s <= 0:
            self.flush()
        elif self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(self.limits.coalesce_s,
                                                               self.flush)

    def flush(self) -> None:
        """Write out what was delivered and is waiting, as one message."""
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        frames, self._outbox = self._outbox, []
        if not frames:
            return
        frame = Frame.merged(frames)
        self.offer_all(frame, final=frame.final)
        now_s = time.time()
        for part in frames:
            if part.committed_ms:
                FANOUT_LAG.observe(max(0.0, now_s - part.committed_ms / 1000))


class Rooms:
    """The viewers connected to this process, by stream, each stream on its line."""

    def __init__(self, limits: LineLimits | None = None) -> None:
        self.limits = limits or LineLimits()
        self._lines: dict[str, StreamLine] = {}
        self.source: FrameSource | None = None
        self.notices: Notices | None = None
        self.degraded_reason: str | None = None  # fan-out is degraded (Redis unreachable)
        # Outages counted as they begin, and those viewers were told of: an outage that ends
        # before the keeper looks (it may be reading the log) is still told, then its end.
        self._outages = self._outages_told = 0
        self._told_degraded = False
        self._keeper: asyncio.Task[None] | None = None
        self._last_poll = self._last_heads = 0.0
        self.viewers = 0  # on every line
        self.left = 0  # viewers that ever left (the garbage collector's bound counts them)

    def attach(self, source: FrameSource, notices: Notices) -> None:
        self.source, self.notices = source, notices

    # --- viewers ---------------------------------------------------------------------------

    def line(self, stream_id: str) -> StreamLine:
        line = self._lines.get(stream_id)
        if line is None:
            line = self._lines[stream_id] = StreamLine(stream_id, self.limits)
            if self.source is None:
                line.prime((), 0)  # nothing to read back: numbering starts here
        return line

    def serving(self, stream_id: str) -> bool:
        """Whether this process serves `stream_id` as a live stream now: its line is primed,
        holds viewers, and has not delivered the stream's final frame."""
        line = self._lines.get(stream_id)
        return line is not None and line.primed and not line.ended and bool(line.viewers)

    async def ready_line(self, stream_id: str) -> StreamLine:
        """The stream's line, primed from the log (waiting at most `prime_timeout_s`), held
        until `release`: a viewer is added to it with its first frame, then released."""
        line = self.line(stream_id)
        line.holds += 1
        if not line.primed:
            if line.priming is None or line.priming.done():
                line.priming = asyncio.create_task(self._prime(line), name="line-prime")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.limits.prime_timeout_s):
                    await asyncio.shield(line.priming)
        return line

    def release(self, line: StreamLine) -> None:
        line.holds -= 1
        self._forget_if_idle(line)

    def join(self, stream_id: str, viewer: Viewer) -> int:
        line = self.line(stream_id)
        line.flush()  # what the viewer's history already holds never comes again
        if viewer not in line.viewers:
            line.viewers.add(viewer)
            self.viewers += 1
            VIEWERS.inc()
        return len(line.viewers)

    def leave(self, stream_id: str, viewer: Viewer) -> int:
        line = self._lines.get(stream_id)
        if line is None or viewer not in line.viewers:
            return 0 if line is None else len(line.viewers)
        line.viewers.discard(viewer)
        self.viewers -= 1
        self.left += 1
        VIEWERS.dec()
        self._forget_if_idle(line)
        return len(line.viewers)

    def _forget_if_idle(self, line: StreamLine) -> None:
        if not line.viewers and line.holds <= 0 and self._lines.get(line.stream_id) is line:
            line.flush()
            del self._lines[line.stream_id]
            if line.priming is not None:
                line.priming.cancel()

    def count(self, stream_id: str) -> int:
        line = self._lines.get(stream_id)
        return len(line.viewers) if line is not None else 0

    def stream_ids(self) -> list[str]:
        return list(self._lines)

    def all_viewers(self) -> list[Viewer]:
        return [viewer for line in self._lines.values() for viewer in line.viewers]

    def deliver(self, stream_id: str, frame: Frame, *, final: bool = False) -> int:
        """Offer `frame` to every local viewer of the stream, never waiting: a numbered frame
        in its turn (once), any other at once. Returns how many viewers are there."""
        line = self._lines.get(stream_id)
        if line is None:
            return 0
        if frame.numbered:
            line.take(frame)
            return len(line.viewers)
        return line.offer_all(frame, final=final or frame.final)

    # --- fan-out state and repairs ---------------------------------------------------------

    def set_degraded(self, reason: str | None) -> None:
        """Fan-out across processes is degraded (`reason`) or back (None); the keeper tells
        the viewers and, while degraded, reads every line's frames from the log."""
        if reason is not None and self.degraded_reason is None:
            self._outages += 1
        self.degraded_reason = reason

    def start(self) -> None:
        if self._keeper is None:
            self._keeper = asyncio.create_task(self._keep(), name="rooms-keeper")

    async def stop(self) -> None:
        tasks = [t for t in (self._keeper, *(x.priming for x in self._lines.values())) if t]
        await cancel_all(tasks, "rooms")
        self._keeper = None

    async def _keep(self) -> None:
        interval_s = max(0.02, min(self.limits.reorder_wait_s, self.limits.poll_s) / 2)
        logged_at, failures = -REPAIR_LOG_EVERY_S, 0
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.repair(time.monotonic())
            except Exception as error:  # the database may be down: the next round retries
                failures += 1
                if time.monotonic() - logged_at >= REPAIR_LOG_EVERY_S:
                    logged_at = time.monotonic()
                    log.error("live_lines_repair_failed", error=repr(error), failures=failures)
                    failures = 0

    async def repair(self, now: float) -> None:
        """One round of the keeper (see the module docstring)."""
        if self.source is None:
            return
        await self._announce()
        degraded = self.degraded_reason is not None
        poll = degraded and now - self._last_poll >= self.limits.poll_s
        if poll:
            self._last_poll = now
        behind: set[str] = set()
        if now - self._last_heads >= self.limits.heads_s:
            self._last_heads = now
            behind = await self._behind_heads()
        wait_s = self.limits.reorder_wait_s
        for line in list(self._lines.values()):
            if not line.primed:
                if line.priming is None or line.priming.done():
                    line.priming = asyncio.create_task(self._prime(line), name="line-prime")
                continue
            gap = line.gap_since is not None and now - line.gap_since >= wait_s
            if not line.ended and (poll or gap or line.stream_id in behind):
                await self._catch_up(line)

    async def _behind_heads(self) -> set[str]:
        lines = {s: line for s, line in self._lines.items() if line.primed and not line.ended}
        if not lines or self.source is None:
            return set()
        heads = await self.source.heads(list(lines))
        return {s for s, head in heads.items() if head > lines[s].delivered}

    async def _prime(self, line: StreamLine) -> None:
        source = self.source
        if source is None:
            line.prime((), 0)
            return
        frames = await source.tail(line.stream_id, self.limits.recent_frames_max)
        head = frames[-1].last_seq if frames else (
            await source.heads([line.stream_id])).get(line.stream_id, 0)
        line.prime(frames, head)

    async def _catch_up(self, line: StreamLine) -> None:
        """Read the line's missing frames back from the log, in order."""
        source = self.source
        while source is not None and not line.ended:
            frames = await source.frames_after(line.stream_id, line.delivered,
                                               self.limits.read_frames_max)
            if not frames:
                return
            if frames[0].first_seq > line.delivered + 1:  # older than the log keeps
                await self._resync(line, ResyncReason.SNAPSHOT, frames[0].first_seq,
                                   snapshot=True)
                line.skip_to(frames[0].first_seq)
            for frame in frames:
                if frame.last_seq > line.delivered and frame.first_seq not in line._pending:
                    FRAMES_REPAIRED.inc()
                line.take(frame)
            if len(frames) < self.limits.read_frames_max:
                return

    async def _announce(self) -> None:
        """Tell every line's viewers when fan-out degraded and when it came back, once each
        per outage, however short; back, each line first catches up with what the log has."""
        if self._outages != self._outages_told:
            self._outages_told = self._outages
            self._told_degraded = True
            await self._tell(ResyncReason.DEGRADED)
        if self._told_degraded and self.degraded_reason is None:
            self._told_degraded = False
            await self._tell(ResyncReason.RESTORED)

    async def _tell(self, reason: str) -> None:
        for line in list(self._lines.values()):
            if not line.primed or line.ended:
                continue
            if reason == ResyncReason.RESTORED:
                await self._catch_up(line)
            await self._resync(line, reason, line.delivered + 1, snapshot=False)

    async def _resync(self, line: StreamLine, reason: str, next_seq: int, *, snapshot: bool
                      ) -> None:
        if self.notices is None:
            return
        frame = await self.notices.resync(line.stream_id, reason, next_seq, snapshot=snapshot)
        RESYNCS.labels(reason).inc()
        line.flush()  # what was delivered before the marker goes before it
        line.offer_all(frame)

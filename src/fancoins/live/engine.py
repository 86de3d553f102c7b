"""LIVE in one API process, put together: committed gifts in, numbered viewer frames out.

    bus ──> LiveInbox ──> LiveTick ──> LiveFeed ──> realtime Hub ──> viewers' sockets
                            │  ├── ComboRecorder    │ (the stream's log: numbers, history,
                            │  ├── StreamBoards     │  what a process missed, read back)
                            │  ├── LiveFeatures (battles, goals, fan clubs: in the tick's
                            │  │    transaction, their events in its frame; a `parts.py` part)
                            │  └── parts (their state in every snapshot: `parts.py`)
                            └── StreamEnding (told after every process's last gifts)
    WebSocket ──> ViewerPresence (join, leave, counts); a joining viewer gets `History`

Each part has one job; this module only builds them, starts and stops them, and answers the
viewer endpoint (join with history and a snapshot, leave) and the resync markers the hub's
lines ask for (it is their `Notices`).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import create_engine, read_only
from fancoins.ids import new_id, now_ms
from fancoins.kit.events import EventBus
from fancoins.kit.shared import SharedReads
from fancoins.kit.tasks import cancel_all
from fancoins.live import frames
from fancoins.live.boards import StreamBoards
from fancoins.live.ending import StreamEnding
from fancoins.live.features import LiveFeatures
from fancoins.live.feed import LiveFeed
from fancoins.live.history import History
from fancoins.live.inbox import LiveInbox
from fancoins.live.parts import LivePart
from fancoins.live.presence import ViewerPresence
from fancoins.live.recorder import ComboRecorder
from fancoins.live.tick import LiveTick
from fancoins.live.writes import LiveWrites
from fancoins.realtime.connection import ViewerConnection
from fancoins.realtime.hub import FanoutHealth, Hub, LocalHub
from fancoins.realtime.lines import LineLimits, ResyncReason
from fancoins.realtime.protocol import CloseCode, Frame, encode_frame
from fancoins.realtime.redis_hub import RedisHub
from fancoins.realtime.wire import check_wire
from fancoins.streams.service import streams

log = structlog.get_logger(__name__)

# Streams counted at once for a LIVE list: with Redis each count is a few round trips, and a
# page of hundreds must not open hundreds of connections.
PRESENCE_READS_CONCURRENT = 16


def line_limits(settings: Settings) -> LineLimits:
    return LineLimits(
        recent_frames_max=settings.live.history_frames_max,
        reorder_wait_s=settings.live.reorder_wait_ms / 1000,
        poll_s=settings.live.degraded_poll_ms / 1000,
        heads_s=settings.live.log_check_ms / 1000,
        coalesce_s=settings.live.coalesce_ms / 1000,
    )


def new_hub(settings: Settings) -> Hub:
    """Redis pub/sub when `FANCOINS_REDIS_URL` is set (several API processes), else local."""
    if settings.redis_url:
        return RedisHub(settings.redis_url, settings.live.redis_prefix,
                        settings.live.presence_ttl_s, settings.live.redis_timeout_s,
                        line_limits(settings), settings.live.redis_backoff_max_s)
    # One process: a tick's events of a stream are already one frame, and there are no other
    # processes' frames to join them with; waiting `live.coalesce_ms` would only add that much
    # to every gift's delivery.
    return LocalHub(dataclasses.replace(line_limits(settings), coalesce_s=0.0))


def new_reads_engine(settings: Settings) -> AsyncEngine:
    """LIVE's own small pool for what a joining viewer may need read (`live.read_pool_size`)."""
    return create_engine(settings.database_url, pool_size=settings.live.read_pool_size,
                         timeout_s=settings.database.timeout_s)


class LiveEngine:
    """`reads`: where a joining viewer's reads go (the stream, its board, its battle and
    goal); by default `db`. `running_live` gives LIVE a pool of its own for them, so that a
    gift storm holding every connection of the main pool never keeps a viewer out."""

    def __init__(self, settings: Settings, db: AsyncEngine, hub: Hub,
                 reads: AsyncEngine | None = None) -> None:
        self.settings = settings
        self.hub = hub
        self.reads = reads or db
        self.writes = LiveWrites(db)
        self.feed = LiveFeed(db, self.writes, hub, settings)
        hub.rooms.attach(self.feed, self)
        self.history = History(settings.live.history_events)
        self.inbox = LiveInbox(settings.live.inbox_gifts_max)
        self.presence = ViewerPresence(hub, settings.live.viewers_interval_ms / 1000)
        self.boards = StreamBoards(self.reads, settings)
        self.recorder = ComboRecorder(settings.economy.gifting, settings.live.combo_sweep_max,
                                      settings.live.combo_end_grace_ms)
        # Battles, goals and fan clubs: their gift work runs in the tick's transaction (their
        # events numbered in the gift frame), their state is a part's snapshot.
        self.features = LiveFeatures(self.reads, settings)
        # Streams being read for a joining viewer: one read per stream, shared.
        self._stream_reads: SharedReads[str, bool] = SharedReads("live-stream-read")
        self.parts: list[LivePart] = [self.features]
        self.ending = StreamEnding(settings, db, self.writes, self.feed, self.recorder,
                                   self.boards, self._stream_ended, self.features.end_stream)
        self.ticker = LiveTick(settings, self.feed, self.writes, self.inbox, self.recorder,
                               self.boards, self.presence, self.parts, self.ending,
                               self.features, aligned=hub.rooms.limits.coalesce_s > 0)
        self._tasks: list[asyncio.Task[None]] = []
        self.wire_path = "unchecked"

    def add_part(self, part: LivePart) -> None:
        """A LIVE feature whose events ride on the stream's frames (see `parts.py`)."""
        self.parts.append(part)

    async def start(self) -> None:
        self.wire_path = check_wire()  # says at start-up how frames reach sockets
        await self.hub.start()
        self._tasks = [asyncio.create_task(self.ticker.run_gifts(), name="live-gifts"),
                       asyncio.create_task(self.ticker.run_boards(), name="live-boards")]

    async def stop(self) -> None:
        await cancel_all(self._tasks, "LIVE")
        await self.ending.stop()
        await self.boards.cancel_fetches()
        await self.features.cancel_fetches()
        await self._stream_reads.cancel()
        for viewer in self.hub.rooms.all_viewers():
            if isinstance(viewer, ViewerConnection):
                viewer.close_soon(CloseCode.GOING_AWAY)
        await self.hub.stop()
        await self.writes.close()

    def health(self) -> FanoutHealth:
        return self.hub.health

    def _stream_ended(self, stream_id: str) -> None:
        self.ticker.stream_ended(stream_id)

    # --- the viewer endpoint -------------------------------------------------------------

    async def is_live(self, stream_id: str) -> bool:
        """Whether `stream_id` is live. A stream this process serves is answered from memory:
        its line holds viewers and has not delivered the final frame (a stream ended where no
        LIVE listens reaches its line within `StreamEnding.check`'s interval; a viewer who
        joins meanwhile gets the end like those already there). Any other is read, one read
        per stream shared by every viewer joining it meanwhile. Raises `StreamNotFound`."""
        if self.hub.rooms.serving(stream_id):
            return True
        return await self._stream_reads.get(stream_id, lambda: self._read_live(stream_id))

    async def _read_live(self, stream_id: str) -> bool:
        async with read_only(self.reads) as connection:
            return (await streams.get(connection, stream_id)).live

    async def join(self, stream_id: str, viewer: ViewerConnection) -> None:
        """Add a viewer: its first frame is the stream's last events, then a snapshot; then
        the live events from where the history ended, none twice (see `history.py`)."""
        rooms = self.hub.rooms
        line = await rooms.ready_line(stream_id)
        try:
            snapshot = await self._snapshot(stream_id)
            # From here to `join` nothing waits: the line cannot move in between.
            next_seq = line.delivered + 1
            events = [*self.history.last_events(line), *self._stamped(snapshot, next_seq)]
            reason = rooms.degraded_reason
            if reason is not None:
                events.append(frames.resync_event(stream_id, ResyncReason.DEGRADED, next_seq,
                                                  False, now_ms(), new_id))
            # The final frame came while it joined: it gets the end, then the close.
            viewer.offer(encode_frame(events), final=line.ended)
            self.presence.join(stream_id, viewer)
            self.features.watch.join(stream_id, viewer.user_id, now_ms())
        finally:
            rooms.release(line)

    def leave(self, stream_id: str, viewer: ViewerConnection) -> None:
        self.presence.leave(stream_id, viewer)
        self.features.watch.leave(stream_id, viewer.user_id)

    async def prepare(self, stream_id: str) -> None:
        """Read what the first frame needs before the viewer joins (its board and its battle
        and goal, each re-read at most once per board interval and shared), so that joining
        and sending that frame are as close together as they were before it held more, and
        a database that cannot answer refuses the upgrade rather than the open socket."""
        at_ms = now_ms()
        await self.boards.board(stream_id, at_ms)
        await self.features.snapshot_events(stream_id, at_ms)

    @property
    def viewers_local(self) -> int:
        return self.presence.local

    async def watching(self, stream_ids: list[str]) -> dict[str, int]:
        """Viewers of each stream now, on every process (counted at most a presence interval
        ago: a LIVE list asked often counts each stream about once a second). Empty when the
        counts take longer than one Redis call may: a list shows no count rather than wait."""
        gate = asyncio.Semaphore(PRESENCE_READS_CONCURRENT)

        async def count(stream_id: str) -> int:
            async with gate:
                return await self.presence.recent_total(stream_id)

        try:
            async with asyncio.timeout(self.settings.live.redis_timeout_s):
                counts = await asyncio.gather(*(count(s) for s in stream_ids))
        except TimeoutError:
            log.warning("live_list_viewers_timed_out", streams=len(stream_ids))
            return {}
        return dict(zip(stream_ids, counts, strict=True))

    async def _snapshot(self, stream_id: str) -> list[frames.Event]:
        """The stream's state now: its board, its viewer count, every part's state."""
        at_ms = now_ms()
        try:
            board = await self.boards.board(stream_id, at_ms)
        except Exception:  # the last board read (as viewers were last told) still serves
            cached = self.boards.cached(stream_id)
            if cached is None:
                raise
            log.warning("live_snapshot_board_stale", stream_id=stream_id)
            board = cached
        events = [
            frames.leaderboard_event(stream_id, None, board.lines,
                                     self.settings.live.stream_board_size,
                                     self.settings.economy.levels, at_ms, new_id),
            # Counting the viewer who joins (added once this snapshot is in its frame).
            frames.viewers_event(stream_id, await self.presence.recent_total(stream_id) + 1,
                                 at_ms, new_id),
        ]
        for part in self.parts:
            try:
                events.extend(await part.snapshot(stream_id, at_ms))
            except Exception:  # one part's fault never keeps a viewer out
                log.exception("live_part_snapshot_failed", part=type(part).__name__)
        return events

    @staticmethod
    def _stamped(snapshot: list[frames.Event], next_seq: int) -> list[frames.Event]:
        """The board says from which number the live events continue."""
        return [frames.as_snapshot(e, next_seq)
                if e["type"] == frames.EventType.LEADERBOARD_UPDATED else e
                for e in snapshot]

    # --- Notices: what the lines tell viewers ----------------------------------------------

    async def resync(self, stream_id: str, reason: str, next_seq: int, *, snapshot: bool
                     ) -> Frame:
        events = [frames.resync_event(stream_id, reason, next_seq, snapshot, now_ms(),
                                      new_id)]
        if snapshot:
            events += self._stamped(await self._snapshot(stream_id), next_seq)
        return encode_frame(events)


@asynccontextmanager
async def running_live(settings: Settings, db: AsyncEngine, bus: EventBus
                       ) -> AsyncIterator[LiveEngine]:
    """LIVE for the life of the block, fed by `bus` (committed gifts, ended streams)."""
    reads = new_reads_engine(settings)
    try:
        engine = LiveEngine(settings, db, new_hub(settings), reads)
        await engine.start()
        engine.inbox.subscribe(bus)
        try:
            yield engine
        finally:
            engine.inbox.unsubscribe(bus)
            await engine.stop()
    finally:
        await reads.dispose()

"""LIVE in one API process, put together: committed gifts in, coalesced viewer frames out.

    bus ──> LiveInbox ──> LiveTick ──> realtime Hub ──> viewers' sockets
                            │  ├── ComboRecorder (combos, one short transaction a tick)
                            │  └── StreamBoards  (boards and levels, bounded re-reads)
    WebSocket ──> ViewerPresence (join, leave, counts)

Each part has one job; this module only builds them, starts and stops them, and answers the
viewer endpoint (join, leave, the first frame).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.ids import new_id, now_ms
from fancoins.kit.events import EventBus
from fancoins.live import frames
from fancoins.live.boards import StreamBoards
from fancoins.live.features import LiveFeatures
from fancoins.live.inbox import LiveInbox
from fancoins.live.presence import ViewerPresence
from fancoins.live.recorder import ComboRecorder
from fancoins.live.tick import LiveTick
from fancoins.realtime.connection import ViewerConnection
from fancoins.realtime.hub import Hub, LocalHub
from fancoins.realtime.protocol import CloseCode, Frame, encode_frame
from fancoins.realtime.redis_hub import RedisHub
from fancoins.realtime.wire import check_wire


def new_hub(settings: Settings) -> Hub:
    """Redis pub/sub when `FANCOINS_REDIS_URL` is set (several API processes), else local."""
    if settings.redis_url:
        return RedisHub(settings.redis_url, settings.live_redis_prefix,
                        settings.live_presence_ttl_s, settings.live_redis_timeout_s)
    return LocalHub()


class LiveEngine:
    def __init__(self, settings: Settings, db: AsyncEngine, hub: Hub) -> None:
        self.settings = settings
        self.hub = hub
        self.inbox = LiveInbox(settings.live_inbox_gifts_max)
        self.presence = ViewerPresence(hub)
        self.boards = StreamBoards(db, settings)
        self.recorder = ComboRecorder(db, settings.economy.gifting,
                                      settings.live_combo_sweep_max)
        self.features = LiveFeatures(db, settings)
        self.ticker = LiveTick(settings, hub, self.inbox, self.recorder, self.boards,
                               self.presence, self.features)
        self._tasks: list[asyncio.Task[None]] = []
        self.wire_path = "unchecked"

    async def start(self) -> None:
        self.wire_path = check_wire()  # says at start-up how frames reach sockets
        await self.hub.start()
        self._tasks = [asyncio.create_task(self.ticker.run_gifts(), name="live-gifts"),
                       asyncio.create_task(self.ticker.run_boards(), name="live-boards")]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.boards.cancel_fetches()
        await self.features.cancel_fetches()
        for viewer in self.hub.rooms.all_viewers():
            viewer.close_soon(CloseCode.GOING_AWAY)
        await self.hub.stop()
        await self.recorder.close()

    # --- the viewer endpoint -------------------------------------------------------------

    def join(self, stream_id: str, viewer: ViewerConnection) -> None:
        self.presence.join(stream_id, viewer)
        self.features.watch.join(stream_id, viewer.user_id, now_ms())

    def leave(self, stream_id: str, viewer: ViewerConnection) -> None:
        self.presence.leave(stream_id, viewer)
        self.features.watch.leave(stream_id, viewer.user_id)

    async def prepare(self, stream_id: str) -> None:
        """Read what the first frame needs before the viewer joins, so that joining and
        sending that frame are as close together as they were before it held more."""
        await self.features.snapshot_events(stream_id, now_ms())

    @property
    def viewers_local(self) -> int:
        return self.presence.local

    async def snapshot(self, stream_id: str) -> Frame:
        """The first frame a new viewer gets: the stream's board and viewer count, and its
        running battle and goal, if any."""
        at_ms = now_ms()
        board = await self.boards.board(stream_id, at_ms)
        size = self.settings.live_stream_board_size
        levels = self.settings.economy.levels
        return encode_frame([
            frames.leaderboard_event(stream_id, None, board.lines, size, levels, at_ms, new_id),
            frames.viewers_event(stream_id, await self.presence.total(stream_id), at_ms, new_id),
            *await self.features.snapshot_events(stream_id, at_ms),
        ])


@asynccontextmanager
async def running_live(settings: Settings, db: AsyncEngine, bus: EventBus
                       ) -> AsyncIterator[LiveEngine]:
    """LIVE for the life of the block, fed by `bus` (committed gifts, ended streams)."""
    engine = LiveEngine(settings, db, new_hub(settings))
    await engine.start()
    engine.inbox.subscribe(bus)
    try:
        yield engine
    finally:
        engine.inbox.unsubscribe(bus)
        await engine.stop()

"""Wiring LIVE into a serving process: the hub, the engine, the board cache, and the feeds it
listens to (committed gift batches, ended streams)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fancoins.config import Settings
from fancoins.kit.events import DomainEvent
from fancoins.live.engine import LiveEngine
from fancoins.live.service import BoardCache
from fancoins.realtime.events import StreamEnded
from fancoins.realtime.hub import Hub, LocalHub
from fancoins.realtime.redis_hub import RedisHub

if TYPE_CHECKING:
    from fancoins.container import Container


def new_hub(settings: Settings) -> Hub:
    """Redis pub/sub when `FANCOINS_REDIS_URL` is set (several API processes), else local."""
    if settings.redis_url:
        return RedisHub(settings.redis_url, settings.live_redis_prefix,
                        settings.live_presence_ttl_s, settings.live_redis_timeout_s)
    return LocalHub()


@asynccontextmanager
async def start_live(container: Container) -> AsyncIterator[None]:
    """Start LIVE for the life of the block (the database engine exists by then)."""
    settings = container.settings
    engine = LiveEngine(settings, container.engine, new_hub(settings))
    await engine.start()
    container.live = engine
    container.boards = BoardCache(settings.live_board_cache_s)

    async def on_events(events: Sequence[DomainEvent]) -> None:
        for event in events:
            if isinstance(event, StreamEnded):
                await engine.on_stream_ended(event)

    container.commit_feed.subscribe(engine.on_gifts)
    container.bus.subscribe(on_events, StreamEnded.type)
    try:
        yield
    finally:
        container.commit_feed.unsubscribe(engine.on_gifts)
        container.bus.unsubscribe(on_events)
        await engine.stop()

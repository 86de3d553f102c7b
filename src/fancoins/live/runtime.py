"""Wiring LIVE into an app's lifetime: the hub, the engine, and the feeds it listens to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fancoins.config import Settings
from fancoins.gifts.runtime import commit_feed_of, stream_feed_of
from fancoins.live.engine import LiveEngine
from fancoins.live.service import BoardCache
from fancoins.realtime.hub import Hub, LocalHub
from fancoins.realtime.redis_hub import RedisHub


def new_hub(settings: Settings) -> Hub:
    """Redis pub/sub when `FANCOINS_REDIS_URL` is set (several API processes), else local."""
    if settings.redis_url:
        return RedisHub(settings.redis_url, settings.live_redis_prefix,
                        settings.live_presence_ttl_s, settings.live_redis_timeout_s)
    return LocalHub()


def live_of(app: Any) -> LiveEngine:
    engine: LiveEngine = app.state.live
    return engine


def board_cache_of(app: Any) -> BoardCache:
    cache: BoardCache = app.state.live_board_cache
    return cache


@asynccontextmanager
async def live_lifespan(app: Any) -> AsyncIterator[None]:
    """Runs inside the app's lifespan (the database engine exists by then)."""
    settings: Settings = app.state.settings
    engine = LiveEngine(settings, app.state.engine, new_hub(settings))
    await engine.start()
    app.state.live = engine
    app.state.live_board_cache = BoardCache(settings.live_board_cache_s)
    commits, ends = commit_feed_of(app), stream_feed_of(app)
    commits.subscribe(engine.on_gifts)
    ends.subscribe(engine.on_stream_ended)
    try:
        yield
    finally:
        commits.unsubscribe(engine.on_gifts)
        ends.unsubscribe(engine.on_stream_ended)
        await engine.stop()

"""Wiring the gift writer and the commit feeds into an app (or a benchmark) lifetime.

`start_gifts(app)` runs in the app's lifespan: it creates `app.state.commit_feed` (a
`CommitFeed`) and `app.state.stream_feed` (a `StreamFeed`) unless something created them
already, and starts the writer. The writer publishes to whatever `app.state.commit_feed` is at
publish time, so real-time delivery may also install its own feed. `stop_gifts(app)` drains.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.gifts.writer import GiftWriter, writer_limits
from fancoins.realtime.events import CommitFeed, GiftCommitted, StreamFeed


def commit_feed_of(app: Any) -> CommitFeed:
    """The app's feed of committed gift batches (created on first use)."""
    feed: CommitFeed | None = getattr(app.state, "commit_feed", None)
    if feed is None:
        feed = CommitFeed()
        app.state.commit_feed = feed
    return feed


def stream_feed_of(app: Any) -> StreamFeed:
    """The app's feed of ended streams (created on first use)."""
    feed: StreamFeed | None = getattr(app.state, "stream_feed", None)
    if feed is None:
        feed = StreamFeed()
        app.state.stream_feed = feed
    return feed


def new_writer(engine: AsyncEngine, settings: Settings, feed: CommitFeed | None) -> GiftWriter:
    """A writer for `engine` (started by the caller): also how the benchmark runs one."""
    limits = writer_limits(settings.gift_batch_size_max, settings.gift_batch_wait_ms,
                           settings.gift_queue_max)
    return GiftWriter(engine, settings.economy, limits, feed.publish if feed else None)


async def start_gifts(app: Any) -> None:
    commit_feed_of(app)
    stream_feed_of(app)

    async def publish(batch: Sequence[GiftCommitted]) -> None:
        await commit_feed_of(app).publish(batch)

    settings: Settings = app.state.settings
    limits = writer_limits(settings.gift_batch_size_max, settings.gift_batch_wait_ms,
                           settings.gift_queue_max)
    writer = GiftWriter(app.state.engine, settings.economy, limits, publish)
    writer.start()
    app.state.gift_writer = writer


async def stop_gifts(app: Any) -> None:
    writer: GiftWriter | None = getattr(app.state, "gift_writer", None)
    if writer is not None:
        await writer.stop()


def writer_of(app: Any) -> GiftWriter | None:
    writer: GiftWriter | None = getattr(app.state, "gift_writer", None)
    return writer

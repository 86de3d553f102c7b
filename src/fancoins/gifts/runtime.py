"""The gift writer of a process, built from the settings (by the container, or a benchmark)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.gifts.writer import GiftWriter, writer_limits
from fancoins.realtime.events import CommitFeed


def new_writer(engine: AsyncEngine, settings: Settings, feed: CommitFeed | None) -> GiftWriter:
    """A writer for `engine` (started by the caller)."""
    limits = writer_limits(settings.gift_batch_size_max, settings.gift_batch_wait_ms,
                           settings.gift_queue_max)
    return GiftWriter(engine, settings.economy, limits, feed.publish if feed else None)

"""Gifts that commit while a tick waits for SQLite's write lock (most often the gift writer
holds it to commit them) go out in that tick's frame, not a whole tick later."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from pathlib import Path

import orjson

from fancoins.db.engine import create_engine
from fancoins.gifts.events import GiftSent
from fancoins.ids import now_ms
from fancoins.live.engine import LiveEngine
from fancoins.realtime.hub import LocalHub
from tests.conftest import fresh_sqlite_url
from tests.live.helpers import live_settings, seed

# Long enough for the tick to be waiting for the lock (it polls every few milliseconds).
LOCK_HELD_S = 0.3


def _gift(stream_id: str, sender_id: str, at_ms: int) -> GiftSent:
    return GiftSent(gift_event_id=uuid.uuid4(), stream_id=stream_id, video_id=None,
                    comment_id=None, sender_id=sender_id, sender_display_name=sender_id,
                    recipient_id="creator", gift_id="rose", gift_name="Rose",
                    gift_price_coins=1, streakable=True, count=1, coins=1, diamonds=1,
                    sender_lifetime_coins=1, committed_at_ms=at_ms)


async def test_gifts_committed_while_a_tick_waits_for_the_lock_go_in_its_frame(
    sqlite_template: Path, tmp_path: Path,
) -> None:
    url = fresh_sqlite_url(sqlite_template, tmp_path)
    seeded = await seed(url, viewers=2)
    stream = seeded.stream_id
    db = create_engine(url)
    live = LiveEngine(live_settings(url), db, LocalHub())
    writer = sqlite3.connect(url.removeprefix("sqlite+aiosqlite:///"), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # the gift writer commits a batch meanwhile
        await live.inbox.take([_gift(stream, "viewer0", now_ms())])
        tick = asyncio.create_task(live.ticker.tick(now_ms()))
        await asyncio.sleep(LOCK_HELD_S)
        assert not tick.done(), "the tick waits for the lock"
        await live.inbox.take([_gift(stream, "viewer1", now_ms())])  # that batch's gift
        writer.execute("ROLLBACK")
        await asyncio.wait_for(tick, 30)
        frames = [orjson.loads(f.payload) for f in await live.feed.tail(stream, 10)]
        assert [e["sender"]["id"] for e in frames[-1] if e["type"] == "gift.sent"] == [
            "viewer0", "viewer1"]
        assert not live.inbox.gifts
    finally:
        writer.close()
        await live.writes.close()
        await db.dispose()

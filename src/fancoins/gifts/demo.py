"""The demo's gifting: Maya is LIVE and Alice and Bob have sent her a few gifts.

Runs through the same batch path as the writer, in one transaction (the demo loads before
the server, so no writer is running yet). Idempotent: a second load sends nothing new.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.uow import unit
from fancoins.economy_file import load_economy
from fancoins.gifts.service import SendRequest, gifts_service
from fancoins.ids import now_ms
from fancoins.streams.service import StreamAlreadyLive, streams

DEMO_CREATOR = "maya"
# (sender, gift id, count): small enough for the demo grants.
DEMO_GIFTS: tuple[tuple[str, str, int], ...] = (
    ("alice", "rose", 10), ("alice", "panda", 3), ("bob", "love_bang", 1), ("bob", "rose", 5),
    ("alice", "concert", 1),
)


async def load_demo_gifts(engine: AsyncEngine) -> str:
    """Maya's LIVE (started once) and the demo gifts in it. Returns the stream id."""
    economy = load_economy(None)
    try:
        async with unit(engine) as uow:
            stream_id = (await streams.start(uow, DEMO_CREATOR, "Maya's demo LIVE",
                                             "demo:live")).value.id
    except StreamAlreadyLive as live:
        stream_id = live.stream_id
    requests = [
        SendRequest(sender, gift_id, count, f"demo:gift:{index}", stream_id=stream_id)
        for index, (sender, gift_id, count) in enumerate(DEMO_GIFTS)
    ]
    async with unit(engine) as uow:
        await gifts_service.seed_catalog(uow, economy)
        await gifts_service.apply_batch(uow, requests, economy, now_ms())
    return stream_id

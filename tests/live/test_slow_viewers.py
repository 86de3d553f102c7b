"""A viewer that cannot keep up is dropped with close code 4008; the others keep receiving."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Sequence
from pathlib import Path

import httpx
import orjson
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from fancoins.gifts.events import GiftSent
from fancoins.ids import new_id, now_ms
from fancoins.realtime.protocol import CloseCode
from tests.live.helpers import (
    RunningServer,
    Viewer,
    eventually,
    live_settings,
    seed,
    send_gift,
    server_thread,
    user_token,
    viewer,
)

BATCHES = 40
# Distinct senders with long random names: ~450 KB frames that permessage-deflate cannot
# shrink much, so the socket buffers of a viewer that stopped reading fill in a few frames.
SENDERS_PER_BATCH = 300
NAME_PAD_BYTES = 500
QUEUE_FRAMES_MAX = 4


def _storm_batch(stream_id: str, creator_id: str, batch: int) -> list[GiftSent]:
    return [
        GiftSent(
            gift_event_id=new_id(), stream_id=stream_id, video_id=None, comment_id=None,
            sender_id=f"s{batch}-{i}",
            sender_display_name=f"Sender {os.urandom(NAME_PAD_BYTES).hex()}",
            recipient_id=creator_id, gift_id="concert", gift_name="Concert",
            gift_price_coins=500, streakable=False, count=1, coins=500, diamonds=500,
            sender_lifetime_coins=500, committed_at_ms=now_ms())
        for i in range(SENDERS_PER_BATCH)
    ]


async def _publish(server: RunningServer, batch: Sequence[GiftSent]) -> None:
    await asyncio.to_thread(server.call, server.app.state.container.bus.publish(batch))


async def _read_all(v: Viewer, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await v.read_frame(timeout_s=0.2)
        except TimeoutError:
            continue


def _gift_count(v: Viewer) -> int:
    return sum(e["count"] for e in v.events
               if e["type"] in ("gift.sent", "combo.updated", "gift.summary"))


# With permessage-deflate (the websockets client offers it) frames go through ASGI `send`;
# without, the server writes each frame's prepared bytes straight to the socket.
@pytest.mark.parametrize("compression", ["deflate", None], ids=["asgi-send", "direct-write"])
async def test_slow_viewer_is_dropped_and_others_keep_receiving(
    database_url: str, tmp_path: Path, compression: str | None
) -> None:
    seeded = await seed(database_url, viewers=3)
    # The slow viewer reads again only after the storm: its close frame is kept for it
    # (a viewer that never reads is aborted after this: see test_viewer_bounds.py).
    settings = live_settings(database_url, live__tick_ms=20,
                             live__frame_gift_events_max=SENDERS_PER_BATCH,
                             live__viewer_queue_frames_max=QUEUE_FRAMES_MAX,
                             live__viewer_close_timeout_s=60)
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_thread(settings) as server:
        # The slow viewer: a tiny receive buffer and a client that stops reading.
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", int(server.base_url.rsplit(":", 1)[1])))
        url = f"{server.ws_url}/v1/streams/{seeded.stream_id}/events?token={tokens['viewer2']}"
        async with (
            connect(url, sock=sock, max_queue=1, max_size=None, compression=compression) as slow,
            viewer(server.ws_url, seeded.stream_id, tokens["viewer0"], max_size=None,
                   compression=compression) as fast0,
            viewer(server.ws_url, seeded.stream_id, tokens["viewer1"], max_size=None,
                   compression=compression) as fast1,
            httpx.AsyncClient(base_url=server.base_url) as client,
        ):
            rooms = server.app.state.container.live.hub.rooms
            await eventually(lambda: len(rooms.all_viewers()) == 3)
            assert {c.direct for c in rooms.all_viewers()} == {compression is None}
            stop = asyncio.Event()
            readers = [asyncio.create_task(_read_all(v, stop)) for v in (fast0, fast1)]
            for batch in range(BATCHES):
                await _publish(server, _storm_batch(seeded.stream_id, seeded.creator_id, batch))
                # In step with the fast viewers: one frame per batch, however slow the ticks.
                for v in (fast0, fast1):
                    await eventually(lambda v=v, n=batch: _gift_count(v)
                                     >= (n + 1) * SENDERS_PER_BATCH, timeout_s=20)
            published = BATCHES * SENDERS_PER_BATCH
            for v in (fast0, fast1):
                await eventually(lambda v=v: _gift_count(v) >= published, timeout_s=20)
            # The gift path is untouched: a real gift still reaches the fast viewers.
            sent = await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 1, "k")
            for v in (fast0, fast1):
                await eventually(lambda v=v: any(e.get("event_id") == sent["id"]
                                                 for e in v.events))
            stop.set()
            await asyncio.gather(*readers)
            # The slow viewer, reading at last, finds what was buffered and then the close.
            slow_frames = 0
            try:
                async with asyncio.timeout(20):
                    async for raw in slow:
                        slow_frames += len(orjson.loads(raw)) > 0
            except ConnectionClosed:
                pass
            assert slow.close_code == CloseCode.VIEWER_TOO_SLOW
            assert slow.close_reason == "viewer too slow"
            assert slow_frames < BATCHES  # it was dropped well before the storm ended
    for v in (fast0, fast1):
        assert _gift_count(v) == published + 1  # every gift, exactly once, nothing lost

"""Stream end reaches every viewer after the last committed batch of every process."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from tests.live.helpers import (
    api_processes,
    assert_in_order_once,
    committed_gifts,
    gifts_seen,
    live_settings,
    read_until_closed,
    seed,
    send_gift,
    server_thread,
    user_token,
    viewer,
)

pytestmark = pytest.mark.redis

GIFTS = 12


async def test_stream_ended_on_one_process_comes_after_the_other_processes_last_gifts(
    database_url: str, redis_url: str
) -> None:
    seeded = await seed(database_url, viewers=4)
    settings = live_settings(database_url)
    tokens = {v: user_token(settings, v) for v in [*seeded.viewer_ids, seeded.creator_id]}
    env = {"FANCOINS_DATABASE_URL": database_url, "FANCOINS_REDIS_URL": redis_url,
           "FANCOINS_MODE": "test", "FANCOINS_LIVE__REDIS_PREFIX": f"t{uuid.uuid4().hex[:8]}:"}
    # Process A ticks slowly, so its last committed gifts still wait for a frame when the
    # stream is ended through process B, which ticks fast.
    with api_processes({**env, "FANCOINS_LIVE__TICK_MS": "1000"},
                       {**env, "FANCOINS_LIVE__TICK_MS": "20"}) as (a, b):
        async with (
            viewer(a.ws_url, seeded.stream_id, tokens["viewer2"]) as on_a,
            viewer(b.ws_url, seeded.stream_id, tokens["viewer3"]) as on_b,
            httpx.AsyncClient(base_url=a.base_url) as client_a,
            httpx.AsyncClient(base_url=b.base_url) as client_b,
        ):
            for v in (on_a, on_b):
                await v.read_frame()
            for n in range(GIFTS):
                sender = seeded.viewer_ids[n % 2]
                await send_gift(client_a, tokens[sender], seeded.stream_id, "panda", 1, f"g{n}")
            ended = await client_b.post(
                f"/v1/streams/{seeded.stream_id}/end",
                headers={"Authorization": f"Bearer {tokens[seeded.creator_id]}"})
            assert ended.status_code == 200, ended.text
            await asyncio.gather(read_until_closed(on_a), read_until_closed(on_b))
    assert await committed_gifts(database_url, seeded.stream_id) == GIFTS
    for v in (on_a, on_b):
        assert [e["type"] for e in v.events][-1] == "stream.ended"
        assert gifts_seen(v.events) == GIFTS
        assert_in_order_once(v.events)


async def test_a_stream_ended_where_no_live_listens_is_still_told(database_url: str) -> None:
    """Ended by a process without LIVE (the CLI, a job) or one that died before telling it:
    the processes whose viewers watch it find out and tell the end, once."""
    from fancoins.db.engine import create_engine
    from fancoins.db.uow import unit
    from fancoins.streams.service import streams

    seeded = await seed(database_url, viewers=2)
    settings = live_settings(database_url, live__log_check_ms=200)
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, seeded.stream_id, tokens["viewer1"]) as watcher,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await watcher.read_frame()
            await send_gift(client, tokens["viewer0"], seeded.stream_id, "panda", 2, "k")
            engine = create_engine(database_url)
            try:
                async with unit(engine) as uow:  # no event sink: no LIVE hears this end
                    await streams.end(uow, seeded.stream_id, None)
            finally:
                await engine.dispose()
            await read_until_closed(watcher)
    kinds = [e["type"] for e in watcher.events]
    assert kinds[-1] == "stream.ended" and kinds.count("stream.ended") == 1
    assert gifts_seen(watcher.events) == 2

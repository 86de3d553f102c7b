"""Real time degrades loudly: without Redis a process still serves, fans out locally and says
so; when Redis dies mid-stream viewers are told, and every committed gift still reaches every
viewer exactly once, in order."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from tests.live.helpers import (
    ApiProcess,
    GiftStorm,
    RedisProcess,
    Viewer,
    api_process,
    api_processes,
    assert_in_order_once,
    committed_gifts,
    eventually,
    gifts_seen,
    live_settings,
    read_until_closed,
    seed,
    send_gift,
    user_token,
    viewer,
)
from tests.support.servers import free_port

GIFTS_MIN = 50
# A process notices Redis gone at once (its connection closes), and back within its back-off
# bound (live_redis_backoff_max_s) plus a slow machine's start-up of Redis.
FANOUT_CHANGE_TIMEOUT_S = 30


def _env(database_url: str, redis_url: str, **more: str) -> dict[str, str]:
    return {"FANCOINS_DATABASE_URL": database_url, "FANCOINS_REDIS_URL": redis_url,
            "FANCOINS_MODE": "test", "FANCOINS_LIVE__REDIS_PREFIX": f"t{uuid.uuid4().hex[:8]}:",
            "FANCOINS_LIVE__REDIS_TIMEOUT_S": "1", **more}


async def test_a_process_starts_without_redis_and_fans_out_locally(database_url: str) -> None:
    seeded = await seed(database_url, viewers=2)
    settings = live_settings(database_url)
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    nobody_listens = f"redis://127.0.0.1:{free_port()}/0"
    with api_process(_env(database_url, nobody_listens)) as api:
        async with httpx.AsyncClient(base_url=api.base_url) as client:
            health = await client.get("/healthz", timeout=5)
        assert health.status_code == 200  # it serves: Redis is best effort
        body = health.json()
        assert body["status"] == "degraded" and body["database"] == "ok"
        assert body["fanout"] == "local" and "redis" in body["reason"].lower()
        async with (viewer(api.ws_url, seeded.stream_id, tokens["viewer1"]) as watcher,
                    httpx.AsyncClient(base_url=api.base_url) as client):
            await watcher.read_frame()
            sent = await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 2, "k")
            await watcher.until(lambda evs: any(e.get("event_id") == sent["id"] for e in evs))


async def _watch(v: Viewer) -> None:
    await read_until_closed(v, timeout_s=180)


async def _fanout_is(states: tuple[str, ...], *processes: ApiProcess) -> None:
    """Until every process's /healthz says its fan-out is in one of `states`."""
    async def check() -> bool:
        async with httpx.AsyncClient(timeout=5) as client:
            for process in processes:
                body = (await client.get(process.base_url + "/healthz")).json()
                if body.get("fanout") not in states:
                    return False
        return True

    deadline = asyncio.get_running_loop().time() + FANOUT_CHANGE_TIMEOUT_S
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, f"fan-out never {states}"
        await asyncio.sleep(0.1)


@pytest.mark.slow
@pytest.mark.redis
async def test_redis_killed_mid_stream_every_viewer_gets_every_gift_once(
    database_url: str,
) -> None:
    seeded = await seed(database_url, viewers=4)
    settings = live_settings(database_url)
    tokens = {v: user_token(settings, v) for v in [*seeded.viewer_ids, seeded.creator_id]}
    with RedisProcess() as redis:
        env = _env(database_url, redis.url)
        with api_processes(env, env) as (a, b):
            async with (
                viewer(a.ws_url, seeded.stream_id, tokens["viewer2"]) as on_a,
                viewer(b.ws_url, seeded.stream_id, tokens["viewer3"]) as on_b,
            ):
                watchers = [asyncio.create_task(_watch(v)) for v in (on_a, on_b)]
                storm = GiftStorm([a.base_url, b.base_url], [tokens["viewer0"],
                                  tokens["viewer1"]], seeded.stream_id, rate_per_s=20)
                sending = asyncio.create_task(storm.run())
                await asyncio.sleep(1.5)
                redis.kill()  # gifts keep committing on both processes
                await _fanout_is(("local",), a, b)
                await asyncio.sleep(3)
                redis.start()
                await _fanout_is(("redis",), a, b)  # each process reconnected
                await asyncio.sleep(2)
                # Enough gifts to matter, however slowly a loaded machine sends them.
                await eventually(lambda: storm.sent > GIFTS_MIN, timeout_s=60)
                storm.stop()
                await sending
                async with httpx.AsyncClient(base_url=a.base_url) as client:
                    ended = await client.post(
                        f"/v1/streams/{seeded.stream_id}/end",
                        headers={"Authorization": f"Bearer {tokens[seeded.creator_id]}"})
                    assert ended.status_code == 200, ended.text
                await asyncio.gather(*watchers)
    total = await committed_gifts(database_url, seeded.stream_id)
    assert total == storm.sent and total > GIFTS_MIN
    for v in (on_a, on_b):
        kinds = [e["type"] for e in v.events]
        assert "resync" in kinds  # told, never a silent gap
        assert kinds[-1] == "stream.ended"
        assert gifts_seen(v.events) == total  # every committed gift, exactly once
        assert_in_order_once(v.events)

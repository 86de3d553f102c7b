"""Metrics for the gift path and real time: what an operator needs to see a storm coming and
fan-out degrading (Prometheus, admin scope)."""

from __future__ import annotations

import httpx

from tests.live.helpers import live_settings, seed, send_gift, server_thread, user_token, viewer
from tests.support.api import bearer
from tests.support.api import user_token as scoped_token

SERIES = (
    "fancoins_gift_batch_size_bucket",
    "fancoins_gift_queue_depth",
    "fancoins_gift_commit_seconds_bucket",
    "fancoins_live_fanout_lag_seconds_bucket",
    "fancoins_live_viewers_dropped_total",
    "fancoins_live_resyncs_total",
    "fancoins_live_redis_up",
    "fancoins_live_viewers",
)


async def test_writer_and_fanout_metrics_are_exposed(database_url: str) -> None:
    seeded = await seed(database_url, viewers=2)
    settings = live_settings(database_url)
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, seeded.stream_id, tokens["viewer1"]) as watcher,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await watcher.read_frame()
            sent = await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 1, "k")
            await watcher.until(lambda evs: any(e.get("event_id") == sent["id"] for e in evs))
            admin = bearer(scoped_token(settings, "ops", scope="admin"))
            body = (await client.get("/metrics", headers=admin)).text
    for series in SERIES:
        assert series in body, series
    # Observed, not only declared: the gift's batch and its frame were measured.
    for counted in ("fancoins_gift_batch_size_count", "fancoins_gift_commit_seconds_count",
                    "fancoins_live_fanout_lag_seconds_count"):
        line = next(line for line in body.splitlines() if line.startswith(counted))
        assert float(line.split()[-1]) >= 1, line

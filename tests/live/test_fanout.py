"""Two API processes, one database, one real Redis: a gift accepted by process A reaches a
viewer connected to process B; presence and combo ends are shared, combos still end once."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.live.helpers import (
    Event,
    Viewer,
    economy_with_combo_window,
    live_settings,
    seed,
    send_gift,
    server_processes,
    user_token,
    viewer,
)

pytestmark = pytest.mark.redis

WINDOW_S = 1


def _ended(events: list[Event]) -> list[Event]:
    return [e for e in events if e["type"] == "combo.ended"]


async def _drain(v: Viewer, quiet_s: float) -> None:
    while True:
        try:
            await v.read_frame(timeout_s=quiet_s)
        except TimeoutError:
            return


async def test_gift_on_process_a_reaches_viewer_on_process_b(
    database_url: str, redis_url: str, tmp_path: Path
) -> None:
    seeded = await seed(database_url, viewers=3)
    settings = live_settings(database_url)
    env = {
        "FANCOINS_DATABASE_URL": database_url, "FANCOINS_REDIS_URL": redis_url,
        "FANCOINS_MODE": "test", "FANCOINS_LIVE__REDIS_PREFIX": f"t{uuid.uuid4().hex[:8]}:",
        "FANCOINS_ECONOMY_FILE": str(economy_with_combo_window(tmp_path, WINDOW_S)),
        "FANCOINS_LIVE__VIEWERS_INTERVAL_MS": "200",
    }
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_processes(env, env) as (base_a, base_b):
        ws_a, ws_b = base_a.replace("http", "ws"), base_b.replace("http", "ws")
        async with (
            viewer(ws_a, seeded.stream_id, tokens["viewer2"]) as on_a,
            viewer(ws_b, seeded.stream_id, tokens["viewer1"]) as on_b,
            httpx.AsyncClient(base_url=base_a) as client_a,
            httpx.AsyncClient(base_url=base_b) as client_b,
        ):
            # Presence is shared: each process counts the other's viewer too.
            for v in (on_a, on_b):
                await v.until(lambda evs: any(
                    e["type"] == "viewers.updated" and e["count"] == 2 for e in evs))
            sent = await send_gift(client_a, tokens["viewer0"], seeded.stream_id, "rose", 2, "a")
            events = await on_b.until(lambda evs: any(
                e["type"] == "gift.sent" and e["event_id"] == sent["id"] for e in evs))
            gift = next(e for e in events if e.get("event_id") == sent["id"])
            assert gift["sender"]["id"] == "viewer0" and gift["count"] == 2
            assert gift["gift"]["id"] == "rose" and gift["diamonds"] == 2
            combo_id = gift["combo"]["id"]
            # The same sender through process B extends the same combo (state is shared).
            again = await send_gift(client_b, tokens["viewer0"], seeded.stream_id, "rose", 3,
                                    "b")
            events = await on_a.until(lambda evs: any(
                e.get("event_id") == again["id"] for e in evs))
            assert next(e for e in events if e.get("event_id") == again["id"])["combo"] == {
                "id": combo_id, "count": 5, "ended": False}
            # Both processes sweep lapsed combos; the end is announced once, to everyone.
            for v in (on_a, on_b):
                await v.until(lambda evs: bool(_ended(evs)), timeout_s=10)
            await asyncio.sleep(WINDOW_S + 0.5)
            await asyncio.gather(_drain(on_a, 0.5), _drain(on_b, 0.5))
            await on_b.until(lambda evs: any(
                e["type"] == "leaderboard.updated" and any(
                    x["user_id"] == "viewer0" and x["coins"] == 5 for x in e["entries"])
                for e in evs))
    for v in (on_a, on_b):
        assert Counter(e["combo"]["id"] for e in _ended(v.events)) == {combo_id: 1}
        assert _ended(v.events)[0]["combo"]["count"] == 5

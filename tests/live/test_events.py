"""A committed gift reaches every viewer of the stream, with every field a LIVE gift shows."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from fancoins.economy.levels import gifter_level
from fancoins.journal.verify import verify
from fancoins.realtime.protocol import CloseCode
from tests.live.helpers import (
    Event,
    live_settings,
    seed,
    send_gift,
    server_thread,
    user_token,
    viewer,
)


def _gift_sent(events: list[Event], gift_event_id: str) -> Event | None:
    return next((e for e in events if e["type"] == "gift.sent"
                 and e["event_id"] == gift_event_id), None)


async def test_gift_reaches_every_viewer_with_all_fields(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    seeded = await seed(database_url, viewers=3)
    settings = live_settings(database_url)
    sender = seeded.viewer_ids[0]
    with server_thread(settings) as server:
        tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
        async with (
            viewer(server.ws_url, seeded.stream_id, tokens["viewer0"]) as v0,
            viewer(server.ws_url, seeded.stream_id, tokens["viewer1"]) as v1,
            viewer(server.ws_url, seeded.stream_id, tokens["viewer2"]) as v2,
            httpx.AsyncClient(base_url=server.base_url) as client,
        ):
            viewers = (v0, v1, v2)
            for v in viewers:  # the first frame is the snapshot: board and viewer count
                snapshot = await v.read_frame()
                assert [e["type"] for e in snapshot] == ["leaderboard.updated",
                                                         "viewers.updated"]
                assert snapshot[0]["snapshot"] is True and snapshot[0]["entries"] == []
            sent = await send_gift(client, tokens[sender], seeded.stream_id, "rose", 3, "k1")
            for v in viewers:
                await v.until(lambda events: _gift_sent(events, sent["id"]) is not None)
                event = _gift_sent(v.events, sent["id"])
                assert event is not None
                assert event["stream_id"] == seeded.stream_id
                level = gifter_level(3, settings.economy.levels)
                assert event["sender"] == {"id": sender, "display_name": "Viewer viewer0",
                                           "level": level, "badges": []}
                assert event["gift"] == {"id": "rose", "name": "Rose", "price_coins": 1,
                                         "streakable": True}
                assert (event["count"], event["coins"], event["diamonds"]) == (3, 3, 3)
                assert event["combo"]["count"] == 3 and event["combo"]["ended"] is False
                uuid.UUID(event["combo"]["id"])
                committed = dt.datetime.fromisoformat(event["time"])
                created = dt.datetime.fromisoformat(sent["created_at"].replace("Z", "+00:00"))
                assert abs((committed - created).total_seconds()) < 5
                assert event["time_ms"] > 0
            # Every viewer sees the same combo, and the board then shows the sender first.
            combo_ids = {_gift_sent(v.events, sent["id"])["combo"]["id"]  # type: ignore[index]
                         for v in viewers}
            assert len(combo_ids) == 1
            board = await v0.until(lambda events: any(
                e["type"] == "leaderboard.updated" and not e["snapshot"] for e in events))
            update = [e for e in board if e["type"] == "leaderboard.updated"][-1]
            assert update["entries"][0]["user_id"] == sender
            assert update["entries"][0]["coins"] == 3
            assert update["entries"][0]["badges"] == ["top1"]
            counts = await v2.until(lambda events: any(
                e["type"] == "viewers.updated" and e["count"] == 3 for e in events))
            assert counts
    async with engine.connect() as connection:
        assert (await verify(connection)).ok


async def test_refused_connections_answer_problem_json(database_url: str) -> None:
    seeded = await seed(database_url, viewers=1)
    settings = live_settings(database_url)
    with server_thread(settings) as server:
        token = user_token(settings, "viewer0")
        cases = [
            (f"/v1/streams/{seeded.stream_id}/events", 401, "unauthenticated"),
            (f"/v1/streams/{seeded.stream_id}/events?token=not-a-jwt", 401, "token-invalid"),
            (f"/v1/streams/nope/events?token={token}", 404, "stream-not-found"),
        ]
        for path, status, slug in cases:
            with pytest.raises(InvalidStatus) as refused:
                async with connect(server.ws_url + path):
                    pass
            response = refused.value.response
            assert response.status_code == status
            assert response.headers["content-type"] == "application/problem+json"
            assert f"problem:{slug}" in response.body.decode()
        # A process whose LIVE engine is not running (starting, or shutting down): 503, not
        # the 500 a reconnecting browser got during a shutdown.
        container = server.app.state.container
        running, container.live = container.live, None
        try:
            with pytest.raises(InvalidStatus) as refused:
                async with connect(f"{server.ws_url}/v1/streams/{seeded.stream_id}/events"
                                   f"?token={token}"):
                    pass
        finally:
            container.live = running
        assert refused.value.response.status_code == 503
        assert b"problem:live-not-running" in refused.value.response.body


async def test_stream_end_closes_every_viewer_after_the_final_events(database_url: str) -> None:
    seeded = await seed(database_url, viewers=2)
    settings = live_settings(database_url)
    tokens = {v: user_token(settings, v) for v in [*seeded.viewer_ids, seeded.creator_id]}
    with server_thread(settings) as server:
        async with (
            viewer(server.ws_url, seeded.stream_id, tokens["viewer1"]) as watcher,
            httpx.AsyncClient(base_url=server.base_url) as client,
        ):
            await watcher.read_frame()
            sent = await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 2, "k")
            await watcher.until(lambda evs: any(e.get("event_id") == sent["id"] for e in evs))
            ended = await client.post(f"/v1/streams/{seeded.stream_id}/end",
                                      headers={"Authorization": f"Bearer {tokens['creator']}"})
            assert ended.status_code == 200, ended.text
            with pytest.raises(ConnectionClosed):
                while True:
                    await watcher.read_frame()
            assert watcher.websocket.close_code == CloseCode.STREAM_ENDED
            kinds = [e["type"] for e in watcher.events]
            # The open combo ends with the stream (once), then the final board, then the end.
            assert kinds[-3:] == ["combo.ended", "leaderboard.updated", "stream.ended"]
            assert kinds.count("combo.ended") == 1
            assert watcher.events[-2]["entries"][0]["coins"] == 2
            with pytest.raises(InvalidStatus) as refused:
                async with connect(f"{server.ws_url}/v1/streams/{seeded.stream_id}/events"
                                   f"?token={tokens['viewer1']}"):
                    pass
            assert refused.value.response.status_code == 410

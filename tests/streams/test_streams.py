"""LIVE streams and videos over HTTP, and the stream-ended feed."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from fancoins.kit.events import DomainEvent
from fancoins.streams.events import StreamEnded
from tests.gifts.helpers import make_user, running_api


async def test_start_end_and_read_a_stream(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice")
        ended: list[StreamEnded] = []

        async def listener(events: Sequence[DomainEvent]) -> None:
            ended.extend(e for e in events if isinstance(e, StreamEnded))

        api.app.state.container.bus.subscribe(listener, StreamEnded.type)
        first = await api.client.post("/v1/streams", json={"title": "Hello"},
                                      headers=api.headers("maya", "s1"))
        assert first.status_code == 201 and first.json()["status"] == "live"
        replay = await api.client.post("/v1/streams", json={"title": "Hello"},
                                       headers=api.headers("maya", "s1"))
        assert replay.json()["id"] == first.json()["id"]
        conflict = await api.client.post("/v1/streams", json={"title": "Other"},
                                         headers=api.headers("maya", "s1"))
        assert conflict.status_code == 409
        assert conflict.json()["type"].endswith("idempotency-key-reused")
        second = await api.client.post("/v1/streams", json={"title": "Again"},
                                       headers=api.headers("maya", "s2"))
        assert second.status_code == 409 and second.json()["stream_id"] == first.json()["id"]
        viewer = await api.client.post("/v1/streams", json={"title": "x"},
                                       headers=api.headers("alice", "s3"))
        assert viewer.status_code == 403 and viewer.json()["type"].endswith("not-a-creator")
        stream_id = first.json()["id"]
        not_owner = await api.client.post(f"/v1/streams/{stream_id}/end",
                                          headers=api.headers("alice"))
        assert not_owner.status_code == 404
        assert ended == []
        for _ in range(2):  # ending twice: one event, the same answer
            end = await api.client.post(f"/v1/streams/{stream_id}/end",
                                        headers=api.headers("maya"))
            assert end.status_code == 200 and end.json()["status"] == "ended"
        assert [(e.stream_id, e.creator_id) for e in ended] == [(stream_id, "maya")]
        got = await api.client.get(f"/v1/streams/{stream_id}", headers=api.headers("alice"))
        assert got.json()["ended_at"] is not None and got.json()["gifts_count"] == 0
        missing = await api.client.get("/v1/streams/nope", headers=api.headers("alice"))
        assert missing.status_code == 404 and missing.json()["type"].endswith("stream-not-found")


async def test_videos_are_posted_once_per_key(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        first = await api.client.post("/v1/videos", json={"caption": "dance"},
                                      headers=api.headers("maya", "v1"))
        again = await api.client.post("/v1/videos", json={"caption": "dance"},
                                      headers=api.headers("maya", "v1"))
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"]
        no_key = await api.client.post("/v1/videos", json={"caption": "x"},
                                       headers=api.headers("maya"))
        assert no_key.status_code == 422


async def test_list_live_streams_newest_first_in_pages(database_url: str) -> None:
    async with running_api(database_url) as api:
        for name in ("c1", "c2", "c3"):
            await make_user(api.engine, name, creator=True)
        await make_user(api.engine, "alice")
        started = []
        for name in ("c1", "c2", "c3"):
            response = await api.client.post("/v1/streams", json={"title": name},
                                              headers=api.headers(name, f"start-{name}"))
            started.append(response.json()["id"])
        await api.client.post(f"/v1/streams/{started[1]}/end", headers=api.headers("c2"))
        seen: list[str] = []
        url = "/v1/streams?limit=1"
        while True:
            page = (await api.client.get(url, headers=api.headers("alice"))).json()
            seen += [s["id"] for s in page["items"]]
            assert all(s["status"] == "live" for s in page["items"])
            if page["next_cursor"] is None:
                break
            url = f"/v1/streams?limit=1&cursor={page['next_cursor']}"
        assert seen == [started[2], started[0]]
        bad = await api.client.get("/v1/streams?cursor=e30", headers=api.headers("alice"))
        assert bad.status_code == 400 and bad.json()["type"].endswith("cursor-invalid")


async def test_two_racing_starts_leave_one_stream_live(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        answers = await asyncio.gather(*(
            api.client.post("/v1/streams", json={"title": f"t{i}"},
                            headers=api.headers("maya", f"race-{i}"))
            for i in range(6)
        ))
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [201, 409, 409, 409, 409, 409], [a.text for a in answers]
        winner = next(a.json()["id"] for a in answers if a.status_code == 201)
        assert all(a.json()["stream_id"] == winner for a in answers if a.status_code == 409)
        listed = (await api.client.get("/v1/streams", headers=api.headers("maya"))).json()
        assert [s["id"] for s in listed["items"]] == [winner]

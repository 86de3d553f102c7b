"""A creator's LIVEs summed up: how long each ran, what it received, who gave most."""

from __future__ import annotations

import pytest

from fancoins.kit.clock import ManualClock, use_clock
from tests.gifts.helpers import make_user, running_api

MINUTES_LIVE = 7


async def test_each_live_is_summed_up_newest_first_in_pages(database_url: str) -> None:
    clock = ManualClock()
    with use_clock(clock):
        async with running_api(database_url) as api:
            await make_user(api.engine, "maya", creator=True)
            for sender, coins in (("alice", 500), ("bob", 500), ("carol", 500), ("dan", 500)):
                await make_user(api.engine, sender, coins=coins)
            first = await api.go_live("maya", "Morning")
            sends = (("alice", "panda", 3), ("bob", "panda", 1), ("carol", "rose", 1),
                     ("dan", "rose", 2), ("alice", "rose", 1))
            for i, (sender, gift, count) in enumerate(sends):
                answer = await api.send(sender, f"g{i}", gift_id=gift, stream_id=first,
                                        count=count)
                assert answer.status_code == 201, answer.text
            clock.advance(s=MINUTES_LIVE * 60)
            ended = await api.client.post(f"/v1/streams/{first}/end", headers=api.headers("maya"))
            assert ended.status_code == 200
            clock.advance(s=60)
            second = await api.go_live("maya", "Evening")
            clock.advance(s=30)

            page = await api.client.get("/v1/creators/maya/streams?limit=1",
                                        headers=api.headers("maya"))
            assert page.status_code == 200, page.text
            running = page.json()["items"][0]
            assert running["id"] == second and running["status"] == "live"
            assert (running["duration_s"], running["gifts_count"], running["coins"],
                    running["diamonds"], running["top_gifters"]) == (30, 0, 0, 0, [])
            cursor = page.json()["next_cursor"]
            older = (await api.client.get(f"/v1/creators/maya/streams?limit=1&cursor={cursor}",
                                          headers=api.headers("maya"))).json()
            assert older["next_cursor"] is None
            summary = older["items"][0]
            assert summary["id"] == first and summary["status"] == "ended"
            assert summary["duration_s"] == MINUTES_LIVE * 60
            # panda 5 coins, rose 1: alice 3*5+1, bob 5, carol 1, dan 2
            assert summary["gifts_count"] == 5 and summary["coins"] == 16 + 5 + 1 + 2
            stream = (await api.client.get(f"/v1/streams/{first}",
                                           headers=api.headers("maya"))).json()
            assert summary["diamonds"] == stream["diamonds"] > 0
            assert [(g["user_id"], g["display_name"], g["coins"], g["gifts"])
                    for g in summary["top_gifters"]] == [
                ("alice", "Alice", 16, 2), ("bob", "Bob", 5, 1), ("dan", "Dan", 2, 1)]


async def test_another_creators_lives_need_users_read(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice")
        await api.go_live("maya")
        refused = await api.client.get("/v1/creators/maya/streams", headers=api.headers("alice"))
        assert refused.status_code == 403
        assert refused.json()["type"] == "urn:fancoins:problem:insufficient-scope"
        operator = await api.admin_headers()
        read = await api.client.get("/v1/creators/maya/streams", headers=operator)
        assert read.status_code == 200 and len(read.json()["items"]) == 1
        missing = await api.client.get("/v1/creators/nobody/streams", headers=operator)
        assert missing.status_code == 404
        assert missing.json()["type"] == "urn:fancoins:problem:user-not-found"
        bad = await api.client.get("/v1/creators/maya/streams?cursor=e30",
                                   headers=api.headers("maya"))
        assert bad.status_code == 400 and bad.json()["type"].endswith("cursor-invalid")
        too_many = await api.client.get("/v1/creators/maya/streams?limit=100000",
                                        headers=api.headers("maya"))
        assert too_many.status_code == 422


@pytest.mark.parametrize("fanout", ["local", "redis"])
async def test_the_live_list_says_how_many_watch(database_url: str, fanout: str,
                                                 request: pytest.FixtureRequest) -> None:
    # With Redis, the count is every process's (this one records its own first).
    redis = {"redis_url": request.getfixturevalue("redis_url")} if fanout == "redis" else {}
    async with running_api(database_url, **redis) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice")
        stream_id = await api.go_live("maya")
        listed = (await api.client.get("/v1/streams", headers=api.headers("alice"))).json()
        assert [(s["id"], s["viewers"]) for s in listed["items"]] == [(stream_id, 0)]

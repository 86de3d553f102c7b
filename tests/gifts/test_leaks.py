"""Smaller leaks: a creator who lost the status stops receiving at once; another user's exact
lifetime spend is theirs and operators' only; stream lists and ends show real totals."""

from __future__ import annotations

from fancoins.db.uow import unit
from fancoins.identity.service import users
from fancoins.ledger import chart
from tests.gifts.helpers import assert_verified, balance, make_user, running_api, snapshot


async def test_a_creator_who_loses_the_status_stops_receiving_at_once(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        live = await api.go_live("maya")
        video = await api.client.post("/v1/videos", json={"caption": "v"},
                                      headers=api.headers("maya", "video-1"))
        video_id = video.json()["id"]
        assert (await api.send("alice", "g1", gift_id="rose", stream_id=live)).status_code == 201
        async with unit(api.engine) as uow:
            await users.update(uow, "maya", is_creator=False)
        before = await snapshot(api.engine)
        on_live = await api.send("alice", "g2", gift_id="rose", stream_id=live)
        on_video = await api.send("alice", "g3", gift_id="rose", video_id=video_id,
                                  comment_text="hi")
        for refused in (on_live, on_video):
            assert refused.status_code == 409, refused.text
            assert refused.json()["type"].endswith("recipient-not-creator")
        assert await snapshot(api.engine) == before
        assert await balance(api.engine, chart.user_diamonds("maya")) == 1
        await assert_verified(api.engine)


async def test_the_exact_lifetime_spend_is_shown_only_to_its_user_and_operators(
    database_url: str,
) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        await make_user(api.engine, "bob")
        live = await api.go_live("maya")
        assert (await api.send("alice", "g1", gift_id="love_bang", stream_id=live)
                ).status_code == 201
        own = await api.client.get("/v1/users/alice/gifter", headers=api.headers("alice"))
        admin = await api.client.get("/v1/users/alice/gifter",
                                     headers=await api.admin_headers())
        other = await api.client.get("/v1/users/alice/gifter", headers=api.headers("bob"))
        for seen in (own, admin):
            assert seen.status_code == 200, seen.text
            assert seen.json()["lifetime_coins"] == 25
            assert seen.json()["coins_to_next_level"] is not None
        assert other.status_code == 200
        public = other.json()
        assert public["lifetime_coins"] is None and public["coins_to_next_level"] is None
        assert public["level"] == own.json()["level"] and public["badges"] == own.json()["badges"]


async def test_stream_lists_and_stream_ends_show_real_totals(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "leo", creator=True)
        await make_user(api.engine, "alice", coins=100)
        gifted, quiet = await api.go_live("maya"), await api.go_live("leo")
        for key, gift in (("g1", "rose"), ("g2", "panda")):
            assert (await api.send("alice", key, gift_id=gift, stream_id=gifted)
                    ).status_code == 201
        listed = await api.client.get("/v1/streams", headers=api.headers("alice"))
        totals = {s["id"]: (s["gifts_count"], s["diamonds"]) for s in listed.json()["items"]}
        assert totals == {gifted: (2, 6), quiet: (0, 0)}
        ended = await api.client.post(f"/v1/streams/{gifted}/end", headers=api.headers("maya"))
        assert ended.status_code == 200
        assert (ended.json()["gifts_count"], ended.json()["diamonds"]) == (2, 6)

"""Fan clubs through a real server and WebSocket viewers: joining with the club gift, levels
from gifts and watch time, the club badge in gift events and on the board, the creator's
members and a viewer's clubs, and the lapse after days without activity (a test clock)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from fancoins.kit.clock import OffsetClock, use_clock
from tests.battles.helpers import auth, of_type
from tests.live.helpers import (
    live_settings,
    seed,
    send_gift,
    server_thread,
    user_token,
)
from tests.live.helpers import (
    viewer as watch,
)

CLUB_GIFT = "italian_hand"  # the economy's fan_club.gift_id (5 coins)
# A loaded machine (the suite in parallel, PostgreSQL) once took over httpx's default 5 s to
# answer a read here; a hang would still fail, later.
HTTP_TIMEOUT_S = 30.0


async def _my_club(client: httpx.AsyncClient, token: str) -> dict[str, Any] | None:
    clubs = (await client.get("/v1/me/fan-clubs", headers=auth(token))).json()["items"]
    return clubs[0] if clubs else None


async def test_join_levels_badges_members_and_clubs(database_url: str) -> None:
    seeded = await seed(database_url, viewers=3)
    settings = live_settings(database_url)
    tokens = {u: user_token(settings, u) for u in [*seeded.viewer_ids, "creator"]}
    stream = seeded.stream_id
    with server_thread(settings) as server:
        async with (watch(server.ws_url, stream, tokens["viewer2"]) as watcher,
                    httpx.AsyncClient(base_url=server.base_url, timeout=HTTP_TIMEOUT_S) as client):
            await watcher.read_frame()
            await send_gift(client, tokens["viewer1"], stream, "rose", 1, "not-a-member")
            await send_gift(client, tokens["viewer0"], stream, CLUB_GIFT, 1, "join")
            await watcher.until(lambda evs: bool(of_type(evs, "fanclub.joined")))
            await send_gift(client, tokens["viewer0"], stream, "panda", 1, "level2")
            await watcher.until(lambda evs: any(
                e.get("sender", {}).get("club_level") == 2 for e in evs))
            await watcher.until(lambda evs: any(
                x.get("club_level") == 2 for e in of_type(evs, "leaderboard.updated")
                for x in e["entries"] if x["user_id"] == "viewer0"))
            members = await client.get("/v1/creators/creator/fan-club/members",
                                       headers=auth(tokens["creator"]))
            stranger = await client.get("/v1/creators/creator/fan-club/members",
                                        headers=auth(tokens["viewer1"]))
            mine = await _my_club(client, tokens["viewer0"])
            club = (await client.get("/v1/creators/creator/fan-club",
                                     headers=auth(tokens["viewer0"]))).json()
            board = (await client.get(f"/v1/streams/{stream}/leaderboard",
                                      headers=auth(tokens["viewer1"]))).json()
    joined = of_type(watcher.events, "fanclub.joined")
    assert [(e["member"]["id"], e["level"]) for e in joined] == [("viewer0", 1)]
    roses = [e for e in of_type(watcher.events, "gift.sent") if e["sender"]["id"] == "viewer1"]
    assert roses and "club_level" not in roses[0]["sender"]  # not a member: no badge
    assert members.status_code == 200
    assert [(m["member_id"], m["level"], m["points"], m["active"])
            for m in members.json()["items"]] == [("viewer0", 2, 10, True)]
    assert stranger.status_code == 403
    assert mine is not None and (mine["creator_id"], mine["level"]) == ("creator", 2)
    assert club["gift_id"] == CLUB_GIFT and club["membership"]["level"] == 2
    levels = {e["user_id"]: e.get("club_level") for e in board["entries"]}
    assert levels == {"viewer0": 2, "viewer1": None}


async def test_watch_time_counts_and_a_membership_lapses_after_seven_days(database_url: str
                                                                         ) -> None:
    seeded = await seed(database_url, viewers=2)
    settings = live_settings(database_url, fan_clubs__watch_interval_s=1.0)
    tokens = {u: user_token(settings, u) for u in [*seeded.viewer_ids, "creator"]}
    stream = seeded.stream_id
    with use_clock(OffsetClock()) as clock, server_thread(settings) as server:
        async with (watch(server.ws_url, stream, tokens["viewer1"]) as other,
                    httpx.AsyncClient(base_url=server.base_url, timeout=HTTP_TIMEOUT_S) as client):
            await other.read_frame()
            await send_gift(client, tokens["viewer0"], stream, CLUB_GIFT, 1, "join")
            async with watch(server.ws_url, stream, tokens["viewer0"]) as member:
                await member.read_frame()
                await other.until(lambda evs: bool(of_type(evs, "fanclub.joined")))
                clock.advance(ms=3 * 60_000 + 500)  # three minutes of watching

                found = []
                for _ in range(100):  # the next watch credit, a second or so away
                    club = await _my_club(client, tokens["viewer0"])
                    found.append(club["watch_minutes"] if club else None)
                    if found[-1] == 3:
                        break
                    await asyncio.sleep(0.1)
                assert found[-1] == 3, found
            club = await _my_club(client, tokens["viewer0"])
            assert club is not None and (club["points"], club["active"]) == (5 + 3, True)
            clock.advance(days=6)
            await send_gift(client, tokens["viewer0"], stream, "rose", 2, "still-active")
            await other.until(lambda evs: any(  # 5 + 3 + 2 points: level 2
                e.get("sender", {}).get("club_level") == 2 and e["count"] == 2
                for e in of_type(evs, "gift.sent")))
            clock.advance(days=6)
            assert (await _my_club(client, tokens["viewer0"]))["active"] is True
            clock.advance(days=1, ms=1000)  # seven days since the roses
            lapsed = await _my_club(client, tokens["viewer0"])
            assert lapsed is not None and lapsed["active"] is False
            members = (await client.get("/v1/creators/creator/fan-club/members",
                                        headers=auth(tokens["creator"]))).json()["items"]
            assert members == []
            everyone = (await client.get(
                "/v1/creators/creator/fan-club/members", params={"include_lapsed": "true"},
                headers=auth(tokens["creator"]))).json()["items"]
            assert [(m["member_id"], m["active"]) for m in everyone] == [("viewer0", False)]
            await send_gift(client, tokens["viewer0"], stream, "rose", 3, "lapsed-rose")
            await other.until(lambda evs: any(
                e.get("sender", {}).get("id") == "viewer0" and e["count"] == 3
                for e in of_type(evs, "gift.sent")))
            rose = [e for e in of_type(other.events, "gift.sent") if e["count"] == 3][-1]
            assert "club_level" not in rose["sender"]
            assert (await _my_club(client, tokens["viewer0"]))["points"] == 10  # no points
            await send_gift(client, tokens["viewer0"], stream, CLUB_GIFT, 1, "rejoin")
            await other.until(lambda evs: len(of_type(evs, "fanclub.joined")) == 2)
            back = await _my_club(client, tokens["viewer0"])
    assert back is not None and (back["active"], back["level"], back["points"]) == (True, 1, 5)

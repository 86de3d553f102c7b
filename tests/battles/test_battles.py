"""Battles through real servers and real WebSocket viewers: both streams' viewers see the
scores grow and one result, the result is the ledger's sums, a battle ends exactly once across
two API processes and a restart, and gifts cost and credit exactly as outside a battle."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.engine import unit_of_work
from fancoins.journal.verify import verify
from tests.battles.helpers import (
    auth,
    ledger_side_scores,
    of_type,
    scores_of,
    start_battle,
    time_is_up,
)
from tests.live.helpers import (
    Event,
    Viewer,
    go_live,
    live_settings,
    seed,
    send_gift,
    server_process,
    server_thread,
    user_token,
    viewer,
)
from tests.web.helpers import coins_of, ledger_balance

BATTLE_S = 3
END_WAIT_S = 20


async def _drain(v: Viewer, quiet_s: float) -> None:
    while True:
        try:
            await v.read_frame(timeout_s=quiet_s)
        except TimeoutError:
            return


async def test_scores_equal_the_ledger_and_both_streams_see_one_result(
    database_url: str, engine: AsyncEngine,
) -> None:
    seeded = await seed(database_url, viewers=4)
    rival_stream = await go_live(database_url, "rival", "The Rival")
    settings = live_settings(database_url, battles__duration_min_s=1, battles__settle_grace_ms=300)
    tokens = {u: user_token(settings, u) for u in [*seeded.viewer_ids, "creator", "rival"]}
    before = {v: await coins_of(engine, v) for v in seeded.viewer_ids}
    diamonds_before = {c: await ledger_balance(engine, f"user:{c}:diamonds")
                       for c in ("creator", "rival")}
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, seeded.stream_id, tokens["viewer3"]) as on_a,
                    viewer(server.ws_url, rival_stream, tokens["viewer3"]) as on_b,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await on_a.read_frame()
            await on_b.read_frame()
            battle = await start_battle(client, tokens["creator"], ["rival"], [tokens["rival"]],
                                        BATTLE_S)
            sent = [
                await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 5, "a1"),
                await send_gift(client, tokens["viewer1"], seeded.stream_id, "love_bang", 1, "a2"),
                await send_gift(client, tokens["viewer2"], rival_stream, "panda", 3, "b1"),
                await send_gift(client, tokens["viewer0"], rival_stream, "concert", 1, "b2"),
            ]
            for v in (on_a, on_b):
                await v.until(lambda evs: bool(of_type(evs, "battle.ended")), END_WAIT_S)
            late = await send_gift(client, tokens["viewer1"], rival_stream, "concert", 1, "late")
            await asyncio.gather(_drain(on_a, 0.6), _drain(on_b, 0.6))
            final = (await client.get(f"/v1/battles/{battle['id']}",
                                      headers=auth(tokens["viewer0"]))).json()
            # The rival's acceptance retried after the battle ended: answered as it is.
            retried = await client.post(f"/v1/battles/{battle['id']}/accept",
                                        headers=auth(tokens["rival"]))
    assert retried.status_code == 200 and retried.json()["status"] == "ended", retried.text
    assert final["status"] == "ended" and final["result"] == "win"
    assert final["winner_side"] == "b"  # 15 + 500 against 5 + 25
    expected = {"a": 5 + 25, "b": 15 + 500}
    assert {s["side"]: s["score_coins"] for s in final["sides"]} == expected
    assert await ledger_side_scores(engine, final) == expected
    supporters = {s["side"]: [(x["user_id"], x["coins"]) for x in s["supporters"]]
                  for s in final["sides"]}
    assert supporters == {"a": [("viewer1", 25), ("viewer0", 5)],
                          "b": [("viewer0", 500), ("viewer2", 15)]}
    for v in (on_a, on_b):
        started = of_type(v.events, "battle.started")
        ended = of_type(v.events, "battle.ended")
        assert len(started) == 1 and len(ended) == 1, [e["type"] for e in v.events]
        assert scores_of(ended[0]) == expected and ended[0]["winner_side"] == "b"
        updates = [scores_of(e) for e in of_type(v.events, "battle.updated")]
        assert updates and all(u["a"] <= expected["a"] and u["b"] <= expected["b"]
                               for u in updates)
    assert of_type(on_a.events, "battle.ended")[0]["battle"] == \
        of_type(on_b.events, "battle.ended")[0]["battle"]
    # Gifts in a battle cost and credit exactly as outside one (the late one too).
    spent = Counter[str]()
    for gift in (*sent, late):
        spent[gift["id"]] = gift["coins"]
    assert sum(before.values()) - sum([await coins_of(engine, v) for v in seeded.viewer_ids]) \
        == sum(spent.values())
    gained = sum([await ledger_balance(engine, f"user:{c}:diamonds") - diamonds_before[c]
                  for c in ("creator", "rival")])
    assert gained == sum(g["diamonds"] for g in (*sent, late))
    async with unit_of_work(engine) as connection:
        assert (await verify(connection)).ok


@pytest.mark.slow
@pytest.mark.redis
async def test_a_battle_ends_once_across_two_processes_and_a_restart(
    database_url: str, engine: AsyncEngine, redis_url: str, tmp_path: Path,
) -> None:
    seeded = await seed(database_url, viewers=3)
    rival_stream = await go_live(database_url, "rival")
    settings = live_settings(database_url)
    env = {
        "FANCOINS_DATABASE_URL": database_url, "FANCOINS_REDIS_URL": redis_url,
        "FANCOINS_MODE": "test", "FANCOINS_LIVE__REDIS_PREFIX": f"t{uuid.uuid4().hex[:8]}:",
        "FANCOINS_BATTLES__DURATION_MIN_S": "1", "FANCOINS_BATTLES__SETTLE_GRACE_MS": "200",
    }
    tokens = {u: user_token(settings, u) for u in [*seeded.viewer_ids, "creator", "rival"]}
    # Long enough for a process to stop and another to start (seconds on a busy machine)
    # before the battle ends.
    battle_s = 30
    with server_process(env) as base_b:
        ws_b = base_b.replace("http", "ws")
        async with (viewer(ws_b, seeded.stream_id, tokens["viewer2"]) as a_on_b,
                    viewer(ws_b, rival_stream, tokens["viewer2"]) as b_on_b,
                    httpx.AsyncClient(base_url=base_b) as client_b):
            for v in (a_on_b, b_on_b):
                await v.read_frame()
            with server_process(env) as base_a:
                async with httpx.AsyncClient(base_url=base_a) as client_a:
                    battle = await start_battle(client_a, tokens["creator"], ["rival"],
                                                [tokens["rival"]], battle_s)
                    await send_gift(client_a, tokens["viewer0"], seeded.stream_id, "panda", 2,
                                    "a1")
                    await send_gift(client_b, tokens["viewer1"], rival_stream, "rose", 3, "b1")
            # Process A stopped mid-battle; a new process takes its place.
            with server_process(env) as base_a2:
                ws_a2 = base_a2.replace("http", "ws")
                async with (viewer(ws_a2, seeded.stream_id, tokens["viewer0"]) as a_on_a2,
                            httpx.AsyncClient(base_url=base_a2) as client_a2):
                    snapshot = await _snapshot_frame(a_on_a2)
                    # Joining mid-battle: the first frame shows the battle as it stands.
                    assert of_type(snapshot, "battle.updated"), snapshot
                    await send_gift(client_a2, tokens["viewer1"], seeded.stream_id, "rose", 4,
                                    "a2")
                    await send_gift(client_b, tokens["viewer0"], rival_stream, "panda", 1, "b2")
                    # Still running: it outlasted the restart.
                    assert await time_is_up(engine, battle["id"])
                    for v in (a_on_b, b_on_b, a_on_a2):
                        await v.until(lambda evs: bool(of_type(evs, "battle.ended")),
                                      battle_s + END_WAIT_S)
                    await asyncio.sleep(1.0)
                    await asyncio.gather(*(_drain(v, 0.5) for v in (a_on_b, b_on_b, a_on_a2)))
                    final = (await client_a2.get(f"/v1/battles/{battle['id']}",
                                                 headers=auth(tokens["viewer0"]))).json()
    expected = {"a": 10 + 4, "b": 3 + 5}
    assert final["status"] == "ended" and final["winner_side"] == "a"
    assert {s["side"]: s["score_coins"] for s in final["sides"]} == expected
    assert await ledger_side_scores(engine, final) == expected
    ends = [of_type(v.events, "battle.ended") for v in (a_on_b, b_on_b, a_on_a2)]
    assert [len(e) for e in ends] == [1, 1, 1]
    assert {e[0]["event_id"] for e in ends[:1] + ends[2:]} == {ends[0][0]["event_id"]}
    assert all(scores_of(e[0]) == expected for e in ends)


async def _snapshot_frame(joined: Viewer) -> list[Event]:
    """The frame a joining viewer is sent first (its board snapshot): a viewer count
    published to the room as the viewer joined may arrive before it."""
    while True:
        frame = await joined.read_frame()
        if any(e["type"] == "leaderboard.updated" and e["snapshot"] for e in frame):
            return frame


async def test_invitations_answers_and_refusals(database_url: str) -> None:
    seeded = await seed(database_url, viewers=1)
    await go_live(database_url, "rival")
    await go_live(database_url, "third")
    settings = live_settings(database_url)
    tokens = {u: user_token(settings, u)
              for u in ("creator", "rival", "third", "viewer0", "offline")}
    with server_thread(settings) as server:
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            async def invite(who: str, key: str, **body: object) -> httpx.Response:
                return await client.post("/v1/battles", headers=auth(tokens[who], key),
                                         json=body)

            assert (await invite("creator", "k0", opponents=["creator"])).json()["type"] \
                == "urn:fancoins:problem:battle-teams-invalid"
            assert (await invite("creator", "k1", opponents=["rival"], duration_s=1)) \
                .json()["type"] == "urn:fancoins:problem:battle-duration-invalid"
            assert (await invite("viewer0", "k2", opponents=["rival"])).status_code == 403
            first = await invite("creator", "k3", opponents=["rival"])
            assert first.status_code == 201, first.text
            again = await invite("creator", "k3", opponents=["rival"])
            assert again.json()["id"] == first.json()["id"]  # the key's first answer
            busy = await invite("third", "k4", opponents=["rival"])
            assert busy.status_code == 409
            assert busy.json()["type"] == "urn:fancoins:problem:creator-in-battle"
            battle_id = first.json()["id"]
            stranger = await client.post(f"/v1/battles/{battle_id}/accept",
                                         headers=auth(tokens["third"]))
            assert stranger.status_code == 404
            declined = await client.post(f"/v1/battles/{battle_id}/decline",
                                         headers=auth(tokens["rival"]))
            assert declined.json()["status"] == "declined"
            retried = await client.post(f"/v1/battles/{battle_id}/decline",
                                        headers=auth(tokens["rival"]))
            assert retried.status_code == 200 and retried.json() == declined.json()
            late = await client.post(f"/v1/battles/{battle_id}/accept",
                                     headers=auth(tokens["rival"]))
            assert late.json()["type"] == "urn:fancoins:problem:battle-not-open"
            # Declined: both are free to battle again (three creators, two teams).
            team = await invite("third", "k5", opponents=["rival"], teammates=["creator"])
            assert team.status_code == 201, team.text
            sides = {s["side"]: [c["id"] for c in s["creators"]] for s in team.json()["sides"]}
            assert sides == {"a": ["third", "creator"], "b": ["rival"]} or \
                sides == {"a": ["creator", "third"], "b": ["rival"]}
            listed = await client.get("/v1/battles", headers=auth(tokens["creator"]),
                                      params={"limit": 1})
            assert listed.status_code == 200
            page = listed.json()
            assert [b["id"] for b in page["items"]] == [team.json()["id"]]
            rest = await client.get("/v1/battles", headers=auth(tokens["creator"]),
                                    params={"cursor": page["next_cursor"]})
            assert [b["id"] for b in rest.json()["items"]] == [battle_id]
    del seeded

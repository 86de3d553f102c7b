"""Gift goals through a real server and a real WebSocket viewer: progress with every gift,
completion exactly once (also when two processes' gifts cross the target together), the queue
moving on, deadlines, and the refusals."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from fancoins.db.engine import create_engine
from tests.battles.helpers import auth, of_type
from tests.live.helpers import (
    Viewer,
    go_live,
    live_settings,
    seed,
    send_gift,
    server_processes,
    server_thread,
    user_token,
    viewer,
)


async def _drain(v: Viewer, quiet_s: float) -> None:
    while True:
        try:
            await v.read_frame(timeout_s=quiet_s)
        except TimeoutError:
            return


async def _set_goal(client: httpx.AsyncClient, token: str, stream_id: str, key: str,
                    **body: Any) -> dict[str, Any]:
    answer = await client.post(f"/v1/streams/{stream_id}/goals", json=body,
                               headers=auth(token, key))
    assert answer.status_code == 201, answer.text
    goal: dict[str, Any] = answer.json()
    return goal


async def test_progress_and_completion_exactly_once_then_the_next_goal(database_url: str
                                                                       ) -> None:
    seeded = await seed(database_url, viewers=3)
    settings = live_settings(database_url)
    tokens = {u: user_token(settings, u) for u in [*seeded.viewer_ids, "creator"]}
    stream = seeded.stream_id
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, stream, tokens["viewer2"]) as watcher,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await watcher.read_frame()
            coins = await _set_goal(client, tokens["creator"], stream, "g1", title="30 coins",
                                    kind="coins", target=30)
            pandas = await _set_goal(client, tokens["creator"], stream, "g2",
                                     title="3 pandas", kind="gift_count", gift_id="panda",
                                     target=3)
            assert (coins["status"], pandas["status"]) == ("active", "queued")
            await send_gift(client, tokens["viewer0"], stream, "rose", 5, "r")
            await watcher.until(lambda evs: any(  # every gift updates the progress
                e["goal"] and e["goal"]["progress"] == 5 for e in of_type(evs, "goal.updated")))
            await send_gift(client, tokens["viewer1"], stream, "panda", 1, "p0")  # 10: coins
            await send_gift(client, tokens["viewer0"], stream, "love_bang", 1, "l")  # 35: done
            await watcher.until(lambda evs: len(of_type(evs, "goal.completed")) == 1)
            await send_gift(client, tokens["viewer1"], stream, "panda", 2, "p1")
            await send_gift(client, tokens["viewer1"], stream, "rose", 1, "r2")  # not a panda
            await send_gift(client, tokens["viewer0"], stream, "panda", 2, "p2")  # 4 >= 3
            await watcher.until(lambda evs: len(of_type(evs, "goal.completed")) == 2)
            await send_gift(client, tokens["viewer0"], stream, "panda", 5, "p3")  # no goal
            await asyncio.sleep(0.8)
            await _drain(watcher, 0.5)
            listed = (await client.get(f"/v1/streams/{stream}/goals",
                                       headers=auth(tokens["viewer0"]))).json()["items"]
    done = of_type(watcher.events, "goal.completed")
    assert Counter(e["goal"]["id"] for e in done) == {coins["id"]: 1, pandas["id"]: 1}
    assert [e["goal"]["progress"] for e in done] == [35, 4]
    progress = [(e["goal"]["id"], e["goal"]["progress"]) for e in
                of_type(watcher.events, "goal.updated") if e["goal"] is not None]
    first = [p for g, p in progress if g == coins["id"]]
    assert first == sorted(first) and 5 in first  # coalesced: at most one per interval
    assert of_type(watcher.events, "goal.updated")[-1]["goal"] is None  # nothing left
    assert [(g["id"], g["status"], g["progress"]) for g in listed] == [
        (coins["id"], "completed", 35), (pandas["id"], "completed", 4)]


async def test_deadlines_expire_goals_and_refusals(database_url: str) -> None:
    seeded = await seed(database_url, viewers=1)
    other = await go_live(database_url, "other")
    settings = live_settings(database_url, goals__per_stream_max=2)
    tokens = {u: user_token(settings, u) for u in ("creator", "other", "viewer0")}
    stream = seeded.stream_id
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, stream, tokens["viewer0"]) as watcher,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await watcher.read_frame()

            async def refused(token: str, key: str, stream_id: str = stream, **body: Any
                              ) -> dict[str, Any]:
                answer = await client.post(f"/v1/streams/{stream_id}/goals", json=body,
                                           headers=auth(token, key))
                assert answer.status_code >= 400, answer.text
                problem: dict[str, Any] = answer.json()
                return problem

            assert (await refused(tokens["other"], "x1", title="mine", kind="coins",
                                  target=5))["status"] == 404  # not their LIVE
            assert (await refused(tokens["creator"], "x2", title="gift?", kind="gift_count",
                                  target=5))["type"].endswith("goal-invalid")
            assert (await refused(tokens["creator"], "x3", title="nope", kind="gift_count",
                                  gift_id="no_such_gift", target=5))["type"].endswith(
                "goal-invalid")
            past = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)).isoformat()
            assert (await refused(tokens["creator"], "x4", title="late", kind="coins",
                                  target=5, deadline=past))["type"].endswith("goal-invalid")
            soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
            short = await _set_goal(client, tokens["creator"], stream, "g1", title="quick",
                                    kind="coins", target=1000, deadline=soon.isoformat())
            later = await _set_goal(client, tokens["creator"], stream, "g2", title="later",
                                    kind="coins", target=1000)
            assert (await refused(tokens["creator"], "g3", title="third", kind="coins",
                                  target=1))["type"].endswith("goal-queue-full")
            await watcher.until(lambda evs: bool(of_type(evs, "goal.expired")))
            await watcher.until(lambda evs: any(
                e["goal"] and e["goal"]["id"] == later["id"]
                for e in of_type(evs, "goal.updated")))
            cancelled = await client.post(f"/v1/goals/{later['id']}/cancel",
                                          headers=auth(tokens["creator"]))
            assert cancelled.json()["status"] == "cancelled"
            await watcher.until(lambda evs: of_type(evs, "goal.updated")[-1]["goal"] is None)
            again = await client.post(f"/v1/goals/{later['id']}/cancel",
                                      headers=auth(tokens["creator"]))
            assert again.json()["status"] == "cancelled"
    expired = of_type(watcher.events, "goal.expired")
    assert [e["goal"]["id"] for e in expired] == [short["id"]]
    del other


@pytest.mark.redis
async def test_two_processes_complete_a_goal_once(database_url: str, redis_url: str) -> None:
    seeded = await seed(database_url, viewers=6)
    settings = live_settings(database_url)
    env = {"FANCOINS_DATABASE_URL": database_url, "FANCOINS_REDIS_URL": redis_url,
           "FANCOINS_MODE": "test", "FANCOINS_LIVE__REDIS_PREFIX": f"t{uuid.uuid4().hex[:8]}:"}
    tokens = {u: user_token(settings, u) for u in [*seeded.viewer_ids, "creator"]}
    stream = seeded.stream_id
    with server_processes(env, env) as (base_a, base_b):
        async with (viewer(base_a.replace("http", "ws"), stream, tokens["viewer5"]) as on_a,
                    viewer(base_b.replace("http", "ws"), stream, tokens["viewer5"]) as on_b,
                    httpx.AsyncClient(base_url=base_a) as client_a,
                    httpx.AsyncClient(base_url=base_b) as client_b):
            for v in (on_a, on_b):
                await v.read_frame()
            goal = await _set_goal(client_a, tokens["creator"], stream, "g", title="20 roses",
                                   kind="gift_count", gift_id="rose", target=20)
            await asyncio.gather(*(
                send_gift(client, tokens[f"viewer{i}"], stream, "rose", 2, f"k{i}:{n}")
                for n in range(3) for i, client in enumerate(
                    (client_a, client_b, client_a, client_b, client_a))))
            for v in (on_a, on_b):
                await v.until(lambda evs: bool(of_type(evs, "goal.completed")))
            await asyncio.sleep(1.0)
            await asyncio.gather(_drain(on_a, 0.5), _drain(on_b, 0.5))
            listed = (await client_b.get(f"/v1/streams/{stream}/goals",
                                         headers=auth(tokens["viewer0"]))).json()["items"]
    for v in (on_a, on_b):
        assert [e["goal"]["id"] for e in of_type(v.events, "goal.completed")] == [goal["id"]]
    assert listed[0]["status"] == "completed" and listed[0]["progress"] >= 20


@pytest.mark.postgres
async def test_gifts_a_failed_tick_could_not_count_are_counted_by_the_next(postgres_url: str
                                                                          ) -> None:
    """A tick whose goal write fails (here: another transaction holds the goal's row longer
    than the database timeout) still sends its gifts' frames; the gifts' progress is then
    counted by a later tick, never lost. PostgreSQL only: SQLite locks the whole database,
    so the gift itself could not commit while the row is held."""
    seeded = await seed(postgres_url, viewers=2)
    settings = live_settings(postgres_url, database__timeout_s=1.0)
    tokens = {u: user_token(settings, u) for u in [*seeded.viewer_ids, "creator"]}
    stream = seeded.stream_id
    holder = create_engine(postgres_url)
    try:
        with server_thread(settings) as server:
            async with (viewer(server.ws_url, stream, tokens["viewer1"]) as watcher,
                        httpx.AsyncClient(base_url=server.base_url) as client):
                await watcher.read_frame()
                goal = await _set_goal(client, tokens["creator"], stream, "g", title="1,000",
                                       kind="coins", target=1_000)
                async with holder.connect() as held:
                    await held.execute(text("SELECT id FROM stream_goals WHERE id = :id "
                                            "FOR UPDATE"), {"id": goal["id"]})
                    rose = await send_gift(client, tokens["viewer0"], stream, "rose", 5, "r1")
                    # Its frame is logged after the tick's goal step ran and failed.
                    await watcher.until(lambda evs: any(e["event_id"] == rose["id"]
                                                        for e in evs), timeout_s=30)
                    await held.rollback()
                await send_gift(client, tokens["viewer0"], stream, "rose", 3, "r2")
                await watcher.until(lambda evs: any(
                    e["goal"] and e["goal"]["progress"] == 8
                    for e in of_type(evs, "goal.updated")), timeout_s=30)
                listed = (await client.get(f"/v1/streams/{stream}/goals",
                                           headers=auth(tokens["viewer0"]))).json()["items"]
    finally:
        await holder.dispose()
    assert [(g["id"], g["progress"]) for g in listed] == [(goal["id"], 8)]

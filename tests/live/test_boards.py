"""Boards equal the ledger: live `leaderboard.updated` events and the GET boards, after a
random storm of real gifts; levels and badges; problem+json for unknown subjects."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.tables.ledger import ledger_transfers
from fancoins.economy.levels import gifter_level
from fancoins.journal.verify import verify
from fancoins.ledger import chart
from tests.live.helpers import (
    HTTP_TIMEOUT_S,
    Event,
    Viewer,
    live_settings,
    seed,
    send_gift,
    server_thread,
    user_token,
    viewer,
)

GIFTS = (("rose", 1), ("panda", 5), ("love_bang", 25), ("concert", 500))
SENDS = 120
SENDERS = 6


async def _ledger_coins_given(engine: AsyncEngine, sender_ids: list[str]) -> dict[str, int]:
    """What each sender's coin account paid for gifts, straight from the ledger."""
    t = ledger_transfers.c
    query = (select(t.debit_account_id, func.sum(t.amount))
             .where(t.code == "gift_sent",
                    t.debit_account_id.in_([chart.user_coins(s) for s in sender_ids]))
             .group_by(t.debit_account_id))
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    return {str(chart.owner_of(account)): int(total) for account, total in rows}


def _board_from_events(events: list[Event]) -> dict[str, int]:
    """A viewer's board: the snapshot, then every delta applied in order."""
    board: dict[str, int] = {}
    for event in events:
        if event["type"] != "leaderboard.updated":
            continue
        if event["snapshot"]:
            board = {}
        for user_id in event["removed"]:
            board.pop(user_id, None)
        for entry in event["entries"]:
            board[entry["user_id"]] = entry["coins"]
    return board


async def _storm(client: httpx.AsyncClient, tokens: dict[str, str], stream_id: str
                 ) -> Counter[str]:
    rng = random.Random(5)
    plan = [(rng.choice(list(tokens)), *rng.choice(GIFTS), rng.randint(1, 5), i)
            for i in range(SENDS)]
    given: Counter[str] = Counter()

    async def one(sender: str, gift_id: str, price: int, count: int, index: int) -> None:
        await send_gift(client, tokens[sender], stream_id, gift_id, count, f"storm-{index}")
        given[sender] += price * count

    for start in range(0, SENDS, 20):  # 20 in flight: the writer batches them
        await asyncio.gather(*(one(*p) for p in plan[start:start + 20]))
    return given


async def test_boards_equal_the_ledger_after_a_random_storm(
    database_url: str, engine: AsyncEngine
) -> None:
    seeded = await seed(database_url, viewers=SENDERS + 1)
    settings = live_settings(database_url, live__board_cache_s=0)
    senders = seeded.viewer_ids[:SENDERS]
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, seeded.stream_id, tokens[seeded.viewer_ids[-1]]) as w,
                    httpx.AsyncClient(base_url=server.base_url, timeout=HTTP_TIMEOUT_S) as client):
            stormed = asyncio.Event()
            reader = asyncio.create_task(_read_until_quiet(w, stormed))
            try:
                given = await _storm(client, {s: tokens[s] for s in senders}, seeded.stream_id)
            except BaseException:
                reader.cancel()  # a failed storm must not leave the reader behind
                raise
            stormed.set()
            ledger = await _ledger_coins_given(engine, senders)
            assert ledger == dict(given)
            await reader
            auth = {"Authorization": f"Bearer {tokens['viewer0']}"}
            stream_board = (await client.get(f"/v1/streams/{seeded.stream_id}/leaderboard",
                                             params={"limit": 100}, headers=auth)).json()
            supporters = {p: (await client.get(f"/v1/creators/{seeded.creator_id}/supporters",
                                               params={"period": p}, headers=auth)).json()
                          for p in ("today", "week", "all")}
            creators = (await client.get("/v1/leaderboards/creators", headers=auth)).json()
            gifter = (await client.get("/v1/users/viewer0/gifter", headers=auth)).json()
    # The live board a viewer assembled from snapshot + deltas is the ledger's.
    assert _board_from_events(w.events) == ledger
    # Coalesced gift events still add up to exactly what committed.
    shown = sum(e["coins"] for e in w.events
                if e["type"] in ("gift.sent", "combo.updated", "gift.summary"))
    assert shown == sum(ledger.values())
    assert {e["user_id"]: e["coins"] for e in stream_board["entries"]} == ledger
    ranked = sorted(ledger.items(), key=lambda kv: (-kv[1], kv[0]))
    assert [e["user_id"] for e in stream_board["entries"]] == [u for u, _ in ranked]
    assert [e["badges"][-1] for e in stream_board["entries"][:3]] == ["top1", "top2", "top3"]
    for period in ("today", "week", "all"):
        assert {e["user_id"]: e["coins"] for e in supporters[period]["entries"]} == ledger
    assert creators["entries"][0]["user_id"] == seeded.creator_id
    assert creators["entries"][0]["diamonds"] == sum(ledger.values())
    assert gifter["lifetime_coins"] == ledger["viewer0"]
    assert gifter["level"] == gifter_level(ledger["viewer0"], settings.economy.levels)
    async with engine.connect() as connection:
        assert (await verify(connection)).ok


async def _read_until_quiet(v: Viewer, stormed: asyncio.Event, quiet_s: float = 1.5,
                            deadline_s: float = 120.0) -> None:
    """Read until no frame came for `quiet_s` once every gift was answered (boards are
    coalesced). A pause during the storm is not the end: on a loaded machine one batch can
    take longer than `quiet_s`, and stopping then would miss the gifts after it."""
    async with asyncio.timeout(deadline_s):
        while True:
            try:
                await v.read_frame(timeout_s=quiet_s if v.of_type("gift.sent") else 30)
            except TimeoutError:
                if stormed.is_set():
                    return


async def test_board_endpoints_refuse_unknown_subjects(database_url: str) -> None:
    seeded = await seed(database_url, viewers=1)
    settings = live_settings(database_url)
    with server_thread(settings) as server:
        auth = {"Authorization": f"Bearer {user_token(settings, 'viewer0')}"}
        async with httpx.AsyncClient(base_url=server.base_url, headers=auth,
                                     timeout=HTTP_TIMEOUT_S) as client:
            checks: list[tuple[str, dict[str, Any], int, str]] = [
                ("/v1/streams/nope/leaderboard", {}, 404, "stream-not-found"),
                ("/v1/creators/nobody/supporters", {}, 404, "user-not-found"),
                ("/v1/users/nobody/gifter", {}, 404, "user-not-found"),
                (f"/v1/creators/{seeded.creator_id}/supporters", {"period": "year"}, 422,
                 "validation-error"),
                ("/v1/leaderboards/creators", {"limit": 0}, 422, "validation-error"),
            ]
            for path, params, status, slug in checks:
                response = await client.get(path, params=params)
                assert response.status_code == status, (path, response.text)
                assert response.headers["content-type"] == "application/problem+json"
                assert response.json()["type"].endswith(slug)
            anonymous = await client.get("/v1/leaderboards/creators", headers={
                "Authorization": ""})
            assert anonymous.status_code == 401

"""Battle test kit: invite and accept over HTTP, and the scores the ledger says."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.tables.contests import battles
from fancoins.db.tables.gifts import gifts
from fancoins.db.tables.ledger import ledger_transfers
from fancoins.kit.clock import now_ms
from tests.live.helpers import Event


def auth(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return headers


async def start_battle(client: httpx.AsyncClient, inviter_token: str, opponents: Sequence[str],
                       opponent_tokens: Sequence[str], duration_s: int, key: str = "battle",
                       teammates: Sequence[str] = (), teammate_tokens: Sequence[str] = ()
                       ) -> dict[str, Any]:
    invited = await client.post("/v1/battles", headers=auth(inviter_token, key), json={
        "opponents": list(opponents), "teammates": list(teammates), "duration_s": duration_s})
    assert invited.status_code == 201, invited.text
    battle: dict[str, Any] = invited.json()
    assert battle["status"] == "invited"
    for token in (*teammate_tokens, *opponent_tokens):
        accepted = await client.post(f"/v1/battles/{battle['id']}/accept", headers=auth(token))
        assert accepted.status_code == 200, accepted.text
        battle = accepted.json()
    assert battle["status"] == "running", battle
    return battle


async def ledger_side_scores(engine: AsyncEngine, battle: dict[str, Any]) -> dict[str, int]:
    """Per side: the coins the ledger moved for gifts to the side's creators in their battle
    streams, committed in the battle's window (each gift's coin transfer has the gift's id)."""
    started_ms = _ms(battle["started_at"])
    ends_ms = _ms(battle["ends_at"])
    scores = {}
    async with engine.connect() as connection:
        for side in battle["sides"]:
            streams = [c["stream_id"] for c in side["creators"]]
            creators = [c["id"] for c in side["creators"]]
            query = (select(func.coalesce(func.sum(ledger_transfers.c.amount), 0))
                     .select_from(ledger_transfers.join(gifts,
                                                        gifts.c.id == ledger_transfers.c.id))
                     .where(gifts.c.stream_id.in_(streams), gifts.c.recipient_id.in_(creators),
                            gifts.c.created_at_ms >= started_ms,
                            gifts.c.created_at_ms < ends_ms,
                            ledger_transfers.c.asset == "COIN"))
            scores[side["side"]] = int((await connection.execute(query)).scalar_one())
    return scores


def _ms(iso: str) -> int:
    import datetime as dt
    return int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def of_type(events: Sequence[Event], kind: str) -> list[Event]:
    return [e for e in events if e["type"] == kind]


def scores_of(event: Event) -> dict[str, int]:
    return {side["side"]: side["score_coins"] for side in event["battle"]["sides"]}


async def time_is_up(engine: AsyncEngine, battle_id: str) -> bool:
    """The running battle's end moved to now, once a test saw what it needed of it running:
    waiting out the rest of a battle long enough for a loaded machine showed nothing more.
    Every process's sweep reads the end from the database, so this is the battle's clock
    jumping forward; gifts already answered were stamped before it. False if it was no
    longer running (nothing moved)."""
    async with engine.begin() as connection:
        moved = await connection.execute(update(battles).where(
            battles.c.id == battle_id, battles.c.status == "running",
        ).values(ends_at_ms=now_ms()))
    return moved.rowcount == 1

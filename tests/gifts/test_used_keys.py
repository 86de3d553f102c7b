"""Keys used before a batch: answered with their first result, never spending again.

On PostgreSQL the batch does not look keys up first: the gift insert finds them, and the batch
is taken back and decided again without them. These tests pin that path on both databases.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import load_settings
from fancoins.db.tables.gifts import gifts
from fancoins.db.uow import unit
from fancoins.economy.gift_batch import GiftRefusal
from fancoins.gifts.service import GiftNotSent, KeyReused, SendRequest, SentGift, gifts_service
from fancoins.ids import now_ms
from fancoins.ledger import chart
from fancoins.streams.service import streams
from tests.gifts.helpers import assert_verified, balance, make_user


async def _live(engine: AsyncEngine, creator: str) -> str:
    async with unit(engine) as uow:
        return (await streams.start(uow, creator, "live", f"start-{creator}")).value.id


async def _apply(engine: AsyncEngine, requests: list[SendRequest]) -> list[object]:
    economy = load_settings(mode="test").economy
    async with unit(engine) as uow:
        await gifts_service.seed_catalog(uow, economy)
        result = await gifts_service.apply_batch(uow, requests, economy, now_ms())
    return list(result.outcomes)


async def test_a_key_used_in_an_earlier_batch_replays_and_never_spends_twice(
    engine: AsyncEngine,
) -> None:
    await make_user(engine, "maya", creator=True)
    await make_user(engine, "alice", coins=10)
    await make_user(engine, "bob", coins=10)
    live = await _live(engine, "maya")
    first = await _apply(engine, [SendRequest("alice", "panda", 1, "k1", stream_id=live)])
    assert isinstance(first[0], SentGift) and first[0].balance_after_coins == 5
    outcomes = await _apply(engine, [
        SendRequest("bob", "panda", 1, "b1", stream_id=live),  # fresh, before the replay
        SendRequest("alice", "panda", 1, "k1", stream_id=live),  # replay: no second spend
        SendRequest("alice", "panda", 1, "k2", stream_id=live),  # the 5 left: accepted
        SendRequest("alice", "rose", 1, "k1", stream_id=live),  # same key, other send
        SendRequest("alice", "rose", 1, "k3", stream_id=live),  # nothing left
    ])
    assert isinstance(outcomes[0], SentGift) and outcomes[0].balance_after_coins == 5
    replay = outcomes[1]
    assert isinstance(replay, SentGift) and replay.replayed and replay.id == first[0].id
    assert replay.balance_after_coins == 5
    assert isinstance(outcomes[2], SentGift) and outcomes[2].balance_after_coins == 0
    assert isinstance(outcomes[3], KeyReused)
    assert outcomes[4] == GiftNotSent(GiftRefusal.INSUFFICIENT_COINS)
    assert await balance(engine, chart.user_coins("alice")) == 0
    assert await balance(engine, chart.user_coins("bob")) == 5
    assert await balance(engine, chart.user_diamonds("maya")) == 15
    async with engine.connect() as connection:
        written = (await connection.execute(select(func.count()).select_from(gifts))).scalar()
    assert written == 3
    await assert_verified(engine)


async def test_two_batches_racing_on_one_key_write_it_once(engine: AsyncEngine) -> None:
    await make_user(engine, "maya", creator=True)
    await make_user(engine, "alice", coins=100)
    await make_user(engine, "bob", coins=100)
    live = await _live(engine, "maya")
    same = SendRequest("alice", "panda", 1, "race", stream_id=live)
    results = await asyncio.gather(*(
        _apply(engine, [SendRequest("bob", "rose", 1, f"bob-{n}", stream_id=live), same])
        for n in range(2)
    ))
    answers = [r[1] for r in results]
    assert all(isinstance(a, SentGift) for a in answers)
    sent = [a for a in answers if isinstance(a, SentGift)]
    assert sent[0].id == sent[1].id and sorted(a.replayed for a in sent) == [False, True]
    assert all(isinstance(r[0], SentGift) and not r[0].replayed for r in results)
    assert await balance(engine, chart.user_coins("alice")) == 95
    assert await balance(engine, chart.user_coins("bob")) == 98
    await assert_verified(engine)

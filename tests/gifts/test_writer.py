"""The micro-batching writer: per-gift decisions inside a batch, the full queue, concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import load_settings
from fancoins.db.uow import unit
from fancoins.economy.gift_batch import GiftRefusal
from fancoins.gifts.service import GiftNotSent, KeyReused, SendRequest, SentGift
from fancoins.gifts.writer import GiftWriter, WriterBusy, new_writer
from fancoins.ledger import chart
from fancoins.streams.service import streams
from tests.gifts.helpers import (
    assert_verified,
    balance,
    freeze,
    make_user,
    running_api,
    seed_catalog,
    snapshot,
    three_gifts_from_each_of_200_viewers,
)


@pytest.fixture
async def writer(engine: AsyncEngine, database_url: str) -> AsyncIterator[GiftWriter]:
    settings = load_settings(database_url=database_url, mode="test")
    await seed_catalog(engine, settings)
    started = new_writer(engine, settings, None)
    started.start()
    yield started
    await started.stop()


async def _live(engine: AsyncEngine, creator: str) -> str:
    async with unit(engine) as uow:
        return (await streams.start(uow, creator, "live", f"start-{creator}")).value.id


async def test_one_batch_decides_each_gift_on_its_own_in_arrival_order(
    engine: AsyncEngine, writer: GiftWriter
) -> None:
    await make_user(engine, "maya", creator=True)
    await make_user(engine, "leo", creator=True)
    await make_user(engine, "alice", coins=10)
    await make_user(engine, "bob", coins=20)
    await make_user(engine, "ice", coins=20)
    await freeze(engine, "ice")
    maya, leo = await _live(engine, "maya"), await _live(engine, "leo")

    def send(sender: str, key: str, gift: str, count: int, stream: str) -> SendRequest:
        return SendRequest(sender, gift, count, key, stream_id=stream)

    requests = [
        send("alice", "a1", "panda", 1, maya),  # 5 of 10: accepted
        send("bob", "b1", "rose", 3, leo),  # accepted
        send("alice", "a2", "panda", 2, maya),  # 10 > the 5 left: refused
        send("ice", "i1", "rose", 1, maya),  # frozen: refused
        send("alice", "a3", "rose", 5, leo),  # exactly the 5 left: accepted
        send("bob", "b1", "rose", 3, leo),  # same key, same send: the first answer
        send("bob", "b1", "rose", 4, leo),  # same key, different send: conflict
        send("bob", "b2", "no_such_gift", 1, maya),  # refused, bob's others unaffected
        send("bob", "b3", "panda", 3, maya),  # 15 of the 17 left: accepted
    ]
    before = writer.batches
    futures = [writer.submit(r) for r in requests]  # all queued before the writer runs
    outcomes = await asyncio.gather(*futures)
    assert writer.batches == before + 1
    kinds = [type(o).__name__ if not isinstance(o, GiftNotSent) else o.refusal.value
             for o in outcomes]
    assert kinds == ["SentGift", "SentGift", "insufficient_coins", "sender_frozen", "SentGift",
                     "SentGift", "KeyReused", "gift_not_found", "SentGift"]
    assert isinstance(outcomes[5], SentGift) and outcomes[5].replayed
    assert isinstance(outcomes[1], SentGift) and outcomes[5].id == outcomes[1].id
    assert isinstance(outcomes[6], KeyReused)
    assert [o.balance_after_coins for o in outcomes if isinstance(o, SentGift)] == [5, 17, 0, 17,
                                                                                    2]
    assert await balance(engine, chart.user_coins("alice")) == 0
    assert await balance(engine, chart.user_coins("bob")) == 2
    assert await balance(engine, chart.user_coins("ice")) == 20
    assert await balance(engine, chart.user_diamonds("maya")) == 5 + 15
    assert await balance(engine, chart.user_diamonds("leo")) == 3 + 5
    await assert_verified(engine)


async def test_two_gifts_in_one_batch_that_together_exceed_the_balance(
    engine: AsyncEngine, writer: GiftWriter
) -> None:
    await make_user(engine, "maya", creator=True)
    await make_user(engine, "alice", coins=10)
    live = await _live(engine, "maya")
    first = writer.submit(SendRequest("alice", "panda", 1, "k1", stream_id=live))
    second = writer.submit(SendRequest("alice", "panda", 2, "k2", stream_id=live))
    outcomes = await asyncio.gather(first, second)
    assert isinstance(outcomes[0], SentGift) and outcomes[0].balance_after_coins == 5
    assert outcomes[1] == GiftNotSent(GiftRefusal.INSUFFICIENT_COINS)
    assert await balance(engine, chart.user_coins("alice")) == 5
    # One diamond credit per creator per batch.
    from fancoins.db.tables.ledger import ledger_transfers as t

    async with engine.connect() as connection:
        diamond_legs = (await connection.execute(select(t.c.amount).where(
            t.c.credit_account_id == chart.user_diamonds("maya")))).scalars().all()
    assert diamond_legs == [5]
    await assert_verified(engine)


async def test_a_stopped_writer_drains_its_queue_and_then_refuses(
    engine: AsyncEngine, database_url: str
) -> None:
    await make_user(engine, "maya", creator=True)
    await make_user(engine, "alice", coins=50)
    live = await _live(engine, "maya")
    settings = load_settings(database_url=database_url, mode="test")
    await seed_catalog(engine, settings)
    writer = new_writer(engine, settings, None)
    writer.start()
    futures = [writer.submit(SendRequest("alice", "rose", 1, f"k{i}", stream_id=live))
               for i in range(20)]
    await writer.stop()
    assert all(isinstance(f.result(), SentGift) for f in futures)
    with pytest.raises(WriterBusy):
        writer.submit(SendRequest("alice", "rose", 1, "late", stream_id=live))
    assert await balance(engine, chart.user_coins("alice")) == 30


async def test_a_full_queue_answers_503_with_retry_after_and_loses_nothing(
    database_url: str,
) -> None:
    async with running_api(database_url, gifts__queue_max=3, gifts__batch_size_max=2) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        live = await api.go_live("maya")
        before = await snapshot(api.engine)
        # Hold the lock every batch needs (the platform's coins-spent row; on SQLite the
        # database's write lock) so the writer blocks in its first flush and the queue fills.
        async with api.engine.connect() as blocker:
            await blocker.begin()
            await blocker.exec_driver_sql(
                "UPDATE ledger_accounts SET kind = kind WHERE id = 'platform:coins_spent'")
            sends = [asyncio.create_task(api.send("alice", f"k{i}", gift_id="rose",
                                                  stream_id=live)) for i in range(8)]
            await asyncio.sleep(0.3)
            done = [t for t in sends if t.done()]
            assert done, "the queue never filled"
            for task in done:
                response = task.result()
                assert response.status_code == 503
                assert response.headers["Retry-After"] == "1"
                assert response.json()["type"].endswith("gift-queue-full")
            await blocker.rollback()
        responses = await asyncio.gather(*sends)
        accepted = [i for i, r in enumerate(responses) if r.status_code == 201]
        refused = [i for i, r in enumerate(responses) if r.status_code == 503]
        assert len(accepted) + len(refused) == 8 and refused
        assert (await snapshot(api.engine))[0] == before[0] + len(accepted)  # gifts rows
        # Every queued gift committed; each refused one goes through when retried.
        for i in refused:
            retry = await api.send("alice", f"k{i}", gift_id="rose", stream_id=live)
            assert retry.status_code == 201
        assert await balance(api.engine, chart.user_coins("alice")) == 92
        await assert_verified(api.engine)


@pytest.mark.postgres
async def test_200_concurrent_senders_into_one_creator_on_postgres(postgres_url: str) -> None:
    async with running_api(postgres_url) as api:
        statuses = await three_gifts_from_each_of_200_viewers(api)
        assert statuses.count(201) == 400 and statuses.count(409) == 200
        assert await balance(api.engine, chart.user_diamonds("maya")) == 2000
        assert api.app.state.container.gift_writer.batches < 400  # they were batched
        await assert_verified(api.engine)

"""Overlapping batches: batch N+1 is decided while N is written and committed, against the
wallets N leaves; it keeps those decisions only if they are what one batch at a time gives.

Each test queues every send before the writer runs, with two sends a batch, so the writer
takes batch N, starts writing it, and takes N+1 to decide ahead meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import load_settings
from fancoins.db.engine import create_engine
from fancoins.db.uow import unit
from fancoins.economy.gift_batch import GiftRefusal
from fancoins.gifts.service import GiftNotSent, Outcome, OutcomeUnknown, SendRequest, SentGift
from fancoins.gifts.writer import GiftWriter, writer_limits
from fancoins.ledger import chart
from fancoins.streams.service import streams
from tests.gifts.helpers import (
    assert_verified,
    balance,
    make_user,
    running_api,
    seed_catalog,
    three_gifts_from_each_of_200_viewers,
)

# Two sends a batch and no lingering: the queued sends split into batches of two at once.
BATCH = writer_limits(batch_size_max=2, batch_wait_ms=0, queue_max=100)
COMMIT_TIMEOUT_S = 30


async def _writer(engine: AsyncEngine, database_url: str, *, overlap: bool = True
                  ) -> GiftWriter:
    settings = load_settings(database_url=database_url, mode="test")
    await seed_catalog(engine, settings)
    return GiftWriter(engine, settings.economy, BATCH, overlap=overlap)


@pytest.fixture
async def storm(engine: AsyncEngine) -> AsyncIterator[str]:
    """maya is live; alice holds 10 coins, bob 10."""
    await make_user(engine, "maya", creator=True)
    await make_user(engine, "alice", coins=10)
    await make_user(engine, "bob", coins=10)
    async with unit(engine) as uow:
        stream_id = (await streams.start(uow, "maya", "live", "start-maya")).value.id
    yield stream_id


async def _all_queued(writer: GiftWriter, requests: Sequence[SendRequest]) -> list[Outcome]:
    """Queue every send before the writer takes any, then start it and wait for them."""
    futures = [writer.submit(r) for r in requests]
    return list(await asyncio.wait_for(asyncio.gather(*futures), COMMIT_TIMEOUT_S))


def _kinds(outcomes: Sequence[Outcome]) -> list[str]:
    return [o.refusal.value if isinstance(o, GiftNotSent) else type(o).__name__
            for o in outcomes]


def _sends(stream_id: str) -> list[SendRequest]:
    return [
        # batch N: alice spends all her 10 coins
        SendRequest("alice", "panda", 2, "a1", stream_id=stream_id),
        SendRequest("bob", "rose", 1, "b1", stream_id=stream_id),
        # batch N+1, decided while N commits: alice has nothing left after N
        SendRequest("alice", "rose", 1, "a2", stream_id=stream_id),
        SendRequest("bob", "rose", 9, "b2", stream_id=stream_id),
        # batch N+2: bob spent 10 by then
        SendRequest("bob", "rose", 1, "b3", stream_id=stream_id),
    ]


async def test_a_batch_decided_ahead_answers_as_one_batch_at_a_time(
    engine: AsyncEngine, database_url: str, storm: str
) -> None:
    writer = await _writer(engine, database_url)
    writer.start()
    try:
        outcomes = await _all_queued(writer, _sends(storm))
    finally:
        await writer.stop()
    assert _kinds(outcomes) == ["SentGift", "SentGift", "insufficient_coins", "SentGift",
                                "insufficient_coins"]
    assert writer.batches == 3
    # Both later batches were decided ahead against the wallets the batch before left, and
    # those decisions held once they had their locks.
    assert writer.ahead_kept == 2 and writer.ahead_redecided == 0
    assert await balance(engine, chart.user_coins("alice")) == 0
    assert await balance(engine, chart.user_coins("bob")) == 0
    await assert_verified(engine)


async def test_overlap_answers_exactly_what_a_batch_at_a_time_answers(
    engine: AsyncEngine, database_url: str, storm: str
) -> None:
    """The same sends through a writer that overlaps and one that does not, on two
    databases made alike: the same answers, the same books."""
    await make_user(engine, "carol", coins=3)
    stream = storm
    sends = [*_sends(stream),
             SendRequest("carol", "rose", 2, "c1", stream_id=stream),
             SendRequest("carol", "rose", 2, "c2", stream_id=stream),
             SendRequest("carol", "rose", 1, "c3", stream_id=stream),
             SendRequest("alice", "rose", 1, "a2", stream_id=stream)]  # a replay of a2
    answers: dict[bool, list[str]] = {}
    for overlap in (True, False):
        writer = await _writer(engine, database_url, overlap=overlap)
        keyed = [SendRequest(r.sender_id, r.gift_id, r.count,
                             f"{r.idempotency_key}-{overlap}", stream_id=r.stream_id)
                 for r in sends]
        writer.start()
        try:
            answers[overlap] = _kinds(await _all_queued(writer, keyed))
        finally:
            await writer.stop()
        for user, coins in (("alice", 10), ("bob", 10), ("carol", 3)):  # funded alike again
            await make_user(engine, user, coins=coins - await balance(
                engine, chart.user_coins(user)))
    assert answers[True] == answers[False]
    assert answers[True][5:] == ["SentGift", "insufficient_coins", "SentGift",
                                  "RefusalReplayed"]
    await assert_verified(engine)


_FAIL_AT_COMMIT = ("""
CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.sender_id = 'poisoner' THEN
        RAISE EXCEPTION 'this gift fails its batch at commit';
    END IF;
    RETURN NULL;
END $$
""", """
CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT ON gifts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_at_commit()
""")


@pytest.mark.postgres
async def test_a_batch_decided_ahead_is_decided_again_when_the_one_before_fails_to_commit(
    postgres_url: str,
) -> None:
    """Batch N fails at its COMMIT (a deferred constraint: a real failure of the commit
    itself); batch N+1 was decided against the wallets N would have left, and must be
    decided again against the books as they are."""
    engine = create_engine(postgres_url)
    try:
        await make_user(engine, "maya", creator=True)
        await make_user(engine, "alice", coins=10)
        await make_user(engine, "poisoner", coins=10)
        async with unit(engine) as uow:
            stream = (await streams.start(uow, "maya", "live", "start-maya")).value.id
        async with engine.begin() as connection:
            for statement in _FAIL_AT_COMMIT:
                await connection.exec_driver_sql(statement)
        writer = await _writer(engine, postgres_url)
        writer.start()
        try:
            outcomes = await _all_queued(writer, [
                SendRequest("alice", "panda", 2, "a1", stream_id=stream),  # N: all her coins
                SendRequest("poisoner", "rose", 1, "p1", stream_id=stream),  # N fails
                SendRequest("alice", "rose", 1, "a2", stream_id=stream),  # N+1
            ])
        finally:
            await writer.stop()
        assert isinstance(outcomes[0], OutcomeUnknown)
        assert isinstance(outcomes[1], OutcomeUnknown)
        # Against N's wallets alice had nothing left; N did not commit, so she had 10.
        assert isinstance(outcomes[2], SentGift), outcomes[2]
        assert writer.ahead_redecided == 1 and writer.ahead_kept == 0
        assert await balance(engine, chart.user_coins("alice")) == 9
        async with engine.begin() as connection:
            await connection.execute(text("DROP TRIGGER fail_at_commit ON gifts"))
        # The unknown outcome resolves by a retry with its key: it was never sent.
        retry = GiftWriter(engine, load_settings(database_url=postgres_url,
                                                 mode="test").economy, BATCH)
        retry.start()
        try:
            again = await retry.send(SendRequest("alice", "panda", 2, "a1", stream_id=stream),
                                     COMMIT_TIMEOUT_S)
        finally:
            await retry.stop()
        assert isinstance(again, GiftNotSent)
        assert again.refusal is GiftRefusal.INSUFFICIENT_COINS
        await assert_verified(engine)
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_many_overlapping_batches_over_http_send_and_refuse_exactly(
    postgres_url: str,
) -> None:
    """200 viewers each send three 5-coin gifts with 10 coins, in batches of 20: every
    batch but the first is decided ahead; exactly two gifts a viewer are sent."""
    async with running_api(postgres_url, gifts__batch_size_max=20,
                           gifts__decide_ahead=True) as api:
        statuses = await three_gifts_from_each_of_200_viewers(api)
        assert statuses.count(201) == 400 and statuses.count(409) == 200
        writer = api.app.state.container.gift_writer
        assert writer is not None and writer.ahead_kept > 0
        assert await balance(api.engine, chart.user_diamonds("maya")) == 2000
        await assert_verified(api.engine)


async def test_by_default_no_batch_is_decided_ahead_and_the_answers_are_the_same(
    database_url: str,
) -> None:
    """`gifts.decide_ahead` is off by default: the same storm, each batch decided under its
    own locks only, sends and refuses exactly the same."""
    async with running_api(database_url, gifts__batch_size_max=20) as api:
        statuses = await three_gifts_from_each_of_200_viewers(api)
        assert statuses.count(201) == 400 and statuses.count(409) == 200
        writer = api.app.state.container.gift_writer
        assert writer is not None and writer.batches > 1
        assert writer.ahead_kept == 0 and writer.ahead_redecided == 0
        assert await balance(api.engine, chart.user_diamonds("maya")) == 2000
        await assert_verified(api.engine)

"""Idempotency keys: a replay returns the first answer and changes nothing."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.ids import new_id
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.journal.service import journal
from fancoins.ledger import GroupRejected, TransferError
from tests.journal.helpers import balance, move, open_coin_accounts, stored_totals, transfer_count

PLATFORM = "platform:coins_issued"


async def _setup(engine: AsyncEngine, coins: int = 100) -> None:
    async with engine.begin() as conn:
        await open_coin_accounts(conn, ["alice", "bob"])
        if coins:
            await journal.record(conn, [move(PLATFORM, "alice", coins)], idempotency_key="fund")


async def test_replay_returns_the_first_result_and_changes_nothing(engine: AsyncEngine) -> None:
    await _setup(engine)
    group = [move("alice", "bob", 30), move("alice", "bob", 5)]
    async with engine.begin() as conn:
        first = await journal.record(conn, group, idempotency_key="gift-1")
    assert not first.replayed
    assert first.transfer_ids == tuple(r.id for r in group)
    async with engine.begin() as conn:
        before = await stored_totals(conn, [PLATFORM, "alice", "bob"])
        replay = await journal.record(conn, group, idempotency_key="gift-1")
        # A second replay inside the same unit of work sees the claimed key too.
        again = await journal.record(conn, group, idempotency_key="gift-1")
    assert replay.replayed and again.replayed
    assert (replay.transfer_ids, replay.created_at_ms) == (first.transfer_ids, first.created_at_ms)
    assert again.transfer_ids == first.transfer_ids
    async with engine.begin() as conn:
        assert await stored_totals(conn, [PLATFORM, "alice", "bob"]) == before
        assert await balance(conn, "alice") == 65
        assert await transfer_count(conn, "gift-1") == 2


async def test_retry_with_fresh_transfer_ids_is_the_same_request(engine: AsyncEngine) -> None:
    """Transfer ids may be made afresh by a retrying client; the first ids are kept."""
    await _setup(engine)
    group = [move("alice", "bob", 30)]
    async with engine.begin() as conn:
        first = await journal.record(conn, group, idempotency_key="gift-1")
    retry = [dataclasses.replace(r, id=new_id()) for r in group]
    async with engine.begin() as conn:
        replay = await journal.record(conn, retry, idempotency_key="gift-1")
    assert replay.replayed
    assert replay.transfer_ids == first.transfer_ids == (group[0].id,)
    async with engine.begin() as conn:
        assert await balance(conn, "alice") == 70
        assert await transfer_count(conn, "gift-1") == 1


@pytest.mark.parametrize("change", ["amount", "account", "extra_transfer"])
async def test_same_key_different_request_is_a_conflict(engine: AsyncEngine, change: str) -> None:
    await _setup(engine)
    request = move("alice", "bob", 30)
    async with engine.begin() as conn:
        await journal.record(conn, [request], idempotency_key="gift-1")
    if change == "amount":
        different = [dataclasses.replace(request, amount=31)]
    elif change == "account":
        different = [dataclasses.replace(request, credit_account_id=PLATFORM)]
    else:
        different = [request, move("alice", "bob", 1)]
    with pytest.raises(IdempotencyConflict) as caught:
        async with engine.begin() as conn:
            await journal.record(conn, different, idempotency_key="gift-1")
    assert (caught.value.scope, caught.value.key) == ("ledger", "gift-1")
    async with engine.begin() as conn:
        assert await balance(conn, "alice") == 70
        assert await transfer_count(conn, "gift-1") == 1


async def test_refused_group_replays_the_same_refusal(engine: AsyncEngine) -> None:
    await _setup(engine, coins=10)
    group = [move("alice", "bob", 5), move("alice", "bob", 50)]
    async with engine.begin() as conn:
        with pytest.raises(GroupRejected) as first:
            await journal.record(conn, group, idempotency_key="gift-1")
        # The caller commits the unit of work, and with it the refusal, as the key's answer.
    assert (first.value.index, first.value.error) == (1, TransferError.EXCEEDS_CREDITS)
    async with engine.begin() as conn:
        # Now the group would fit; the key still answers with the first refusal.
        await journal.record(conn, [move(PLATFORM, "alice", 1000)], idempotency_key="top-up")
    async with engine.begin() as conn:
        with pytest.raises(GroupRejected) as replay:
            await journal.record(conn, group, idempotency_key="gift-1")
    assert (replay.value.index, replay.value.error) == (first.value.index, first.value.error)
    async with engine.begin() as conn:
        assert await transfer_count(conn, "gift-1") == 0
        assert await balance(conn, "alice") == 1010
        # A different request under the refused key is still a conflict.
        with pytest.raises(IdempotencyConflict):
            await journal.record(conn, [move("alice", "bob", 1)], idempotency_key="gift-1")


async def test_a_refusal_rolled_back_leaves_no_key(engine: AsyncEngine) -> None:
    """If the caller lets the refusal end its unit of work, nothing was committed, key included:
    a retry is decided afresh."""
    await _setup(engine, coins=10)
    group = [move("alice", "bob", 50)]
    with pytest.raises(GroupRejected) as caught:
        async with engine.begin() as conn:
            await journal.record(conn, group, idempotency_key="gift-1")
    # It leaves the unit of work as itself (a frozen dataclass here used to become a TypeError).
    assert caught.value.error is TransferError.EXCEEDS_CREDITS
    async with engine.begin() as conn:
        await journal.record(conn, [move(PLATFORM, "alice", 40)], idempotency_key="top-up")
        recorded = await journal.record(conn, group, idempotency_key="gift-1")
    assert not recorded.replayed
    async with engine.begin() as conn:
        assert await balance(conn, "bob") == 50


async def test_keys_are_scoped(engine: AsyncEngine) -> None:
    await _setup(engine)
    to_bob, to_platform = [move("alice", "bob", 7)], [move("alice", PLATFORM, 3)]
    async with engine.begin() as conn:
        gifts = await journal.record(conn, to_bob, idempotency_key="k-1", scope="gifts")
        promotions = await journal.record(conn, to_platform, idempotency_key="k-1",
                                          scope="promotions")
    assert not gifts.replayed and not promotions.replayed
    async with engine.begin() as conn:
        assert (await journal.record(conn, to_bob, idempotency_key="k-1", scope="gifts")
                ).transfer_ids == gifts.transfer_ids
        assert (await journal.record(conn, to_platform, idempotency_key="k-1",
                                     scope="promotions")).replayed
        with pytest.raises(IdempotencyConflict) as caught:
            await journal.record(conn, to_platform, idempotency_key="k-1", scope="gifts")
        assert caught.value.scope == "gifts"
        # The default scope has its own, unused, "k-1".
        assert not (await journal.record(conn, [move("alice", "bob", 1)],
                                         idempotency_key="k-1")).replayed
    async with engine.begin() as conn:
        assert await balance(conn, "alice") == 100 - 7 - 3 - 1
        assert await transfer_count(conn, "k-1") == 3


async def test_longest_key_the_api_accepts(engine: AsyncEngine) -> None:
    """The Idempotency-Key header and `idempotency_keys.key` allow 200 characters, and
    `record` copies the key into `ledger_transfers.operation_id`."""
    await _setup(engine, coins=0)
    key = "k" * 200
    async with engine.begin() as conn:
        await journal.record(conn, [move(PLATFORM, "alice", 5)], idempotency_key=key)
    async with engine.begin() as conn:
        assert await transfer_count(conn, key) == 1

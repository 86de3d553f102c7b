"""`verify` proves stored balances from transfers, and names the check each tampering breaks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.ids import new_id
from fancoins.journal.service import journal
from fancoins.journal.verify import Severity, VerifyReport, verify
from fancoins.ledger import AccountFlags, TransferFlags
from tests.journal.helpers import move, open_coin_accounts, post, void

PLATFORM = "platform:coins_issued"
t = ledger_transfers
a = ledger_accounts


@dataclass(frozen=True)
class Activity:
    gift: uuid.UUID  # alice -> bob, 30
    open_hold: uuid.UUID  # alice -> bob, 20, still pending
    posted_hold: uuid.UUID  # alice -> bob, 10, posted 6
    post_of_hold: uuid.UUID
    voided_hold: uuid.UUID  # bob -> alice, 5, voided
    void_of_hold: uuid.UUID


async def _activity(engine: AsyncEngine) -> Activity:
    gift = move("alice", "bob", 30)
    holds = [move("alice", "bob", 20, flags=TransferFlags.PENDING),
             move("alice", "bob", 10, flags=TransferFlags.PENDING, timeout_s=3600),
             move("bob", "alice", 5, flags=TransferFlags.PENDING)]
    resolutions = [post(holds[1].id, 6), void(holds[2].id)]
    async with engine.begin() as conn:
        await open_coin_accounts(conn, ["alice", "bob", "carol"])
        await journal.record(conn, [move(PLATFORM, "alice", 100)], idempotency_key="buy")
        await journal.record(conn, [gift], idempotency_key="gift")
        await journal.record(conn, holds, idempotency_key="holds")
        await journal.record(conn, resolutions, idempotency_key="resolve")
    return Activity(gift.id, holds[0].id, holds[1].id, resolutions[0].id, holds[2].id,
                    resolutions[1].id)


async def _verify(engine: AsyncEngine) -> VerifyReport:
    async with engine.connect() as conn:
        return await verify(conn)


def _errors(report: VerifyReport) -> set[tuple[str, str]]:
    return {(f.check, f.subject) for f in report.findings if f.severity is Severity.ERROR}


async def _tamper(engine: AsyncEngine, *statements: object) -> None:
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(statement)  # type: ignore[call-overload]


async def test_fresh_ledger_with_activity_verifies(engine: AsyncEngine) -> None:
    fresh = await _verify(engine)
    assert fresh.ok and fresh.transfers == 0
    await _activity(engine)
    report = await _verify(engine)
    assert report.ok, report.findings
    assert report.findings == []
    # The migration may seed platform accounts; PLATFORM itself may be one of them.
    assert report.accounts - fresh.accounts in (3, 4)
    assert report.transfers == 7
    assert report.asset_sums["COIN"] == (0, 0)
    assert set(report.asset_sums.values()) == {(0, 0)}
    mine = [PLATFORM, "alice", "bob", "carol"]
    async with engine.connect() as conn:
        rows = (await conn.execute(select(a.c.id, a.c.debits_pending, a.c.credits_posted,
                                          a.c.debits_posted).where(a.c.id.in_(mine)))).all()
    assert {r.id: (r.debits_pending, r.credits_posted - r.debits_posted) for r in rows} == {
        PLATFORM: (0, -100), "alice": (20, 100 - 30 - 6), "bob": (0, 36), "carol": (0, 0),
    }


async def test_stored_credits_changed_by_one(engine: AsyncEngine) -> None:
    await _activity(engine)
    await _tamper(engine, update(a).where(a.c.id == "bob")
                  .values(credits_posted=a.c.credits_posted + 1))
    report = await _verify(engine)
    assert not report.ok
    assert _errors(report) == {("balance", "bob"), ("zero_sum", "COIN")}
    assert report.asset_sums["COIN"] == (-1, 0)


async def test_transfer_amount_changed(engine: AsyncEngine) -> None:
    activity = await _activity(engine)
    await _tamper(engine, update(t).where(t.c.id == activity.gift).values(amount=31))
    report = await _verify(engine)
    # Transfers always balance among themselves; the stored rows no longer match them.
    assert _errors(report) == {("balance", "alice"), ("balance", "bob")}


async def test_pending_marked_posted_without_a_resolution(engine: AsyncEngine) -> None:
    activity = await _activity(engine)
    await _tamper(engine, update(t).where(t.c.id == activity.open_hold)
                  .values(pending_status="posted"))
    errors = _errors(await _verify(engine))
    assert ("pending", str(activity.open_hold)) in errors
    # The hold no longer counts as pending, so both accounts' stored totals disagree too.
    assert errors == {("pending", str(activity.open_hold)), ("balance", "alice"),
                      ("balance", "bob")}


async def test_transfer_deleted(engine: AsyncEngine) -> None:
    activity = await _activity(engine)
    await _tamper(engine, delete(t).where(t.c.id == activity.gift))
    assert _errors(await _verify(engine)) == {("balance", "alice"), ("balance", "bob")}


async def test_resolution_deleted(engine: AsyncEngine) -> None:
    activity = await _activity(engine)
    await _tamper(engine, delete(t).where(t.c.id == activity.void_of_hold))
    # A void moves nothing, so only the pending check can see it is gone.
    assert _errors(await _verify(engine)) == {("pending", str(activity.voided_hold))}


async def test_second_resolution_for_the_same_pending(engine: AsyncEngine) -> None:
    activity = await _activity(engine)
    async with engine.begin() as conn:
        await _copy_transfer(conn, activity.void_of_hold)
    report = await _verify(engine)
    assert _errors(report) == {("pending", str(activity.voided_hold))}
    assert any("resolved 2 times" in f.detail for f in report.findings)


async def test_resolution_of_the_wrong_kind(engine: AsyncEngine) -> None:
    activity = await _activity(engine)
    async with engine.begin() as conn:
        # A void recorded for a pending that was posted: two resolutions, one contradicting it.
        await _copy_transfer(conn, activity.void_of_hold, pending_id=activity.posted_hold,
                             debit_account_id="alice", credit_account_id="bob", amount=10)
    report = await _verify(engine)
    assert _errors(report) == {("pending", str(activity.posted_hold))}
    details = {f.detail for f in report.findings}
    assert "resolved 2 times" in details
    assert any(d.startswith("status 'posted' but resolved by") for d in details)


async def _copy_transfer(
    conn: AsyncConnection, transfer_id: uuid.UUID, **changes: object
) -> None:
    row = (await conn.execute(select(t).where(t.c.id == transfer_id))).mappings().one()
    await conn.execute(insert(t).values({**row, "id": new_id(), **changes}))


@pytest.mark.parametrize(
    ("account_id", "flags"),
    [(PLATFORM, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),  # the issuer is below zero
     ("bob", AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS)],  # bob holds coins
)
async def test_flag_broken_without_claw_back(
    engine: AsyncEngine, account_id: str, flags: AccountFlags
) -> None:
    await _activity(engine)
    await _tamper(engine, update(a).where(a.c.id == account_id).values(flags=int(flags)))
    assert _errors(await _verify(engine)) == {("flag", account_id)}


async def test_claw_back_below_zero_is_a_notice(engine: AsyncEngine) -> None:
    await _activity(engine)
    async with engine.begin() as conn:
        # Alice holds 64 (20 of it held); the refund takes back all 100 she bought.
        await journal.record(
            conn, [move("alice", PLATFORM, 100, flags=TransferFlags.ALLOW_OVERDRAFT)],
            idempotency_key="refund",
        )
    report = await _verify(engine)
    assert report.ok
    assert [(f.severity, f.check, f.subject) for f in report.findings] == [
        (Severity.NOTICE, "restricted", "alice")
    ]
    # The same state on a wallet never clawed back is an error.
    await _tamper(engine, update(a).where(a.c.id == "carol").values(
        debits_posted=a.c.debits_posted + 1), update(a).where(a.c.id == PLATFORM).values(
        credits_posted=a.c.credits_posted + 1))
    report = await _verify(engine)
    assert ("flag", "carol") in _errors(report)
    assert ("restricted", "alice") in {(f.check, f.subject) for f in report.findings}


async def test_transfer_to_a_missing_account_is_an_orphan(engine: AsyncEngine) -> None:
    """Transfers carry no foreign key (for the hot insert); verify is what catches this."""
    await _activity(engine)
    orphan = new_id()
    await _tamper(engine, insert(t).values(
        id=orphan, debit_account_id="user:alice:coins", credit_account_id="user:ghost:coins",
        asset="COIN", amount=1, code="tamper", flags=0, timeout_s=0, created_at_ms=0,
    ))
    assert ("orphan", str(orphan)) in _errors(await _verify(engine))

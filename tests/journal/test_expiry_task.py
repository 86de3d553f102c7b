"""The background sweep voids pending transfers whose timeout has passed, and only those."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.ids import new_id, now_ms
from fancoins.journal.service import AccountSpec, journal
from fancoins.journal.tasks import sweep_expired
from fancoins.journal.verify import verify
from fancoins.ledger import AccountFlags, TransferFlags, TransferRequest


async def test_sweep_voids_only_what_is_due(engine: AsyncEngine) -> None:
    hour_ago = now_ms() - 3_600_000
    due, not_due = new_id(), new_id()
    async with engine.begin() as connection:
        await journal.open_accounts(connection, [
            AccountSpec("src", "COIN", "test"),
            AccountSpec("dst", "COIN", "test", AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
        ])
        await journal.apply_groups(connection, [
            [TransferRequest(due, "hold", "src", "dst", "COIN", 7, TransferFlags.PENDING,
                             timeout_s=60)],
        ], now=hour_ago)
        await journal.apply_groups(connection, [
            [TransferRequest(not_due, "hold", "src", "dst", "COIN", 5, TransferFlags.PENDING,
                             timeout_s=3600 * 5)],
        ], now=hour_ago)
    assert await sweep_expired(engine) == 1
    assert await sweep_expired(engine) == 0
    async with engine.connect() as connection:
        statuses = dict((await connection.execute(
            select(ledger_transfers.c.id, ledger_transfers.c.pending_status)
            .where(ledger_transfers.c.id.in_([due, not_due]))
        )).all())
        dst = (await connection.execute(
            select(ledger_accounts).where(ledger_accounts.c.id == "dst")
        )).one()
        assert statuses == {due: "expired", not_due: "pending"}
        assert (dst.credits_pending, dst.credits_posted) == (5, 0)
        assert (await verify(connection)).ok

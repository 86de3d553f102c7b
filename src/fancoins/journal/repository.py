"""Every query the journal runs. Rows in, ledger values out."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, locks_rows
from fancoins.db.tables import ledger_accounts, ledger_transfers
from fancoins.ledger import (
    Account,
    AccountFlags,
    PendingStatus,
    PendingTransfer,
    Transfer,
    TransferFlags,
)

_BALANCES = ("debits_pending", "debits_posted", "credits_pending", "credits_posted")


def account_from_row(row: Any) -> Account:
    return Account(
        id=row.id,
        asset=row.asset,
        flags=AccountFlags(row.flags),
        debits_pending=row.debits_pending,
        debits_posted=row.debits_posted,
        credits_pending=row.credits_pending,
        credits_posted=row.credits_posted,
    )


def transfer_from_row(row: Any) -> Transfer:
    return Transfer(
        id=row.id,
        debit_account_id=row.debit_account_id,
        credit_account_id=row.credit_account_id,
        asset=row.asset,
        amount=row.amount,
        code=row.code,
        flags=TransferFlags(row.flags),
        pending_id=row.pending_id,
        timeout_s=row.timeout_s,
        expires_at_ms=row.expires_at_ms,
        created_at_ms=row.created_at_ms,
        user_data=row.user_data or {},
    )


async def lock_accounts(
    connection: AsyncConnection, account_ids: Collection[str]
) -> dict[str, Account]:
    """Read accounts, locking their rows in id order (a fixed order cannot deadlock)."""
    if not account_ids:
        return {}
    query = (
        select(ledger_accounts)
        .where(ledger_accounts.c.id.in_(sorted(account_ids)))
        .order_by(ledger_accounts.c.id)
    )
    if locks_rows(connection):
        query = query.with_for_update()
    rows = (await connection.execute(query)).all()
    return {row.id: account_from_row(row) for row in rows}


async def lock_pendings(
    connection: AsyncConnection, pending_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, PendingTransfer]:
    if not pending_ids:
        return {}
    query = (
        select(ledger_transfers)
        .where(ledger_transfers.c.id.in_(sorted(pending_ids)))
        .order_by(ledger_transfers.c.id)
    )
    if locks_rows(connection):
        query = query.with_for_update()
    rows = (await connection.execute(query)).all()
    return {
        row.id: PendingTransfer(
            transfer_from_row(row), PendingStatus(row.pending_status or "pending")
        )
        for row in rows
    }


async def existing_transfer_ids(
    connection: AsyncConnection, transfer_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    if not transfer_ids:
        return set()
    rows = await connection.execute(
        select(ledger_transfers.c.id).where(ledger_transfers.c.id.in_(list(transfer_ids)))
    )
    return set(rows.scalars())


async def insert_transfers(
    connection: AsyncConnection, transfers: Sequence[Transfer], operation_id: str | None
) -> None:
    if not transfers:
        return
    await connection.execute(
        ledger_transfers.insert(),
        [
            {
                "id": t.id,
                "debit_account_id": t.debit_account_id,
                "credit_account_id": t.credit_account_id,
                "asset": t.asset,
                "amount": t.amount,
                "code": t.code,
                "flags": int(t.flags),
                "pending_id": t.pending_id,
                "timeout_s": t.timeout_s,
                "expires_at_ms": t.expires_at_ms,
                "pending_status": "pending" if TransferFlags.PENDING in t.flags else None,
                "operation_id": operation_id,
                "user_data": dict(t.user_data) or None,
                "created_at_ms": t.created_at_ms,
            }
            for t in transfers
        ],
    )


async def write_balances(connection: AsyncConnection, accounts: Iterable[Account]) -> None:
    rows = [
        {"account_id": a.id, **{name: getattr(a, name) for name in _BALANCES}} for a in accounts
    ]
    if not rows:
        return
    statement = (
        update(ledger_accounts)
        .where(ledger_accounts.c.id == bindparam("account_id"))
        .values({name: bindparam(name) for name in _BALANCES})
    )
    await connection.execute(statement, rows)


async def write_pending_status(
    connection: AsyncConnection, statuses: dict[uuid.UUID, PendingStatus]
) -> None:
    if not statuses:
        return
    statement = (
        update(ledger_transfers)
        .where(ledger_transfers.c.id == bindparam("pending"))
        .values(pending_status=bindparam("status"))
    )
    await connection.execute(
        statement, [{"pending": pid, "status": s.value} for pid, s in statuses.items()]
    )


async def insert_accounts(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(insert_ignoring_conflicts(connection, ledger_accounts), rows)


async def expired_pending_ids(
    connection: AsyncConnection, now_ms: int, limit: int
) -> list[uuid.UUID]:
    rows = await connection.execute(
        select(ledger_transfers.c.id)
        .where(
            ledger_transfers.c.pending_status == PendingStatus.PENDING.value,
            ledger_transfers.c.expires_at_ms <= now_ms,
        )
        .order_by(ledger_transfers.c.expires_at_ms)
        .limit(limit)
    )
    return list(rows.scalars())

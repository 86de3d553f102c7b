"""Every query the journal runs. Rows in, ledger values out."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, json_from_text, locks_rows
from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.journal.chain import Lane
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
    connection: AsyncConnection, transfers: Sequence[Transfer], operation_id: str | None,
    lane: Lane, user_data: Sequence[str | None],
) -> None:
    """Insert `transfers` as the next link of `lane`; `user_data` is each one's JSON text,
    stored exactly as the link hashed it."""
    if not transfers:
        return
    columns = ("id", "debit_account_id", "credit_account_id", "asset", "amount", "code",
               "flags", "pending_id", "timeout_s", "expires_at_ms", "pending_status",
               "operation_id", "created_at_ms", "chain_lane", "chain_seq")
    statement = insert(ledger_transfers).values(
        {name: bindparam(f"p_{name}") for name in columns}
        | {"user_data": json_from_text(connection, "p_user_data")}
    )
    await connection.execute(statement, [
        {
            "p_id": t.id, "p_debit_account_id": t.debit_account_id,
            "p_credit_account_id": t.credit_account_id, "p_asset": t.asset,
            "p_amount": t.amount, "p_code": t.code, "p_flags": int(t.flags),
            "p_pending_id": t.pending_id, "p_timeout_s": t.timeout_s,
            "p_expires_at_ms": t.expires_at_ms,
            "p_pending_status": "pending" if TransferFlags.PENDING in t.flags else None,
            "p_operation_id": operation_id, "p_user_data": text,
            "p_created_at_ms": t.created_at_ms, "p_chain_lane": lane.lane,
            "p_chain_seq": lane.seq,
        }
        for t, text in zip(transfers, user_data, strict=True)
    ])


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

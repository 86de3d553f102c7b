"""Read queries on the ledger tables for a user's wallet (the journal is their only writer)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables import ledger_accounts, ledger_transfers


async def accounts(connection: AsyncConnection, account_ids: Collection[str]) -> Sequence[Row[Any]]:
    query = select(ledger_accounts).where(ledger_accounts.c.id.in_(sorted(account_ids)))
    return (await connection.execute(query)).all()


async def statement(
    connection: AsyncConnection, account_ids: Collection[str], *, codes: Collection[str] | None,
    since_ms: int | None, until_ms: int | None, before_id: uuid.UUID | None, limit: int,
) -> Sequence[Row[Any]]:
    """Transfers touching the accounts, newest first (ids are UUIDv7: id order is time order)."""
    t = ledger_transfers
    ids = sorted(account_ids)
    query = (
        select(t)
        .where(or_(t.c.debit_account_id.in_(ids), t.c.credit_account_id.in_(ids)))
        .order_by(t.c.id.desc())
        .limit(limit)
    )
    if codes is not None:
        query = query.where(t.c.code.in_(sorted(codes)))
    if since_ms is not None:
        query = query.where(t.c.created_at_ms >= since_ms)
    if until_ms is not None:
        query = query.where(t.c.created_at_ms < until_ms)
    if before_id is not None:
        query = query.where(t.c.id < before_id)
    return (await connection.execute(query)).all()

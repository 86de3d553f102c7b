"""Read queries on the ledger tables (the journal is their only writer)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables import ledger_accounts, ledger_transfers


async def get_account(connection: AsyncConnection, account_id: str) -> Row[Any] | None:
    query = select(ledger_accounts).where(ledger_accounts.c.id == account_id)
    return (await connection.execute(query)).first()


async def list_accounts(
    connection: AsyncConnection, owner_user_id: str | None, after_id: str | None, limit: int
) -> Sequence[Row[Any]]:
    query = select(ledger_accounts).order_by(ledger_accounts.c.id).limit(limit)
    if owner_user_id is not None:
        query = query.where(ledger_accounts.c.owner_user_id == owner_user_id)
    if after_id is not None:
        query = query.where(ledger_accounts.c.id > after_id)
    return (await connection.execute(query)).all()


async def get_transfer(connection: AsyncConnection, transfer_id: uuid.UUID) -> Row[Any] | None:
    query = select(ledger_transfers).where(ledger_transfers.c.id == transfer_id)
    return (await connection.execute(query)).first()


async def list_transfers(
    connection: AsyncConnection, account_id: str, before_id: uuid.UUID | None, limit: int
) -> Sequence[Row[Any]]:
    """Newest first. Ids are UUIDv7, so id order is time order."""
    t = ledger_transfers
    query = (
        select(t)
        .where(or_(t.c.debit_account_id == account_id, t.c.credit_account_id == account_id))
        .order_by(t.c.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(t.c.id < before_id)
    return (await connection.execute(query)).all()

"""Read queries on the ledger tables (the journal is their only writer), as typed rows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables import ledger_accounts, ledger_transfers


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    asset: str
    kind: str
    flags: int
    owner_user_id: str | None
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    created_at_ms: int

    @property
    def balance(self) -> int:
        """Posted: what the account holds."""
        return self.credits_posted - self.debits_posted

    @property
    def available(self) -> int:
        """Posted, less what pending transfers hold."""
        return self.balance - self.debits_pending


@dataclass(frozen=True, slots=True)
class Transfer:
    id: uuid.UUID
    debit_account_id: str
    credit_account_id: str
    asset: str
    amount: int
    code: str
    flags: int
    pending_id: uuid.UUID | None
    pending_status: str | None
    expires_at_ms: int | None
    user_data: dict[str, Any] | None
    created_at_ms: int


_ACCOUNT = [ledger_accounts.c[f.name] for f in fields(Account)]
_TRANSFER = [ledger_transfers.c[f.name] for f in fields(Transfer)]


async def get_account(connection: AsyncConnection, account_id: str) -> Account | None:
    query = select(*_ACCOUNT).where(ledger_accounts.c.id == account_id)
    row = (await connection.execute(query)).first()
    return None if row is None else Account(**row._mapping)


async def list_accounts(
    connection: AsyncConnection, owner_user_id: str | None, after_id: str | None, limit: int
) -> Sequence[Account]:
    query = select(*_ACCOUNT).order_by(ledger_accounts.c.id).limit(limit)
    if owner_user_id is not None:
        query = query.where(ledger_accounts.c.owner_user_id == owner_user_id)
    if after_id is not None:
        query = query.where(ledger_accounts.c.id > after_id)
    return [Account(**row._mapping) for row in await connection.execute(query)]


async def get_transfer(connection: AsyncConnection, transfer_id: uuid.UUID) -> Transfer | None:
    query = select(*_TRANSFER).where(ledger_transfers.c.id == transfer_id)
    row = (await connection.execute(query)).first()
    return None if row is None else Transfer(**row._mapping)


async def list_transfers(
    connection: AsyncConnection, account_id: str, before_id: uuid.UUID | None, limit: int
) -> Sequence[Transfer]:
    """Newest first. Ids are UUIDv7, so id order is time order."""
    t = ledger_transfers
    query = (
        select(*_TRANSFER)
        .where(or_(t.c.debit_account_id == account_id, t.c.credit_account_id == account_id))
        .order_by(t.c.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(t.c.id < before_id)
    return [Transfer(**row._mapping) for row in await connection.execute(query)]

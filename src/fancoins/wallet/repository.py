"""Read queries on the ledger tables for a user's wallet (the journal is their only writer),
as typed rows."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables import ledger_accounts, ledger_transfers


@dataclass(frozen=True, slots=True)
class Balance:
    id: str
    debits_pending: int
    debits_posted: int
    credits_posted: int

    @property
    def posted(self) -> int:
        return self.credits_posted - self.debits_posted

    @property
    def available(self) -> int:
        return self.posted - self.debits_pending


@dataclass(frozen=True, slots=True)
class Movement:
    """A transfer touching the wallet."""

    id: uuid.UUID
    created_at_ms: int
    code: str
    debit_account_id: str
    credit_account_id: str
    asset: str
    amount: int
    flags: int
    pending_status: str | None
    user_data: dict[str, Any] | None


_BALANCE = [ledger_accounts.c[f.name] for f in fields(Balance)]
_MOVEMENT = [ledger_transfers.c[f.name] for f in fields(Movement)]


async def balances(connection: AsyncConnection, account_ids: Collection[str]) -> list[Balance]:
    query = select(*_BALANCE).where(ledger_accounts.c.id.in_(sorted(account_ids)))
    return [Balance(**row._mapping) for row in await connection.execute(query)]


async def statement(
    connection: AsyncConnection, account_ids: Collection[str], *, codes: Collection[str] | None,
    since_ms: int | None, until_ms: int | None, before_id: uuid.UUID | None, limit: int,
) -> Sequence[Movement]:
    """Transfers touching the accounts, newest first (ids are UUIDv7: id order is time order)."""
    t = ledger_transfers
    ids = sorted(account_ids)
    query = (
        select(*_MOVEMENT)
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
    return [Movement(**row._mapping) for row in await connection.execute(query)]

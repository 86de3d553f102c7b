"""Read-only aggregates over the ledger tables for the operator's economy view.

The journal is the only writer of these tables; nothing here writes. Every query is either an
aggregate over the accounts (one row per asset) or a range over the transfers' primary key:
transfer ids are UUIDv7, so "since t" is an index range on the id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables import ledger_accounts, ledger_transfers
from fancoins.kit.clock import MS_PER_MINUTE

a = ledger_accounts
t = ledger_transfers


def uuid7_floor(at_ms: int) -> uuid.UUID:
    """The smallest UUIDv7 made at `at_ms`: every id made at or after it sorts above."""
    return uuid.UUID(int=at_ms << 80)


@dataclass(frozen=True, slots=True)
class AssetTotals:
    asset: str
    accounts: int
    posted: int  # credits_posted - debits_posted
    debits_pending: int
    credits_pending: int
    below_zero: int  # accounts whose posted balance is negative
    available: int  # sum of max(posted - debits_pending, 0): what the owners could move


def _balance() -> Any:
    return a.c.credits_posted - a.c.debits_posted


async def user_totals(connection: AsyncConnection) -> list[AssetTotals]:
    """Users' coin and diamond accounts, summed per asset."""
    query = (
        select(
            a.c.asset, func.count().label("n"), func.coalesce(func.sum(_balance()), 0),
            func.coalesce(func.sum(a.c.debits_pending), 0),
            func.coalesce(func.sum(a.c.credits_pending), 0),
            func.coalesce(func.sum(case((_balance() < 0, 1), else_=0)), 0),
            func.coalesce(func.sum(case((_balance() > a.c.debits_pending,
                                         _balance() - a.c.debits_pending), else_=0)), 0),
        )
        .where(a.c.owner_user_id.is_not(None))
        .group_by(a.c.asset)
    )
    return [AssetTotals(str(r[0]), *(int(v) for v in r[1:]))
            for r in (await connection.execute(query)).all()]


async def asset_sums(connection: AsyncConnection) -> list[tuple[str, int, int]]:
    """Per asset over every account: (asset, posted sum, pending sum). Both must be zero."""
    query = (
        select(
            a.c.asset, func.coalesce(func.sum(_balance()), 0),
            func.coalesce(func.sum(a.c.credits_pending - a.c.debits_pending), 0),
        )
        .group_by(a.c.asset)
        .order_by(a.c.asset)
    )
    return [(str(r[0]), int(r[1]), int(r[2])) for r in (await connection.execute(query)).all()]


@dataclass(frozen=True, slots=True)
class PlatformAccount:
    id: str
    asset: str
    kind: str
    debits_posted: int
    credits_posted: int
    debits_pending: int
    credits_pending: int


async def platform_accounts(connection: AsyncConnection, limit: int) -> list[PlatformAccount]:
    """The platform's and the stores' accounts (no user's), a few per currency and channel."""
    query = (
        select(*(a.c[f.name] for f in fields(PlatformAccount)))
        .where(a.c.owner_user_id.is_(None))
        .order_by(a.c.id)
        .limit(limit)
    )
    return [PlatformAccount(**row._mapping) for row in await connection.execute(query)]


async def transfers_since(
    connection: AsyncConnection, code: str, since_ms: int
) -> tuple[int, int]:
    """(count, amount) of the transfers with `code` made at or after `since_ms`."""
    query = select(func.count(), func.coalesce(func.sum(t.c.amount), 0)).where(
        t.c.id >= uuid7_floor(since_ms), t.c.created_at_ms >= since_ms, t.c.code == code
    )
    row = (await connection.execute(query)).one()
    return int(row[0]), int(row[1])


async def transfers_per_minute(
    connection: AsyncConnection, code: str, since_ms: int
) -> list[tuple[int, int, int]]:
    """(minute since the epoch, count, amount) of `code` transfers from `since_ms` on."""
    minute = t.c.created_at_ms // MS_PER_MINUTE  # integer (floor) division on both databases
    query = (
        select(minute.label("minute"), func.count(), func.coalesce(func.sum(t.c.amount), 0))
        .where(t.c.id >= uuid7_floor(since_ms), t.c.created_at_ms >= since_ms, t.c.code == code)
        .group_by(minute)
        .order_by(minute)
    )
    return [(int(r[0]), int(r[1]), int(r[2])) for r in (await connection.execute(query)).all()]


async def credited_accounts_since(
    connection: AsyncConnection, code: str, since_ms: int, limit: int
) -> list[str]:
    """Accounts credited by `code` transfers from `since_ms` on (at most `limit`)."""
    query = (
        select(t.c.credit_account_id).distinct()
        .where(t.c.id >= uuid7_floor(since_ms), t.c.created_at_ms >= since_ms, t.c.code == code)
        .order_by(t.c.credit_account_id)
        .limit(limit)
    )
    return [str(r[0]) for r in (await connection.execute(query)).all()]

"""Every query on spending limits and spend totals."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, locks_rows
from fancoins.db.sets import driver_connection, one_of
from fancoins.db.tables.safety import spend_limits, spend_totals

# Adds a batch's spend to each spender's windows; a window whose key moved on restarts at
# the new spend. Relative, so concurrent writers never lose a count.
_ADD_SPEND = """
INSERT INTO spend_totals AS t (user_id, day_key, day_coins, week_key, week_coins, month_key,
    month_coins, lifetime_coins, updated_at_ms)
{source}
ON CONFLICT (user_id) DO UPDATE SET
    day_coins = CASE WHEN t.day_key = excluded.day_key THEN t.day_coins + excluded.day_coins
                     ELSE excluded.day_coins END,
    week_coins = CASE WHEN t.week_key = excluded.week_key
                      THEN t.week_coins + excluded.week_coins ELSE excluded.week_coins END,
    month_coins = CASE WHEN t.month_key = excluded.month_key
                       THEN t.month_coins + excluded.month_coins ELSE excluded.month_coins END,
    day_key = excluded.day_key, week_key = excluded.week_key, month_key = excluded.month_key,
    lifetime_coins = t.lifetime_coins + excluded.lifetime_coins,
    updated_at_ms = excluded.updated_at_ms
"""
# `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
_SQLITE_SOURCE = "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE true"
_PG_SOURCE = (
    "SELECT u, $2::bigint, c, $3::bigint, c, $4::bigint, c, c, $5::bigint"
    " FROM unnest($1::text[], $6::bigint[]) AS v(u, c)"
)


@dataclass(frozen=True, slots=True)
class LimitsRow:
    """A user's own limits (None: no limit) and a raise still cooling off."""

    user_id: str
    daily_coins: int | None
    weekly_coins: int | None
    monthly_coins: int | None
    pending: bool
    pending_daily_coins: int | None
    pending_weekly_coins: int | None
    pending_monthly_coins: int | None
    pending_effective_at_s: int | None


@dataclass(frozen=True, slots=True)
class TotalsRow:
    """Coins spent in the windows named by the keys, and over a lifetime."""

    user_id: str
    day_key: int
    day_coins: int
    week_key: int
    week_coins: int
    month_key: int
    month_coins: int
    lifetime_coins: int


_LIMITS = [spend_limits.c[f.name] for f in fields(LimitsRow)]
_TOTALS = [spend_totals.c[f.name] for f in fields(TotalsRow)]


async def limits_row(
    connection: AsyncConnection, user_id: str, *, lock: bool = False
) -> LimitsRow | None:
    query = select(*_LIMITS).where(spend_limits.c.user_id == user_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else LimitsRow(**row._mapping)


async def limits_rows(connection: AsyncConnection, user_ids: Collection[str]) -> list[LimitsRow]:
    query = select(*_LIMITS).where(one_of(connection, spend_limits.c.user_id, user_ids))
    return [LimitsRow(**row._mapping) for row in await connection.execute(query)]


async def save_limits(connection: AsyncConnection, values: dict[str, Any]) -> None:
    inserted = await connection.execute(
        insert_ignoring_conflicts(connection, spend_limits).values(**values)
        .returning(spend_limits.c.user_id)
    )
    if inserted.first() is None:
        await connection.execute(
            spend_limits.update().where(spend_limits.c.user_id == values["user_id"])
            .values(**values)
        )


async def totals_rows(
    connection: AsyncConnection, user_ids: Collection[str], *, lock: bool
) -> list[TotalsRow]:
    """Spend totals, locked in id order on PostgreSQL (before any ledger row: one lock order)."""
    query = (
        select(*_TOTALS)
        .where(one_of(connection, spend_totals.c.user_id, user_ids))
        .order_by(spend_totals.c.user_id)
    )
    if lock and locks_rows(connection):
        query = query.with_for_update()
    return [TotalsRow(**row._mapping) for row in await connection.execute(query)]


_PG_LOCKED_TOTALS = """
SELECT user_id, day_key, day_coins, week_key, week_coins, month_key, month_coins, lifetime_coins
FROM spend_totals WHERE user_id = ANY($1::text[]) ORDER BY user_id FOR UPDATE
"""

_SQLITE_TOTALS = """
SELECT user_id, day_key, day_coins, week_key, week_coins, month_key, month_coins, lifetime_coins
FROM spend_totals WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY user_id
"""


async def locked_totals(
    connection: AsyncConnection, user_ids: Collection[str]
) -> list[tuple[Any, ...]]:
    """(user id, day key, day coins, week key, week coins, month key, month coins, lifetime
    coins) of these users, locked in id order on PostgreSQL: the gift writer's batch read, as
    plain tuples (straight from the driver on PostgreSQL)."""
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        return [tuple(r) for r in await raw.fetch(_PG_LOCKED_TOTALS, sorted(user_ids))]
    # SQLite: the batch already holds the database's write lock.
    rows = await raw.execute_fetchall(_SQLITE_TOTALS, (orjson.dumps(sorted(user_ids)).decode(),))
    return [tuple(r) for r in rows]


async def ensure_totals_row(connection: AsyncConnection, user_id: str, now_ms: int) -> None:
    await connection.execute(
        insert_ignoring_conflicts(connection, spend_totals).values(
            user_id=user_id, day_key=0, day_coins=0, week_key=0, week_coins=0, month_key=0,
            month_coins=0, lifetime_coins=0, updated_at_ms=now_ms,
        )
    )


async def add_spend(
    connection: AsyncConnection, spent: Sequence[tuple[str, int]], keys: tuple[int, int, int],
    now_ms: int,
) -> None:
    """Count `spent` (user id, coins; one entry per user) in the windows named by `keys`."""
    if not spent:
        return
    day_key, week_key, month_key = keys
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        await raw.execute(
            _ADD_SPEND.format(source=_PG_SOURCE), [u for u, _ in spent], day_key, week_key,
            month_key, now_ms, [c for _, c in spent],
        )
        return
    await raw.executemany(_ADD_SPEND.format(source=_SQLITE_SOURCE), [
        (u, day_key, c, week_key, c, month_key, c, c, now_ms) for u, c in spent
    ])

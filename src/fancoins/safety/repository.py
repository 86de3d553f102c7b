"""Every query on limits, spend totals, restrictions, guardian links and counted refunds."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

import orjson
from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, locks_rows
from fancoins.db.sets import driver_connection, json_values, one_of
from fancoins.db.tables.safety import (
    guardian_links,
    limit_sets,
    refund_marks,
    restrictions,
    spend_limits,
    spend_totals,
)

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
_LIMITS_PENDING = [f.name for f in fields(LimitsRow)].index("pending")
_TOTALS = [spend_totals.c[f.name] for f in fields(TotalsRow)]


async def limits_row(
    connection: AsyncConnection, user_id: str, *, lock: bool = False
) -> LimitsRow | None:
    query = select(*_LIMITS).where(spend_limits.c.user_id == user_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else LimitsRow(**row._mapping)


# The gift writer reads a batch's (a thousand senders) through the driver: building the
# statement and its thousand-id parameter cost more than running it.
_LIMITS_SELECT = f"SELECT {', '.join(f.name for f in fields(LimitsRow))} FROM spend_limits"
_PG_LIMITS_ROWS = f"{_LIMITS_SELECT} WHERE user_id = ANY($1::text[])"
_SQLITE_LIMITS_ROWS = f"{_LIMITS_SELECT} WHERE user_id IN (SELECT value FROM json_each(?))"


async def limits_rows(connection: AsyncConnection, user_ids: Collection[str]) -> list[LimitsRow]:
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        return [LimitsRow(*row) for row in await raw.fetch(_PG_LIMITS_ROWS, list(user_ids))]
    rows = await raw.execute_fetchall(_SQLITE_LIMITS_ROWS, (json_values(user_ids),))
    return [LimitsRow(*_with_bool(row, _LIMITS_PENDING)) for row in rows]


def _with_bool(row: Sequence[Any], at: int) -> list[Any]:
    """A SQLite row with its boolean column as a bool (SQLite keeps 0 and 1)."""
    values = list(row)
    values[at] = bool(values[at])
    return values


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
# The same rows unlocked: the gift writer decides a batch ahead of its locks, and checks
# once it holds them that they are what it decided against.
_PG_TOTALS = _PG_LOCKED_TOTALS.replace(" FOR UPDATE", "")

_SQLITE_TOTALS = """
SELECT user_id, day_key, day_coins, week_key, week_coins, month_key, month_coins, lifetime_coins
FROM spend_totals WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY user_id
"""


async def locked_totals(
    connection: AsyncConnection, user_ids: Collection[str], *, lock: bool = True
) -> list[tuple[Any, ...]]:
    """(user id, day key, day coins, week key, week coins, month key, month coins, lifetime
    coins) of these users, locked in id order on PostgreSQL (unless `lock` is false): the
    gift writer's batch read, as plain tuples (straight from the driver on PostgreSQL)."""
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        query = _PG_LOCKED_TOTALS if lock else _PG_TOTALS
        return [tuple(r) for r in await raw.fetch(query, sorted(user_ids))]
    # SQLite: a writing batch already holds the database's write lock.
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


async def subtract_spend(
    connection: AsyncConnection, user_id: str, coins: int, counted_keys: tuple[int, int, int],
    now_ms: int,
) -> None:
    """Take back `coins` counted in the windows named by `counted_keys`: from each of them
    that is still the current one (never below zero), and from the lifetime total."""
    t = spend_totals.c
    day, week, month = counted_keys
    floor = func.max if connection.dialect.name == "sqlite" else func.greatest

    def back(column: Any, key_column: Any, key: int) -> Any:
        return case((key_column == key, floor(column - coins, 0)), else_=column)

    await connection.execute(update(spend_totals).where(t.user_id == user_id).values(
        day_coins=back(t.day_coins, t.day_key, day),
        week_coins=back(t.week_coins, t.week_key, week),
        month_coins=back(t.month_coins, t.month_key, month),
        lifetime_coins=floor(t.lifetime_coins - coins, 0), updated_at_ms=now_ms,
    ))


# --- limit sets (guardian caps, buying limits) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class LimitSetRow:
    """Limits a `holder` ("self", "guardian") set on a `kind` ("spend", "buy") for a user."""

    user_id: str
    holder: str
    kind: str
    currency: str | None
    daily: int | None
    weekly: int | None
    monthly: int | None
    pending: bool
    pending_currency: str | None
    pending_daily: int | None
    pending_weekly: int | None
    pending_monthly: int | None
    pending_effective_at_s: int | None
    updated_by: str | None


_LIMIT_SET = [limit_sets.c[f.name] for f in fields(LimitSetRow)]
_LIMIT_SET_SELECT = f"SELECT {', '.join(f.name for f in fields(LimitSetRow))} FROM limit_sets"
_PG_LIMIT_SET_ROWS = f"{_LIMIT_SET_SELECT} WHERE user_id = ANY($1::text[]) AND kind = $2"
_SQLITE_LIMIT_SET_ROWS = (f"{_LIMIT_SET_SELECT} WHERE user_id IN (SELECT value FROM json_each(?))"
                          " AND kind = ?")
_LIMIT_SET_PENDING = [f.name for f in fields(LimitSetRow)].index("pending")


async def limit_set_row(
    connection: AsyncConnection, user_id: str, holder: str, kind: str, *, lock: bool = False
) -> LimitSetRow | None:
    c = limit_sets.c
    query = select(*_LIMIT_SET).where(c.user_id == user_id, c.holder == holder, c.kind == kind)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else LimitSetRow(**row._mapping)


async def limit_set_rows(
    connection: AsyncConnection, user_ids: Collection[str], kind: str
) -> list[LimitSetRow]:
    """Every holder's limits of `kind` for these users (the gift writer reads a batch's)."""
    if not user_ids:
        return []
    raw = await driver_connection(connection)  # through the driver, as `limits_rows`
    if connection.dialect.name == "postgresql":
        return [LimitSetRow(*row)
                for row in await raw.fetch(_PG_LIMIT_SET_ROWS, list(user_ids), kind)]
    rows = await raw.execute_fetchall(_SQLITE_LIMIT_SET_ROWS, (json_values(user_ids), kind))
    return [LimitSetRow(*_with_bool(row, _LIMIT_SET_PENDING)) for row in rows]


async def save_limit_set(connection: AsyncConnection, values: dict[str, Any]) -> None:
    c = limit_sets.c
    inserted = await connection.execute(
        insert_ignoring_conflicts(connection, limit_sets).values(**values).returning(c.user_id)
    )
    if inserted.first() is None:
        await connection.execute(update(limit_sets).where(
            c.user_id == values["user_id"], c.holder == values["holder"],
            c.kind == values["kind"]).values(**values))


async def delete_limit_sets(connection: AsyncConnection, user_id: str, holder: str) -> None:
    c = limit_sets.c
    await connection.execute(delete(limit_sets).where(c.user_id == user_id, c.holder == holder))


# --- restrictions ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RestrictionRow:
    id: uuid.UUID
    user_id: str
    scope: str
    reason: str
    source: str
    created_by: str
    created_at_ms: int
    until_ms: int | None
    lifted_at_ms: int | None
    lifted_by: str | None
    lift_reason: str | None


_RESTRICTION = [restrictions.c[f.name] for f in fields(RestrictionRow)]


def _in_force(at_ms: int) -> Any:
    r = restrictions.c
    return and_(r.lifted_at_ms.is_(None), or_(r.until_ms.is_(None), r.until_ms > at_ms))


async def insert_restriction(connection: AsyncConnection, row: RestrictionRow) -> None:
    await connection.execute(restrictions.insert().values(
        **{f.name: getattr(row, f.name) for f in fields(RestrictionRow)}))


async def get_restriction(
    connection: AsyncConnection, restriction_id: uuid.UUID, *, lock: bool = False
) -> RestrictionRow | None:
    query = select(*_RESTRICTION).where(restrictions.c.id == restriction_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else RestrictionRow(**row._mapping)


async def restrictions_in_force(
    connection: AsyncConnection, user_id: str, at_ms: int
) -> list[RestrictionRow]:
    query = (select(*_RESTRICTION)
             .where(restrictions.c.user_id == user_id, _in_force(at_ms))
             .order_by(restrictions.c.created_at_ms, restrictions.c.id))
    return [RestrictionRow(**row._mapping) for row in await connection.execute(query)]


_PG_SCOPES_IN_FORCE = """
SELECT user_id, scope FROM restrictions
WHERE user_id = ANY($1::text[]) AND lifted_at_ms IS NULL AND (until_ms IS NULL OR until_ms > $2)
"""
_SQLITE_SCOPES_IN_FORCE = """
SELECT user_id, scope FROM restrictions
WHERE user_id IN (SELECT value FROM json_each(?)) AND lifted_at_ms IS NULL
    AND (until_ms IS NULL OR until_ms > ?)
"""


async def scopes_in_force(
    connection: AsyncConnection, user_ids: Collection[str], at_ms: int
) -> list[tuple[str, str]]:
    """(user id, scope) of every restriction in force on these users: the gift writer reads
    a batch's senders and creators (through the driver on PostgreSQL, as it reads users)."""
    if not user_ids:
        return []
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        return [(r[0], r[1]) for r in await raw.fetch(_PG_SCOPES_IN_FORCE, sorted(user_ids),
                                                      at_ms)]
    rows = await raw.execute_fetchall(_SQLITE_SCOPES_IN_FORCE, (json_values(user_ids), at_ms))
    return [(str(row[0]), str(row[1])) for row in rows]


async def restriction_history(
    connection: AsyncConnection, user_id: str, limit: int
) -> list[RestrictionRow]:
    """Newest first: in force, lifted and expired alike."""
    r = restrictions.c
    query = (select(*_RESTRICTION).where(r.user_id == user_id)
             .order_by(r.created_at_ms.desc(), r.id.desc()).limit(limit))
    return [RestrictionRow(**row._mapping) for row in await connection.execute(query)]


async def lift_restriction(
    connection: AsyncConnection, restriction_id: uuid.UUID, at_ms: int, by: str, reason: str
) -> bool:
    """Lift it if it is still open (not lifted, not expired); True when this call lifted it."""
    r = restrictions.c
    result = await connection.execute(
        update(restrictions).where(r.id == restriction_id, _in_force(at_ms))
        .values(lifted_at_ms=at_ms, lifted_by=by, lift_reason=reason).returning(r.id))
    return result.first() is not None


async def expire_due(
    connection: AsyncConnection, at_ms: int, by: str, reason: str, limit: int
) -> list[RestrictionRow]:
    """Mark lapsed restrictions lifted (at their expiry), at most `limit`; each is returned to
    exactly one caller, whichever process runs the job."""
    r = restrictions.c
    due = (select(r.id).where(r.lifted_at_ms.is_(None), r.until_ms.is_not(None),
                              r.until_ms <= at_ms)
           .order_by(r.until_ms).limit(limit))
    if locks_rows(connection):
        due = due.with_for_update(skip_locked=True)
    ids = [row[0] for row in await connection.execute(due)]
    if not ids:
        return []
    result = await connection.execute(
        update(restrictions).where(r.id.in_(ids), r.lifted_at_ms.is_(None))
        .values(lifted_at_ms=r.until_ms, lifted_by=by, lift_reason=reason)
        .returning(*_RESTRICTION))
    return [RestrictionRow(**row._mapping) for row in result]


async def has_open_scope(connection: AsyncConnection, user_id: str, scope: str) -> bool:
    """Whether any restriction of `scope` on the user is not lifted (expired or not)."""
    r = restrictions.c
    query = select(r.id).where(r.user_id == user_id, r.scope == scope,
                               r.lifted_at_ms.is_(None)).limit(1)
    return (await connection.execute(query)).first() is not None


# --- guardian links ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GuardianLinkRow:
    minor_id: str
    slot: int
    guardian_id: str
    linked_by: str
    linked_at_ms: int


_LINK = [guardian_links.c[f.name] for f in fields(GuardianLinkRow)]


async def links_of_minor(connection: AsyncConnection, minor_id: str) -> list[GuardianLinkRow]:
    query = select(*_LINK).where(guardian_links.c.minor_id == minor_id).order_by(
        guardian_links.c.slot)
    return [GuardianLinkRow(**row._mapping) for row in await connection.execute(query)]


async def links_of_guardian(
    connection: AsyncConnection, guardian_id: str
) -> list[GuardianLinkRow]:
    query = select(*_LINK).where(guardian_links.c.guardian_id == guardian_id).order_by(
        guardian_links.c.linked_at_ms, guardian_links.c.minor_id)
    return [GuardianLinkRow(**row._mapping) for row in await connection.execute(query)]


async def guarded(connection: AsyncConnection, user_ids: Collection[str]) -> set[str]:
    """Those of `user_ids` with at least one guardian."""
    if not user_ids:
        return set()
    g = guardian_links.c
    query = select(g.minor_id).distinct().where(one_of(connection, g.minor_id, user_ids))
    return {str(row[0]) for row in await connection.execute(query)}


async def insert_link(connection: AsyncConnection, row: GuardianLinkRow) -> bool:
    """False when the slot (or this guardian's link) was taken meanwhile."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, guardian_links)
        .values(**{f.name: getattr(row, f.name) for f in fields(GuardianLinkRow)})
        .returning(guardian_links.c.minor_id))
    return result.first() is not None


async def delete_link(connection: AsyncConnection, minor_id: str, guardian_id: str) -> bool:
    g = guardian_links.c
    result = await connection.execute(
        delete(guardian_links).where(g.minor_id == minor_id, g.guardian_id == guardian_id)
        .returning(g.minor_id))
    return result.first() is not None


# --- counted refunds ---------------------------------------------------------------------------


async def insert_refund_mark(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    """False when this refund was counted before."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, refund_marks).values(**values)
        .returning(refund_marks.c.id))
    return result.first() is not None


async def refunds_since(connection: AsyncConnection, user_id: str, since_ms: int) -> int:
    m = refund_marks.c
    query = select(func.count()).where(m.user_id == user_id, m.at_ms >= since_ms)
    return int((await connection.execute(query)).scalar_one())

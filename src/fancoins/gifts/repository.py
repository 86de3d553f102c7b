"""Every query the gifts domain runs.

The batch writes are set-based and go to the driver connection (inside the batch's
transaction): on PostgreSQL one statement per table over `unnest` arrays, on SQLite one
`executemany` of plain tuples (SQLAlchemy's per-row parameter processing cost 5x the insert).
The batch's ledger writes are the journal's (`fancoins.journal.bulk`).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts
from fancoins.db.sets import PgUniqueViolation, driver_connection, one_of, pair_in
from fancoins.db.tables import users
from fancoins.db.tables.gifts import gift_catalog, gifts

MS_PER_DAY = 86_400_000

_GIFT_COLUMNS = (
    "id, sender_id, recipient_id, stream_id, video_id, comment_id, gift_id, price_coins, count,"
    " coins, diamonds, sender_balance_after_coins, idempotency_key, request_hash, message,"
    " revenue_share, created_at_ms"
)
# Only after the plain COPY met a key already used (rare), inside a savepoint: checking
# every batch with ON CONFLICT's speculative insertion cost more than the savepoint.
_PG_INSERT_GIFTS_IGNORING_USED = f"""
INSERT INTO gifts ({_GIFT_COLUMNS})
SELECT *, $16::text, $17::bigint
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
    $7::text[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[],
    $13::text[], $14::text[], $15::text[])
ON CONFLICT (sender_id, idempotency_key) DO NOTHING
RETURNING id
"""
_SAVEPOINT = "SAVEPOINT gift_insert"
_RELEASE = "RELEASE SAVEPOINT gift_insert"
_ROLLBACK_TO = "ROLLBACK TO SAVEPOINT gift_insert"
# COPY (binary) for the PostgreSQL bulk inserts: measured a third faster than INSERT ...
# SELECT FROM unnest(arrays) for a 1000-gift batch (no per-element array checks in the driver,
# no executor per row on the server).
_GIFT_COPY_COLUMNS = tuple(c.strip() for c in _GIFT_COLUMNS.split(","))
_SQLITE_INSERT_GIFTS = (
    f"INSERT INTO gifts ({_GIFT_COLUMNS}) VALUES ({', '.join('?' * 17)})"
    " ON CONFLICT (sender_id, idempotency_key) DO NOTHING"
)
_SQLITE_GIFTS_WRITTEN = "SELECT id FROM gifts WHERE id IN (SELECT value FROM json_each(?))"
_SQLITE_DELETE_GIFT = "DELETE FROM gifts WHERE id = ?"
_PG_USERS = """
SELECT id, display_name, country, birth_date, age_verified, frozen FROM users
WHERE id = ANY($1::text[])
"""
_PG_DELETE_GIFTS = "DELETE FROM gifts WHERE id = ANY($1::uuid[])"


@dataclass(slots=True)
class GiftRow:
    """One gift as the batch writes it (the gifts table's columns)."""

    id: uuid.UUID
    sender_id: str
    recipient_id: str
    stream_id: str | None
    video_id: str | None
    comment_id: str | None
    gift_id: str
    price_coins: int
    count: int
    coins: int
    diamonds: int
    sender_balance_after_coins: int
    idempotency_key: str
    request_hash: str
    message: str | None = None

    def values(self) -> tuple[Any, ...]:
        return (self.id, self.sender_id, self.recipient_id, self.stream_id, self.video_id,
                self.comment_id, self.gift_id, self.price_coins, self.count, self.coins,
                self.diamonds, self.sender_balance_after_coins, self.idempotency_key,
                self.request_hash, self.message)


# --- catalog ----------------------------------------------------------------------------


async def catalog_rows(connection: AsyncConnection) -> list[Row[Any]]:
    query = select(gift_catalog).order_by(gift_catalog.c.price_coins, gift_catalog.c.id)
    return list((await connection.execute(query)).all())


async def catalog_rows_by_id(connection: AsyncConnection, ids: Collection[str]) -> list[Row[Any]]:
    query = select(gift_catalog).where(one_of(connection, gift_catalog.c.id, ids))
    return list((await connection.execute(query)).all())


async def catalog_is_empty(connection: AsyncConnection) -> bool:
    query = select(gift_catalog.c.id).limit(1)
    return (await connection.execute(query)).first() is None


async def insert_catalog(
    connection: AsyncConnection, rows: Sequence[dict[str, Any]], *, ignore_existing: bool
) -> bool:
    """Insert gifts; with `ignore_existing`, ids already there are kept. True if inserted."""
    if not rows:
        return False
    if ignore_existing:
        await connection.execute(insert_ignoring_conflicts(connection, gift_catalog), list(rows))
        return True
    inserted = await connection.execute(
        insert_ignoring_conflicts(connection, gift_catalog).values(**rows[0])
        .returning(gift_catalog.c.id)
    )
    return inserted.first() is not None


async def update_catalog(connection: AsyncConnection, gift_id: str, values: dict[str, Any]) -> None:
    await connection.execute(
        update(gift_catalog).where(gift_catalog.c.id == gift_id).values(**values)
    )


async def catalog_row(connection: AsyncConnection, gift_id: str) -> Row[Any] | None:
    query = select(gift_catalog).where(gift_catalog.c.id == gift_id)
    return (await connection.execute(query)).first()


# --- the batch: reads -------------------------------------------------------------------


async def users_by_id(
    connection: AsyncConnection, ids: Collection[str]
) -> list[tuple[str, str, str, Any, bool, bool]]:
    """The people of a batch in one query (identity has no bulk read; read-only use):
    (id, display name, country, birth date, age verified, frozen), read fresh every batch."""
    if connection.dialect.name == "postgresql":
        raw = await driver_connection(connection)
        return [tuple(r) for r in await raw.fetch(_PG_USERS, sorted(ids))]
    u = users.c
    query = select(u.id, u.display_name, u.country, u.birth_date, u.age_verified,
                   u.frozen).where(one_of(connection, u.id, ids))
    return [tuple(r) for r in (await connection.execute(query)).all()]


async def gifts_by_keys(
    connection: AsyncConnection, keys: Collection[tuple[str, str]]
) -> dict[tuple[str, str], Row[Any]]:
    """Gifts already sent under these (sender id, idempotency key) pairs."""
    if not keys:
        return {}
    g = gifts.c
    condition = pair_in(connection, g.sender_id, g.idempotency_key, keys)
    rows = (await connection.execute(select(gifts).where(condition))).all()
    return {(r.sender_id, r.idempotency_key): r for r in rows}


# --- the batch: writes (driver connection, inside the batch's transaction) -------------


async def insert_gifts(
    connection: AsyncConnection, rows: Sequence[GiftRow], revenue_share: str, at_ms: int
) -> set[uuid.UUID]:
    """Insert gifts; a key another writer committed first is skipped. Returns the ids kept."""
    if not rows:
        return set()
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        await raw.execute(_SAVEPOINT)
        try:
            await raw.copy_records_to_table(
                "gifts", columns=_GIFT_COPY_COLUMNS,
                records=[(*r.values(), revenue_share, at_ms) for r in rows],
            )
        except PgUniqueViolation:  # a key used meanwhile: see which, keep the rest
            await raw.execute(_ROLLBACK_TO)
            columns = list(zip(*(r.values() for r in rows), strict=True))
            kept = await raw.fetch(_PG_INSERT_GIFTS_IGNORING_USED, *columns, revenue_share,
                                   at_ms)
            await raw.execute(_RELEASE)
            return {record[0] for record in kept}
        await raw.execute(_RELEASE)
        return {r.id for r in rows}
    # SQLite: SQLAlchemy's Uuid is 32 hex digits: written the way it is read back. Every row
    # written (the usual case) shows in the row count; otherwise ask which ones were.
    cursor = await raw.executemany(_SQLITE_INSERT_GIFTS, [
        (r.id.hex, *r.values()[1:], revenue_share, at_ms) for r in rows
    ])
    if cursor.rowcount == len(rows):
        return {r.id for r in rows}
    written = await raw.execute_fetchall(
        _SQLITE_GIFTS_WRITTEN, (orjson.dumps([r.id.hex for r in rows]).decode(),)
    )
    return {uuid.UUID(hex=str(w[0])) for w in written}


async def delete_gifts(connection: AsyncConnection, ids: Collection[uuid.UUID]) -> None:
    """Take back gifts this transaction inserted (a batch that met a key already used is
    decided again without it)."""
    if not ids:
        return
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        await raw.execute(_PG_DELETE_GIFTS, list(ids))
        return
    await raw.executemany(_SQLITE_DELETE_GIFT, [(i.hex,) for i in ids])


# --- reads for other domains ------------------------------------------------------------


async def diamonds_since(connection: AsyncConnection, creator_id: str, since_ms: int) -> int:
    g = gifts.c
    query = select(func.coalesce(func.sum(g.diamonds), 0)).where(
        g.recipient_id == creator_id, g.created_at_ms >= since_ms
    )
    return int((await connection.execute(query)).scalar_one())


async def diamonds_by_day(
    connection: AsyncConnection, creator_id: str, since_ms: int
) -> list[Row[Any]]:
    g = gifts.c
    day = (g.created_at_ms // MS_PER_DAY).label("day")
    query = (
        select(day, func.sum(g.diamonds).label("diamonds"), func.count().label("gifts"))
        .where(g.recipient_id == creator_id, g.created_at_ms >= since_ms)
        .group_by(day)
        .order_by(day)
    )
    return list((await connection.execute(query)).all())


async def stream_totals(connection: AsyncConnection, stream_id: str) -> tuple[int, int]:
    g = gifts.c
    query = select(func.count(), func.coalesce(func.sum(g.diamonds), 0)).where(
        g.stream_id == stream_id
    )
    count, diamonds = (await connection.execute(query)).one()
    return int(count), int(diamonds)


async def stream_gift_sums(connection: AsyncConnection, stream_id: str
                           ) -> tuple[int, int, int, int]:
    """(rows, gifts counted, coins, diamonds) of a stream's gifts."""
    g = gifts.c
    query = select(func.count(), func.coalesce(func.sum(g.count), 0),
                   func.coalesce(func.sum(g.coins), 0),
                   func.coalesce(func.sum(g.diamonds), 0)).where(g.stream_id == stream_id)
    sends, count, coins, diamonds = (await connection.execute(query)).one()
    return int(sends), int(count), int(coins), int(diamonds)


async def stream_totals_many(
    connection: AsyncConnection, stream_ids: Collection[str]
) -> dict[str, tuple[int, int]]:
    """(gifts, diamonds) per stream, for the streams among `stream_ids` that received any."""
    if not stream_ids:
        return {}
    g = gifts.c
    query = (select(g.stream_id, func.count(), func.coalesce(func.sum(g.diamonds), 0))
             .where(one_of(connection, g.stream_id, stream_ids)).group_by(g.stream_id))
    return {row[0]: (int(row[1]), int(row[2])) for row in (await connection.execute(query))}


async def gifts_sent_since(
    connection: AsyncConnection, sender_id: str, since_ms: int, limit: int
) -> list[Row[Any]]:
    g = gifts.c
    query = (
        select(gifts)
        .where(g.sender_id == sender_id, g.created_at_ms >= since_ms)
        .order_by(g.created_at_ms, g.id)
        .limit(limit)
    )
    return list((await connection.execute(query)).all())


# --- reads for LIVE boards (issue 5: fancoins.live) ---------------------------------------


async def top_senders(
    connection: AsyncConnection, *, stream_id: str | None, recipient_id: str | None,
    since_ms: int | None, limit: int,
) -> list[Row[Any]]:
    """Senders by coins given (to a stream, or to a creator since `since_ms`), most first."""
    g = gifts.c
    coins = func.sum(g.coins).label("coins")
    query = (
        select(g.sender_id.label("user_id"), users.c.display_name, coins,
               func.sum(g.diamonds).label("diamonds"), func.count().label("gifts"))
        .select_from(gifts.outerjoin(users, users.c.id == g.sender_id))
        .group_by(g.sender_id, users.c.display_name)
        .order_by(coins.desc(), g.sender_id)
        .limit(limit)
    )
    if stream_id is not None:
        query = query.where(g.stream_id == stream_id)
    if recipient_id is not None:
        query = query.where(g.recipient_id == recipient_id)
    if since_ms is not None:
        query = query.where(g.created_at_ms >= since_ms)
    return list((await connection.execute(query)).all())


async def stream_sums_many(
    connection: AsyncConnection, stream_ids: Collection[str]
) -> list[Row[Any]]:
    """(stream_id, sends, coins, diamonds) for the streams among `stream_ids` that received any."""
    if not stream_ids:
        return []
    g = gifts.c
    query = (select(g.stream_id, func.count().label("sends"), func.sum(g.coins).label("coins"),
                    func.sum(g.diamonds).label("diamonds"))
             .where(one_of(connection, g.stream_id, stream_ids)).group_by(g.stream_id))
    return list((await connection.execute(query)).all())


async def top_senders_per_stream(
    connection: AsyncConnection, stream_ids: Collection[str], per_stream: int
) -> list[Any]:
    """The `per_stream` senders who gave each stream the most coins, most first: one query
    for a page of streams (a window ranks senders within each stream)."""
    if not stream_ids:
        return []
    g = gifts.c
    coins = func.sum(g.coins)
    ranked = (
        select(g.stream_id, g.sender_id.label("user_id"), coins.label("coins"),
               func.sum(g.diamonds).label("diamonds"), func.count().label("gifts"),
               func.row_number().over(partition_by=g.stream_id,
                                      order_by=(coins.desc(), g.sender_id)).label("rank"))
        .where(one_of(connection, g.stream_id, stream_ids))
        .group_by(g.stream_id, g.sender_id)
        .subquery()
    )
    query = (
        select(ranked.c.stream_id, ranked.c.user_id, users.c.display_name, ranked.c.coins,
               ranked.c.diamonds, ranked.c.gifts)
        .select_from(ranked.outerjoin(users, users.c.id == ranked.c.user_id))
        .where(ranked.c.rank <= per_stream)
        .order_by(ranked.c.stream_id, ranked.c.rank)
    )
    return list((await connection.execute(query)).all())


async def top_recipients(
    connection: AsyncConnection, since_ms: int | None, limit: int
) -> list[Row[Any]]:
    """Creators by diamonds received since `since_ms`, most first."""
    g = gifts.c
    diamonds = func.sum(g.diamonds).label("diamonds")
    query = (
        select(g.recipient_id.label("user_id"), users.c.display_name,
               func.sum(g.coins).label("coins"), diamonds, func.count().label("gifts"))
        .select_from(gifts.outerjoin(users, users.c.id == g.recipient_id))
        .group_by(g.recipient_id, users.c.display_name)
        .order_by(diamonds.desc(), g.recipient_id)
        .limit(limit)
    )
    if since_ms is not None:
        query = query.where(g.created_at_ms >= since_ms)
    return list((await connection.execute(query)).all())


# --- reads for battles and videos -------------------------------------------------------


async def sender_totals(
    connection: AsyncConnection, stream_ids: Collection[str], recipient_ids: Collection[str],
    since_ms: int, until_ms: int,
) -> list[Row[Any]]:
    """Senders by coins given to `recipient_ids` in `stream_ids` in [since_ms, until_ms)."""
    if not stream_ids or not recipient_ids:
        return []
    g = gifts.c
    coins = func.sum(g.coins).label("coins")
    query = (
        select(g.sender_id.label("user_id"), users.c.display_name, coins,
               func.sum(g.diamonds).label("diamonds"), func.count().label("gifts"))
        .select_from(gifts.outerjoin(users, users.c.id == g.sender_id))
        .where(one_of(connection, g.stream_id, stream_ids),
               one_of(connection, g.recipient_id, recipient_ids),
               g.created_at_ms >= since_ms, g.created_at_ms < until_ms)
        .group_by(g.sender_id, users.c.display_name)
        .order_by(coins.desc(), g.sender_id)
    )
    return list((await connection.execute(query)).all())


async def video_totals(connection: AsyncConnection, video_id: str) -> tuple[int, int, int]:
    g = gifts.c
    query = select(func.count(), func.coalesce(func.sum(g.coins), 0),
                   func.coalesce(func.sum(g.diamonds), 0)).where(g.video_id == video_id)
    count, coins, diamonds = (await connection.execute(query)).one()
    return int(count), int(coins), int(diamonds)


async def gifts_on_comments(connection: AsyncConnection, video_id: str,
                            comment_ids: Collection[str]) -> list[Row[Any]]:
    if not comment_ids:
        return []
    g = gifts.c
    query = select(gifts).where(g.video_id == video_id,
                                one_of(connection, g.comment_id, comment_ids))
    return list((await connection.execute(query)).all())

"""Every query on the combos table (`fancoins.live` is its only writer)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import locks_rows
from fancoins.db.tables.live import live_combos

_C = live_combos.c


async def open_combos(connection: AsyncConnection, open_keys: Collection[str]
                      ) -> dict[str, Row[Any]]:
    """The open combos under these keys, locked (PostgreSQL) until the transaction ends."""
    if not open_keys:
        return {}
    query = select(live_combos).where(_C.open_key.in_(sorted(open_keys))).order_by(_C.open_key)
    if locks_rows(connection):
        query = query.with_for_update()
    return {row.open_key: row for row in (await connection.execute(query)).all()}


async def lapsed_combos(connection: AsyncConnection, last_before_ms: int, limit: int
                        ) -> list[Row[Any]]:
    """Open combos whose last send is older than `last_before_ms`, locked; another process
    sweeping at the same time skips the rows this one holds."""
    query = (
        select(live_combos)
        .where(_C.ended_at_ms.is_(None), _C.last_at_ms < last_before_ms)
        .order_by(_C.last_at_ms)
        .limit(limit)
    )
    if locks_rows(connection):
        query = query.with_for_update(skip_locked=True)
    return list((await connection.execute(query)).all())


async def stream_open_combos(connection: AsyncConnection, stream_id: str, limit: int
                             ) -> list[Row[Any]]:
    query = (
        select(live_combos)
        .where(_C.stream_id == stream_id, _C.ended_at_ms.is_(None))
        .order_by(_C.last_at_ms)
        .limit(limit)
    )
    if locks_rows(connection):
        query = query.with_for_update(skip_locked=True)
    return list((await connection.execute(query)).all())


async def end_combos(connection: AsyncConnection, combo_ids: Collection[uuid.UUID], at_ms: int
                     ) -> set[uuid.UUID]:
    """End the combos that are still open; returns the ids this call ended (and only those
    may announce their end: exactly once)."""
    if not combo_ids:
        return set()
    statement = (
        update(live_combos)
        .where(_C.id.in_(sorted(combo_ids)), _C.ended_at_ms.is_(None))
        .values(ended_at_ms=at_ms, open_key=None)
        .returning(_C.id)
    )
    return {row.id for row in (await connection.execute(statement)).all()}


async def extend_combos(connection: AsyncConnection, values: Sequence[dict[str, Any]]) -> None:
    """Write the new running totals of open combos (keys: combo_id and the columns)."""
    if not values:
        return
    statement = (
        update(live_combos)
        .where(and_(_C.id == bindparam("combo_id"), _C.ended_at_ms.is_(None)))
        .values(count=bindparam("n"), coins=bindparam("c"), diamonds=bindparam("d"),
                last_at_ms=bindparam("last"), sender_display_name=bindparam("name"),
                sender_lifetime_coins=bindparam("lifetime"))
    )
    await connection.execute(statement, list(values))


async def insert_combos(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(live_combos.insert(), list(rows))


async def get_combo(connection: AsyncConnection, combo_id: uuid.UUID) -> Row[Any] | None:
    return (await connection.execute(select(live_combos).where(_C.id == combo_id))).first()


async def combos_of_stream(connection: AsyncConnection, stream_id: str, limit: int
                           ) -> list[Row[Any]]:
    query = (select(live_combos).where(_C.stream_id == stream_id)
             .order_by(_C.started_at_ms, _C.id).limit(limit))
    return list((await connection.execute(query)).all())

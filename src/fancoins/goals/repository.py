"""Every query on stream goals."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, locks_rows
from fancoins.db.sets import one_of
from fancoins.db.tables.contests import stream_goals

QUEUED = "queued"
ACTIVE = "active"
COMPLETED = "completed"
EXPIRED = "expired"
CANCELLED = "cancelled"
OPEN = (QUEUED, ACTIVE)

_G = stream_goals.c


async def insert_active(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    """Insert the goal as the stream's active one; False when the stream has one already."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, stream_goals)
        .values(**values, status=ACTIVE, open_key=values["stream_id"],
                activated_at_ms=values["created_at_ms"])
        .returning(_G.id))
    return result.first() is not None


async def insert_queued(connection: AsyncConnection, values: dict[str, Any]) -> None:
    await connection.execute(stream_goals.insert().values(
        **values, status=QUEUED, open_key=None, activated_at_ms=None))


async def get(connection: AsyncConnection, goal_id: str, *, lock: bool = False
              ) -> Row[Any] | None:
    query = select(stream_goals).where(_G.id == goal_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    return (await connection.execute(query)).first()


async def open_count(connection: AsyncConnection, stream_id: str) -> int:
    query = select(func.count()).where(_G.stream_id == stream_id, _G.status.in_(OPEN))
    return int((await connection.execute(query)).scalar_one())


async def active_in_streams(connection: AsyncConnection, stream_ids: Collection[str], *,
                            lock: bool = True) -> list[Row[Any]]:
    """The active goal of each of these streams, locked (PostgreSQL) until the transaction
    ends: one process at a time counts gifts into a goal and completes it."""
    if not stream_ids:
        return []
    query = (select(stream_goals)
             .where(one_of(connection, _G.open_key, stream_ids), _G.status == ACTIVE)
             .order_by(_G.id))
    if lock and locks_rows(connection):
        query = query.with_for_update()
    return list((await connection.execute(query)).all())


async def end(connection: AsyncConnection, goal_id: str, status: str, at_ms: int,
              progress: int | None = None) -> bool:
    """End an open goal (completed, expired, cancelled); False if it had ended already:
    each goal ends exactly once."""
    values: dict[str, Any] = {"status": status, "ended_at_ms": at_ms, "open_key": None}
    if progress is not None:
        values["progress"] = progress
    result = await connection.execute(
        update(stream_goals).where(_G.id == goal_id, _G.status.in_(OPEN))
        .values(**values).returning(_G.id))
    return result.first() is not None


async def set_progress(connection: AsyncConnection, goal_id: str, progress: int) -> None:
    await connection.execute(update(stream_goals).where(_G.id == goal_id, _G.status == ACTIVE)
                             .values(progress=progress))


async def activate_next(connection: AsyncConnection, stream_id: str, at_ms: int
                        ) -> Row[Any] | None:
    """The stream's oldest queued goal becomes active (progress from now on)."""
    query = (select(_G.id).where(_G.stream_id == stream_id, _G.status == QUEUED)
             .order_by(_G.created_at_ms, _G.id).limit(1))
    row = (await connection.execute(query)).first()
    if row is None:
        return None
    await connection.execute(
        update(stream_goals).where(_G.id == row.id, _G.status == QUEUED)
        .values(status=ACTIVE, open_key=stream_id, activated_at_ms=at_ms, progress=0))
    return await get(connection, row.id)


async def queued_count(connection: AsyncConnection, stream_id: str) -> int:
    query = select(func.count()).where(_G.stream_id == stream_id, _G.status == QUEUED)
    return int((await connection.execute(query)).scalar_one())


async def of_stream(connection: AsyncConnection, stream_id: str, limit: int) -> list[Row[Any]]:
    query = (select(stream_goals).where(_G.stream_id == stream_id)
             .order_by(_G.created_at_ms, _G.id).limit(limit))
    return list((await connection.execute(query)).all())


async def active_past_deadline(connection: AsyncConnection, at_ms: int, limit: int
                               ) -> list[Row[Any]]:
    query = (select(stream_goals)
             .where(_G.status == ACTIVE, _G.deadline_at_ms.is_not(None),
                    _G.deadline_at_ms <= at_ms)
             .order_by(_G.deadline_at_ms).limit(limit))
    if locks_rows(connection):
        query = query.with_for_update(skip_locked=True)
    return list((await connection.execute(query)).all())


async def expire_queued(connection: AsyncConnection, at_ms: int, limit: int) -> None:
    """Queued goals whose deadline passed before their turn never run."""
    ids = select(_G.id).where(_G.status == QUEUED, _G.deadline_at_ms.is_not(None),
                              _G.deadline_at_ms <= at_ms).limit(limit)
    await connection.execute(
        update(stream_goals).where(_G.id.in_(ids), _G.status == QUEUED)
        .values(status=EXPIRED, ended_at_ms=at_ms))


async def end_open_of_stream(connection: AsyncConnection, stream_id: str, at_ms: int) -> None:
    await connection.execute(
        update(stream_goals).where(_G.stream_id == stream_id, _G.status.in_(OPEN))
        .values(status=EXPIRED, ended_at_ms=at_ms, open_key=None))

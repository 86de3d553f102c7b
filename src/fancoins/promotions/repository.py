"""Every query of the promotions domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import locks_rows
from fancoins.db.tables.promotions import promotion_deliveries, promotions

p = promotions


async def insert_promotion(connection: AsyncConnection, row: dict[str, Any]) -> None:
    await connection.execute(promotions.insert().values(**row))


async def get_promotion(
    connection: AsyncConnection, promotion_id: uuid.UUID, *, lock: bool = False
) -> Row[Any] | None:
    query = select(p).where(p.c.id == promotion_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    return (await connection.execute(query)).first()


async def list_promotions(
    connection: AsyncConnection, user_id: str | None, before_id: uuid.UUID | None, limit: int
) -> Sequence[Row[Any]]:
    """Newest first; ids are UUIDv7, so id order is time order."""
    query = select(p).order_by(p.c.id.desc()).limit(limit)
    if user_id is not None:
        query = query.where(p.c.user_id == user_id)
    if before_id is not None:
        query = query.where(p.c.id < before_id)
    return (await connection.execute(query)).all()


async def update_promotion(
    connection: AsyncConnection, promotion_id: uuid.UUID, expected_status: str, **values: Any
) -> bool:
    """Change a promotion only if it is still in `expected_status` (compare-and-set)."""
    result = await connection.execute(
        update(p).where(p.c.id == promotion_id, p.c.status == expected_status).values(**values)
    )
    return result.rowcount == 1


async def due_ids(
    connection: AsyncConnection, status: str, ends_before_ms: int, limit: int
) -> list[uuid.UUID]:
    rows = await connection.execute(
        select(p.c.id).where(p.c.status == status, p.c.ends_at_ms <= ends_before_ms)
        .order_by(p.c.ends_at_ms).limit(limit)
    )
    return [uuid.UUID(str(i)) for i in rows.scalars()]


async def insert_delivery(connection: AsyncConnection, row: dict[str, Any]) -> None:
    await connection.execute(promotion_deliveries.insert().values(**row))


async def get_delivery(connection: AsyncConnection, delivery_id: uuid.UUID) -> Row[Any] | None:
    query = select(promotion_deliveries).where(promotion_deliveries.c.id == delivery_id)
    return (await connection.execute(query)).first()

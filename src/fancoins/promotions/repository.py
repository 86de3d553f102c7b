"""Every query of the promotions domain, returning typed rows."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import locks_rows
from fancoins.db.tables.promotions import promotion_deliveries, promotions

p = promotions


@dataclass(frozen=True, slots=True)
class Results:
    views: int
    followers: int
    profile_visits: int


@dataclass(frozen=True, slots=True)
class Promotion:
    id: uuid.UUID
    user_id: str
    video_id: str
    objective: str
    audience: dict[str, Any]
    status: str
    budget_coins: int
    charged_coins: int
    returned_coins: int
    hold_transfer_id: uuid.UUID | None
    days: int
    reach_low_views: int
    reach_high_views: int
    views: int
    followers: int
    profile_visits: int
    starts_at_ms: int
    ends_at_ms: int
    settled_at_ms: int | None
    created_at_ms: int

    @property
    def held_coins(self) -> int:
        return self.budget_coins - self.charged_coins - self.returned_coins

    @property
    def results(self) -> Results:
        return Results(self.views, self.followers, self.profile_visits)


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    id: uuid.UUID
    promotion_id: uuid.UUID
    views: int
    followers: int
    profile_visits: int
    cost_coins: int
    charged_coins: int
    created_at_ms: int


_PROMOTION = [p.c[f.name] for f in dataclasses.fields(Promotion)]


async def insert_promotion(connection: AsyncConnection, promotion: Promotion) -> None:
    await connection.execute(promotions.insert().values(**dataclasses.asdict(promotion)))


async def get_promotion(
    connection: AsyncConnection, promotion_id: uuid.UUID, *, lock: bool = False
) -> Promotion | None:
    query = select(*_PROMOTION).where(p.c.id == promotion_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else Promotion(**row._mapping)


async def list_promotions(
    connection: AsyncConnection, user_id: str | None, before_id: uuid.UUID | None, limit: int
) -> Sequence[Promotion]:
    """Newest first; ids are UUIDv7, so id order is time order."""
    query = select(*_PROMOTION).order_by(p.c.id.desc()).limit(limit)
    if user_id is not None:
        query = query.where(p.c.user_id == user_id)
    if before_id is not None:
        query = query.where(p.c.id < before_id)
    return [Promotion(**row._mapping) for row in await connection.execute(query)]


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


async def insert_delivery(connection: AsyncConnection, delivery: DeliveryRow) -> None:
    await connection.execute(
        promotion_deliveries.insert().values(**dataclasses.asdict(delivery)))

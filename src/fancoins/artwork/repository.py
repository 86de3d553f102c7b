"""Every query on uploaded gift images."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts
from fancoins.db.tables.artwork import gift_images


async def insert(connection: AsyncConnection, values: dict[str, Any]) -> None:
    """Store an image; the same bytes again (same hash) are already there."""
    await connection.execute(insert_ignoring_conflicts(connection, gift_images).values(**values))


async def get(connection: AsyncConnection, sha256: str) -> Any:
    query = select(gift_images.c.content_type, gift_images.c.data).where(
        gift_images.c.sha256 == sha256)
    return (await connection.execute(query)).first()

"""Every query on overlay settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables.overlay import overlay_settings


async def get(connection: AsyncConnection, creator_id: str) -> Any:
    query = select(overlay_settings).where(overlay_settings.c.creator_id == creator_id)
    return (await connection.execute(query)).first()


async def put(connection: AsyncConnection, values: dict[str, Any]) -> None:
    """Insert or replace a creator's settings."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(overlay_settings).values(**values)
    await connection.execute(insert.on_conflict_do_update(
        index_elements=[overlay_settings.c.creator_id],
        set_={k: v for k, v in values.items() if k != "creator_id"}))

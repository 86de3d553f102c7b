"""`restriction.expire`: freezes and bans past their expiry are marked lifted and announced
(`user.unfrozen`). They stopped applying at their expiry already (read from the clock); this
tells the host, and keeps the operator's history exact."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.uow import EventSink, unit
from fancoins.safety.restrictions import restrictions


async def expire_restrictions(
    engine: AsyncEngine, settings: Settings, sink: EventSink | None = None,
    at_ms: int | None = None,
) -> int:
    """One bounded run; returns how many it lifted."""
    async with unit(engine, sink) as uow:
        return await restrictions.expire_due(
            uow, settings.safety.restriction_expiry_batch_max, at_ms)

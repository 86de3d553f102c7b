"""`promotion.settle`: end promotions whose period is over and return what they did not spend.

Each promotion settles in its own short unit of work, so one that cannot be settled never
holds back the others; a run is bounded by `promotions.settle_batch_max`.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.db.uow import unit
from fancoins.ids import now_ms
from fancoins.promotions.errors import PromotionClosed
from fancoins.promotions.service import ENDED, promotions


async def settle_due(
    engine: AsyncEngine, settings: Settings, at_ms: int | None = None
) -> list[uuid.UUID]:
    """End every due promotion (up to the batch bound); returns the ones it ended."""
    at = now_ms() if at_ms is None else at_ms
    async with read_only(engine) as connection:
        due = await promotions.due(connection, at, settings.promotions.settle_batch_max)
    ended: list[uuid.UUID] = []
    for promotion_id in due:
        try:
            async with unit(engine) as uow:
                await promotions.close(uow, promotion_id, ENDED, at)
        except PromotionClosed:
            continue  # canceled or spent meanwhile: nothing left to return
        ended.append(promotion_id)
    return ended

"""Background work of the journal: voiding pending transfers whose timeout has passed."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.engine import unit_of_work
from fancoins.journal.service import EXPIRY_SWEEP_MAX, journal


async def sweep_expired(engine: AsyncEngine) -> int:
    """Expire what is due, in bounded sweeps, until nothing more is due."""
    total = 0
    while True:
        async with unit_of_work(engine) as connection:
            expired = await journal.expire_pending(connection)
        total += expired
        if expired < EXPIRY_SWEEP_MAX:
            return total

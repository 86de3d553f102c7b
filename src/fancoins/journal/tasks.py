"""Background work of the journal: voiding pending transfers whose timeout has passed."""

from __future__ import annotations

import asyncio

import structlog
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.engine import unit_of_work
from fancoins.journal.service import EXPIRY_SWEEP_MAX, journal

log = structlog.get_logger(__name__)


async def sweep_expired(engine: AsyncEngine) -> int:
    """Expire what is due, in bounded sweeps, until nothing more is due."""
    total = 0
    while True:
        async with unit_of_work(engine) as connection:
            expired = await journal.expire_pending(connection)
        total += expired
        if expired < EXPIRY_SWEEP_MAX:
            return total


async def run_expiry_sweeper(engine: AsyncEngine, interval_s: float) -> None:
    """Runs until cancelled. A failed sweep is logged and retried at the next interval."""
    while True:
        try:
            expired = await sweep_expired(engine)
            if expired:
                log.info("pending_transfers_expired", count=expired)
        except SQLAlchemyError as error:
            log.error("expiry_sweep_failed", error=repr(error))
        await asyncio.sleep(interval_s)

"""Background work: the Google voided-purchases poll, a safety net under the notifications.

A notification can be lost (endpoint down longer than Pub/Sub retries); the poll lists what
Google voided in the look-back window and records each as a claim against its purchase.
Claims are idempotent per purchase and each listed entry is applied once, so polling the same
window again applies nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.uow import UnitOfWork
from fancoins.ids import now_ms
from fancoins.providers.errors import ProviderError
from fancoins.purchases.clients import PurchaseClients
from fancoins.purchases.store_events import store_events

log = structlog.get_logger(__name__)

Units = Callable[[], AbstractAsyncContextManager[UnitOfWork]]


async def poll_google_voided(
    units: Units, engine: AsyncEngine, clients: PurchaseClients, settings: Settings,
    at_ms: int | None = None,
) -> int:
    """Claw back every voided purchase Google lists in the look-back window.

    Returns how many claw-backs were applied (not counting ones applied before). Each voided
    purchase gets its own short unit of work. The listing is bounded by the client's page cap
    and runs off the event loop with the Play API's time bound.
    """
    client = clients.need_google()
    start_ms = (at_ms if at_ms is not None else now_ms()) - settings.google.voided_lookback_s * 1000
    listing = await clients.calls.run("Google Play", settings.google.timeout_s,
                                      client.list_voided, start_ms)
    if listing.next_page_token is not None:
        log.warning("google.voided_listing_truncated", start_ms=start_ms)
    applied = 0
    for voided in listing.purchases:
        async with units() as uow:
            answer = await store_events.google_voided(uow, engine, settings, voided)
        applied += not answer.replayed and answer.value == "clawed_back"
    return applied


async def _poll_forever(units: Units, engine: AsyncEngine, clients: PurchaseClients,
                        settings: Settings) -> None:
    while True:
        try:
            applied = await poll_google_voided(units, engine, clients, settings)
            log.info("google.voided_polled", applied=applied)
        except ProviderError as error:
            log.warning("google.voided_poll_failed", error=str(error))
        except Exception:
            # Never let one bad run end the safety net; the next run starts over.
            log.exception("google.voided_poll_crashed")
        await asyncio.sleep(settings.google.voided_poll_interval_s)


@contextlib.asynccontextmanager
async def voided_poller(
    units: Units, engine: AsyncEngine, clients: PurchaseClients, settings: Settings
) -> AsyncIterator[None]:
    """Run the poll every `google.voided_poll_interval_s` while the app runs (0: never)."""
    if clients.google is None or settings.google.voided_poll_interval_s == 0:
        yield
        return
    task = asyncio.create_task(_poll_forever(units, engine, clients, settings),
                               name="google-voided-poll")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

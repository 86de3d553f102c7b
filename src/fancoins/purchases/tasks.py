"""Background work: the Google voided-purchases poll, a safety net under the notifications.

A notification can be lost (endpoint down longer than Pub/Sub retries); the poll lists what
Google voided in the look-back window and claws each back. Claw-backs are idempotent per
order, so polling the same window again applies nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import structlog

from fancoins.config import Settings
from fancoins.ids import now_ms
from fancoins.providers.errors import ProviderError
from fancoins.providers.google import GooglePlayClient
from fancoins.purchases.service import UowFactory, purchases

log = structlog.get_logger(__name__)


async def poll_google_voided(
    uow: UowFactory, client: GooglePlayClient, settings: Settings, at_ms: int | None = None
) -> int:
    """Claw back every voided purchase Google lists in the look-back window.

    Returns how many claw-backs were applied (not counting ones applied before). Each voided
    purchase gets its own short transaction. The listing is bounded by the client's page cap.
    """
    start_ms = (at_ms if at_ms is not None else now_ms()) - settings.google_voided_lookback_s * 1000
    listing = await asyncio.to_thread(client.list_voided, start_ms)
    if listing.next_page_token is not None:
        log.warning("google.voided_listing_truncated", start_ms=start_ms)
    applied = 0
    for voided in listing.purchases:
        async with uow() as connection:
            outcome = await purchases.claw_back_google(
                connection, order_id=voided.order_id, purchase_token=voided.purchase_token,
                voided_quantity=voided.voided_quantity,
            )
        applied += outcome == "clawed_back"
    return applied


async def _poll_forever(uow: UowFactory, client: GooglePlayClient, settings: Settings) -> None:
    while True:
        try:
            applied = await poll_google_voided(uow, client, settings)
            log.info("google.voided_polled", applied=applied)
        except ProviderError as error:
            log.warning("google.voided_poll_failed", error=str(error))
        except Exception:
            # Never let one bad run end the safety net; the next run starts over.
            log.exception("google.voided_poll_crashed")
        await asyncio.sleep(settings.google_voided_poll_interval_s)


@contextlib.asynccontextmanager
async def voided_poller(
    uow: UowFactory, client: GooglePlayClient | None, settings: Settings
) -> AsyncIterator[None]:
    """Run the poll every `google_voided_poll_interval_s` while the app runs (0: never)."""
    if client is None or settings.google_voided_poll_interval_s == 0:
        yield
        return
    task = asyncio.create_task(_poll_forever(uow, client, settings), name="google-voided-poll")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

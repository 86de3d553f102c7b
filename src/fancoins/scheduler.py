"""Periodic background jobs of an API process: each bounded, safe to repeat and to overlap
with the same job in another process (so several API processes may all run them)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.uow import EventSink
from fancoins.journal.tasks import sweep_expired
from fancoins.payouts.paypal import PayPalNotConfigured, paypal_config
from fancoins.payouts.tasks import submit_due
from fancoins.promotions.tasks import settle_due
from fancoins.providers.paypal import PayPalPayouts
from fancoins.safety.tasks import expire_restrictions

log = structlog.get_logger(__name__)

Job = Callable[[], Awaitable[object]]


async def _every(name: str, interval_s: float, job: Job, timeout_s: float) -> None:
    """Run `job` every `interval_s` until cancelled; a failure is logged, never fatal, and a
    run longer than `timeout_s` is cancelled, so a hung run never stops the job."""
    while True:
        try:
            async with asyncio.timeout(timeout_s):
                await job()
        except TimeoutError:
            log.error("background_job_timed_out", job=name, timeout_s=timeout_s)
        except Exception as error:  # one failed run must not end the job
            log.error("background_job_failed", job=name, error=repr(error))
        await asyncio.sleep(interval_s)


def _jobs(engine: AsyncEngine, settings: Settings, sink: EventSink | None
          ) -> dict[str, tuple[float, Job]]:
    jobs: dict[str, tuple[float, Job]] = {
        "pending-expiry": (settings.jobs.pending_expiry_interval_s, lambda: sweep_expired(engine)),
        "promotion-settle": (settings.promotions.settle_interval_s,
                             lambda: settle_due(engine, settings)),
        "restriction-expiry": (settings.safety.restriction_expiry_interval_s,
                               lambda: expire_restrictions(engine, settings, sink)),
    }
    try:
        config = paypal_config(settings)
    except PayPalNotConfigured:
        log.info("payout_submit_disabled", reason="PayPal is not configured")
        return jobs

    async def submit() -> None:
        async with PayPalPayouts(config) as client:
            await submit_due(engine, settings, client)

    jobs["payout-submit"] = (settings.payouts.submit_interval_s, submit)
    return jobs


@asynccontextmanager
async def background_jobs(engine: AsyncEngine, settings: Settings,
                          sink: EventSink | None = None) -> AsyncIterator[None]:
    """Start the periodic jobs for the life of the block (unless switched off); the events
    they emit go to `sink`."""
    tasks = [
        asyncio.create_task(_every(name, interval_s, job, settings.jobs.timeout_s),
                            name=name)
        for name, (interval_s, job) in _jobs(engine, settings, sink).items()
    ] if settings.jobs.enabled else []
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

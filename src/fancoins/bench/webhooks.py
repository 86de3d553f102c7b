"""`fancoins bench gifts --webhooks`: the gift writer's throughput with five webhook endpoints
registered (four answering, one dead) against none, in the same run on the same database.

Both sides run the delivery worker in the benchmark's process, as every API process does; only
the endpoints differ. The endpoints subscribe to `gift.batch` and the stream's lifecycle (the
form the catalog recommends for a storm); the receivers run in a process of their own.
Runs alternate (none, five, none, five) so drift on a shared machine hits both sides alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.bench.gifts import RunStats, combined, run_writer
from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.db.tables.webhooks import webhook_deliveries, webhook_outbox
from fancoins.db.uow import unit
from fancoins.webhooks.worker import WebhookWorker, WorkerLimits

BENCH_ACTOR = "bench"
LIVE_ENDPOINTS = 4  # plus one dead: five
EVENT_TYPES = ("gift.batch", "stream.started", "stream.ended")
PAIRS = 2  # even: the runs end with endpoints registered
RECEIVER_START_TIMEOUT_S = 30.0
# After the last run, how long the worker may take to deliver what the live endpoints are owed.
DRAIN_TIMEOUT_S = 60.0
SETTLE_POLL_S = 0.2


@dataclass(slots=True)
class WebhookBench:
    none: RunStats
    five: RunStats
    delivered: int  # messages the live endpoints acknowledged
    dead_pending: int  # deliveries still owed to the dead endpoint (retrying)

    @property
    def ratio(self) -> float:
        return self.five.gifts_per_s / self.none.gifts_per_s if self.none.gifts_per_s else 0.0


@contextlib.asynccontextmanager
async def _receivers() -> AsyncIterator[list[str]]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "fancoins.bench.receiver", str(LIVE_ENDPOINTS),
        stdout=asyncio.subprocess.PIPE)
    try:
        assert process.stdout is not None
        async with asyncio.timeout(RECEIVER_START_TIMEOUT_S):
            line = await process.stdout.readline()
        yield [f"http://127.0.0.1:{port}/hooks" for port in line.decode().split()]
    finally:
        process.kill()
        await process.wait()


async def _register(engine: AsyncEngine, urls: list[str]) -> list[uuid.UUID]:
    from fancoins.webhooks.service import webhooks

    ids: list[uuid.UUID] = []
    async with unit(engine) as uow:
        for url in urls:
            issued = await webhooks.create(uow, actor=BENCH_ACTOR, url=url,
                                           event_types=EVENT_TYPES, description="bench",
                                           https_only=False)
            ids.append(issued.endpoint.id)
    return ids


async def _unregister(engine: AsyncEngine, ids: list[uuid.UUID]) -> None:
    from fancoins.webhooks.service import webhooks

    async with unit(engine) as uow:
        for endpoint_id in ids:
            await webhooks.delete(uow, endpoint_id, actor=BENCH_ACTOR)


async def _counts(engine: AsyncEngine, ids: list[uuid.UUID]) -> tuple[int, int]:
    d = webhook_deliveries.c
    async with read_only(engine) as connection:
        delivered = (await connection.execute(select(func.count()).where(
            d.endpoint_id.in_(ids[:-1]), d.state == "delivered"))).scalar_one()
        dead = (await connection.execute(select(func.count()).where(
            d.endpoint_id == ids[-1], d.state == "pending"))).scalar_one()
    return int(delivered), int(dead)


async def _settle(engine: AsyncEngine, ids: list[uuid.UUID]) -> None:
    """Wait (bounded) until the outbox is dispatched and the live endpoints have what they
    are owed."""
    d = webhook_deliveries.c
    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    while time.monotonic() < deadline:
        async with read_only(engine) as connection:
            waiting = (await connection.execute(select(func.count()).select_from(
                webhook_outbox))).scalar_one()
            owed = (await connection.execute(select(func.count()).where(
                d.endpoint_id.in_(ids[:-1]), d.state != "delivered"))).scalar_one()
        if not waiting and not owed:
            return
        await asyncio.sleep(SETTLE_POLL_S)


async def compare(engine: AsyncEngine, settings: Settings, stream_id: str, viewers: int,
                  clients: int, duration_s: float) -> WebhookBench:
    runs: dict[bool, list[RunStats]] = {False: [], True: []}
    worker = WebhookWorker(engine, WorkerLimits.of(settings))
    worker.start()
    try:
        async with _receivers() as urls:
            for pair in range(PAIRS):
                # With, without, without, with: the tables grow through the runs, so
                # whichever always ran second would look slower; the last run keeps its
                # endpoints registered for the deliveries counted after it.
                for with_endpoints in (True, False) if pair % 2 == 0 else (False, True):
                    ids = await _register(engine, urls) if with_endpoints else []
                    stats = await run_writer(engine, settings, stream_id, viewers, clients,
                                             duration_s / PAIRS)
                    stats.name = ("writer, 5 webhook endpoints (1 dead)" if with_endpoints
                                  else "writer, no webhook endpoint")
                    runs[with_endpoints].append(stats)
                    if with_endpoints and len(runs[True]) < PAIRS:
                        await _unregister(engine, ids)
            await _settle(engine, ids)
            delivered, dead_pending = await _counts(engine, ids)
            await _unregister(engine, ids)
    finally:
        await worker.stop()
    return WebhookBench(combined(runs[False]), combined(runs[True]), delivered, dead_pending)

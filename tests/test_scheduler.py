"""Background jobs run inside the app's lifespan, survive a failed run, and stop with the app."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import select

from fancoins.db.tables.ledger import ledger_transfers
from fancoins.ids import new_id, now_ms
from fancoins.journal.service import AccountSpec, journal
from fancoins.ledger import TransferFlags, TransferRequest
from fancoins.scheduler import _every
from tests.support.api import running_app, settings_for


async def test_app_expires_due_pending_transfers(database_url: str) -> None:
    settings = settings_for(database_url, jobs__pending_expiry_interval_s=0.05)
    async with running_app(settings) as (app, _):
        hold = new_id()
        async with app.state.container.engine.begin() as connection:
            await journal.open_accounts(connection, [AccountSpec("a", "COIN", "test"),
                                                     AccountSpec("b", "COIN", "test")])
            await journal.apply_groups(connection, [[TransferRequest(
                hold, "hold", "a", "b", "COIN", 3, TransferFlags.PENDING, timeout_s=1)]],
                now=now_ms() - 10_000)
        status = None
        for _ in range(100):
            async with app.state.container.engine.connect() as connection:
                status = (await connection.execute(select(ledger_transfers.c.pending_status)
                          .where(ledger_transfers.c.id == hold))).scalar_one()
            if status == "expired":
                break
            await asyncio.sleep(0.05)
        assert status == "expired"


async def test_a_failed_run_does_not_end_the_job() -> None:
    runs: list[int] = []
    third_run = asyncio.Event()

    async def flaky() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("first run fails")
        if len(runs) == 3:
            third_run.set()

    task = asyncio.create_task(_every("flaky", 0.01, flaky, timeout_s=5))
    async with asyncio.timeout(5):
        await third_run.wait()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert runs[:3] == [0, 1, 2]


async def test_a_hung_run_is_cancelled_and_the_job_goes_on() -> None:
    runs: list[int] = []
    second_run = asyncio.Event()

    async def hangs_once() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            await asyncio.Event().wait()  # a lock never granted, a provider that never answers
        second_run.set()

    task = asyncio.create_task(_every("hangs", 0.01, hangs_once, timeout_s=0.1))
    try:
        async with asyncio.timeout(5):
            await second_run.wait()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert runs[:2] == [0, 1]

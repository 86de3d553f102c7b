"""`fancoins bench http --processes N`: one hot creator's gifts through 1, 2 ... N API
processes on one PostgreSQL, in one run, without sub-accounts (every writer credits the
creator's one row: the behaviour before them) and with N of them.

Each storm keeps the same keep-alive connections, spread evenly over the processes, so the
figure is what more processes add. While it runs, a sampler reads `pg_stat_activity` and
counts the busy backends waiting on a lock, and among them those waiting in a statement on
the ledger's accounts (the hot rows, when writers queue on them): the share of such samples
says where the time goes when the target is missed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from dataclasses import dataclass, field

from fancoins.bench import http as bench_http
from fancoins.bench.gifts import RunStats
from fancoins.db import activity
from fancoins.db.engine import create_engine

# The target: N processes (2 per core pair) against one, one hot creator.
TARGET_RATIO = 1.6
TARGET_PROCESSES = 2  # "with 2 processes per core pair": this machine has one pair
LOCK_SAMPLE_EVERY_S = 0.05


@dataclass(slots=True)
class ScalingRun:
    processes: int
    slots: int
    stats: RunStats
    account_waiting: int = 0  # samples of busy backends waiting on an account's row lock
    lock_waiting: int = 0  # samples of busy backends waiting on any lock
    busy: int = 0  # samples of busy backends
    waiting_in: Counter[str] = field(default_factory=Counter)  # statement -> samples

    @property
    def account_share(self) -> float:
        return self.account_waiting / self.busy if self.busy else 0.0

    @property
    def lock_share(self) -> float:
        return self.lock_waiting / self.busy if self.busy else 0.0


async def _sample_locks(database_url: str, run: ScalingRun, stop: asyncio.Event) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            while not stop.is_set():
                sample = await activity.busy_backends(connection)
                await connection.rollback()  # a fresh snapshot of the activity each time
                run.account_waiting += sample.on_accounts
                run.lock_waiting += sample.waiting
                if sample.waiting:
                    run.waiting_in.update(await activity.lock_waiters(connection))
                    await connection.rollback()
                run.busy += sample.busy
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), LOCK_SAMPLE_EVERY_S)
    finally:
        await engine.dispose()


async def one_run(database_url: str, secret: str, build: bench_http.Build, processes: int,
                  slots: int, clients: int, duration_s: float) -> ScalingRun:
    env = {"FANCOINS_GIFTS__ACCOUNT_SLOTS": str(slots)}
    with bench_http.production_servers(processes, database_url, secret, env) as ports:
        run = ScalingRun(processes, slots, RunStats(
            f"{processes} process{'es' if processes > 1 else ''}, {slots} slot"
            f"{'s' if slots > 1 else ''}"))
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_locks(database_url, run, stop))
        try:
            run.stats = await bench_http.storm(run.stats.name, ports, build, clients,
                                               duration_s)
        finally:
            stop.set()
            await sampler
    return run


async def runs(database_url: str, secret: str, build: bench_http.Build, processes: int,
               clients: int, duration_s: float) -> list[ScalingRun]:
    """1..`processes` processes, each without and with `processes` slots, alternating (the
    tables grow during the run: neither setting always runs later)."""
    found: list[ScalingRun] = []
    for count in range(1, processes + 1):
        settings = (1, processes) if count % 2 else (processes, 1)
        for slots in settings:
            found.append(await one_run(database_url, secret, build, count, slots, clients,
                                       duration_s))
    return found


def ratio(found: list[ScalingRun], processes: int, slots: int) -> float:
    """`processes` processes with `slots` slots over one process as it runs by default."""
    one = next(r for r in found if r.processes == 1 and r.slots == 1).stats.gifts_per_s
    many = next(r for r in found if r.processes == processes and r.slots == slots)
    return many.stats.gifts_per_s / one if one else 0.0

"""Combo recording: the short transactions in which a tick's gifts extend, start and end combos.

On SQLite, whose one write lock the gift writer takes for batch after batch, the recorder polls
for the lock on a pool of its own (see COMBO_LOCK_POLL_MS) instead of waiting in SQLite's busy
handler; on PostgreSQL it uses the app's engine.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

import structlog
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.db.engine import create_engine, wait_s
from fancoins.economy.rules import Gifting
from fancoins.gifts.events import GiftSent
from fancoins.live.combos import Combo, ComboOutcome, combos

log = structlog.get_logger(__name__)

# Two processes may start a combo for the same sender at once; the loser retries its tick.
COMBO_TX_ATTEMPTS = 3
# SQLite has one write lock, which the gift writer takes for batch after batch. Waiting for
# it in SQLite's busy handler (sleeps growing to 100 ms a try) kept missing the writer's short
# gaps between batches: measured at 1,000 gifts/s, p90 136 ms and p99 530 ms just to begin the
# combos transaction of a tick, which every gift frame waits for. The combos connection waits
# at most this long inside SQLite (polls after 1, 2, 2 ms), then tries again at once, until
# the usual busy timeout.
COMBO_LOCK_POLL_MS = 5

# More work for the same short transaction (LIVE's battles, goals and fan clubs).
Step = Callable[[AsyncConnection], Awaitable[None]]


class ComboRecorder:
    """Records committed gifts into combos, and ends lapsed combos and a stream's combos."""

    def __init__(self, db: AsyncEngine, gifting: Gifting, sweep_max: int) -> None:
        self._db = db
        self._gifting = gifting
        self._sweep_max = sweep_max
        self._combo_db, self._polls_lock = _combo_engine(db)

    async def close(self) -> None:
        if self._combo_db is not self._db:
            await self._combo_db.dispose()

    async def record(self, gifts: Sequence[GiftSent], at_ms: int, sweep: bool,
                     also: Step | None = None) -> tuple[ComboOutcome, list[Combo]] | None:
        """The combos the gifts joined (and ended), and the lapsed combos ended by the sweep;
        None when the combos could not be recorded (the gifts still go out, without combo).
        `also` runs in the same transaction, in a savepoint: its failure is logged and
        undone, never the combos'."""
        for attempt in range(1, COMBO_TX_ATTEMPTS + 1):
            try:
                async with self._transaction() as connection:
                    swept = (await combos.end_lapsed(connection, at_ms, self._gifting,
                                                     self._sweep_max) if sweep else [])
                    outcome = (await combos.apply(connection, gifts, self._gifting, at_ms)
                               if gifts else ComboOutcome())
                    if also is not None:
                        await _isolated(connection, also)
                return outcome, swept
            except IntegrityError:
                if attempt == COMBO_TX_ATTEMPTS:
                    break
            except Exception:
                log.exception("live_combos_failed")
                break
        return None

    async def end_stream(self, stream_id: str, at_ms: int, also: Step | None = None
                         ) -> list[Combo]:
        async with self._transaction() as connection:
            ended = await combos.end_stream(connection, stream_id, at_ms, self._sweep_max)
            if also is not None:
                await _isolated(connection, also)
            return ended

    def transaction(self) -> AbstractAsyncContextManager[AsyncConnection]:
        """A short write transaction for LIVE's own work (on SQLite, polling for the lock)."""
        return self._transaction()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction on the combos table (committed when the block ends). On SQLite
        its write lock is polled for every few milliseconds (see COMBO_LOCK_POLL_MS)."""
        if not self._polls_lock:
            async with self._db.begin() as connection:
                yield connection
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s(self._db)  # the database timeout, as everywhere
        while True:
            async with self._combo_db.connect() as connection:
                try:
                    await connection.begin()  # BEGIN IMMEDIATE: the write lock, or busy
                except OperationalError as error:
                    if "locked" not in str(error.orig) or loop.time() >= deadline:
                        raise
                    continue
                try:
                    yield connection
                except BaseException:
                    await connection.rollback()
                    raise
                await connection.commit()
                return


async def _isolated(connection: AsyncConnection, step: Step) -> None:
    try:
        async with connection.begin_nested():
            await step(connection)
    except Exception:
        log.exception("live_features_failed")


def _combo_engine(db: AsyncEngine) -> tuple[AsyncEngine, bool]:
    """The engine for combos transactions, and whether it polls for SQLite's write lock: on a
    SQLite file, its own small pool whose connections give up waiting after
    COMBO_LOCK_POLL_MS; otherwise (PostgreSQL, in-memory SQLite) the app's engine."""
    url = db.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return db, False
    engine = create_engine(url.render_as_string(hide_password=False))

    @event.listens_for(engine.sync_engine, "connect")
    def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
        # Runs after the engine's own connect hook (WAL, busy timeout): overrides it.
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={COMBO_LOCK_POLL_MS}")
        cursor.close()

    return engine, True

"""LIVE's own short write transactions (combos, the stream log), beside the gift writer's.

On SQLite, whose one write lock the gift writer takes for batch after batch, LIVE polls for
the lock on a pool of its own (see LOCK_POLL_MS) instead of waiting in SQLite's busy handler;
on PostgreSQL it uses the app's engine.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.db.engine import create_engine, wait_s

# SQLite has one write lock, which the gift writer takes for batch after batch. Waiting for
# it in SQLite's busy handler (sleeps growing to 100 ms a try) kept missing the writer's short
# gaps between batches: measured at 1,000 gifts/s, p90 136 ms and p99 530 ms just to begin the
# combos transaction of a tick, which every gift frame waits for. LIVE's connections wait at
# most this long inside SQLite (polls after 1, 2, 2 ms), then try again at once, until the
# usual busy timeout.
LOCK_POLL_MS = 5


class LiveWrites:
    def __init__(self, db: AsyncEngine) -> None:
        self._db = db
        self._own_db, self._polls_lock = _write_engine(db)

    @property
    def engine(self) -> AsyncEngine:
        """The engine LIVE's write transactions run on."""
        return self._own_db

    async def close(self) -> None:
        if self._own_db is not self._db:
            await self._own_db.dispose()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction (committed when the block ends, rolled back if it raises). On
        SQLite its write lock is polled for every few milliseconds (see LOCK_POLL_MS)."""
        if not self._polls_lock:
            async with self._db.begin() as connection:
                yield connection
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s(self._db)  # the database timeout, as everywhere
        while True:
            async with self._own_db.connect() as connection:
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


def _write_engine(db: AsyncEngine) -> tuple[AsyncEngine, bool]:
    """The engine for LIVE's write transactions, and whether it polls for SQLite's write
    lock: on a SQLite file, its own small pool whose connections give up waiting after
    LOCK_POLL_MS; otherwise (PostgreSQL, in-memory SQLite) the app's engine."""
    url = db.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return db, False
    engine = create_engine(url.render_as_string(hide_password=False))

    @event.listens_for(engine.sync_engine, "connect")
    def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
        # Runs after the engine's own connect hook (WAL, busy timeout): overrides it.
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={LOCK_POLL_MS}")
        cursor.close()

    return engine, True

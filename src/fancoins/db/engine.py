"""Engines and units of work for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

# SQLite waits this long for the write lock before giving up; writers are short.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Page cache per connection, KiB (negative: a size, not a page count), filled only as pages
# are used. A 1000-gift batch dirties a few thousand pages (random spots of the sender-keyed
# indexes, balances, spend totals); SQLite's 2 MiB default spilled them mid-transaction.
# Measured: the gift writer's batch -13%.
SQLITE_CACHE_KIB = 32 * 1024
# WAL pages before a commit checkpoints them into the database. The default (1000 pages,
# 4 MiB) made nearly every gift batch's commit also a checkpoint; every commit still syncs
# the WAL (synchronous=FULL), so durability is unchanged and the WAL stays under ~40 MiB.
SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000
READ_ONLY_OPTION = "fancoins_read_only"


def create_engine(database_url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """An engine for either database. SQLite gets WAL and `BEGIN IMMEDIATE` per transaction
    so that a transaction that reads balances holds the write lock before reading them.
    Statement parameters never appear in errors or logs (they hold emails and tokens)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, hide_parameters=True)
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
        hide_parameters=True,
    )


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock up front; readers (WAL) never block the writer.
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@asynccontextmanager
async def read_only(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection for reads. On SQLite its transaction does not take the write lock."""
    async with engine.connect() as connection:
        await connection.execution_options(**{READ_ONLY_OPTION: True})
        yield connection


def is_postgres(connection: AsyncConnection | AsyncEngine) -> bool:
    return connection.dialect.name == "postgresql"


@asynccontextmanager
async def unit_of_work(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    async with engine.begin() as connection:
        yield connection


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database could not be reached or did not answer in time (a
    503 and a retry), as opposed to a fault in the statement itself (a bug: a 500)."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
        return True
    return isinstance(error, TimeoutError | ConnectionError | OSError) and \
        not isinstance(error, FileNotFoundError | PermissionError)

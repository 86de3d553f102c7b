"""Engines and units of work for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import functools
import queue
import sqlite3
from collections.abc import AsyncIterator, Generator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol, cast

import aiosqlite
import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

# The settings' default (`database.timeout_s`): what an engine made without settings waits.
DEFAULT_TIMEOUT_S = 10.0
# PostgreSQL's own statement_timeout ends a slow statement first (a clean error, and the
# connection stays usable); the driver's timeout fires this much later, for a server that does
# not answer at all (frozen, or the network gone), where only the client can stop waiting.
CLIENT_TIMEOUT_GRACE_S = 0.5
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
# Rows an inline SQLite cursor fetches at once when iterated (aiosqlite's default).
INLINE_ITER_CHUNK = 64


class PoolSettings(Protocol):
    """The pool and its waits (`fancoins.config.DatabaseSettings` has them)."""

    @property
    def pool_size(self) -> int: ...

    @property
    def timeout_s(self) -> float: ...


class DatabaseSettings(Protocol):
    """What an engine needs from the settings (`fancoins.config.Settings` has it)."""

    @property
    def database_url(self) -> str: ...

    @property
    def database(self) -> PoolSettings: ...


def engine_for(settings: DatabaseSettings) -> AsyncEngine:
    """The process's engine: its pool and every wait bounded by the settings."""
    return create_engine(settings.database_url, pool_size=settings.database.pool_size,
                         timeout_s=settings.database.timeout_s)


def create_engine(database_url: str, *, pool_size: int = 10, echo: bool = False,
                  timeout_s: float = DEFAULT_TIMEOUT_S, sqlite_inline: bool = False
                  ) -> AsyncEngine:
    """An engine for either database, every wait bounded by `timeout_s`: a pool checkout, a
    connect, each statement (PostgreSQL's statement_timeout, and the driver's own timeout
    for a server that stops answering), SQLite's wait for the write lock. SQLite gets WAL and
    `BEGIN IMMEDIATE` per transaction so that a transaction that reads balances holds the
    write lock before reading them. Statement parameters never appear in errors or logs
    (they hold emails and tokens).

    `sqlite_inline` runs SQLite's calls on the event loop's own thread (`InlineSQLite`): for
    a process that is one task and nothing else (the simulation), never for a server."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args: dict[str, Any] = {"timeout": timeout_s}
        if sqlite_inline:
            connect_args["async_creator_fn"] = InlineSQLite.connect
        engine = create_async_engine(url, echo=echo, hide_parameters=True,
                                     pool_timeout=timeout_s, connect_args=connect_args)
        _configure_sqlite(engine, busy_timeout_ms=int(timeout_s * 1000))
        return engine
    engine = create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
        hide_parameters=True, pool_timeout=timeout_s,
        connect_args=_postgres_timeouts(timeout_s),
    )
    _drop_invalidated_at_once(engine)
    return engine


class _RunNow(queue.SimpleQueue[Any]):
    """aiosqlite's queue to its thread, run at once: the call is made as it is queued and its
    future (when there is one) already holds the answer when it is awaited."""

    def put_nowait(self, item: Any) -> None:
        future, function = item
        try:
            result = function()
        except Exception as error:
            if future is not None:
                future.set_exception(error)
            return
        if future is not None:
            future.set_result(result)


class InlineSQLite(aiosqlite.Connection):
    """aiosqlite's connection with every call made on the caller's thread.

    aiosqlite hands each call to a thread of its own and wakes the event loop with the
    answer: two thread switches per statement, which is most of a statement's cost when one
    task does nothing but run statements one after the other, and more on a busy machine
    (measured: the simulation spent most of its wall clock waiting for those switches). A
    call here blocks the event loop for its length, so only a process with nothing else to
    serve may use it; the SQL, SQLite and the transactions are the same."""

    def __init__(self, connector: Any) -> None:
        super().__init__(connector, INLINE_ITER_CHUNK)
        self._tx = _RunNow()

    @classmethod
    def connect(cls, database: str, **kwargs: Any) -> InlineSQLite:
        return cls(functools.partial(sqlite3.connect, str(database), **kwargs))

    def __await__(self) -> Generator[Any, None, InlineSQLite]:
        connected = yield from self._connect().__await__()  # no thread to start
        return cast(InlineSQLite, connected)


def _postgres_timeouts(timeout_s: float) -> dict[str, Any]:
    return {
        "timeout": timeout_s,  # connecting, authentication included
        "command_timeout": timeout_s + CLIENT_TIMEOUT_GRACE_S,
        "server_settings": {
            "statement_timeout": str(int(timeout_s * 1000)),
            # A transaction left open by a stuck client never holds its locks for longer.
            "idle_in_transaction_session_timeout": str(int(timeout_s * 1000 * 6)),
        },
    }


def _drop_invalidated_at_once(engine: AsyncEngine) -> None:
    """A connection the pool gives up on is closed without waiting for the server.

    SQLAlchemy hard-closes an invalidated asyncpg connection by first saying goodbye to the
    server and waiting up to 2 s (a fixed wait, not ours) for it to answer. The pool gives up
    on a connection mostly because its server did not answer within the timeout (a frozen
    server, a lost network), which would not answer the goodbye either: every caller already
    at its timeout waited 2 s more. Closing the socket ends the server's session just the
    same; the graceful close then finds the connection closed and returns at once."""

    @event.listens_for(engine.sync_engine, "invalidate")
    def _on_invalidate(dbapi_connection: Any, _record: Any, _error: BaseException | None
                       ) -> None:
        driver_connection = getattr(dbapi_connection, "driver_connection", None)
        if isinstance(driver_connection, asyncpg.Connection):
            driver_connection.terminate()


def _configure_sqlite(engine: AsyncEngine, *, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock up front; readers (WAL) never block the writer.
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def wait_s(engine: AsyncEngine) -> float:
    """How long `engine` waits for anything: its pool timeout, set from `timeout_s`."""
    timeout = getattr(engine.pool, "timeout", None)
    return float(timeout()) if callable(timeout) else DEFAULT_TIMEOUT_S


async def connect(engine: AsyncEngine) -> AsyncConnection:
    """A connection from the pool within the engine's timeout, all of it: the pool's
    liveness ping on a pooled connection and, when that fails, a new connection each have
    their own timeout, and one after the other they could wait twice as long."""
    async with asyncio.timeout(wait_s(engine)):
        return await engine.connect()


@asynccontextmanager
async def read_only(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection for reads. On SQLite its transaction does not take the write lock."""
    connection = await connect(engine)
    try:
        await connection.execution_options(**{READ_ONLY_OPTION: True})
        yield connection
    finally:
        await connection.close()


def is_postgres(connection: AsyncConnection | AsyncEngine) -> bool:
    return connection.dialect.name == "postgresql"


@asynccontextmanager
async def unit_of_work(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    connection = await connect(engine)
    try:
        async with connection.begin():
            yield connection
    finally:
        await connection.close()


# PostgreSQL error classes (SQLSTATE's first two characters) and codes that say the server
# could not do the work now, not that the statement is wrong: connection exceptions (08),
# insufficient resources (53: too many connections, out of memory or disk), operator
# intervention (57: statement_timeout's query_canceled, admin or crash shutdown, starting up),
# system errors (58: I/O), and a lock not granted within lock_timeout (55P03).
_PG_UNAVAILABLE_CLASSES = frozenset({"08", "53", "57", "58"})
_PG_UNAVAILABLE_CODES = frozenset({"55P03"})
# SQLite primary result codes that mean "not now": busy and locked (the write lock was not
# granted within busy_timeout), I/O error, cannot open, locking protocol.
_SQLITE_UNAVAILABLE_CODES = frozenset({5, 6, 10, 14, 15})
_SQLITE_PRIMARY_CODE_MASK = 0xFF
# asyncpg's words for a connection that is gone or still busy with a statement that timed out
# (its other interface errors, such as a wrong argument count, are bugs).
_ASYNCPG_STUCK_CONNECTION = ("connection is closed", "another operation is in progress")


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database could not be reached or did not answer in time (a
    503 and a retry), as opposed to a fault in the statement itself (a bug: a 500).

    Reads the whole chain of causes: SQLAlchemy wraps the driver's error, and asyncpg's
    own timeout and connection errors arrive unwrapped."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        verdict = _classify(current)
        if verdict is not None:
            return verdict
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (
            current.__cause__ or current.__context__)
    return False


def _classify(error: BaseException) -> bool | None:
    """True (unavailable), False (a fault), None (look at its cause)."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.TimeoutError | exc.DisconnectionError):  # pool wait, ping
        return True
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        return sqlstate[:2] in _PG_UNAVAILABLE_CLASSES or sqlstate in _PG_UNAVAILABLE_CODES
    if isinstance(error, asyncpg.exceptions.ConnectionDoesNotExistError):
        return True
    if isinstance(error, asyncpg.InterfaceError) and any(
        words in str(error) for words in _ASYNCPG_STUCK_CONNECTION
    ):
        return True
    if isinstance(error, sqlite3.Error) and not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & _SQLITE_PRIMARY_CODE_MASK in _SQLITE_UNAVAILABLE_CODES
    if isinstance(error, TimeoutError | ConnectionError):
        return True
    if isinstance(error, OSError):  # socket errors; a missing or forbidden file is a fault
        return not isinstance(error, FileNotFoundError | PermissionError)
    return None

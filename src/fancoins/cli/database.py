"""Is the database the settings name there, reachable and migrated? Checked before a command
uses it, so a mistake is one line naming FANCOINS_DATABASE_URL instead of a traceback, and a
command that only reads never creates an empty database file by connecting to it.

A relative SQLite path (`sqlite+aiosqlite:///./var/fancoins.db`, the default) is resolved
from the current folder, as SQLite itself does; messages show the absolute path.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from fancoins.db.engine import create_engine
from fancoins.db.migrate import alembic_config

SETTING = "FANCOINS_DATABASE_URL"
# Connecting to an unreachable host should not hang a command for minutes.
CONNECT_TIMEOUT_S = 10.0


class DatabaseNotReady(Exception):
    """One line saying what is wrong with the configured database and what to do."""


def sqlite_path(database_url: str) -> Path | None:
    """The absolute path of a SQLite file database, None for anything else."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).resolve()


def describe(database_url: str) -> str:
    path = sqlite_path(database_url)
    if path is not None:
        return str(path)
    url = make_url(database_url)
    return f"{url.get_backend_name()} at {url.host or 'localhost'}:{url.port or 5432}" \
           f"/{url.database or ''}"


def check_ready(database_url: str) -> None:
    """Raise DatabaseNotReady unless the database exists, answers and is at the newest
    migration. Never creates a SQLite file."""
    path = sqlite_path(database_url)
    if path is not None and not path.is_file():
        raise DatabaseNotReady(
            f"no database at {path} ({SETTING}; a relative path is resolved from the current "
            "folder): create it with `fancoins db upgrade`, or point the setting at yours")
    try:
        current = asyncio.run(asyncio.wait_for(_revision(database_url), CONNECT_TIMEOUT_S))
    except (SQLAlchemyError, OSError, TimeoutError) as error:
        raise DatabaseNotReady(f"cannot reach the database {describe(database_url)} "
                               f"({SETTING}): {first_line(error)}") from None
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    if current != head:
        raise DatabaseNotReady(
            f"the database {describe(database_url)} ({SETTING}) is not migrated (at "
            f"{current or 'no revision'}, the code needs {head}): run `fancoins db upgrade`")


async def _revision(database_url: str) -> str | None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision())
    finally:
        await engine.dispose()


def first_line(error: BaseException) -> str:
    """The error's own message, first line only, without SQLAlchemy's statement echo."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return f"{type(original).__name__}: {text[0] if text else ''}".rstrip(": ")

"""What every command shares: settings, consoles, running a coroutine, and a database that is
there and migrated before a command touches it. A problem is one line naming the setting to
fix, never a traceback, and a command that needs a database never creates an empty one."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Coroutine
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from sqlalchemy import exc
from sqlalchemy.engine import make_url

from fancoins.config import ConfigError, Settings, load_settings

T = TypeVar("T")

console = Console()
err = Console(stderr=True)

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Overrides FANCOINS_DATABASE_URL.")
]
SETTING = "FANCOINS_DATABASE_URL"
UPGRADE_HINT = "create or migrate it with `fancoins db upgrade`"
# Connecting to check a database is bounded: an unreachable host is reported, not waited on.
DATABASE_CHECK_TIMEOUT_S = 10.0


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(message, highlight=False, soft_wrap=True, markup=False)
    raise typer.Exit(code)


def settings_or_exit(database_url: str | None = None) -> Settings:
    overrides: dict[str, Any] = {"database_url": database_url} if database_url else {}
    try:
        return load_settings(**overrides)
    except ConfigError as error:
        fail(f"configuration error: {error}")


def actor() -> str:
    """Who an audited CLI action is recorded as."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def shown_url(database_url: str) -> str:
    """The URL as it may be printed: never with its password."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        return str(Path(url.database).resolve())
    return url.render_as_string(hide_password=True)


def run(coroutine: Coroutine[Any, Any, T], settings: Settings | None = None) -> T:
    """Run a command's coroutine; a database that cannot be reached is one line."""
    try:
        return asyncio.run(coroutine)
    except (exc.DBAPIError, OSError, TimeoutError) as error:
        where = f" at {shown_url(settings.database_url)}" if settings else ""
        fail(f"database error{where} ({SETTING}): {_reason(error)}")


def _reason(error: BaseException) -> str:
    if isinstance(error, exc.DBAPIError) and error.orig is not None:
        error = error.orig
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


def ready(settings: Settings) -> Settings:
    """`settings`, once its database exists and is migrated to this version (else one line
    and exit status 2). An SQLite file that is not there is not created."""
    url = make_url(settings.database_url)
    where = shown_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not url.database or url.database == ":memory:" or not path.is_file():
            fail(f"no database at {where} ({SETTING}): point {SETTING} at yours, or "
                 f"{UPGRADE_HINT}")
    current, wanted = run(_revisions(settings.database_url), settings)
    if current != wanted:
        fail(f"the database at {where} ({SETTING}) is at revision "
             f"{', '.join(sorted(current)) or 'none'}, this fancoins needs "
             f"{', '.join(sorted(wanted))}: {UPGRADE_HINT}")
    return settings


async def _revisions(database_url: str) -> tuple[set[str], set[str]]:
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from fancoins.db.engine import create_engine, read_only
    from fancoins.db.migrate import alembic_config

    wanted = set(ScriptDirectory.from_config(alembic_config(database_url)).get_heads())
    engine = create_engine(database_url)
    try:
        async with asyncio.timeout(DATABASE_CHECK_TIMEOUT_S), read_only(engine) as connection:
            current = await connection.run_sync(
                lambda sync: set(MigrationContext.configure(sync).get_current_heads()))
    finally:
        await engine.dispose()
    return current, wanted

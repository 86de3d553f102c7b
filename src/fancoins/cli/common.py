"""What every command shares: settings, consoles, running a command's work, and a database
that is there and migrated before a command touches it (`fancoins.cli.database`). A problem
is one line naming the setting to fix, never a traceback. Command groups import these; the
main module only registers the groups, so no module imports back into it."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Coroutine
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from fancoins.cli.database import SETTING, DatabaseNotReady, check_ready, first_line
from fancoins.config import ConfigError, Settings, load_settings

T = TypeVar("T")

console = Console()
err = Console(stderr=True)

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Overrides FANCOINS_DATABASE_URL.")
]


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(message, highlight=False, soft_wrap=True, markup=False)
    raise typer.Exit(code)


def settings_or_exit(database_url: str | None = None) -> Settings:
    overrides: dict[str, Any] = {"database_url": database_url} if database_url else {}
    try:
        return load_settings(**overrides)
    except ConfigError as error:
        fail(f"configuration error: {error}")


def ready_or_exit(settings: Settings) -> Settings:
    """`settings`, once the database they name exists, answers and is migrated."""
    try:
        check_ready(settings.database_url)
    except DatabaseNotReady as error:
        fail(f"database error: {error}")
    return settings


def database_or_exit(database_url: str | None = None) -> Settings:
    return ready_or_exit(settings_or_exit(database_url))


def run(coroutine: Coroutine[Any, Any, T], status: str | None = None) -> T:
    """Run a command's work; a database that fails mid-way is one line too. `status` shows a
    spinner on stderr while it runs (long commands)."""
    try:
        if status is None:
            return asyncio.run(coroutine)
        with err.status(status):
            return asyncio.run(coroutine)
    except (SQLAlchemyError, ConnectionError, TimeoutError) as error:
        fail(f"database error ({SETTING}): {first_line(error)}")


def actor() -> str:
    """Who an audited CLI action is recorded as."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"

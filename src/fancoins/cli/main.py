"""`fancoins`: serve, migrate, verify, manage API keys, load the demo, benchmark."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from typing import Annotated, Any, TypeVar

import jwt
import typer
from rich.console import Console
from rich.table import Table

from fancoins.bench.cli import bench_app
from fancoins.cli.cashout import payouts_app, promotions_app
from fancoins.config import ConfigError, Mode, Settings, load_settings
from fancoins.realtime.wire import WEBSOCKET_IMPLEMENTATION

app = typer.Typer(
    help="fancoins: virtual coins and live gifts for creator platforms.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold secrets
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
apikey_app = typer.Typer(help="API keys for the host app's backend.", no_args_is_help=True)
demo_app = typer.Typer(help="The demo economy.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(apikey_app, name="apikey")
app.add_typer(demo_app, name="demo")
app.add_typer(payouts_app, name="payouts")
app.add_typer(promotions_app, name="promotions")
app.add_typer(bench_app, name="bench")

console = Console()
err = Console(stderr=True)
T = TypeVar("T")

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Overrides FANCOINS_DATABASE_URL.")
]


def settings_or_exit(database_url: str | None = None) -> Settings:
    overrides: dict[str, Any] = {"database_url": database_url} if database_url else {}
    try:
        return load_settings(**overrides)
    except ConfigError as error:
        err.print(f"[red]configuration error:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseUrl = None, revision: str = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from fancoins.db.migrate import upgrade

    upgrade(settings_or_exit(database_url).database_url, revision)
    console.print(f"database at revision {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str, database_url: DatabaseUrl = None) -> None:
    """Roll migrations back to REVISION ('base' for an empty database)."""
    from fancoins.db.migrate import downgrade

    downgrade(settings_or_exit(database_url).database_url, revision)
    console.print(f"database at revision {revision}")


@app.command()
def verify(database_url: DatabaseUrl = None) -> None:
    """Recompute every balance from the transfers and check the ledger's invariants."""
    from fancoins.cli.verify import run_verify

    if not run(run_verify(settings_or_exit(database_url), console)):
        raise typer.Exit(1)


@apikey_app.command("create")
def apikey_create(
    name: str,
    scope: Annotated[list[str], typer.Option("--scope", help="Repeat for several scopes.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Create an API key; its secret is printed once and stored only as a hash."""
    from fancoins.cli.commands import create_api_key
    from fancoins.identity.scopes import Scope

    known = {s.value for s in Scope}
    unknown = sorted(set(scope) - known)
    if unknown:
        err.print(f"unknown scope(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        raise typer.Exit(2)
    token = run(create_api_key(settings_or_exit(database_url), name, scope))
    console.print(token, highlight=False, soft_wrap=True)


@app.command()
def token(
    user_id: str,
    scope: Annotated[list[str] | None, typer.Option("--scope")] = None,
    ttl_s: Annotated[int, typer.Option(min=60, max=7 * 86400)] = 3600,
) -> None:
    """Mint an HS256 user token with the configured secret (development and test only)."""
    settings = settings_or_exit()
    if settings.mode is Mode.PRODUCTION:
        err.print("tokens are minted by the host app in production; refusing")
        raise typer.Exit(2)
    claims: dict[str, Any] = {"sub": user_id, "exp": int(time.time()) + ttl_s}
    if scope:
        claims["scope"] = " ".join(scope)
    console.print(jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256"),
                  highlight=False, soft_wrap=True)


def _not_production(settings: Settings) -> Settings:
    """The demo creates users and grants them coins: never on a real economy."""
    if settings.mode is Mode.PRODUCTION:
        err.print("the demo economy is refused in production mode")
        raise typer.Exit(2)
    return settings


@demo_app.command("load")
def demo_load(database_url: DatabaseUrl = None) -> None:
    """Create the demo users and fund them (idempotent)."""
    from fancoins.cli.commands import load_demo_data

    loaded = run(load_demo_data(_not_production(settings_or_exit(database_url))))
    table = Table("user", "name", "creator", "coins granted")
    for user in loaded:
        table.add_row(user.id, user.display_name, "yes" if user.is_creator else "",
                      str(user.grant_coins))
    console.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
    migrate: Annotated[bool, typer.Option(help="Apply migrations first.")] = True,
    demo: Annotated[bool, typer.Option(help="Load the demo economy first.")] = False,
) -> None:
    """Serve the API, WebSocket and web app."""
    import uvicorn

    from fancoins.cli.commands import load_demo_data

    settings = settings_or_exit()
    if migrate:
        from fancoins.db.migrate import upgrade

        upgrade(settings.database_url)
    if demo:
        run(load_demo_data(_not_production(settings)))
    uvicorn.run(
        "fancoins.api.main:app", host=host or settings.host, port=port or settings.port,
        workers=workers, factory=False, log_level="info", access_log=False,
        # The WebSocket implementation (named: see `fancoins.realtime.wire`) and the bound on
        # what a viewer may send (`fancoins.realtime.serving`).
        ws=WEBSOCKET_IMPLEMENTATION, ws_max_size=settings.live_ws_message_bytes_max,
        # LIVE frames are the same bytes for every viewer: compressing them once per viewer
        # would cost more CPU than the fan-out (and rule out writing them as they are).
        ws_per_message_deflate=False,
    )


def main() -> None:
    app()

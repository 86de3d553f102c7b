"""`fancoins`: serve, migrate, verify, manage API keys, load the demo, benchmark.

Each group of commands lives in its own module and is registered here with one line; shared
helpers (settings, consoles, the database check) are in `fancoins.cli.common`.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

import jwt
import typer
from rich.table import Table

from fancoins.bench.cli import bench_app
from fancoins.cli.apikeys import apikey_app
from fancoins.cli.cashout import payouts_app, promotions_app
from fancoins.cli.common import (
    DatabaseUrl,
    console,
    fail,
    ready,
    run,
    settings_or_exit,
)
from fancoins.config import Mode, Settings
from fancoins.db.engine import create_engine
from fancoins.demo import DemoUser, load_demo
from fancoins.realtime.wire import WEBSOCKET_IMPLEMENTATION

app = typer.Typer(
    help="fancoins: virtual coins and live gifts for creator platforms.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold secrets
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="The demo economy.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(apikey_app, name="apikey")
app.add_typer(demo_app, name="demo")
app.add_typer(payouts_app, name="payouts")
app.add_typer(promotions_app, name="promotions")
app.add_typer(bench_app, name="bench")


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseUrl = None, revision: str = "head") -> None:
    """Apply migrations up to REVISION (default: the newest); creates an SQLite file."""
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

    settings = ready(settings_or_exit(database_url))
    if not run(run_verify(settings, console), settings):
        raise typer.Exit(1)


@app.command()
def token(
    user_id: str,
    scope: Annotated[list[str] | None, typer.Option("--scope")] = None,
    ttl_s: Annotated[int, typer.Option(min=60, max=7 * 86400)] = 3600,
) -> None:
    """Mint an HS256 user token with the configured secret (development and test only)."""
    settings = settings_or_exit()
    if settings.mode is Mode.PRODUCTION:
        fail("tokens are minted by the host app in production; refusing")
    claims: dict[str, Any] = {"sub": user_id, "exp": int(time.time()) + ttl_s}
    if scope:
        claims["scope"] = " ".join(scope)
    console.print(jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256"),
                  highlight=False, soft_wrap=True)


def _not_production(settings: Settings) -> Settings:
    """The demo creates users and grants them coins: never on a real economy."""
    if settings.mode is Mode.PRODUCTION:
        fail("the demo economy is refused in production mode")
    return settings


@demo_app.command("load")
def demo_load(database_url: DatabaseUrl = None) -> None:
    """Create the demo users and fund them (idempotent)."""
    settings = ready(_not_production(settings_or_exit(database_url)))
    loaded = run(_load_demo(settings), settings)
    table = Table("user", "name", "creator", "coins granted")
    for user in loaded:
        table.add_row(user.id, user.display_name, "yes" if user.is_creator else "",
                      str(user.grant_coins))
    console.print(table)


async def _load_demo(settings: Settings) -> list[DemoUser]:
    engine = create_engine(settings.database_url)
    try:
        return await load_demo(engine)
    finally:
        await engine.dispose()


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

    settings = settings_or_exit()
    if migrate:
        from fancoins.db.migrate import upgrade

        upgrade(settings.database_url)
    if demo:
        run(_load_demo(_not_production(settings)), settings)
    uvicorn.run(
        "fancoins.api.main:app", host=host or settings.host, port=port or settings.port,
        workers=workers, factory=False, log_level="info", access_log=False,
        # Named, never left to uvicorn's default: LIVE writes prepared frames straight to
        # this implementation's transport (see `fancoins.realtime.wire`).
        ws=WEBSOCKET_IMPLEMENTATION,
        # LIVE frames are the same bytes for every viewer: compressing them once per viewer
        # would cost more CPU than the fan-out (and rule out writing them as they are).
        ws_per_message_deflate=False,
    )


def main() -> None:
    app()

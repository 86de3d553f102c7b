"""`fancoins`: serve, migrate, verify, manage API keys, load the demo, benchmark."""

from __future__ import annotations

import importlib
import time
from typing import Annotated, Any, ClassVar

import jwt
import typer
from rich.table import Table
from typer import _click  # Typer's own copy of Click, which its groups are built on
from typer.core import TyperGroup

from fancoins.cli.apikeys import apikey_app
from fancoins.cli.cashout import payouts_app, promotions_app
from fancoins.cli.common import (
    DatabaseUrl,
    console,
    database_or_exit,
    err,
    fail,
    ready_or_exit,
    run,
    settings_or_exit,
)
from fancoins.cli.webhooks import webhooks_app
from fancoins.config import Mode, Settings
from fancoins.db.engine import engine_for, read_only
from fancoins.demo import DemoUser, load_demo
from fancoins.identity.service import users
from fancoins.realtime.wire import WEBSOCKET_IMPLEMENTATION


class _LazyGroup(TyperGroup):
    """The benchmarks, the simulator and the finance report (PDF) import a great deal; they are
    imported when named, so that `fancoins verify` or `fancoins serve` starts without them."""

    LAZY: ClassVar[dict[str, str]] = {
        "bench": "fancoins.cli.bench:bench_app",  # groups of commands
        "report": "fancoins.cli.finance:report_app",
        "simulate": "fancoins.cli.simulate:simulate_app",  # one command
    }

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return [*super().list_commands(ctx), *self.LAZY]

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        target = self.LAZY.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, name = target.split(":")
        typer_app = getattr(importlib.import_module(module), name)
        command = (typer.main.get_command(typer_app) if cmd_name == "simulate"
                   else typer.main.get_group(typer_app))
        command.name = cmd_name
        return command


app = typer.Typer(
    cls=_LazyGroup,
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
app.add_typer(webhooks_app, name="webhooks")


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseUrl = None, revision: str = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from fancoins.db.migrate import upgrade

    with err.status("migrating the database"):
        upgrade(settings_or_exit(database_url).database_url, revision)
    console.print(f"database at revision {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str, database_url: DatabaseUrl = None) -> None:
    """Roll migrations back to REVISION ('base' for an empty database)."""
    from fancoins.db.migrate import downgrade

    downgrade(settings_or_exit(database_url).database_url, revision)
    console.print(f"database at revision {revision}")


@app.command("settings")
def show_settings(
    changed: Annotated[bool, typer.Option(
        "--changed", help="Only the settings that differ from their defaults.")] = False,
) -> None:
    """The settings in effect, one FANCOINS_... variable a line (secrets shown as ***), by
    their current names: an old name in use is read as its new one and warned about."""
    from fancoins.config_docs import settings_lines

    for line in settings_lines(settings_or_exit(), changed_only=changed):
        console.print(line, highlight=False, soft_wrap=True, markup=False)


@app.command()
def verify(
    database_url: DatabaseUrl = None,
    head: Annotated[bool, typer.Option(
        "--head", help="Also print the chain's head, to store somewhere else.")] = False,
    expect_head: Annotated[str | None, typer.Option(
        "--expect-head", help="A head printed earlier: fail if the history up to it changed.",
    )] = None,
) -> None:
    """Prove the books: every balance from its transfers, the hash chain over every commit and
    audit entry, and every purchase, gift, withdrawal, promotion and adjustment against its
    ledger legs."""
    from fancoins.cli.verify import run_verify
    from fancoins.ledger.chain import HeadUnreadable, parse_head

    try:
        expected = parse_head(expect_head) if expect_head is not None else None
    except HeadUnreadable as error:
        err.print(f"--expect-head: {error}")
        raise typer.Exit(2) from None
    settings = database_or_exit(database_url)
    if not run(run_verify(settings, console, show_head=head, expected_head=expected),
               status="verifying the books"):
        raise typer.Exit(1)


@app.command()
def token(
    user_id: str,
    scope: Annotated[list[str] | None, typer.Option("--scope")] = None,
    ttl_s: Annotated[int, typer.Option(min=60, max=7 * 86400)] = 3600,
    database_url: DatabaseUrl = None,
) -> None:
    """Mint an HS256 user token with the configured secret (development and test only) for a
    user the engine knows."""
    settings = settings_or_exit(database_url)
    if settings.mode is Mode.PRODUCTION:
        fail("tokens are minted by the host app in production; refusing")
    if not run(_user_exists(ready_or_exit(settings), user_id)):
        fail(f"no user {user_id!r}: create it first (PUT /v1/users/{{user_id}} with an "
             "API key, or `fancoins demo load`)")
    claims: dict[str, Any] = {"sub": user_id, "exp": int(time.time()) + ttl_s}
    if scope:
        claims["scope"] = " ".join(scope)
    console.print(jwt.encode(claims, settings.jwt.secret.get_secret_value(), algorithm="HS256"),
                  highlight=False, soft_wrap=True)


def _not_production(settings: Settings) -> Settings:
    """The demo creates users and grants them coins: never on a real economy."""
    if settings.mode is Mode.PRODUCTION:
        fail("the demo economy is refused in production mode")
    return settings


@demo_app.command("load")
def demo_load(database_url: DatabaseUrl = None) -> None:
    """Create the demo users and fund them (idempotent)."""
    settings = ready_or_exit(_not_production(settings_or_exit(database_url)))
    loaded = run(_load_demo(settings), status="loading the demo economy")
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

    settings = settings_or_exit()
    if migrate:
        from fancoins.db.migrate import upgrade

        upgrade(settings.database_url)
    else:
        ready_or_exit(settings)
    if demo:
        run(_load_demo(_not_production(settings)))
    uvicorn.run(
        "fancoins.api.main:app", host=host or settings.host, port=port or settings.port,
        workers=workers, factory=False, log_level="info", access_log=False,
        # The WebSocket implementation (named: see `fancoins.realtime.wire`) and the bound on
        # what a viewer may send (`fancoins.realtime.serving`).
        ws=WEBSOCKET_IMPLEMENTATION, ws_max_size=settings.live.ws_message_bytes_max,
        # LIVE frames are the same bytes for every viewer: compressing them once per viewer
        # would cost more CPU than the fan-out (and rule out writing them as they are).
        ws_per_message_deflate=False,
    )


async def _load_demo(settings: Settings) -> list[DemoUser]:
    engine = engine_for(settings)
    try:
        return await load_demo(engine)
    finally:
        await engine.dispose()


async def _user_exists(settings: Settings, user_id: str) -> bool:
    engine = engine_for(settings)
    try:
        async with read_only(engine) as connection:
            return await users.find(connection, user_id) is not None
    finally:
        await engine.dispose()


def main() -> None:
    app()

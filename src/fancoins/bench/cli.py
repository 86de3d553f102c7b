"""`fancoins bench gifts` and `fancoins bench http`: figures against the issue's targets."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from fancoins.bench import gifts as bench_gifts
from fancoins.bench import http as bench_http
from fancoins.bench.fanout import fanout_command
from fancoins.bench.gifts import RunStats
from fancoins.bench.live import live_command
from fancoins.config import ConfigError, Mode, Settings, load_settings
from fancoins.db.engine import create_engine

bench_app = typer.Typer(help="Benchmarks of the gift path.", no_args_is_help=True)
bench_app.command("live")(live_command)  # viewers of one LIVE during a gift storm
bench_app.command("fanout")(fanout_command)  # a simulation: 1,000,000 viewers, 100 nodes
console = Console()

# The targets on this 2-core machine (PostgreSQL, synchronous commit on).
TARGET_RATIO = 30.0
TARGET_PG_GIFTS_PER_S = 40_000
TARGET_PG_P99_MS = 50.0
TARGET_SQLITE_GIFTS_PER_S = 10_000
TARGET_HTTP_RATIO = 0.8

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Overrides FANCOINS_DATABASE_URL.")
]
StartPostgres = Annotated[bool, typer.Option(
    "--start-postgres", help="Start a throwaway local PostgreSQL for the run.")]
Viewers = Annotated[int, typer.Option(min=1, max=1_000_000)]
DurationS = Annotated[float, typer.Option(min=0.5, max=600)]
Clients = Annotated[int, typer.Option(min=1, max=20_000)]


@contextlib.contextmanager
def _database(database_url: str | None, start_postgres: bool) -> Iterator[Settings]:
    with contextlib.ExitStack() as stack:
        if start_postgres:
            from fancoins.bench.postgres import throwaway_postgres

            database_url = stack.enter_context(throwaway_postgres())
            console.print(f"started PostgreSQL: {database_url}")
        try:
            settings = load_settings(**({"database_url": database_url} if database_url else {}))
        except ConfigError as error:
            console.print(f"[red]configuration error:[/red] {error}")
            raise typer.Exit(2) from None
        if settings.mode is Mode.PRODUCTION:
            # A benchmark creates 10,000 users and grants them coins: never on a real economy.
            console.print("[red]refusing to benchmark in production mode[/red]")
            raise typer.Exit(2)
        from fancoins.db.migrate import upgrade

        upgrade(settings.database_url)
        yield settings


def _table(title: str, runs: list[RunStats]) -> Table:
    table = Table("run", "gifts/s", "p50 ms", "p99 ms", "sent", "refused", "transactions",
                  title=title)
    for run in runs:
        table.add_row(run.name, f"{run.gifts_per_s:,.0f}", f"{run.percentile_ms(0.5):.1f}",
                      f"{run.percentile_ms(0.99):.1f}", f"{run.sent:,}", f"{run.refused:,}",
                      f"{run.batches:,}")
    return table


def _verdict(label: str, ok: bool, figure: str) -> None:
    mark = "[green]met[/green]" if ok else "[red]missed[/red]"
    console.print(f"{label}: {figure} ({mark})")


@bench_app.command("gifts")
def gifts(
    database_url: DatabaseUrl = None, start_postgres: StartPostgres = False,
    viewers: Viewers = 10_000, duration_s: DurationS = 10.0, clients: Clients = 1000,
    baseline_clients: Clients = 32,
    coins_each: Annotated[int, typer.Option(min=1)] = 1000,
) -> None:
    """Viewers gift one creator for DURATION_S via the writer, then via one transaction per
    gift; prints gifts/s, p50/p99, the ratio, and runs verify."""
    with _database(database_url, start_postgres) as settings:
        asyncio.run(_gifts(settings, viewers, duration_s, clients, baseline_clients, coins_each))


async def _gifts(settings: Settings, viewers: int, duration_s: float, clients: int,
                 baseline_clients: int, coins_each: int) -> None:
    engine = create_engine(settings.database_url, pool_size=max(settings.db_pool_size,
                                                                baseline_clients))
    try:
        console.print(f"seeding {viewers:,} viewers with {coins_each:,} coins each ...")
        stream_id = await bench_gifts.seed(engine, viewers, coins_each)
        writer = await bench_gifts.run_writer(engine, settings, stream_id, viewers, clients,
                                              duration_s)
        baseline = await bench_gifts.run_baseline(engine, settings, stream_id, viewers,
                                                  baseline_clients, duration_s)
        report = await bench_gifts.check(engine)
    finally:
        await engine.dispose()
    kind = "SQLite" if settings.is_sqlite else "PostgreSQL"
    console.print(_table(f"gift storm on {kind}: {viewers:,} viewers -> 1 creator", [
        writer, baseline]))
    ratio = writer.gifts_per_s / baseline.gifts_per_s if baseline.gifts_per_s else 0.0
    if settings.is_sqlite:
        _verdict("writer gifts/s (target >= 10,000)",
                 writer.gifts_per_s >= TARGET_SQLITE_GIFTS_PER_S, f"{writer.gifts_per_s:,.0f}")
    else:
        _verdict("writer gifts/s (target >= 40,000)",
                 writer.gifts_per_s >= TARGET_PG_GIFTS_PER_S, f"{writer.gifts_per_s:,.0f}")
        _verdict("writer p99 (target < 50 ms)",
                 writer.percentile_ms(0.99) < TARGET_PG_P99_MS,
                 f"{writer.percentile_ms(0.99):.1f} ms")
    _verdict("writer / baseline (target >= 30x)", ratio >= TARGET_RATIO, f"{ratio:.1f}x")
    console.print(f"verify: {'OK' if report.ok else 'FAILED'} "
                  f"({report.accounts:,} accounts, {report.transfers:,} transfers)")
    if not report.ok:
        raise typer.Exit(1)


@bench_app.command("http")
def http(
    database_url: DatabaseUrl = None, start_postgres: StartPostgres = False,
    viewers: Viewers = 10_000, duration_s: DurationS = 10.0, clients: Clients = 64,
    coins_each: Annotated[int, typer.Option(min=1)] = 1000,
) -> None:
    """The gift endpoint vs the authenticated no-op `GET /v1/ping`, server in production mode."""
    with _database(database_url, start_postgres) as settings:
        asyncio.run(_http(settings, viewers, duration_s, clients, coins_each))


async def _http(settings: Settings, viewers: int, duration_s: float, clients: int,
                coins_each: int) -> None:
    engine = create_engine(settings.database_url)
    try:
        console.print(f"seeding {viewers:,} viewers with {coins_each:,} coins each ...")
        stream_id = await bench_gifts.seed(engine, viewers, coins_each)
    finally:
        await engine.dispose()
    secret = secrets.token_urlsafe(48)
    tokens = bench_http.viewer_tokens(viewers, secret, min(viewers, 2000))
    with bench_http.production_server(settings.database_url, secret) as port:
        noop = await bench_http.storm("GET /v1/ping (no-op)", port,
                                      bench_http.ping_request(tokens), clients, duration_s)
        gift = await bench_http.storm("POST /v1/gifts/send", port,
                                      bench_http.gift_request(tokens, stream_id), clients,
                                      duration_s)
    engine = create_engine(settings.database_url)
    try:
        report = await bench_gifts.check(engine)
    finally:
        await engine.dispose()
    console.print(_table(f"HTTP, production mode, {clients} keep-alive connections",
                         [noop, gift]))
    ratio = gift.gifts_per_s / noop.gifts_per_s if noop.gifts_per_s else 0.0
    _verdict("gift / no-op throughput (target >= 0.8)", ratio >= TARGET_HTTP_RATIO,
             f"{ratio:.2f}")
    console.print(f"verify: {'OK' if report.ok else 'FAILED'}")
    if not report.ok:
        raise typer.Exit(1)

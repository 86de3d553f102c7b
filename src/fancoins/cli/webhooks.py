"""`fancoins webhooks add|list|event-types|deliveries|redeliver|enable|disable|rotate-secret|
remove`: the host's webhook endpoints, managed by an operator at the machine. Every change is
audited (as `cli:<user>`); a signing secret is printed when it is made."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.cli.common import DatabaseUrl, actor, console, database_or_exit, fail, run
from fancoins.config import Mode, Settings
from fancoins.db.engine import create_engine, read_only
from fancoins.db.uow import UnitOfWork, unit
from fancoins.kit.clock import iso
from fancoins.kit.errors import FancoinsError
from fancoins.webhooks.catalog import catalog
from fancoins.webhooks.service import webhooks

webhooks_app = typer.Typer(help="Outgoing webhooks: endpoints and their deliveries.",
                           no_args_is_help=True)

T = TypeVar("T")
# Endpoints and deliveries listed at once: one bounded read.
LIST_MAX = 1000
EndpointId = Annotated[uuid.UUID, typer.Argument(help="The endpoint's id (`webhooks list`).")]
States = ("pending", "paused", "delivered", "dead")


async def _write(settings: Settings, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    engine = create_engine(settings.database_url)
    try:
        async with unit(engine) as uow:
            return await work(uow)
    except FancoinsError as error:
        fail(f"{error.title}: {error.detail or ''}".rstrip(": "))
    finally:
        await engine.dispose()


async def _read(settings: Settings, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    engine = create_engine(settings.database_url)
    try:
        async with read_only(engine) as connection:
            return await work(connection)
    except FancoinsError as error:
        fail(f"{error.title}: {error.detail or ''}".rstrip(": "))
    finally:
        await engine.dispose()


@webhooks_app.command("add")
def add(
    url: str,
    event: Annotated[list[str], typer.Option("--event", help="Repeat for several types.")],
    description: Annotated[str, typer.Option()] = "",
    database_url: DatabaseUrl = None,
) -> None:
    """Register an endpoint for the event types given; prints its id and signing secret."""
    settings = database_or_exit(database_url)
    issued = run(_write(settings, lambda uow: webhooks.create(
        uow, actor=actor(), url=url, event_types=event, description=description,
        https_only=settings.mode is Mode.PRODUCTION)))
    console.print(f"endpoint {issued.endpoint.id}", highlight=False)
    console.print(issued.secret, highlight=False, soft_wrap=True)


@webhooks_app.command("list")
def list_endpoints(database_url: DatabaseUrl = None) -> None:
    """Every endpoint: URL, event types, state, and its deliveries counted by state."""
    settings = database_or_exit(database_url)
    found = run(_read(settings, lambda c: webhooks.page(c, None, LIST_MAX)))
    table = Table("id", "url", "events", "state", *States)
    for summary in found:
        e = summary.endpoint
        state = "enabled" if e.enabled else f"disabled: {e.disabled_reason}"
        table.add_row(str(e.id), e.url, " ".join(e.event_types), state,
                      *(str(summary.counts[s]) for s in States))
    console.print(table)


@webhooks_app.command("event-types")
def event_types() -> None:
    """Every event type an endpoint may subscribe to (payloads: docs/events.md)."""
    table = Table("type", "version", "ordered", "about")
    for kind in catalog().values():
        table.add_row(kind.name, str(kind.version), "yes" if kind.ordered else "no",
                      kind.about)
    console.print(table)


@webhooks_app.command("deliveries")
def deliveries(
    endpoint_id: EndpointId,
    state: Annotated[str | None, typer.Option(help="pending, paused, delivered or dead")] = None,
    limit: Annotated[int, typer.Option(min=1, max=LIST_MAX)] = 50,
    database_url: DatabaseUrl = None,
) -> None:
    """The endpoint's delivery log, newest first."""
    if state is not None and state not in States:
        fail(f"--state: one of {', '.join(States)}")
    settings = database_or_exit(database_url)
    found = run(_read(settings, lambda c: webhooks.deliveries(c, endpoint_id, state, None,
                                                              limit)))
    table = Table("id", "type", "state", "attempts", "last status", "last error", "last attempt")
    for d in found:
        table.add_row(str(d.id), d.type, d.state, str(d.attempts),
                      "" if d.last_status is None else str(d.last_status), d.last_error or "",
                      iso(d.last_attempt_at_ms) or "")
    console.print(table)


@webhooks_app.command("redeliver")
def redeliver(delivery_id: Annotated[uuid.UUID, typer.Argument()],
              database_url: DatabaseUrl = None) -> None:
    """Send a delivered or dead-lettered message again (same webhook-id)."""
    settings = database_or_exit(database_url)
    found = run(_write(settings, lambda uow: webhooks.redeliver(uow, delivery_id,
                                                                actor=actor())))
    console.print(f"delivery {found.id}: {found.state}", highlight=False)


def _switch(endpoint_id: uuid.UUID, enabled: bool, database_url: str | None) -> None:
    settings = database_or_exit(database_url)
    endpoint = run(_write(settings, lambda uow: webhooks.update(
        uow, endpoint_id, actor=actor(), https_only=settings.mode is Mode.PRODUCTION,
        enabled=enabled)))
    console.print(f"endpoint {endpoint.id}: {'enabled' if endpoint.enabled else 'disabled'}",
                  highlight=False)


@webhooks_app.command("enable")
def enable(endpoint_id: EndpointId, database_url: DatabaseUrl = None) -> None:
    """Enable it: its held deliveries resume, its failure count is cleared."""
    _switch(endpoint_id, True, database_url)


@webhooks_app.command("disable")
def disable(endpoint_id: EndpointId, database_url: DatabaseUrl = None) -> None:
    """Disable it: its deliveries are held until it is enabled."""
    _switch(endpoint_id, False, database_url)


@webhooks_app.command("rotate-secret")
def rotate_secret(endpoint_id: EndpointId, database_url: DatabaseUrl = None) -> None:
    """A new signing secret (printed); the previous one keeps signing too for
    FANCOINS_WEBHOOKS__SECRET_ROTATION_OVERLAP_S."""
    settings = database_or_exit(database_url)
    issued = run(_write(settings, lambda uow: webhooks.rotate_secret(
        uow, endpoint_id, actor=actor(), overlap_s=settings.webhooks.secret_rotation_overlap_s)))
    until = iso(issued.endpoint.previous_expires_at_ms)
    console.print(f"the previous secret signs too until {until}", highlight=False)
    console.print(issued.secret, highlight=False, soft_wrap=True)


@webhooks_app.command("remove")
def remove(endpoint_id: EndpointId, database_url: DatabaseUrl = None) -> None:
    """Remove the endpoint with its deliveries and their log."""
    settings = database_or_exit(database_url)
    run(_write(settings, lambda uow: webhooks.delete(uow, endpoint_id, actor=actor())))
    console.print(f"removed {endpoint_id}", highlight=False)

"""`fancoins apikey create|list|revoke|rotate`: the host backend's keys, managed by an operator
at the machine. Every change is audited (as `cli:<user>`); a secret is printed once."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from fancoins.cli.common import DatabaseUrl, actor, console, database_or_exit, fail, run
from fancoins.config import Settings
from fancoins.db.engine import engine_for, read_only
from fancoins.db.uow import unit
from fancoins.identity.errors import ApiKeyNotFound, ApiKeyRevoked
from fancoins.identity.scopes import Scope
from fancoins.identity.service import ApiKey, IssuedKey, api_keys
from fancoins.kit.clock import iso, now_ms

apikey_app = typer.Typer(help="API keys for the host app's backend.", no_args_is_help=True)

# Keys listed at once: far above what a deployment has, and one bounded read.
LIST_KEYS_MAX = 1000
Reason = Annotated[str, typer.Option("--reason", help="Recorded in the audit log.")]


@apikey_app.command("create")
def create(
    name: str,
    scope: Annotated[list[str], typer.Option("--scope", help="Repeat for several scopes.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Create an API key; its secret is printed once and stored only as a hash."""
    known = {s.value for s in Scope}
    unknown = sorted(set(scope) - known)
    if unknown:
        fail(f"unknown scope(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    settings = database_or_exit(database_url)
    issued = run(_create(settings, name, scope))
    console.print(issued.token, highlight=False, soft_wrap=True)


@apikey_app.command("list")
def list_keys(database_url: DatabaseUrl = None) -> None:
    """Every key: name, scopes, created, last used (to within a minute), state."""
    settings = database_or_exit(database_url)
    keys = run(_list(settings))
    table = Table("id", "prefix", "name", "scopes", "created", "last used", "state")
    for key in keys:
        table.add_row(str(key.id), key.prefix, key.name, " ".join(key.scopes),
                      iso(key.created_at_ms), iso(key.last_used_at_ms) or "never", _state(key))
    console.print(table)


@apikey_app.command("revoke")
def revoke(key: Annotated[str, typer.Argument(help="The key's id or prefix.")],
           reason: Reason, database_url: DatabaseUrl = None) -> None:
    """Revoke a key: refused from its next request on."""
    settings = database_or_exit(database_url)
    revoked = run(_revoke(settings, key, reason))
    console.print(f"revoked {revoked.name} ({revoked.prefix})", highlight=False)


@apikey_app.command("rotate")
def rotate(key: Annotated[str, typer.Argument(help="The key's id or prefix.")],
           reason: Reason, database_url: DatabaseUrl = None) -> None:
    """A new secret for the key (printed once); the old one keeps working for
    FANCOINS_API_KEYS__ROTATION_OVERLAP_S."""
    settings = database_or_exit(database_url)
    issued = run(_rotate(settings, key, reason))
    until = iso(issued.key.previous_expires_at_ms)
    console.print(f"the old secret works until {until}", highlight=False)
    console.print(issued.token, highlight=False, soft_wrap=True)


def _state(key: ApiKey) -> str:
    if key.revoked_at_ms is not None:
        return f"revoked {iso(key.revoked_at_ms)}"
    if key.previous_expires_at_ms is not None and key.previous_expires_at_ms > now_ms():
        return f"rotated; old secret until {iso(key.previous_expires_at_ms)}"
    return "active"


async def _create(settings: Settings, name: str, scopes: list[str]) -> IssuedKey:
    engine = engine_for(settings)
    try:
        async with unit(engine) as uow:
            return await api_keys.create(uow, actor=actor(), name=name, scopes=scopes)
    finally:
        await engine.dispose()


async def _list(settings: Settings) -> list[ApiKey]:
    engine = engine_for(settings)
    try:
        async with read_only(engine) as connection:
            return list(await api_keys.page(connection, None, LIST_KEYS_MAX))
    finally:
        await engine.dispose()


async def _revoke(settings: Settings, ref: str, reason: str) -> ApiKey:
    engine = engine_for(settings)
    try:
        async with unit(engine) as uow:
            found = await api_keys.find(await uow.connect(), ref)
            return await api_keys.revoke(uow, actor=actor(), key_id=found.id, reason=reason)
    except ApiKeyNotFound:
        fail(f"no API key {ref!r} (give its id or the prefix its token shows)")
    finally:
        await engine.dispose()


async def _rotate(settings: Settings, ref: str, reason: str) -> IssuedKey:
    engine = engine_for(settings)
    try:
        async with unit(engine) as uow:
            found = await api_keys.find(await uow.connect(), ref)
            return await api_keys.rotate(uow, actor=actor(), key_id=found.id, reason=reason,
                                         overlap_s=settings.api_keys.rotation_overlap_s)
    except ApiKeyNotFound:
        fail(f"no API key {ref!r} (give its id or the prefix its token shows)")
    except ApiKeyRevoked:
        fail(f"API key {ref!r} is revoked: create a new one instead")
    finally:
        await engine.dispose()

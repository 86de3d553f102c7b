"""Queries on users and API keys, returning typed rows (audit entries are written by
`fancoins.journal`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts
from fancoins.db.sets import driver_connection, one_of
from fancoins.db.tables import api_keys, audit_log, users
from fancoins.ids import new_id, now_ms


@dataclass(frozen=True, slots=True)
class User:
    id: str
    display_name: str
    country: str
    birth_date: dt.date | None
    age_verified: bool
    frozen: bool
    is_creator: bool
    created_at_ms: int

    def age_years(self, today: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def is_adult(self, today: dt.date, min_age_years: int) -> bool:
        """Adult by verified flag or by birth date."""
        age = self.age_years(today)
        return self.age_verified or (age is not None and age >= min_age_years)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key as operators see it (never its secret)."""

    id: uuid.UUID
    name: str
    prefix: str
    scopes: tuple[str, ...]
    created_at_ms: int
    last_used_at_ms: int | None
    revoked_at_ms: int | None
    rotated_at_ms: int | None
    previous_expires_at_ms: int | None


@dataclass(frozen=True, slots=True)
class ApiKeySecrets:
    """What authenticating a key reads: one indexed row, no more."""

    id: uuid.UUID
    name: str
    scopes: list[str]
    revoked: bool
    secret_hash: str
    previous_secret_hash: str | None
    previous_expires_at_ms: int | None


def _columns(row_type: type[Any]) -> list[Any]:
    return [api_keys.c[f.name] for f in fields(row_type) if f.name in api_keys.c]


_USER = [users.c[f.name] for f in fields(User)]
_API_KEY = _columns(ApiKey)
_SECRETS = _columns(ApiKeySecrets)


def _api_key(row: Any) -> ApiKey:
    values = dict(row._mapping)
    return ApiKey(**{**values, "scopes": tuple(sorted(values["scopes"]))})


async def get_user(connection: AsyncConnection, user_id: str) -> User | None:
    row = (await connection.execute(select(*_USER).where(users.c.id == user_id))).first()
    return None if row is None else User(**row._mapping)


_PG_USERS_BY_ID = """
SELECT id, display_name, country, birth_date, age_verified, frozen, is_creator, created_at_ms
FROM users WHERE id = ANY($1::text[])
"""


async def get_users(connection: AsyncConnection, user_ids: Collection[str]) -> list[User]:
    """Many users in one query. On PostgreSQL through the driver: the gift writer reads the
    people of every batch, and SQLAlchemy's per-row processing cost more than the query."""
    if not user_ids:
        return []
    if connection.dialect.name == "postgresql":
        raw = await driver_connection(connection)
        return [User(*row) for row in await raw.fetch(_PG_USERS_BY_ID, sorted(user_ids))]
    query = select(*_USER).where(one_of(connection, users.c.id, user_ids))
    # Positional: `_USER` is the dataclass's fields in order (a mapping per row cost more
    # than the query for a batch's thousand people).
    return [User(*row) for row in await connection.execute(query)]


async def search_users(connection: AsyncConnection, text: str, after_id: str | None,
                       limit: int) -> list[User]:
    """Users whose id starts with `text` or whose name contains it, by id. The name is
    matched as typed and lower-cased on both sides (PostgreSQL lower-cases every script;
    SQLite only ASCII letters, so there an accented capital matches as typed)."""
    query = select(*_USER).where(or_(
        users.c.id.startswith(text, autoescape=True),
        users.c.display_name.contains(text, autoescape=True),
        func.lower(users.c.display_name).contains(text.lower(), autoescape=True),
    )).order_by(users.c.id).limit(limit)
    if after_id is not None:
        query = query.where(users.c.id > after_id)
    return [User(*row) for row in await connection.execute(query)]


async def insert_user(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    """Insert a user unless one with this id exists; True when inserted."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, users)
        .values(**values, created_at_ms=now_ms())
        .returning(users.c.id)
    )
    return result.first() is not None


async def update_user(connection: AsyncConnection, user_id: str, values: dict[str, Any]) -> None:
    await connection.execute(update(users).where(users.c.id == user_id).values(**values))


async def insert_api_key(
    connection: AsyncConnection, *, name: str, prefix: str, secret_hash: str, scopes: list[str]
) -> ApiKey:
    key_id = new_id()
    await connection.execute(
        api_keys.insert().values(
            id=key_id, name=name, prefix=prefix, secret_hash=secret_hash, scopes=scopes,
            revoked=False, created_at_ms=now_ms(),
        )
    )
    found = await get_api_key(connection, key_id)
    if found is None:
        raise LookupError(f"API key {key_id} vanished after its insert")
    return found


async def api_key_secrets(connection: AsyncConnection, prefix: str) -> ApiKeySecrets | None:
    row = (await connection.execute(select(*_SECRETS).where(api_keys.c.prefix == prefix))
           ).first()
    return None if row is None else ApiKeySecrets(**row._mapping)


async def get_api_key(connection: AsyncConnection, key_id: uuid.UUID) -> ApiKey | None:
    row = (await connection.execute(select(*_API_KEY).where(api_keys.c.id == key_id))).first()
    return None if row is None else _api_key(row)


async def find_api_key(connection: AsyncConnection, ref: str) -> ApiKey | None:
    """By id or by the prefix a token shows (`fck_<prefix>_...`)."""
    condition = api_keys.c.prefix == ref
    with contextlib.suppress(ValueError):  # not an id: a prefix only
        condition = or_(condition, api_keys.c.id == uuid.UUID(ref))
    row = (await connection.execute(select(*_API_KEY).where(condition).limit(1))).first()
    return None if row is None else _api_key(row)


async def list_api_keys(
    connection: AsyncConnection, after_id: uuid.UUID | None, limit: int
) -> Sequence[ApiKey]:
    """Oldest first (ids are UUIDv7: id order is creation order)."""
    query = select(*_API_KEY).order_by(api_keys.c.id).limit(limit)
    if after_id is not None:
        query = query.where(api_keys.c.id > after_id)
    return [_api_key(row) for row in await connection.execute(query)]


async def update_api_key(connection: AsyncConnection, key_id: uuid.UUID, **values: Any) -> None:
    await connection.execute(update(api_keys).where(api_keys.c.id == key_id).values(**values))


async def touch_api_key(connection: AsyncConnection, key_id: uuid.UUID, at_ms: int) -> None:
    """Record a use; never moves `last_used_at_ms` backwards (processes write out of order)."""
    await connection.execute(
        update(api_keys)
        .where(api_keys.c.id == key_id,
               or_(api_keys.c.last_used_at_ms.is_(None), api_keys.c.last_used_at_ms < at_ms))
        .values(last_used_at_ms=at_ms)
    )


# --- the audit log, read (the journal alone writes it) -----------------------------------------


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: uuid.UUID
    actor: str
    action: str
    target: str
    reason: str
    data: dict[str, Any] | None
    created_at_ms: int
    chain_seq: int | None
    hash: str | None


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Entries by this actor, of this action, about this target, within [since, until)."""

    actor: str | None = None
    action: str | None = None
    target: str | None = None
    since_ms: int | None = None
    until_ms: int | None = None


async def audit_page(
    connection: AsyncConnection, where: AuditFilter, before: uuid.UUID | None, limit: int
) -> list[AuditRow]:
    """Newest first (ids are time-ordered), continuing below `before`."""
    a = audit_log.c
    query = select(*(a[f.name] for f in fields(AuditRow)))
    for column, value in ((a.actor, where.actor), (a.action, where.action),
                          (a.target, where.target)):
        if value is not None:
            query = query.where(column == value)
    if where.since_ms is not None:
        query = query.where(a.created_at_ms >= where.since_ms)
    if where.until_ms is not None:
        query = query.where(a.created_at_ms < where.until_ms)
    if before is not None:
        query = query.where(a.id < before)
    query = query.order_by(a.id.desc()).limit(limit)
    return [AuditRow(**row._mapping) for row in await connection.execute(query)]

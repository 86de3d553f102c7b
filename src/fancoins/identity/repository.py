"""Queries on users, API keys and the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts
from fancoins.db.sets import driver_connection, one_of
from fancoins.db.tables import api_keys, audit_log, users
from fancoins.ids import new_id, now_ms


async def get_user(connection: AsyncConnection, user_id: str) -> Row[Any] | None:
    return (await connection.execute(select(users).where(users.c.id == user_id))).first()


_PG_USERS_BY_ID = """
SELECT id, display_name, country, birth_date, age_verified, frozen, is_creator, created_at_ms
FROM users WHERE id = ANY($1::text[])
"""


async def get_users(connection: AsyncConnection, user_ids: Collection[str]) -> list[Any]:
    """Many users in one query. On PostgreSQL through the driver: the gift writer reads the
    people of every batch, and SQLAlchemy's per-row processing cost more than the query."""
    if not user_ids:
        return []
    if connection.dialect.name == "postgresql":
        raw = await driver_connection(connection)
        return list(await raw.fetch(_PG_USERS_BY_ID, sorted(user_ids)))
    u = users.c
    query = select(u.id, u.display_name, u.country, u.birth_date, u.age_verified, u.frozen,
                   u.is_creator, u.created_at_ms).where(one_of(connection, u.id, user_ids))
    return list((await connection.execute(query)).all())


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
) -> uuid.UUID:
    key_id = new_id()
    await connection.execute(
        api_keys.insert().values(
            id=key_id, name=name, prefix=prefix, secret_hash=secret_hash, scopes=scopes,
            revoked=False, created_at_ms=now_ms(),
        )
    )
    return key_id


async def find_api_key(connection: AsyncConnection, prefix: str) -> Row[Any] | None:
    return (
        await connection.execute(select(api_keys).where(api_keys.c.prefix == prefix))
    ).first()


async def insert_audit(
    connection: AsyncConnection, *, actor: str, action: str, target: str, reason: str,
    data: dict[str, Any],
) -> uuid.UUID:
    entry_id = new_id()
    await connection.execute(
        audit_log.insert().values(
            id=entry_id, actor=actor, action=action, target=target, reason=reason, data=data,
            created_at_ms=now_ms(),
        )
    )
    return entry_id

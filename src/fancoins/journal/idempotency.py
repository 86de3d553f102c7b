"""Idempotency keys: the first answer is kept; a different request under the same key is refused.

The key row is claimed first in the writing transaction. On PostgreSQL a concurrent claim of the
same key waits on the unique index until the first transaction ends, so a request is never
applied twice, and a retry sees the committed answer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts
from fancoins.db.tables import idempotency_keys
from fancoins.ids import now_ms


class IdempotencyConflict(Exception):
    """The key was used before with a different request."""

    def __init__(self, scope: str, key: str) -> None:
        super().__init__(f"idempotency key {key!r} was already used for a different request")
        self.scope = scope
        self.key = key


@dataclass(frozen=True, slots=True)
class Replay:
    """The key was used before with the same request: this is the first answer."""

    response: dict[str, Any]


def request_hash(request: Any) -> str:
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def claim(
    connection: AsyncConnection, scope: str, key: str, digest: str
) -> Replay | None:
    """Claim `key` for this transaction, or return the answer recorded for it earlier."""
    inserted = await connection.execute(
        insert_ignoring_conflicts(connection, idempotency_keys)
        .values(scope=scope, key=key, request_hash=digest, created_at_ms=now_ms())
        .returning(idempotency_keys.c.key)
    )
    if inserted.first() is not None:
        return None
    row = (
        await connection.execute(
            select(idempotency_keys.c.request_hash, idempotency_keys.c.response).where(
                idempotency_keys.c.scope == scope, idempotency_keys.c.key == key
            )
        )
    ).one()
    if row.request_hash != digest:
        raise IdempotencyConflict(scope, key)
    return Replay(row.response or {})


async def complete(
    connection: AsyncConnection, scope: str, key: str, response: dict[str, Any]
) -> None:
    await connection.execute(
        update(idempotency_keys)
        .where(idempotency_keys.c.scope == scope, idempotency_keys.c.key == key)
        .values(response=response)
    )

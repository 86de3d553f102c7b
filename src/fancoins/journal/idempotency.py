"""Idempotency keys: a key's first answer is its answer for good.

`idempotent(uow, scope, key, request, run)` is the only way into an idempotent write:

1. The key is claimed first, in the unit's transaction. If it was used before, its stored
   answer is returned (or raised) before anything is decided again; a different request under
   it is `IdempotencyKeyReused`. On PostgreSQL a concurrent claim of the same key waits on the
   unique index until the first transaction ends, so a request is never applied twice.
2. `run()` executes inside a savepoint. Its result is stored as the key's answer. A refusal
   it raises (a `FancoinsError` with `stored = True`: decided from the state of the books) is
   stored too — its partial writes rolled back to the savepoint, the unit told to commit the
   stored answer — so a retry answers the same refusal even if the state changed meanwhile.
   Errors that decided nothing (bad input, a busy or unreachable database, rate limits) roll
   the whole unit back, the claim with it: a retry is decided afresh.

The gift writer's bulk path follows the same rules with the same digest (`request_digest`),
keeping accepted gifts' keys on the gifts themselves and refusals here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
from pydantic import TypeAdapter
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts
from fancoins.db.sets import driver_connection, json_values
from fancoins.db.tables.ledger import idempotency_keys
from fancoins.db.uow import UnitOfWork
from fancoins.kit.clock import now_ms
from fancoins.kit.errors import FancoinsError, IdempotencyKeyReused
from fancoins.kit.hashing import request_digest

T = TypeVar("T")

# Kept for callers of the older name; the digest is the one in `fancoins.kit.hashing`.
request_hash = request_digest


class IdempotencyConflict(IdempotencyKeyReused):
    """The older spelling of `IdempotencyKeyReused`, naming the scope and key."""

    def __init__(self, scope: str = "", key: str = "") -> None:
        super().__init__()
        self.scope = scope
        self.key = key


@dataclass(frozen=True, slots=True)
class Replay:
    """The key was used before with the same request: this is the first answer."""

    response: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Answer(Generic[T]):
    value: T
    replayed: bool


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(result_type: Any) -> TypeAdapter[Any]:
    """One adapter per result type (building one costs a schema build)."""
    adapter = _ADAPTERS.get(result_type)
    if adapter is None:
        adapter = _ADAPTERS[result_type] = TypeAdapter(result_type)
    return adapter


async def idempotent(
    uow: UnitOfWork, scope: str, key: str, request: Any, run: Callable[[], Awaitable[T]],
    result_type: type[T],
) -> Answer[T]:
    """Run `run` once per (`scope`, `key`); see the module docstring. `request` is what the
    caller asks for (JSON-like); `result_type` is how the answer is stored and read back."""
    connection = await uow.connect()
    replay = await claim(connection, scope, key, request_digest(request))
    adapter = _adapter(result_type)
    if replay is not None:
        stored = replay.response
        if "error" in stored:
            raise FancoinsError.from_body(stored["error"])
        return Answer(adapter.validate_python(stored["ok"]), replayed=True)
    savepoint = await connection.begin_nested()
    mark = uow.mark()
    try:
        value = await run()
    except FancoinsError as error:
        if not error.stored:
            raise
        await savepoint.rollback()
        uow.forget_since(mark)  # its events and hooks went with its writes
        await complete(connection, scope, key, {"error": error.body()})
        uow.keep(error)
        raise
    await savepoint.commit()
    await complete(connection, scope, key, {"ok": adapter.dump_python(value, mode="json")})
    return Answer(value, replayed=False)


async def recorded(
    connection: AsyncConnection, scope: str, key: str, request: Any, result_type: type[T],
) -> Answer[T] | None:
    """The answer already stored for `key`, read without claiming it (None when there is
    none yet): for a caller that must call the outside world before its unit's transaction
    begins, and must not call it again for a request already answered. Raises the stored
    refusal, or `IdempotencyConflict` for a different request under the key."""
    row = (await connection.execute(
        select(idempotency_keys.c.request_hash, idempotency_keys.c.response).where(
            idempotency_keys.c.scope == scope, idempotency_keys.c.key == key)
    )).first()
    if row is None or row.response is None:
        return None
    if row.request_hash != request_digest(request):
        raise IdempotencyConflict(scope, key)
    if "error" in row.response:
        raise FancoinsError.from_body(row.response["error"])
    return Answer(_adapter(result_type).validate_python(row.response["ok"]), replayed=True)


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


# --- many keys at once: the gift writer's batches ------------------------------------------


_PG_STORED_ANSWERS = """
SELECT key, request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = ANY($2::text[])
"""
_SQLITE_STORED_ANSWERS = """
SELECT key, request_hash, response FROM idempotency_keys
WHERE scope = ? AND key IN (SELECT value FROM json_each(?))
"""


async def stored_answers(
    connection: AsyncConnection, scope: str, keys: Collection[str]
) -> dict[str, tuple[str, dict[str, Any]]]:
    """(request digest, stored answer) of those of `keys` that were used in `scope`."""
    if not keys:
        return {}
    # Through the driver: the gift writer asks for a batch's thousand keys, and building the
    # statement and its parameter cost more than running it.
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":  # the driver decodes JSON (the engine's codec)
        return {key: (digest, response or {})
                for key, digest, response in await raw.fetch(_PG_STORED_ANSWERS, scope,
                                                              list(keys))}
    rows = await raw.execute_fetchall(_SQLITE_STORED_ANSWERS, (scope, json_values(keys)))
    return {key: (digest, (orjson.loads(response) if response is not None else None) or {})
            for key, digest, response in rows}


async def store_answers(
    connection: AsyncConnection, scope: str, answers: Sequence[tuple[str, str, dict[str, Any]]]
) -> set[str]:
    """Store each (key, request digest, answer) as its key's answer for good, as `idempotent`
    does one at a time. Returns the keys stored (a key used meanwhile keeps its answer)."""
    if not answers:
        return set()
    at_ms = now_ms()
    inserted = await connection.execute(
        insert_ignoring_conflicts(connection, idempotency_keys).returning(idempotency_keys.c.key),
        [{"scope": scope, "key": key, "request_hash": digest, "response": response,
          "created_at_ms": at_ms} for key, digest, response in answers])
    return {row.key for row in inserted}

"""Every query on the webhook tables, returning typed rows."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import locks_rows
from fancoins.db.tables.webhooks import (
    webhook_attempts,
    webhook_deliveries,
    webhook_dispatch,
    webhook_endpoints,
    webhook_messages,
    webhook_outbox,
)

PENDING, PAUSED, DELIVERED, DEAD = "pending", "paused", "delivered", "dead"
OPEN_STATES = (PENDING, PAUSED)
FINISHED_STATES = (DELIVERED, DEAD)
DISPATCH_ROW = 1


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An endpoint as operators see it (its secret is read on its own: `secrets_of`)."""

    id: uuid.UUID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    disabled_at_ms: int | None
    consecutive_failures: int
    failing_since_ms: int | None
    last_success_at_ms: int | None
    previous_expires_at_ms: int | None
    created_at_ms: int
    updated_at_ms: int


@dataclass(frozen=True, slots=True)
class EndpointSecrets:
    secret: str
    previous_secret: str | None
    previous_expires_at_ms: int | None


@dataclass(frozen=True, slots=True)
class Delivery:
    id: uuid.UUID
    endpoint_id: uuid.UUID
    message_id: uuid.UUID
    type: str
    seq: int
    ordering_key: str | None
    state: str
    attempts: int
    due_at_ms: int
    last_status: int | None
    last_error: str | None
    last_attempt_at_ms: int | None
    finished_at_ms: int | None
    created_at_ms: int

    @property
    def next_attempt_at_ms(self) -> int | None:
        return self.due_at_ms if self.state == PENDING else None


@dataclass(frozen=True, slots=True)
class Attempt:
    id: uuid.UUID
    delivery_id: uuid.UUID
    endpoint_id: uuid.UUID
    attempt: int
    at_ms: int
    status_code: int | None
    error: str | None
    latency_ms: int
    response_snippet: str | None


@dataclass(frozen=True, slots=True)
class Message:
    id: uuid.UUID
    type: str
    subject: str
    body: str
    event_count: int
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery leased to this worker, with what sending it needs."""

    id: uuid.UUID
    lease_id: uuid.UUID
    attempt: int
    endpoint_id: uuid.UUID
    url: str
    message_id: uuid.UUID
    body: str
    secret: str
    previous_secret: str | None
    previous_expires_at_ms: int | None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: uuid.UUID
    events: str


@dataclass(frozen=True, slots=True)
class StateCount:
    endpoint_id: uuid.UUID
    state: str
    count: int


def _columns(table: Any, row_type: type[Any]) -> list[Any]:
    return [table.c[f.name] for f in fields(row_type)]


_ENDPOINT = _columns(webhook_endpoints, Endpoint)
_DELIVERY = _columns(webhook_deliveries, Delivery)
_ATTEMPT = _columns(webhook_attempts, Attempt)
_MESSAGE = _columns(webhook_messages, Message)


def _endpoint(row: Any) -> Endpoint:
    values = dict(row._mapping)
    values["event_types"] = list(values["event_types"])
    return Endpoint(**values)


# --- endpoints ------------------------------------------------------------------------------


async def insert_endpoint(connection: AsyncConnection, values: dict[str, Any]) -> None:
    await connection.execute(insert(webhook_endpoints).values(**values))


async def get_endpoint(connection: AsyncConnection, endpoint_id: uuid.UUID,
                       *, lock: bool = False) -> Endpoint | None:
    query = select(*_ENDPOINT).where(webhook_endpoints.c.id == endpoint_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else _endpoint(row)


async def list_endpoints(connection: AsyncConnection, after_id: uuid.UUID | None,
                         limit: int) -> list[Endpoint]:
    query = select(*_ENDPOINT).order_by(webhook_endpoints.c.id).limit(limit)
    if after_id is not None:
        query = query.where(webhook_endpoints.c.id > after_id)
    return [_endpoint(row) for row in await connection.execute(query)]


async def secrets_of(connection: AsyncConnection, endpoint_id: uuid.UUID
                     ) -> EndpointSecrets | None:
    e = webhook_endpoints.c
    row = (await connection.execute(select(e.secret, e.previous_secret, e.previous_expires_at_ms)
                                    .where(e.id == endpoint_id))).first()
    return None if row is None else EndpointSecrets(*row)


async def update_endpoint(connection: AsyncConnection, endpoint_id: uuid.UUID,
                          **values: Any) -> None:
    await connection.execute(update(webhook_endpoints)
                             .where(webhook_endpoints.c.id == endpoint_id).values(**values))


async def delete_endpoint(connection: AsyncConnection, endpoint_id: uuid.UUID) -> None:
    await connection.execute(delete(webhook_attempts)
                             .where(webhook_attempts.c.endpoint_id == endpoint_id))
    await connection.execute(delete(webhook_deliveries)
                             .where(webhook_deliveries.c.endpoint_id == endpoint_id))
    await connection.execute(delete(webhook_endpoints)
                             .where(webhook_endpoints.c.id == endpoint_id))


async def subscriptions(connection: AsyncConnection) -> list[tuple[uuid.UUID, list[str], bool]]:
    """(id, event types, enabled) of every endpoint."""
    e = webhook_endpoints.c
    rows = await connection.execute(select(e.id, e.event_types, e.enabled))
    return [(row.id, list(row.event_types), bool(row.enabled)) for row in rows]


async def state_counts(connection: AsyncConnection,
                       endpoint_ids: Collection[uuid.UUID]) -> list[StateCount]:
    d = webhook_deliveries.c
    if not endpoint_ids:
        return []
    rows = await connection.execute(
        select(d.endpoint_id, d.state, func.count()).where(d.endpoint_id.in_(endpoint_ids))
        .group_by(d.endpoint_id, d.state))
    return [StateCount(row[0], row[1], int(row[2])) for row in rows]


# --- the outbox and dispatch ----------------------------------------------------------------


async def outbox_waiting(connection: AsyncConnection) -> bool:
    return (await connection.execute(select(exists().select_from(webhook_outbox)))).scalar_one()


async def lock_dispatch(connection: AsyncConnection) -> int | None:
    """The next sequence number, holding the dispatch lock; None when another process holds
    it (it is dispatching: nothing to do here)."""
    query = select(webhook_dispatch.c.next_seq).where(webhook_dispatch.c.id == DISPATCH_ROW)
    if locks_rows(connection):
        query = query.with_for_update(skip_locked=True)
    return (await connection.execute(query)).scalar_one_or_none()


async def set_next_seq(connection: AsyncConnection, next_seq: int) -> None:
    await connection.execute(update(webhook_dispatch)
                             .where(webhook_dispatch.c.id == DISPATCH_ROW)
                             .values(next_seq=next_seq))


async def take_outbox(connection: AsyncConnection, rows_max: int) -> list[OutboxRow]:
    o = webhook_outbox.c
    rows = await connection.execute(select(o.id, o.events).order_by(o.id).limit(rows_max))
    return [OutboxRow(row.id, row.events) for row in rows]


async def delete_outbox(connection: AsyncConnection, ids: Sequence[uuid.UUID]) -> None:
    if ids:
        await connection.execute(delete(webhook_outbox).where(webhook_outbox.c.id.in_(ids)))


async def insert_messages(connection: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(insert(webhook_messages), rows)


async def insert_deliveries(connection: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(insert(webhook_deliveries), rows)


# --- claiming and recording -----------------------------------------------------------------


def _first_in_order() -> Any:
    """No earlier delivery with the same endpoint and ordering key is still open."""
    d = webhook_deliveries
    earlier = webhook_deliveries.alias("earlier")
    return or_(d.c.ordering_key.is_(None), ~exists().where(
        earlier.c.endpoint_id == d.c.endpoint_id, earlier.c.ordering_key == d.c.ordering_key,
        earlier.c.state.in_(OPEN_STATES), earlier.c.seq < d.c.seq))


async def due_waiting(connection: AsyncConnection, at_ms: int) -> bool:
    d = webhook_deliveries.c
    return (await connection.execute(select(exists().where(
        d.state == PENDING, d.due_at_ms <= at_ms)))).scalar_one()


async def due_candidates(connection: AsyncConnection, at_ms: int, limit: int
                         ) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(delivery, endpoint) ids that may be tried now, oldest due first, locked for this
    transaction (on PostgreSQL other workers skip them)."""
    d, e = webhook_deliveries.c, webhook_endpoints.c
    query = (select(d.id, d.endpoint_id)
             .join_from(webhook_deliveries, webhook_endpoints, e.id == d.endpoint_id)
             .where(d.state == PENDING, d.due_at_ms <= at_ms, e.enabled, _first_in_order())
             .order_by(d.due_at_ms, d.seq).limit(limit))
    if locks_rows(connection):
        query = query.with_for_update(of=webhook_deliveries, skip_locked=True)
    return [(row.id, row.endpoint_id) for row in await connection.execute(query)]


async def lease(connection: AsyncConnection, delivery_ids: Sequence[uuid.UUID],
                lease_id: uuid.UUID, at_ms: int, until_ms: int) -> list[Claimed]:
    """Lease the deliveries to this worker until `until_ms` (their attempt counted) and
    read what sending them needs."""
    d, e, m = webhook_deliveries.c, webhook_endpoints.c, webhook_messages.c
    await connection.execute(
        update(webhook_deliveries).where(d.id.in_(delivery_ids))
        .values(lease_id=lease_id, due_at_ms=until_ms, attempts=d.attempts + 1,
                last_attempt_at_ms=at_ms))
    rows = await connection.execute(
        select(d.id, d.lease_id, d.attempts.label("attempt"), d.endpoint_id, e.url,
               d.message_id, m.body,
               e.secret, e.previous_secret, e.previous_expires_at_ms)
        .join_from(webhook_deliveries, webhook_endpoints, e.id == d.endpoint_id)
        .join(webhook_messages, m.id == d.message_id)
        .where(d.id.in_(delivery_ids)).order_by(d.seq))
    return [Claimed(**row._mapping) for row in rows]


async def finish(connection: AsyncConnection, delivery_id: uuid.UUID, lease_id: uuid.UUID,
                 **values: Any) -> bool:
    """Record an attempt's outcome on its delivery, if the lease is still this worker's."""
    d = webhook_deliveries.c
    done = await connection.execute(
        update(webhook_deliveries).where(d.id == delivery_id, d.lease_id == lease_id)
        .values(lease_id=None, **values))
    return done.rowcount == 1


async def insert_attempts(connection: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(insert(webhook_attempts), rows)


async def pause(connection: AsyncConnection, endpoint_id: uuid.UUID) -> None:
    d = webhook_deliveries.c
    await connection.execute(update(webhook_deliveries)
                             .where(d.endpoint_id == endpoint_id, d.state == PENDING)
                             .values(state=PAUSED))


async def resume(connection: AsyncConnection, endpoint_id: uuid.UUID, at_ms: int) -> None:
    d = webhook_deliveries.c
    await connection.execute(update(webhook_deliveries)
                             .where(d.endpoint_id == endpoint_id, d.state == PAUSED)
                             .values(state=PENDING, due_at_ms=at_ms, lease_id=None))


# --- the delivery log -----------------------------------------------------------------------


async def get_delivery(connection: AsyncConnection, delivery_id: uuid.UUID,
                       *, lock: bool = False) -> Delivery | None:
    query = select(*_DELIVERY).where(webhook_deliveries.c.id == delivery_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else Delivery(*row)


async def list_deliveries(connection: AsyncConnection, endpoint_id: uuid.UUID,
                          state: str | None, before_seq: int | None, limit: int
                          ) -> list[Delivery]:
    """An endpoint's deliveries, newest first."""
    d = webhook_deliveries.c
    query = select(*_DELIVERY).where(d.endpoint_id == endpoint_id)
    if state is not None:
        query = query.where(d.state == state)
    if before_seq is not None:
        query = query.where(d.seq < before_seq)
    rows = await connection.execute(query.order_by(d.seq.desc(), d.id.desc()).limit(limit))
    return [Delivery(*row) for row in rows]


async def attempts_of(connection: AsyncConnection, delivery_id: uuid.UUID,
                      limit: int) -> list[Attempt]:
    a = webhook_attempts.c
    rows = await connection.execute(select(*_ATTEMPT).where(a.delivery_id == delivery_id)
                                    .order_by(a.attempt, a.at_ms).limit(limit))
    return [Attempt(*row) for row in rows]


async def get_message(connection: AsyncConnection, message_id: uuid.UUID) -> Message | None:
    row = (await connection.execute(select(*_MESSAGE)
                                    .where(webhook_messages.c.id == message_id))).first()
    return None if row is None else Message(*row)


async def requeue(connection: AsyncConnection, delivery_id: uuid.UUID, state: str,
                  at_ms: int) -> None:
    """Send a finished delivery again from its first attempt (its log stays)."""
    await connection.execute(
        update(webhook_deliveries).where(webhook_deliveries.c.id == delivery_id)
        .values(state=state, attempts=0, due_at_ms=at_ms, lease_id=None, finished_at_ms=None))


# --- retention ------------------------------------------------------------------------------


async def purge(connection: AsyncConnection, before_ms: int, limit: int) -> int:
    """Delete up to `limit` deliveries finished before `before_ms` with their attempts, and
    messages older than that no delivery refers to any more. Returns deliveries deleted."""
    d, a, m = webhook_deliveries.c, webhook_attempts.c, webhook_messages.c
    ids = [row.id for row in await connection.execute(
        select(d.id).where(d.finished_at_ms < before_ms, d.state.in_(FINISHED_STATES))
        .order_by(d.finished_at_ms).limit(limit))]
    if ids:
        await connection.execute(delete(webhook_attempts).where(a.delivery_id.in_(ids)))
        await connection.execute(delete(webhook_deliveries).where(d.id.in_(ids)))
    orphans = select(m.id).where(
        m.created_at_ms < before_ms,
        ~exists().where(and_(d.message_id == m.id))).limit(limit)
    await connection.execute(delete(webhook_messages).where(m.id.in_(orphans.scalar_subquery())))
    return len(ids)

"""The transactional outbox: a unit of work's events, written in its own transaction.

Every unit of work that emitted events writes them here just before its commit (one row per
unit, its events packed as a JSON array, so a gift batch of a thousand gifts costs one insert).
An event therefore exists if and only if the change it reports committed — whoever owned the
unit: a request, the gift writer, a background job, a CLI command. `fancoins.webhooks` turns
the rows into signed deliveries later, off the writer's path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables.webhooks import webhook_outbox
from fancoins.ids import new_id
from fancoins.kit.clock import now_ms
from fancoins.kit.events import DomainEvent


def _data(event: DomainEvent) -> Any:
    # orjson writes a dataclass's fields itself (far faster than `asdict` a thousand times);
    # an event that shapes its own payload says so by overriding `payload`.
    if type(event).payload is DomainEvent.payload:
        return event
    return event.payload()


def _default(value: Any) -> Any:
    """Values orjson does not know (enums are str or int subclasses and pass already)."""
    return str(value)


def encode_events(events: Sequence[DomainEvent], at_ms: int) -> bytes:
    """The outbox row's JSON: each event with a new id, its type, schema version, subject and
    payload."""
    return orjson.dumps(
        [{"id": new_id(), "type": event.type, "version": event.version,
          "subject": event.subject, "at_ms": at_ms, "data": _data(event)} for event in events],
        default=_default)


async def record(connection: AsyncConnection, events: Sequence[DomainEvent]) -> None:
    """Write `events` in the connection's transaction (the caller commits)."""
    if not events:
        return
    at_ms = now_ms()
    await connection.execute(insert(webhook_outbox).values(
        id=new_id(), events=encode_events(events, at_ms).decode(), event_count=len(events),
        created_at_ms=at_ms))

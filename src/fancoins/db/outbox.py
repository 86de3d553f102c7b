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


def _default(value: Any) -> Any:
    """Values orjson does not know (enums are str or int subclasses and pass already)."""
    return str(value)


def encode_events(events: Sequence[DomainEvent], at_ms: int) -> bytes:
    """The outbox row's JSON: each event with a new id, its type, schema version, subject and
    payload. (A gift batch's row holds a thousand events of one class: what the class says is
    looked up once per class.)"""
    kinds: dict[type[DomainEvent], tuple[str, int, bool]] = {}
    items = []
    for event in events:
        kind = kinds.get(type(event))
        if kind is None:
            cls = type(event)
            # orjson writes a dataclass's fields itself (far faster than `asdict` a thousand
            # times); an event that shapes its own payload says so by overriding `payload`.
            kind = kinds[cls] = (cls.type, cls.version, cls.payload is DomainEvent.payload)
        event_type, version, as_is = kind
        items.append({"id": new_id(), "type": event_type, "version": version,
                      "subject": event.subject, "at_ms": at_ms,
                      "data": event if as_is else event.payload()})
    return orjson.dumps(items, default=_default)


async def record(connection: AsyncConnection, events: Sequence[DomainEvent]) -> None:
    """Write `events` in the connection's transaction (the caller commits)."""
    if not events:
        return
    at_ms = now_ms()
    await connection.execute(insert(webhook_outbox).values(
        id=new_id(), events=encode_events(events, at_ms).decode(), event_count=len(events),
        created_at_ms=at_ms))

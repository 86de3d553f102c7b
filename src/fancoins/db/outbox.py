"""The transactional outbox: a unit of work's events, written in its own transaction.

Every unit of work that emitted events writes them here just before its commit (one row per
unit, its events packed as a JSON array, so a gift batch of a thousand gifts costs one insert).
An event therefore exists if and only if the change it reports committed — whoever owned the
unit: a request, the gift writer, a background job, a CLI command. `fancoins.webhooks` turns
the rows into signed deliveries later, off the writer's path.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterator, Sequence
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


# A run of at least this many events of one class in a row (a gift batch's thousand gifts) is
# written as one item: the class's field names once, then each event's values. Each event as
# its own object repeated every field name: a 1,000-gift row was ~550 KB, every byte of it
# written to the table and its log, and orjson walks a slotted dataclass slower than a tuple.
RUN_EVENTS_MIN = 16


def encode_events(events: Sequence[DomainEvent], at_ms: int) -> bytes:
    """The outbox row's JSON: each event with a new id, its type, schema version, subject and
    payload (`decode_events` reads it back, runs of one class included)."""
    items: list[dict[str, Any]] = []
    start = 0
    while start < len(events):
        cls = type(events[start])
        end = start + 1
        while end < len(events) and type(events[end]) is cls:
            end += 1
        # orjson writes a dataclass's fields itself (far faster than `asdict` a thousand
        # times); an event that shapes its own payload says so by overriding `payload`.
        as_is = cls.payload is DomainEvent.payload
        if as_is and end - start >= RUN_EVENTS_MIN:
            names = tuple(f.name for f in dataclasses.fields(cls))
            values = _values_of(names)
            items.append({"type": cls.type, "version": cls.version, "at_ms": at_ms,
                          "fields": names, "events": [
                              (new_id(), event.subject, *values(event))
                              for event in events[start:end]]})
        else:
            items.extend({"id": new_id(), "type": cls.type, "version": cls.version,
                          "subject": event.subject, "at_ms": at_ms,
                          "data": event if as_is else event.payload()}
                         for event in events[start:end])
        start = end
    return orjson.dumps(items, default=_default)


def _values_of(names: tuple[str, ...]) -> Callable[[DomainEvent], tuple[Any, ...]]:
    """An event's values of these fields, as a tuple (`attrgetter` of one name gives the bare
    value, of none is an error)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    return lambda event: tuple(getattr(event, name) for name in names)


def decode_events(text: str | bytes) -> Iterator[dict[str, Any]]:
    """The events of an outbox row, each as {"id", "type", "version", "subject", "at_ms",
    "data"}, in the order they were emitted."""
    for item in orjson.loads(text):
        if "events" not in item:
            yield item
            continue
        names = item["fields"]
        for values in item["events"]:
            yield {"id": values[0], "type": item["type"], "version": item["version"],
                   "subject": values[1], "at_ms": item["at_ms"],
                   "data": dict(zip(names, values[2:], strict=True))}


async def record(connection: AsyncConnection, events: Sequence[DomainEvent]) -> None:
    """Write `events` in the connection's transaction (the caller commits)."""
    if not events:
        return
    at_ms = now_ms()
    await connection.execute(insert(webhook_outbox).values(
        id=new_id(), events=encode_events(events, at_ms).decode(), event_count=len(events),
        created_at_ms=at_ms))

"""The transactional outbox: an event exists if and only if the change it reports committed,
whoever owned the unit of work (a request, a job, a CLI command), on both databases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db import outbox
from fancoins.db.tables.webhooks import webhook_outbox
from fancoins.db.uow import unit
from fancoins.identity.service import users
from fancoins.journal.idempotency import idempotent
from fancoins.kit.events import DomainEvent
from fancoins.streams.service import StreamAlreadyLive


@dataclass(frozen=True, slots=True)
class Pinged(DomainEvent):
    type: ClassVar[str] = "test.pinged"

    user_id: str
    count: int

    @property
    def subject(self) -> str:
        return f"user:{self.user_id}"


async def _outbox(engine: AsyncEngine) -> list[list[dict[str, object]]]:
    async with engine.connect() as connection:
        o = webhook_outbox.c
        rows = await connection.execute(select(o.events, o.event_count).order_by(o.id))
        found = []
        for row in rows:
            events = orjson.loads(row.events)
            assert row.event_count == len(events)
            found.append(events)
        return found


async def test_committed_events_are_in_the_outbox_one_row_per_unit(engine: AsyncEngine) -> None:
    # No sink: a CLI command or a background job owns a unit like this one.
    async with unit(engine) as uow:
        await users.upsert(uow, "ann", display_name="Ann")
        uow.emit(Pinged("ann", 1), Pinged("ann", 2))
    rows = await _outbox(engine)
    assert len(rows) == 1
    first, second = rows[0]
    assert (first["type"], first["subject"], first["version"]) == ("test.pinged", "user:ann", 1)
    assert first["data"] == {"user_id": "ann", "count": 1}
    assert second["data"] == {"user_id": "ann", "count": 2}
    assert first["id"] != second["id"]


async def test_rolled_back_units_leave_nothing(engine: AsyncEngine) -> None:
    with pytest.raises(RuntimeError):
        async with unit(engine) as uow:
            await users.upsert(uow, "bob", display_name="Bob")
            uow.emit(Pinged("bob", 1))
            raise RuntimeError("the change failed")
    assert await _outbox(engine) == []


async def test_a_stored_refusal_takes_back_the_events_of_its_rolled_back_work(
        engine: AsyncEngine) -> None:
    """A refusal that is an idempotency key's answer commits the key but rolls its work back
    to a savepoint: what that work emitted did not happen."""
    async def run() -> str:
        await users.upsert(uow, "cat", display_name="Cat")
        uow.emit(Pinged("cat", 1))
        raise StreamAlreadyLive("s-1")  # a refusal decided from the books

    with pytest.raises(StreamAlreadyLive):
        async with unit(engine) as uow:
            uow.emit(Pinged("cat", 0))  # before the idempotent work: it stays
            await idempotent(uow, "test_ping", "key-1", {"n": 1}, run, str)
    rows = await _outbox(engine)
    assert [[e["data"] for e in row] for row in rows] == [[{"user_id": "cat", "count": 0}]]


@dataclass(frozen=True, slots=True)
class Ponged(DomainEvent):
    type: ClassVar[str] = "test.ponged"

    user_id: str


async def test_a_long_run_of_one_event_class_reads_back_as_each_event_on_its_own(
        engine: AsyncEngine) -> None:
    """A gift batch's thousand events of one class are written compactly (the field names
    once): read back, every event is what it would have been written as alone, in order."""
    run = [Pinged("ann", n) for n in range(outbox.RUN_EVENTS_MIN + 3)]
    # A run of a class with one field too (its values are one value, not a tuple of them).
    one_field = [Ponged(f"viewer-{n}") for n in range(outbox.RUN_EVENTS_MIN)]
    emitted = [Ponged("ann"), *run, Ponged("bob"), Pinged("bob", 7), *one_field]
    async with unit(engine) as uow:
        await users.upsert(uow, "ann", display_name="Ann")
        uow.emit(*emitted)
    async with engine.connect() as connection:
        o = webhook_outbox.c
        row = (await connection.execute(select(o.events, o.event_count))).one()
    events = list(outbox.decode_events(row.events))
    assert row.event_count == len(events) == len(emitted)
    alone = [item for event in emitted
             for item in orjson.loads(outbox.encode_events([event], events[0]["at_ms"]))]
    assert [{k: v for k, v in e.items() if k != "id"} for e in events] == \
        [{k: v for k, v in e.items() if k != "id"} for e in alone]
    assert len({e["id"] for e in events}) == len(emitted)
    assert len(row.events) < len(b"".join(outbox.encode_events([e], 0) for e in emitted))

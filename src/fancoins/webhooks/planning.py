"""Pure decisions of webhook delivery: which messages an outbox round makes and for whom, and
when a failed delivery is tried again. No I/O."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from fancoins.kit.clock import MS_PER_SECOND, iso
from fancoins.webhooks.catalog import GIFT_BATCH, GIFT_SENT, GiftBatch, ordered


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    """One event as the outbox holds it."""

    id: str
    type: str
    version: int
    subject: str
    at_ms: int
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Subscriber:
    endpoint_id: uuid.UUID
    event_types: frozenset[str]
    enabled: bool


@dataclass(slots=True)
class PlannedMessage:
    id: uuid.UUID
    type: str
    subject: str
    body: bytes
    event_count: int
    created_at_ms: int
    ordering_key: str | None
    endpoint_ids: list[uuid.UUID] = field(default_factory=list)


def envelope(message_id: uuid.UUID | str, event_type: str, version: int, subject: str,
             at_ms: int, data: Any) -> bytes:
    """The body every endpoint receives (and that is signed): the same bytes on every retry."""
    return orjson.dumps({"type": event_type, "id": str(message_id), "version": version,
                         "subject": subject, "occurred_at": iso(at_ms), "data": data})


@dataclass(slots=True)
class _Batch:
    subject: str
    events: list[OutboxEvent] = field(default_factory=list)
    message: PlannedMessage | None = None


def plan_messages(
    events: Sequence[OutboxEvent], subscribers: Sequence[Subscriber], gift_batch_max: int,
    new_id: Callable[[], uuid.UUID],
) -> list[PlannedMessage]:
    """The messages for `events` (in commit order), each with the endpoints that get it, in
    the order they must be delivered. A message nobody subscribed to is not made."""
    by_type: dict[str, list[uuid.UUID]] = {}
    for subscriber in subscribers:
        for event_type in subscriber.event_types:
            by_type.setdefault(event_type, []).append(subscriber.endpoint_id)
    batch_endpoints = by_type.get(GIFT_BATCH, [])
    messages: list[PlannedMessage] = []
    open_batches: dict[str, _Batch] = {}
    batches: list[_Batch] = []
    for event in events:
        if event.type == GIFT_SENT and batch_endpoints:
            batch = open_batches.get(event.subject)
            if batch is None or len(batch.events) >= gift_batch_max:
                batch = open_batches[event.subject] = _Batch(event.subject)
                batch.message = PlannedMessage(new_id(), GIFT_BATCH, event.subject, b"", 0,
                                               event.at_ms, event.subject,
                                               list(batch_endpoints))
                messages.append(batch.message)  # its place: its first gift's
                batches.append(batch)
            batch.events.append(event)
        elif event.subject in open_batches:
            del open_batches[event.subject]  # later gifts of it go after this event
        endpoints = by_type.get(event.type)
        if endpoints:
            messages.append(PlannedMessage(
                uuid.UUID(event.id), event.type, event.subject,
                envelope(event.id, event.type, event.version, event.subject, event.at_ms,
                         event.data),
                1, event.at_ms, event.subject if ordered(event.type) else None,
                list(endpoints)))
    for batch in batches:
        _fill_batch(batch)
    return messages


def _fill_batch(batch: _Batch) -> None:
    message = batch.message
    if message is None:
        return
    gifts = [e.data for e in batch.events]
    data = {
        "stream_id": gifts[0].get("stream_id"), "video_id": gifts[0].get("video_id"),
        "gift_count": len(gifts), "coins": sum(int(g.get("coins", 0)) for g in gifts),
        "diamonds": sum(int(g.get("diamonds", 0)) for g in gifts),
        "first_committed_at_ms": batch.events[0].at_ms,
        "last_committed_at_ms": batch.events[-1].at_ms,
        "gifts": [{"event_id": e.id, "gift": e.data} for e in batch.events],
    }
    last = batch.events[-1].at_ms
    message.body = envelope(message.id, GIFT_BATCH, GiftBatch.version, batch.subject, last,
                            data)
    message.event_count = len(gifts)
    message.created_at_ms = last


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts_max: int
    initial_s: float
    max_s: float


def plan_retry(attempt: int, policy: RetryPolicy, rng: random.Random) -> int | None:
    """Milliseconds until the next attempt after failed attempt number `attempt` (1-based),
    or None when the delivery is dead-lettered. Exponential (doubling from `initial_s`,
    capped at `max_s`) with "equal jitter": between half the delay and the whole of it, so
    retries of many deliveries failing together spread out but still back off."""
    if attempt >= policy.attempts_max:
        return None
    delay_s = min(policy.max_s, policy.initial_s * 2 ** (attempt - 1))
    return int(rng.uniform(delay_s / 2, delay_s) * MS_PER_SECOND)


@dataclass(frozen=True, slots=True)
class DisablePolicy:
    failures_min: int
    failing_ms: int


def plan_disable(consecutive_failures: int, failing_since_ms: int | None, at_ms: int,
                 policy: DisablePolicy) -> bool:
    """An endpoint is disabled after `failures_min` failed attempts in a row that have also
    lasted `failing_ms` (a short outage never disables it)."""
    return (consecutive_failures >= policy.failures_min and failing_since_ms is not None
            and at_ms - failing_since_ms >= policy.failing_ms)

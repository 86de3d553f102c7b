"""The contract between the gift writer and real-time delivery.

The writer hands each committed batch to `CommitFeed.publish` *after* its commit; listeners
(the LIVE event fan-out, leaderboards) turn them into viewer events. Nothing here is published
for a gift that did not commit.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import structlog

from fancoins.kit.events import DomainEvent

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class GiftCommitted:
    gift_event_id: uuid.UUID  # the gift's id (its ledger transfer id)
    stream_id: str | None
    video_id: str | None
    comment_id: str | None
    sender_id: str
    sender_display_name: str
    recipient_id: str
    gift_id: str
    gift_name: str
    gift_price_coins: int
    streakable: bool
    count: int
    coins: int
    diamonds: int
    sender_lifetime_coins: int  # after this gift, for the gifter level
    committed_at_ms: int


Listener = Callable[[Sequence[GiftCommitted]], Awaitable[None]]


class CommitFeed:
    """In-process fan-out of committed gift batches to listeners.

    Listeners run after the commit and must be quick; one failing listener is logged and never
    affects the gift path or the other listeners.
    """

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    async def publish(self, batch: Sequence[GiftCommitted]) -> None:
        if not batch or not self._listeners:
            return
        results = await asyncio.gather(
            *(listener(batch) for listener in self._listeners), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                log.error("commit_listener_failed", error=repr(result))


# --- stream lifecycle: emitted by `fancoins.streams` on its unit of work ---


@dataclass(frozen=True, slots=True)
class StreamEnded(DomainEvent):
    type: ClassVar[str] = "stream.ended"

    stream_id: str
    creator_id: str
    started_at_ms: int
    ended_at_ms: int

    @property
    def subject(self) -> str:
        return f"stream:{self.stream_id}"

"""Domain events: what happened, told after the commit that made it true.

A service emits an event on its unit of work (`uow.emit(...)`); the unit writes it to the
outbox in the same transaction (so an event exists if and only if its change committed) and,
after the commit, hands it to the in-process listeners (LIVE, caches). Events are past tense.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import structlog

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class DomainEvent:
    """Subclasses set `type` ("stream.ended") and are frozen dataclasses of plain values."""

    type: ClassVar[str] = "event"
    # The payload's schema version, published with every webhook: bumped when a field changes
    # meaning or goes away (adding a field keeps the version).
    version: ClassVar[int] = 1

    @property
    def subject(self) -> str:
        """What the event is about; events of one subject are delivered in order."""
        return self.type

    def payload(self) -> dict[str, Any]:
        return asdict(self)


Listener = Callable[[Sequence[DomainEvent]], Awaitable[None]]


class EventBus:
    """In-process fan-out of committed events to listeners, by event type (or all).

    Listeners run after the commit and must be quick; a failing listener is logged and never
    affects the writer that committed or the other listeners.
    """

    def __init__(self) -> None:
        self._listeners: defaultdict[str, list[Listener]] = defaultdict(list)

    def subscribe(self, listener: Listener, *types: str) -> None:
        for event_type in types or ("*",):
            self._listeners[event_type].append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        for listeners in self._listeners.values():
            if listener in listeners:
                listeners.remove(listener)

    async def publish(self, events: Sequence[DomainEvent]) -> None:
        if not events or not self._listeners:
            return
        by_listener: dict[Listener, list[DomainEvent]] = {}
        for event in events:
            for listener in (*self._listeners.get(event.type, ()), *self._listeners.get("*", ())):
                by_listener.setdefault(listener, []).append(event)
        if not by_listener:
            return
        results = await asyncio.gather(*(listener(batch) for listener, batch
                                         in by_listener.items()), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                log.error("event_listener_failed", error=repr(result))

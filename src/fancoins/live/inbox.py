"""The one way committed gifts reach LIVE: the process's event bus, after each commit.

The gift writer's batches emit `GiftSent` on their unit of work and the streams domain emits
`StreamEnded`; after the commit the bus hands them here. Taking them is O(batch) and never
waits (the gift path never waits on LIVE): the tick drains the inbox. The inbox is bounded;
what does not fit is counted and logged (events are lost, never gifts).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Sequence

import structlog

from fancoins.battles.events import BattleStarted
from fancoins.gifts.events import GiftSent
from fancoins.goals.events import GoalsChanged
from fancoins.kit.events import DomainEvent, EventBus
from fancoins.streams.events import StreamEnded

# Battles and goals that changed outside a tick (a battle started, a goal was set): the next
# tick announces them. Few per stream; bounded anyway.
NOTICES_MAX = 10_000

log = structlog.get_logger(__name__)


class LiveInbox:
    def __init__(self, gifts_max: int) -> None:
        self._gifts_max = gifts_max
        self.gifts: deque[GiftSent] = deque()
        self.ended: deque[StreamEnded] = deque()
        self.notices: deque[DomainEvent] = deque(maxlen=NOTICES_MAX)
        self.waiting = asyncio.Event()  # set when gifts or stream ends wait for a tick
        self.gifts_dropped = 0  # events lost to a full inbox (never gifts): a metric

    def subscribe(self, bus: EventBus) -> None:
        bus.subscribe(self.take, GiftSent.type, StreamEnded.type, BattleStarted.type,
                      GoalsChanged.type)

    def unsubscribe(self, bus: EventBus) -> None:
        bus.unsubscribe(self.take)

    async def take(self, events: Sequence[DomainEvent]) -> None:
        """Bus listener: stream gifts and stream ends, in commit order."""
        room = self._gifts_max - len(self.gifts)
        dropped = 0
        for event in events:
            if isinstance(event, GiftSent):
                if event.stream_id is None:
                    continue
                if room <= 0:
                    dropped += 1
                    continue
                room -= 1
                self.gifts.append(event)
            elif isinstance(event, StreamEnded):
                self.ended.append(event)
            elif isinstance(event, BattleStarted | GoalsChanged):
                self.notices.append(event)
        if dropped:
            self.gifts_dropped += dropped
            log.error("live_inbox_full", dropped=dropped)
        self.waiting.set()

    def take_notices(self) -> list[DomainEvent]:
        notices = list(self.notices)
        self.notices.clear()
        return notices

    def take_gifts(self) -> list[GiftSent]:
        gifts = list(self.gifts)
        self.gifts.clear()
        return gifts

    def waits_for(self, stream_id: str) -> bool:
        """Whether gifts of the stream wait for the next tick."""
        return any(gift.stream_id == stream_id for gift in self.gifts)

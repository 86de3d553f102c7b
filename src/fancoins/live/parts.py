"""How a LIVE feature (battles, gift goals, fan clubs...) joins the stream's events.

A part is registered once on the engine (`LiveEngine.add_part`) and:
- `on_gifts`: each tick, gets the gifts that committed since the last one and returns events
  per stream (scores, progress, a goal reached); they ride in the same numbered frame as
  those gifts' events, logged with them, so they reach every process, are replayed to a
  process that missed them and — for kinds declared `in_history` — shown to viewers who join;
- `snapshot`: its current state of a stream (a score, a goal's progress), put in the first
  frame of every viewer who joins and in every snapshot resync.
Events at any other moment (a battle starts, ends) go through `LiveEngine.feed.publish`, the
same numbered, logged path. Declare each kind of event once with `frames.event_kind`.
Battles, goals and fan clubs (`features.py`) are a part for their snapshot only: what gifts
do to them must be written in the tick's own transaction, so the tick runs that work itself
and puts their events in the same numbered frame.

`on_gifts` runs on the tick, before the tick's transaction: keep it quick (its own reads and
writes, bounded); an error is logged and that tick goes out without the part's events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from fancoins.gifts.events import GiftSent
from fancoins.live.frames import Event


class LivePart(Protocol):
    async def on_gifts(self, gifts: Sequence[GiftSent], at_ms: int
                       ) -> Mapping[str, Sequence[Event]]:
        """Events for the streams these committed gifts went to (by stream id)."""

    async def snapshot(self, stream_id: str, at_ms: int) -> Sequence[Event]:
        """The part's current state of a stream (unnumbered events), for a viewer's first
        frame and snapshot resyncs; none when it has nothing to show."""

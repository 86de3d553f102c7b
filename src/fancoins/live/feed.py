"""The one way LIVE events reach viewers: numbered, logged, then fanned out.

Every part of LIVE publishes through `LiveFeed` — the tick (gifts, combos, boards), the
stream's end, and other parts (battles, goals: see `parts.py`). A frame's numbered events take
the stream's next numbers and the frame is written to the stream's log in the same
transaction; after its commit the hub fans it out. Because the log holds every frame:
- a process that missed one (Redis lost it, or was down) reads it back (the feed is the
  hub's `FrameSource`), so viewers get every event once and in order;
- a viewer who joins gets the stream's last events (see `history.py`);
- a stream's end is told only after every committed gift was (see `ending.py`).
State events (viewer counts) are fanned out as they are: no number, no log row.

A frame that could not be logged (the database did not answer) waits and goes first in the
next transaction; a retried frame that did commit is found by its id, never logged twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import orjson
import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.gifts.events import GiftSent
from fancoins.ids import new_id, now_ms
from fancoins.live import repository
from fancoins.live.frames import Event, kind_of
from fancoins.live.repository import LoggedFrame, Numbers
from fancoins.live.writes import LiveWrites
from fancoins.realtime.hub import Hub
from fancoins.realtime.protocol import Frame

log = structlog.get_logger(__name__)

# Frames kept while the database does not answer; past it the oldest are dropped (logged):
# the gifts they told of are still told at the stream's end (a recovered summary).
UNLOGGED_FRAMES_MAX = 10_000
# A stream keeps at least its last this many numbers past the retention, for history on
# join in a quiet stream (boards and moments in between included).
LOG_KEEP_SEQS = 1000


@dataclass(slots=True)
class Outgoing:
    """One stream's events for one frame, and the committed gifts they tell of."""

    events: list[Event]
    gifts: Sequence[GiftSent] = ()
    final: bool = False
    frame_id: uuid.UUID = field(default_factory=new_id)

    def numbers(self, stream_id: str) -> Numbers:
        gifts = self.gifts
        return Numbers(stream_id, sum(1 for e in self.events if kind_of(e["type"]).numbered),
                       len(gifts), sum(g.count for g in gifts), sum(g.coins for g in gifts),
                       sum(g.diamonds for g in gifts))


Item = tuple[str, Outgoing]


@dataclass(frozen=True, slots=True)
class Appended:
    """A frame logged (or, unnumbered, ready) in a transaction: fan it out after the
    commit."""

    stream_id: str
    frame_id: uuid.UUID
    frame: Frame


class StreamAlreadyEnded(Exception):
    """A second final frame for a stream: its end is logged once."""


def _frame(row: LoggedFrame) -> Frame:
    return Frame(row.payload, first_seq=row.seq_first, last_seq=row.seq_last, final=row.final,
                 committed_ms=row.committed_at_ms)


class LiveFeed:
    def __init__(self, db: AsyncEngine, writes: LiveWrites, hub: Hub, settings: Settings
                 ) -> None:
        self._db = db
        self._writes = writes
        self._hub = hub
        self._retention_ms = settings.live.log_retention_s * 1000
        self._unlogged: list[Item] = []  # waiting for the database, in order

    # --- publishing ------------------------------------------------------------------------

    async def publish(self, stream_id: str, events: Sequence[Event], *,
                      gifts: Sequence[GiftSent] = (), final: bool = False) -> None:
        """Number, log and fan out `events` for a stream's viewers (one frame), in a
        transaction of its own. The typed way in for any LIVE part."""
        await self.publish_many([(stream_id, Outgoing(list(events), gifts, final))])

    async def publish_many(self, items: Sequence[Item]) -> None:
        """Several frames in one transaction (in order); kept for the next one if the
        database does not answer."""
        if not self._unlogged and not any(self._numbered(o) for _, o in items):
            await self.fan_out([Appended(s, o.frame_id, self._encode(o, 0, 0))
                                for s, o in items])
            return
        try:
            async with self._writes.transaction() as connection:
                appended = await self.append(connection, items)
        except Exception as error:
            self._keep(items)
            log.error("live_log_failed", frames=len(items), waiting=len(self._unlogged),
                      error=repr(error))
            return
        await self.fan_out(appended)

    async def append(self, connection: AsyncConnection, items: Sequence[Item]
                     ) -> list[Appended]:
        """Number and log `items`, after any frame still waiting, in the caller's
        transaction; hand the result to `fan_out` once it committed. (If the transaction
        fails, the waiting frames still wait; `items` are the caller's to keep or retry.)"""
        waiting = list(self._unlogged)
        done = await repository.frames_by_id(connection, [o.frame_id for _, o in waiting])
        appended: list[Appended] = []
        todo: list[Item] = []
        for stream_id, outgoing in (*waiting, *items):
            logged = done.get(outgoing.frame_id)
            if logged is not None:  # committed before, though its transaction seemed lost
                appended.append(Appended(stream_id, outgoing.frame_id, _frame(logged)))
            elif self._numbered(outgoing):
                todo.append((stream_id, outgoing))
            else:
                appended.append(Appended(stream_id, outgoing.frame_id,
                                         self._encode(outgoing, 0, 0)))
        return appended + await self._log(connection, todo)

    async def fan_out(self, appended: Sequence[Appended]) -> None:
        """After the commit: every frame to the viewers of its stream, on every process."""
        sent = {a.frame_id for a in appended}
        self._unlogged = [(s, o) for s, o in self._unlogged if o.frame_id not in sent]
        for item in appended:
            await self._hub.publish(item.stream_id, item.frame)

    async def _log(self, connection: AsyncConnection, items: Sequence[Item]
                   ) -> list[Appended]:
        if not items:
            return []
        at_ms = now_ms()
        wanted: dict[str, Numbers] = {}
        for stream_id, outgoing in items:
            more = outgoing.numbers(stream_id)
            known = wanted.get(stream_id)
            wanted[stream_id] = more if known is None else Numbers(
                stream_id, known.events + more.events, known.sends + more.sends,
                known.gift_count + more.gift_count, known.coins + more.coins,
                known.diamonds + more.diamonds)
        last = await repository.take_numbers(connection, list(wanted.values()), at_ms)
        next_seq = {s: last[s] - n.events + 1 for s, n in wanted.items()}
        appended: list[Appended] = []
        rows = []
        for stream_id, outgoing in items:
            frame = self._encode(outgoing, next_seq[stream_id],
                                 outgoing.numbers(stream_id).events)
            next_seq[stream_id] = frame.last_seq + 1
            if outgoing.final and not await repository.mark_ended(connection, stream_id,
                                                                  frame.last_seq):
                raise StreamAlreadyEnded(stream_id)
            rows.append({"stream_id": stream_id, "seq_first": frame.first_seq,
                         "seq_last": frame.last_seq, "frame_id": outgoing.frame_id,
                         "final": frame.final, "committed_at_ms": frame.committed_ms or at_ms,
                         "payload": frame.payload, "created_at_ms": at_ms})
            appended.append(Appended(stream_id, outgoing.frame_id, frame))
        await repository.insert_frames(connection, rows)
        return appended

    @staticmethod
    def _numbered(outgoing: Outgoing) -> bool:
        return any(kind_of(e["type"]).numbered for e in outgoing.events)

    @staticmethod
    def _encode(outgoing: Outgoing, first_seq: int, count: int) -> Frame:
        """The frame's JSON, its numbered events numbered from `first_seq` in order."""
        seq = first_seq
        for event in outgoing.events:
            if count and kind_of(event["type"]).numbered:
                event["seq"] = seq
                seq += 1
        committed = min((g.committed_at_ms for g in outgoing.gifts), default=0)
        return Frame(orjson.dumps(outgoing.events), first_seq=first_seq if count else 0,
                     last_seq=seq - 1 if count else 0, final=outgoing.final,
                     committed_ms=committed)

    def _keep(self, items: Sequence[Item]) -> None:
        kept = [*self._unlogged, *items]
        if len(kept) > UNLOGGED_FRAMES_MAX:
            log.error("live_log_frames_dropped", dropped=len(kept) - UNLOGGED_FRAMES_MAX)
            kept = kept[-UNLOGGED_FRAMES_MAX:]
        self._unlogged = kept

    # --- reading back: the hub's FrameSource -----------------------------------------------

    async def frames_after(self, stream_id: str, after_seq: int, limit: int) -> list[Frame]:
        async with read_only(self._db) as connection:
            rows = await repository.frames_after(connection, stream_id, after_seq, limit)
        return [_frame(row) for row in rows]

    async def tail(self, stream_id: str, frames_max: int) -> list[Frame]:
        async with read_only(self._db) as connection:
            rows = await repository.last_frames(connection, stream_id, frames_max)
        return [_frame(row) for row in rows]

    async def heads(self, stream_ids: Collection[str]) -> Mapping[str, int]:
        async with read_only(self._db) as connection:
            return await repository.heads(connection, stream_ids)

    # --- keeping the log bounded -----------------------------------------------------------

    async def prune(self, at_ms: int) -> int:
        async with self._writes.transaction() as connection:
            return await repository.prune(connection, at_ms - self._retention_ms,
                                          LOG_KEEP_SEQS)

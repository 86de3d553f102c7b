"""The tick: what waits in the inbox becomes one coalesced frame per stream.

Gift frames run on one loop (a tick as soon as something waits, never two within
`live_tick_ms`); boards and viewer counts on another, each at its own bounded rate, so a slow
board query never delays the next tick's gifts. Events are only ever built from what
committed. A board or viewer-count event rides on its stream's next gift frame when gifts of
that stream wait for the next tick (at most `live_tick_ms` away): under a storm a viewer then
gets one frame per tick, not one more per board and count.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.config import Settings
from fancoins.economy.boards import plan_board_change
from fancoins.gifts.events import GiftSent
from fancoins.ids import new_id, now_ms
from fancoins.live import frames
from fancoins.live.boards import StreamBoards
from fancoins.live.combos import Combo, ComboOutcome
from fancoins.live.features import FeatureOutcome, LiveFeatures
from fancoins.live.inbox import LiveInbox
from fancoins.live.presence import ViewerPresence
from fancoins.live.recorder import ComboRecorder
from fancoins.realtime.hub import Hub
from fancoins.realtime.protocol import encode_frame
from fancoins.streams.events import StreamEnded

log = structlog.get_logger(__name__)


class LiveTick:
    def __init__(self, settings: Settings, hub: Hub, inbox: LiveInbox, recorder: ComboRecorder,
                 boards: StreamBoards, presence: ViewerPresence,
                 features: LiveFeatures) -> None:
        self.settings = settings
        self._hub = hub
        self._inbox = inbox
        self._recorder = recorder
        self._boards = boards
        self._presence = presence
        self._features = features
        self._levels = settings.economy.levels
        self._tiers = settings.economy.gift_tiers
        self._last_watch_ms = 0
        self._board_changed: set[str] = set()
        # Board and viewer-count events waiting to ride on their stream's next gift frame.
        self._riders: defaultdict[str, list[frames.Event]] = defaultdict(list)
        self._last_sweep_ms = self._last_board_ms = self._last_viewers_ms = 0
        self.ticks = 0

    # --- the loops ---------------------------------------------------------------------

    async def run_gifts(self) -> None:
        """A tick as soon as something waits, but never two within `live_tick_ms`: at low
        rates a gift goes out at once, under a storm frames come one tick apart."""
        loop = asyncio.get_running_loop()
        interval_s = self.settings.live_tick_ms / 1000
        sweep_s = self.settings.live_combo_sweep_interval_ms / 1000
        waiting = self._inbox.waiting
        last = loop.time() - interval_s
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(sweep_s):  # lapsed combos end without new gifts
                    await waiting.wait()
            await asyncio.sleep(max(0.0, last + interval_s - loop.time()))
            last = loop.time()
            waiting.clear()
            try:
                await self.tick(now_ms())
            except Exception:  # a bad tick is logged; the next one runs
                log.exception("live_tick_failed", step="gifts")

    async def run_boards(self) -> None:
        await _every(self.tick_boards, self.settings.live_tick_ms)

    # --- one tick ----------------------------------------------------------------------

    async def tick(self, at_ms: int) -> None:
        """Gifts committed since the last tick: combos, then one frame per stream; then the
        streams that ended (after their last gifts)."""
        self.ticks += 1
        gifts = self._inbox.take_gifts()
        notices = self._inbox.take_notices()
        sweep = at_ms - self._last_sweep_ms >= self.settings.live_combo_sweep_interval_ms
        if gifts or sweep or notices:
            step = self._features.step(gifts, notices, at_ms, sweep)
            recorded = await self._recorder.record(gifts, at_ms, sweep, also=step.run)
            features = step.outcome
            if recorded is None:  # nothing of the transaction committed
                recorded = ComboOutcome(per_gift=[None] * len(gifts)), []
                features = FeatureOutcome()
            elif sweep:
                self._last_sweep_ms = at_ms
            self._features.merge(features)
            await self._publish_gifts(gifts, *recorded, features)
        while self._inbox.ended:
            await self._end_stream(self._inbox.ended.popleft(), at_ms)

    async def tick_boards(self, at_ms: int) -> None:
        """Boards and viewer counts, each at its own bounded rate."""
        if at_ms - self._last_board_ms >= self.settings.live_board_interval_ms:
            self._last_board_ms = at_ms
            await self._publish_contests(at_ms)
            await self._publish_boards(at_ms)
        if at_ms - self._last_viewers_ms >= self.settings.live_viewers_interval_ms:
            self._last_viewers_ms = at_ms
            await self._publish_viewers(at_ms)
        if at_ms - self._last_watch_ms >= self.settings.fan_club_watch_interval_s * 1000:
            self._last_watch_ms = at_ms
            await self._credit_watch(at_ms)

    async def _publish_gifts(self, gifts: list[GiftSent], outcome: ComboOutcome,
                             swept: list[Combo], features: FeatureOutcome) -> None:
        items: defaultdict[str, list[tuple[GiftSent, Combo | None]]] = defaultdict(list)
        for gift, combo in zip(gifts, outcome.per_gift, strict=True):
            items[gift.stream_id or ""].append((gift, combo))
            self._boards.remember_lifetime(gift.sender_id, gift.sender_lifetime_coins)
        ended: defaultdict[str, list[Combo]] = defaultdict(list)
        for combo in (*outcome.ended, *swept):
            ended[combo.stream_id].append(combo)
        for stream_id in {*items, *ended, *features.events}:
            ranks = self._boards.ranks(stream_id)
            ended_ids = {c.id for c in ended.get(stream_id, ())}
            stream_items = items.get(stream_id, ())
            clubs = features.clubs_of(stream_items[0][0].recipient_id) if stream_items else {}
            events = frames.gift_events(
                stream_id, stream_items, ended_ids, self._levels, ranks,
                self.settings.live_frame_gift_events_max, new_id, self._tiers, clubs)
            events += [frames.combo_ended(c, self._levels, ranks, clubs)
                       for c in ended[stream_id]]
            events += features.events.get(stream_id, [])  # battles, goals, clubs: after
            if stream_id in items:
                self._board_changed.add(stream_id)
            riders = self._riders.pop(stream_id, [])  # older: first
            await self._hub.publish(stream_id, encode_frame([*riders, *events]))

    async def _publish_boards(self, at_ms: int) -> None:
        changed, self._board_changed = self._board_changed, set()
        size = self.settings.live_stream_board_size
        for stream_id in changed:
            previous = self._boards.cached(stream_id)
            board = await self._boards.board(stream_id, at_ms, fresh=True)
            change = plan_board_change(previous.standings if previous else (), board.standings)
            if change.empty:
                continue
            await self._publish_or_ride(stream_id, frames.leaderboard_event(
                stream_id, change, board.lines, size, self._levels, at_ms, new_id))

    async def _publish_contests(self, at_ms: int) -> None:
        """Battle scores and goal progress that moved since the last board interval."""
        if not self._features.moved:  # no write transaction (SQLite: no wait for the lock)
            return
        try:
            async with self._recorder.transaction() as connection:
                events = await self._features.flush(connection, at_ms)
        except Exception:
            self._features.restore()
            raise
        for stream_id, stream_events in events.items():
            for event in stream_events:
                await self._publish_or_ride(stream_id, event)

    async def _credit_watch(self, at_ms: int) -> None:
        due = self._features.watch.due(at_ms)
        if due:  # nobody watching: no write transaction
            async with self._recorder.transaction() as connection:
                await self._features.credit_watch(connection, due, at_ms)

    async def _publish_viewers(self, at_ms: int) -> None:
        for stream_id in self._presence.take_changed():
            count = await self._presence.total(stream_id)
            await self._publish_or_ride(stream_id,
                                        frames.viewers_event(stream_id, count, at_ms, new_id))

    async def _publish_or_ride(self, stream_id: str, event: frames.Event) -> None:
        if self._inbox.waits_for(stream_id):
            self._riders[stream_id].append(event)
        else:  # with any rider left behind (a failed tick), in order
            await self._hub.publish(stream_id,
                                    encode_frame([*self._riders.pop(stream_id, []), event]))

    async def _end_stream(self, event: StreamEnded, at_ms: int) -> None:
        """End the stream's combos, send its final board, `stream.ended`, then close."""
        stream_id = event.stream_id

        async def close_goals(connection: AsyncConnection) -> None:
            await self._features.end_stream(connection, stream_id, at_ms)

        ended = await self._recorder.end_stream(stream_id, at_ms, also=close_goals)
        board = await self._boards.board(stream_id, at_ms, fresh=True)
        ranks = board.ranks
        events = [frames.combo_ended(c, self._levels, ranks) for c in ended]
        events.append(frames.leaderboard_event(
            stream_id, None, board.lines, self.settings.live_stream_board_size, self._levels,
            at_ms, new_id))
        events.append(frames.stream_ended_event(stream_id, event.ended_at_ms,
                                                lambda: uuid.uuid5(uuid.NAMESPACE_URL,
                                                                   f"ended:{stream_id}")))
        await self._hub.publish(stream_id, encode_frame(events), final=True)
        self._boards.forget(stream_id)
        self._board_changed.discard(stream_id)
        self._riders.pop(stream_id, None)  # the final frame carried the full board


async def _every(step: Callable[[int], Awaitable[None]], interval_ms: int) -> None:
    loop = asyncio.get_running_loop()
    interval_s = interval_ms / 1000
    while True:
        started = loop.time()
        try:
            await step(now_ms())
        except Exception:  # a bad tick is logged; the next one runs
            log.exception("live_tick_failed", step=step.__name__)
        await asyncio.sleep(max(0.0, interval_s - (loop.time() - started)))

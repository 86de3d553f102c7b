"""The tick: what waits in the inbox becomes one coalesced frame per stream.

Gift frames run on one loop (a tick as soon as something waits, never two within
`live.tick_ms`); boards and viewer counts on another, each at its own bounded rate, so a slow
board query never delays the next tick's gifts. Events are only ever built from what
committed. One short transaction a tick records the tick's combos and logs its frames (see
`feed.py`), which are fanned out after it commits. A board or viewer-count event rides on its
stream's next gift frame when gifts of that stream wait for the next tick (at most
`live.tick_ms` away): under a storm a viewer then gets one frame per tick, not one more per
board and count. In the same transaction (a savepoint of its own) the tick's gifts and
notices move battles, goals and fan clubs (`features.py`): their events go in the tick's
numbered frames; battle scores and goal progress are written and told at most once per board
interval, riding like boards. Parts (`parts.py`) add their events to the tick's frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.config import Settings
from fancoins.gifts.events import GiftSent
from fancoins.ids import new_id, now_ms
from fancoins.kit.events import DomainEvent
from fancoins.kit.tasks import stop_if_cancelled
from fancoins.live import frames
from fancoins.live.boards import StreamBoards, board_change
from fancoins.live.combos import Combo, ComboOutcome
from fancoins.live.ending import StreamEnding
from fancoins.live.features import FeatureOutcome, LiveFeatures
from fancoins.live.feed import Appended, Item, LiveFeed, Outgoing
from fancoins.live.inbox import NOTICES_MAX, LiveInbox
from fancoins.live.parts import LivePart
from fancoins.live.presence import ViewerPresence
from fancoins.live.recorder import ComboRecorder
from fancoins.live.writes import LiveWrites
from fancoins.streams.service import streams

log = structlog.get_logger(__name__)

# Two processes may start a combo for the same sender at once; the loser retries its tick.
TICK_TX_ATTEMPTS = 3

Contributions = dict[str, list[frames.Event]]


class Unrecorded:
    """What a tick rolled back did not record, for the next tick: gifts whose combos are not
    written, gifts and notices whose battles, goals and fan clubs are not. Their frames went
    out without them. Bounded like the inbox: past the bound the oldest are dropped, counted
    and logged (their effects are lost, never the gifts)."""

    def __init__(self, gifts_max: int) -> None:
        self._gifts_max = gifts_max
        self.combo_gifts: list[GiftSent] = []
        self.gifts: list[GiftSent] = []
        self.notices: list[DomainEvent] = []
        self.dropped = 0

    def keep(self, combo_gifts: Sequence[GiftSent], gifts: Sequence[GiftSent],
             notices: Sequence[DomainEvent]) -> None:
        self.combo_gifts, self.gifts = [*combo_gifts], [*gifts]
        self.notices = [*notices][-NOTICES_MAX:]
        over = max(len(self.combo_gifts), len(self.gifts)) - self._gifts_max
        if over > 0:
            self.dropped += over
            self.combo_gifts = self.combo_gifts[-self._gifts_max:]
            self.gifts = self.gifts[-self._gifts_max:]
            log.error("live_unrecorded_dropped", dropped=over)

    def take(self) -> Unrecorded:
        taken = Unrecorded(self._gifts_max)
        taken.combo_gifts, taken.gifts, taken.notices = self.combo_gifts, self.gifts, self.notices
        self.combo_gifts, self.gifts, self.notices = [], [], []
        return taken


class LiveTick:
    def __init__(self, settings: Settings, feed: LiveFeed, writes: LiveWrites,
                 inbox: LiveInbox, recorder: ComboRecorder, boards: StreamBoards,
                 presence: ViewerPresence, parts: Sequence[LivePart], ending: StreamEnding,
                 features: LiveFeatures, *, aligned: bool = True) -> None:
        self.settings = settings
        self.aligned = aligned  # ticks on shared wall-clock boundaries (`next_tick_ms`)
        self._feed = feed
        self._writes = writes
        self._inbox = inbox
        self._recorder = recorder
        self._boards = boards
        self._presence = presence
        self._parts = parts
        self._ending = ending
        self._features = features
        self._unrecorded = Unrecorded(settings.live.inbox_gifts_max)
        self._levels = settings.economy.levels
        self._tiers = settings.economy.gift_tiers
        self._last_watch_ms = 0
        self._board_changed: set[str] = set()
        # Board and viewer-count events waiting to ride on their stream's next gift frame.
        self._riders: defaultdict[str, list[frames.Event]] = defaultdict(list)
        # Machine-clock seconds: since when a stream's riders wait, and its last gift frame.
        self._riding_since: dict[str, float] = {}
        self._gift_frame_at: dict[str, float] = {}
        # The riders (list, how many) each frame being logged took: riders added meanwhile
        # stay for the next. (A list taken whole meanwhile went out whole: it is not this.)
        self._riders_taken: dict[str, tuple[list[frames.Event], int]] = {}
        # Gifts flow while a stream's last gift frame went out within this; its riders wait
        # that long for the next. A tick, not longer, lost most riders under load: ticks then
        # outlast `tick_ms` (measured at 2,000 viewers on a loaded machine: most boards and
        # scores went alone, a quarter of the messages). A board interval bounds the wait:
        # boards come no more often anyway.
        self._ride_wait_s = max(settings.live.tick_ms, settings.live.board_interval_ms) / 1000
        self._board_interval_ms = settings.live.board_interval_ms
        self._last_sweep_ms = self._last_board_ms = self._last_viewers_ms = 0
        # Battle scores and goal progress: last written (by either loop), and whether a
        # write of them is under way (one at a time: `LiveFeatures.restore` undoes one).
        self._last_contests_ms = 0
        self._contests_writing = False
        # Machine-clock seconds of the last tick that told of gifts: while gift ticks come,
        # they write the scores (in their own transaction), not the board loop.
        self._last_gift_tick_s = -math.inf
        self._last_prune_ms = now_ms()
        self._last_end_check_ms = 0
        self.ticks = 0

    # --- the loops ---------------------------------------------------------------------

    async def run_gifts(self) -> None:
        """A tick once something waits, never two within `live.tick_ms` (see `next_tick_ms`):
        under a storm frames come one tick apart."""
        interval_ms = self.settings.live.tick_ms
        sweep_s = self.settings.live.combo_sweep_interval_ms / 1000
        waiting = self._inbox.waiting
        last_ms = 0.0
        while True:
            stop_if_cancelled()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(sweep_s):  # lapsed combos end without new gifts
                    await waiting.wait()
            now = time.time() * 1000  # the machine's clock (never a test's manual clock)
            last_ms = next_tick_ms(now, last_ms, interval_ms, aligned=self.aligned)
            await asyncio.sleep(min(interval_ms, max(0.0, last_ms - now)) / 1000)
            waiting.clear()
            try:
                await self.tick(now_ms())
            except Exception:  # a bad tick is logged; the next one runs
                log.exception("live_tick_failed", step="gifts")

    async def run_boards(self) -> None:
        await _every(self.tick_boards, self.settings.live.tick_ms)

    # --- one tick ----------------------------------------------------------------------

    async def tick(self, at_ms: int) -> None:
        """Gifts committed since the last tick: combos, then one frame per stream; then the
        streams that ended (told once every process's last gifts are out: `ending.py`)."""
        self.ticks += 1
        gifts = self._inbox.take_gifts()
        notices = self._inbox.take_notices()
        sweep = at_ms - self._last_sweep_ms >= self.settings.live.combo_sweep_interval_ms
        if gifts or sweep or notices:
            contributed = await self._contributions(gifts, at_ms)
            appended = await self._record_and_log(gifts, notices, at_ms, sweep, contributed)
            await self._feed.fan_out(appended)
        while self._inbox.ended:
            self._ending.begin(self._inbox.ended.popleft())

    async def _record_and_log(self, gifts: list[GiftSent], notices: Sequence[DomainEvent],
                              at_ms: int, sweep: bool, contributed: Contributions
                              ) -> list[Appended]:
        """The tick's combos, what its gifts and notices do to battles, goals and fan clubs,
        and its frames in one transaction; without combos and features (and then, if the
        database does not answer, later) when that fails. What a rolled-back tick did not
        record waits for the next tick (`Unrecorded`): a battle's score, a goal's progress and
        a fan club's activity still count every committed gift. Gifts that committed while
        it waited for its transaction join it (`_take_arrivals`)."""
        late = self._unrecorded.take()
        combo_gifts = [*late.combo_gifts, *gifts]
        feature_gifts, feature_notices = [*late.gifts, *gifts], [*late.notices, *notices]
        written = False  # the body ran to its end: a failure after it is the commit's
        for attempt in range(1, TICK_TX_ATTEMPTS + 1):
            written = contests = False
            try:
                async with self._writes.transaction() as connection:
                    arrived, at_ms = self._take_arrivals(at_ms)
                    gifts += arrived
                    combo_gifts += arrived
                    feature_gifts += arrived
                    step = self._features.step(feature_gifts, feature_notices, at_ms, sweep)
                    recorded, swept = await self._recorder.record(connection, combo_gifts,
                                                                  at_ms, sweep)
                    features_done = await _isolated(connection, step.run)
                    contests = await self._write_contests(connection, step.outcome, at_ms)
                    # The late gifts' frames went out already (without their combos).
                    outcome = ComboOutcome(per_gift=recorded.per_gift[len(late.combo_gifts):],
                                           ended=recorded.ended)
                    items = self._gift_frames(gifts, outcome, swept, contributed,
                                              step.outcome)
                    appended = await self._feed.append(connection, items)
                    written = True
            except IntegrityError:  # another process started one of these combos
                self._contests_done(contests, committed=False, redo=not written)
                if attempt < TICK_TX_ATTEMPTS:
                    continue
            except Exception:
                self._contests_done(contests, committed=False, redo=not written)
                log.exception("live_combos_failed")
            except BaseException:  # cancelled (LIVE stops): the write it started is over too
                self._contests_done(contests, committed=False, redo=not written)
                raise
            else:
                self._contests_done(contests, committed=True, at_ms=at_ms)
                if gifts:
                    self._last_gift_tick_s = time.monotonic()
                if sweep:
                    self._last_sweep_ms = at_ms
                if not features_done:  # its savepoint was undone: nothing of it stayed
                    self._unrecorded.keep([], feature_gifts, feature_notices)
                self._features.merge(step.outcome)
                self._sent(items)
                return appended
            break
        if written:  # the commit itself failed: it may have happened, so nothing is redone
            log.error("live_tick_commit_unknown", gifts=len(combo_gifts))
        else:
            self._unrecorded.keep(combo_gifts, feature_gifts, feature_notices)
        items = self._gift_frames(gifts, ComboOutcome(per_gift=[None] * len(gifts)), [],
                                  contributed, FeatureOutcome())
        self._sent(items)
        await self._feed.publish_many(items)
        return []

    def _take_arrivals(self, at_ms: int) -> tuple[list[GiftSent], int]:
        """Gifts that committed while the tick waited for its transaction, and the tick's
        time (no earlier than their commit). On SQLite the tick waits for the write lock, most
        often while the gift writer commits a batch with it: those gifts reach the inbox just
        after the tick took it, and would wait for the whole tick and the next (measured at
        2,000 viewers and 1,000 gifts/s: about half of all gifts). Not when a part other than
        battles, goals and fan clubs is there: its `on_gifts` runs before the transaction (its
        own writes would wait for the lock this one holds), so its gifts wait as before."""
        if not all(isinstance(part, LiveFeatures) for part in self._parts):
            return [], at_ms
        arrived = self._inbox.take_gifts()
        return arrived, max([at_ms, *(g.committed_at_ms for g in arrived)])

    async def _write_contests(self, connection: AsyncConnection, outcome: FeatureOutcome,
                              at_ms: int) -> bool:
        """Battle scores and goal progress that moved, written in the tick's transaction
        (a savepoint of its own) once a board interval passed since they last were: their
        events go in this tick's frames (a stream with none of its gifts, like a battle's
        other LIVE, gets a frame of its own in the same transaction). Under a storm that is
        no write transaction of their own, queued for the lock beside the gift writer's, and
        none more to log the other LIVE's frame. Whether a write was started (see
        `_contests_done`)."""
        if (self._contests_writing or at_ms - self._last_contests_ms < self._board_interval_ms
                or not (self._features.moved or outcome.moved)):
            return False
        self._contests_writing = True
        try:
            async with connection.begin_nested():
                events = await self._features.flush(connection, at_ms, outcome)
        except Exception:
            log.exception("live_features_failed")
            self._features.restore()  # the tick's own counts stay with the tick
            self._contests_writing = False
            return False
        for stream_id, stream_events in events.items():
            outcome.events[stream_id].extend(stream_events)
        return True

    def _contests_done(self, started: bool, *, committed: bool, at_ms: int = 0,
                       redo: bool = True) -> None:
        """The tick's transaction ended: a write of scores it started stays (and counts as
        the interval's) or was rolled back: what it took is counted again (`redo`), unless
        the commit itself failed, which may have happened (as the tick's own work, it is
        then never redone)."""
        if not started:
            return
        self._contests_writing = False
        if committed:
            self._last_contests_ms = at_ms
        elif redo:
            self._features.restore()

    async def _contributions(self, gifts: Sequence[GiftSent], at_ms: int) -> Contributions:
        contributed: Contributions = defaultdict(list)
        for part in self._parts:
            try:
                events: Mapping[str, Sequence[frames.Event]] = await part.on_gifts(gifts, at_ms)
            except Exception:  # one part's fault never holds the gifts back
                log.exception("live_part_failed", part=type(part).__name__)
                continue
            for stream_id, more in events.items():
                contributed[stream_id].extend(more)
        return contributed

    def _gift_frames(self, gifts: list[GiftSent], outcome: ComboOutcome, swept: list[Combo],
                     contributed: Contributions, features: FeatureOutcome) -> list[Item]:
        items: defaultdict[str, list[tuple[GiftSent, Combo | None]]] = defaultdict(list)
        for gift, combo in zip(gifts, outcome.per_gift, strict=True):
            items[gift.stream_id or ""].append((gift, combo))
            self._boards.remember_lifetime(gift.sender_id, gift.sender_lifetime_coins)
        ended: defaultdict[str, list[Combo]] = defaultdict(list)
        for combo in (*outcome.ended, *swept):
            ended[combo.stream_id].append(combo)
        out: list[Item] = []
        for stream_id in {*items, *ended, *contributed, *features.events}:
            ranks = self._boards.ranks(stream_id)
            ended_ids = {c.id for c in ended.get(stream_id, ())}
            stream_items = items.get(stream_id, ())
            clubs = features.clubs_of(stream_items[0][0].recipient_id) if stream_items else {}
            events = frames.gift_events(
                stream_id, stream_items, ended_ids, self._levels, ranks,
                self.settings.live.frame_gift_events_max, new_id, self._tiers, clubs)
            events += [frames.combo_ended(c, self._levels, ranks, clubs)
                       for c in ended[stream_id]]
            events += features.events.get(stream_id, [])  # battles, goals, clubs: after
            events += contributed.get(stream_id, [])
            riders = self._riders.get(stream_id, [])  # older: first
            self._riders_taken[stream_id] = (riders, len(riders))
            out.append((stream_id, Outgoing([*riders, *events],
                                            [g for g, _ in stream_items])))
        return out

    def _sent(self, items: Sequence[Item]) -> None:
        """The frames were logged (or handed to the feed): the riders they took went with
        them (one added while they were logged waits for the next)."""
        now_s = time.monotonic()
        for stream_id, outgoing in items:
            taken, count = self._riders_taken.pop(stream_id, ([], 0))
            riders = self._riders.get(stream_id, [])
            if riders is taken:
                del riders[:count]
            if not riders:
                self._riders.pop(stream_id, None)
                self._riding_since.pop(stream_id, None)
            if outgoing.gifts:
                self._board_changed.add(stream_id)
                self._gift_frame_at[stream_id] = now_s

    def stream_ended(self, stream_id: str) -> None:
        """The stream's final frame went out (it carried the full board)."""
        self._boards.forget(stream_id)
        self._presence.forget_peak(stream_id)
        self._board_changed.discard(stream_id)
        self._riders.pop(stream_id, None)
        self._riding_since.pop(stream_id, None)
        self._gift_frame_at.pop(stream_id, None)

    # --- boards, viewer counts, the log's retention ------------------------------------

    async def tick_boards(self, at_ms: int) -> None:
        """Battle scores and goal progress, boards and viewer counts, each at its own bounded
        rate; fan club members' watch time; streams that ended unannounced; old log frames
        pruned."""
        out: dict[str, list[frames.Event]] = {}
        self._send_waiting_riders(out)
        if self._contests_due(at_ms):
            await self._contests_events(at_ms, out)
        if at_ms - self._last_board_ms >= self._board_interval_ms:
            self._last_board_ms = at_ms
            await self._boards_events(at_ms, out)
        if at_ms - self._last_viewers_ms >= self.settings.live.viewers_interval_ms:
            self._last_viewers_ms = at_ms
            await self._viewers_events(at_ms, out)
        if out:
            await self._feed.publish_many([(s, Outgoing(events)) for s, events in out.items()])
        if at_ms - self._last_watch_ms >= self.settings.fan_clubs.watch_interval_s * 1000:
            self._last_watch_ms = at_ms
            await self._credit_watch(at_ms)
        if at_ms - self._last_end_check_ms >= self.settings.live.log_check_ms:
            self._last_end_check_ms = at_ms
            await self._ending.check(self._presence.watched())
        if at_ms - self._last_prune_ms >= self.settings.live.log_prune_interval_s * 1000:
            self._last_prune_ms = at_ms
            pruned = await self._feed.prune(at_ms)
            if pruned:
                log.info("live_log_pruned", frames=pruned)

    async def _boards_events(self, at_ms: int, out: dict[str, list[frames.Event]]) -> None:
        changed, self._board_changed = self._board_changed, set()
        size = self.settings.live.stream_board_size
        for stream_id in changed:
            previous = self._boards.cached(stream_id)
            board = await self._boards.board(stream_id, at_ms, fresh=True)
            change = board_change(previous, board)
            if change.empty:
                continue
            self._ride_or_send(stream_id, frames.leaderboard_event(
                stream_id, change, board.lines, size, self._levels, at_ms, new_id), out)

    def _contests_due(self, at_ms: int) -> bool:
        """Whether the board loop writes battle scores and goal progress now: a board
        interval passed since they last were, and no gift tick came within a rider's wait
        (while gift ticks come, the next one writes them: `_write_contests`)."""
        return (at_ms - self._last_contests_ms >= self._board_interval_ms
                and time.monotonic() - self._last_gift_tick_s > self._ride_wait_s)

    async def _contests_events(self, at_ms: int, out: dict[str, list[frames.Event]]) -> None:
        """Battle scores and goal progress that moved since they were last written."""
        # Nothing moved: no write transaction (SQLite: no wait for the lock).
        if self._contests_writing or not self._features.moved:
            return
        self._contests_writing = True
        try:
            async with self._writes.transaction() as connection:
                events = await self._features.flush(connection, at_ms)
        except Exception:
            self._features.restore()
            raise
        finally:
            self._contests_writing = False
        self._last_contests_ms = at_ms
        for stream_id, stream_events in events.items():
            for event in stream_events:
                self._ride_or_send(stream_id, event, out)

    async def _credit_watch(self, at_ms: int) -> None:
        due = self._features.watch.due(at_ms)
        if due:  # nobody watching: no write transaction
            async with self._writes.transaction() as connection:
                await self._features.credit_watch(connection, due, at_ms)

    async def _viewers_events(self, at_ms: int, out: dict[str, list[frames.Event]]) -> None:
        counts = {s: await self._presence.total(s) for s in self._presence.take_changed()}
        # Before the counts go out: a viewer who sees a count can read it as the peak.
        await self._record_peaks(counts)
        for stream_id, count in counts.items():
            self._ride_or_send(stream_id, frames.viewers_event(stream_id, count, at_ms, new_id),
                               out)

    async def _record_peaks(self, counts: Mapping[str, int]) -> None:
        peaks = self._presence.new_peaks(counts)
        if not peaks:  # no new peak: no write transaction
            return
        try:
            async with self._writes.transaction() as connection:
                await streams.record_peak_viewers(connection, peaks)
        except Exception:  # a peak not written never holds back the counts; the next try
            log.exception("live_peak_viewers_failed", streams=len(peaks))
            return
        self._presence.peaks_recorded(peaks)

    def _ride_or_send(self, stream_id: str, event: frames.Event,
                      out: dict[str, list[frames.Event]]) -> None:
        """Ride on the stream's next gift frame when one is due: gifts of the stream wait for
        the next tick, or its last gift frame went out within `_ride_wait_s` (gifts are
        flowing: one more comes soon). Under a storm a board, a score or a count is then
        no message of its own to every viewer (each one a socket write per viewer)."""
        if stream_id not in out and self._gift_frame_due(stream_id):
            self._riders[stream_id].append(event)
            self._riding_since.setdefault(stream_id, time.monotonic())
        else:  # with any rider left behind (a failed tick), in order
            out.setdefault(stream_id, self._take_riders(stream_id)).append(event)

    def _gift_frame_due(self, stream_id: str) -> bool:
        last_s = self._gift_frame_at.get(stream_id)
        return self._inbox.waits_for(stream_id) or (
            last_s is not None
            and time.monotonic() - last_s <= self._ride_wait_s)

    def _take_riders(self, stream_id: str) -> list[frames.Event]:
        self._riding_since.pop(stream_id, None)
        return self._riders.pop(stream_id, [])

    def _send_waiting_riders(self, out: dict[str, list[frames.Event]]) -> None:
        """Riders whose gift frame did not come within `_ride_wait_s` (the gifts stopped)
        go on their own; streams whose gifts stopped are forgotten."""
        now_s, wait_s = time.monotonic(), self._ride_wait_s
        for stream_id, since_s in list(self._riding_since.items()):
            if now_s - since_s >= wait_s and not self._inbox.waits_for(stream_id):
                riders = self._take_riders(stream_id)
                if riders:
                    out[stream_id] = riders
        for stream_id, last_s in list(self._gift_frame_at.items()):
            if now_s - last_s > wait_s:
                del self._gift_frame_at[stream_id]


def next_tick_ms(now_ms: float, last_ms: float, interval_ms: int, *, aligned: bool) -> float:
    """When the next gift tick runs, for something waiting at `now_ms` after a tick at
    `last_ms` (wall clock, ms). `aligned` (several processes fan out to the same viewers):
    on the next wall-clock multiple of `interval_ms` after the last tick's, so every process
    ticks at the same moments and a viewer's frames from all of them arrive together (one
    message: `live.coalesce_ms`). One process has nothing to join: at once, or `interval_ms`
    after the last tick, so a tick that ran long is followed at once rather than at the next
    boundary (measured at 2,000 viewers and 1,000 gifts/s: ticks outlast the interval, and
    every gift waited for the boundary on top)."""
    if aligned:
        last_tick = math.ceil(last_ms / interval_ms)
        return max(math.ceil(now_ms / interval_ms), last_tick + 1) * interval_ms
    return max(now_ms, last_ms + interval_ms)


async def _every(step: Callable[[int], Awaitable[None]], interval_ms: int) -> None:
    loop = asyncio.get_running_loop()
    interval_s = interval_ms / 1000
    while True:
        stop_if_cancelled()
        started = loop.time()
        try:
            await step(now_ms())
        except Exception:  # a bad tick is logged; the next one runs
            log.exception("live_tick_failed", step=step.__name__)
        await asyncio.sleep(max(0.0, interval_s - (loop.time() - started)))


async def _isolated(connection: AsyncConnection, step: Callable[[AsyncConnection],
                                                                Awaitable[None]]) -> bool:
    """`step` in a savepoint, and whether it stayed: its failure is logged and undone, never
    the tick's combos and frames."""
    try:
        async with connection.begin_nested():
            await step(connection)
    except Exception:
        log.exception("live_features_failed")
        return False
    return True

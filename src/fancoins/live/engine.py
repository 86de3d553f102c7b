"""The LIVE engine of one API process: committed gifts in, coalesced viewer frames out.

The gift writer's `CommitFeed` hands over committed batches; `on_gifts` only appends them to
a bounded inbox (the gift path never waits on us). Every tick (`live_tick_ms`) the engine
drains the inbox, records combos in one short transaction, builds one frame per stream and
publishes it through the hub. Boards and viewer counts are re-published at their own bounded
rates. Events are only ever built from what committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import create_engine, read_only
from fancoins.economy.boards import BoardChange, Standing, plan_board_change, ranked
from fancoins.gifts.service import gifts_service
from fancoins.ids import new_id, now_ms
from fancoins.live import frames
from fancoins.live.combos import Combo, ComboOutcome, combos
from fancoins.realtime.connection import ViewerConnection
from fancoins.realtime.events import GiftCommitted, StreamEnded
from fancoins.realtime.hub import Hub
from fancoins.realtime.protocol import CloseCode, Frame, encode_frame
from fancoins.safety.service import spending

log = structlog.get_logger(__name__)

# Two processes may start a combo for the same sender at once; the loser retries its tick.
COMBO_TX_ATTEMPTS = 3
# Senders whose lifetime spend is remembered for levels on boards (bounded memory).
LIFETIMES_MAX = 100_000
# Stream boards remembered for ranks and snapshots (bounded memory).
BOARDS_MAX = 10_000
# SQLite has one write lock, which the gift writer takes for batch after batch. Waiting for
# it in SQLite's busy handler (sleeps growing to 100 ms a try) kept missing the writer's short
# gaps between batches: measured at 1,000 gifts/s, p90 136 ms and p99 530 ms just to begin the
# combos transaction of a tick, which every gift frame waits for. The combos connection waits
# at most this long inside SQLite (polls after 1, 2, 2 ms), then tries again at once, until
# the usual busy timeout.
COMBO_LOCK_POLL_MS = 5


@dataclass(frozen=True, slots=True)
class StreamBoard:
    standings: tuple[Standing, ...]
    lines: tuple[frames.BoardLine, ...]
    fetched_ms: int

    @property
    def ranks(self) -> dict[str, int]:
        return {line.standing.user_id: line.rank for line in self.lines}


class LiveEngine:
    def __init__(self, settings: Settings, db: AsyncEngine, hub: Hub) -> None:
        self.settings = settings
        self.hub = hub
        self._db = db
        self._combo_db, self._polls_lock = _combo_engine(db)
        self._levels = settings.economy.levels
        self._gifting = settings.economy.gifting
        self._inbox: deque[GiftCommitted] = deque()
        self._ended: deque[StreamEnded] = deque()
        self._boards: dict[str, StreamBoard] = {}
        self._board_fetches: dict[str, asyncio.Task[StreamBoard]] = {}
        self._board_dirty: set[str] = set()
        self._viewers_dirty: set[str] = set()
        # Board and viewer-count events waiting to ride on their stream's next gift frame.
        self._riders: defaultdict[str, list[frames.Event]] = defaultdict(list)
        self._lifetimes: dict[str, int] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._waiting = asyncio.Event()  # set when gifts or stream ends wait for a tick
        self._last_sweep_ms = self._last_board_ms = self._last_viewers_ms = 0
        self.gifts_dropped = 0  # events lost to a full inbox (never gifts): a metric
        self.ticks = 0

    # --- inputs ------------------------------------------------------------------------

    async def on_gifts(self, batch: Sequence[GiftCommitted]) -> None:
        """CommitFeed listener: O(batch), never waits, never raises into the gift path."""
        room = self.settings.live_inbox_gifts_max - len(self._inbox)
        stream_gifts = [g for g in batch if g.stream_id is not None]
        if len(stream_gifts) > room:
            self.gifts_dropped += len(stream_gifts) - max(room, 0)
            log.error("live_inbox_full", dropped=len(stream_gifts) - max(room, 0))
            stream_gifts = stream_gifts[:max(room, 0)]
        self._inbox.extend(stream_gifts)
        if stream_gifts:
            self._waiting.set()

    async def on_stream_ended(self, event: StreamEnded) -> None:
        self._ended.append(event)
        self._waiting.set()

    def join(self, stream_id: str, viewer: ViewerConnection) -> None:
        self.hub.rooms.join(stream_id, viewer)
        self._viewers_dirty.add(stream_id)

    def leave(self, stream_id: str, viewer: ViewerConnection) -> None:
        self.hub.rooms.leave(stream_id, viewer)
        self._viewers_dirty.add(stream_id)

    @property
    def viewers_local(self) -> int:
        return len(self.hub.rooms.all_viewers())

    async def snapshot(self, stream_id: str) -> Frame:
        """The first frame a new viewer gets: the stream's board and viewer count."""
        at_ms = now_ms()
        board = await self.stream_board(stream_id, at_ms)
        size = self.settings.live_stream_board_size
        return encode_frame([
            frames.leaderboard_event(stream_id, None, board.lines, size, self._levels, at_ms,
                                     new_id),
            frames.viewers_event(stream_id, await self.hub.viewers_total(stream_id), at_ms,
                                 new_id),
        ])

    # --- the loop ----------------------------------------------------------------------

    async def start(self) -> None:
        await self.hub.start()
        # Gift frames on one loop, boards and viewer counts on another: a slow board query
        # never delays the next tick's gifts.
        self._tasks = [
            asyncio.create_task(self._run_gifts(), name="live-gifts"),
            asyncio.create_task(self._run(self.tick_boards, self.settings.live_tick_ms),
                                name="live-boards"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        fetches = list(self._board_fetches.values())
        for fetch in fetches:
            fetch.cancel()
        await asyncio.gather(*fetches, return_exceptions=True)
        for viewer in self.hub.rooms.all_viewers():
            viewer.close_soon(CloseCode.GOING_AWAY)
        await self.hub.stop()
        if self._combo_db is not self._db:
            await self._combo_db.dispose()

    async def _run(self, step: Callable[[int], Awaitable[None]], interval_ms: int) -> None:
        loop = asyncio.get_running_loop()
        interval_s = interval_ms / 1000
        while True:
            started = loop.time()
            try:
                await step(now_ms())
            except Exception:  # a bad tick is logged; the next one runs
                log.exception("live_tick_failed", step=step.__name__)
            await asyncio.sleep(max(0.0, interval_s - (loop.time() - started)))

    async def _run_gifts(self) -> None:
        """A tick as soon as something waits, but never two within `live_tick_ms`: at low
        rates a gift goes out at once, under a storm frames come one tick apart."""
        loop = asyncio.get_running_loop()
        interval_s = self.settings.live_tick_ms / 1000
        sweep_s = self.settings.live_combo_sweep_interval_ms / 1000
        last = loop.time() - interval_s
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(sweep_s):  # lapsed combos end without new gifts
                    await self._waiting.wait()
            await asyncio.sleep(max(0.0, last + interval_s - loop.time()))
            last = loop.time()
            self._waiting.clear()
            try:
                await self.tick(now_ms())
            except Exception:  # a bad tick is logged; the next one runs
                log.exception("live_tick_failed", step="gifts")

    async def tick(self, at_ms: int) -> None:
        """Gifts committed since the last tick: combos, then one frame per stream; then the
        streams that ended (after their last gifts)."""
        self.ticks += 1
        gifts = list(self._inbox)
        self._inbox.clear()
        sweep = at_ms - self._last_sweep_ms >= self.settings.live_combo_sweep_interval_ms
        if gifts or sweep:
            outcome, swept = await self._record_combos(gifts, at_ms, sweep)
            await self._publish_gifts(gifts, outcome, swept)
        while self._ended:
            await self._end_stream(self._ended.popleft(), at_ms)

    async def tick_boards(self, at_ms: int) -> None:
        """Boards and viewer counts, each at its own bounded rate."""
        if at_ms - self._last_board_ms >= self.settings.live_board_interval_ms:
            self._last_board_ms = at_ms
            await self._publish_boards(at_ms)
        if at_ms - self._last_viewers_ms >= self.settings.live_viewers_interval_ms:
            self._last_viewers_ms = at_ms
            await self._publish_viewers(at_ms)

    # --- combos and gift frames --------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _combo_transaction(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction on the combos table (committed when the block ends). On SQLite
        its write lock is polled for every few milliseconds (see COMBO_LOCK_POLL_MS)."""
        if not self._polls_lock:
            async with self._db.begin() as connection:
                yield connection
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.db_timeout_s
        while True:
            async with self._combo_db.connect() as connection:
                try:
                    await connection.begin()  # BEGIN IMMEDIATE: the write lock, or busy
                except OperationalError as error:
                    if "locked" not in str(error.orig) or loop.time() >= deadline:
                        raise
                    continue
                try:
                    yield connection
                except BaseException:
                    await connection.rollback()
                    raise
                await connection.commit()
                return

    async def _record_combos(self, gifts: list[GiftCommitted], at_ms: int, sweep: bool
                             ) -> tuple[ComboOutcome, list[Combo]]:
        for attempt in range(1, COMBO_TX_ATTEMPTS + 1):
            try:
                async with self._combo_transaction() as connection:
                    swept = (await combos.end_lapsed(connection, at_ms, self._gifting,
                                                     self.settings.live_combo_sweep_max)
                             if sweep else [])
                    outcome = (await combos.apply(connection, gifts, self._gifting, at_ms)
                               if gifts else ComboOutcome())
                if sweep:
                    self._last_sweep_ms = at_ms
                return outcome, swept
            except IntegrityError:
                if attempt == COMBO_TX_ATTEMPTS:
                    break
            except Exception:
                log.exception("live_combos_failed")
                break
        return ComboOutcome(per_gift=[None] * len(gifts)), []

    async def _publish_gifts(self, gifts: list[GiftCommitted], outcome: ComboOutcome,
                             swept: list[Combo]) -> None:
        items: defaultdict[str, list[tuple[GiftCommitted, Combo | None]]] = defaultdict(list)
        for gift, combo in zip(gifts, outcome.per_gift, strict=True):
            items[gift.stream_id or ""].append((gift, combo))
            self._remember_lifetime(gift.sender_id, gift.sender_lifetime_coins)
        ended: defaultdict[str, list[Combo]] = defaultdict(list)
        for combo in (*outcome.ended, *swept):
            ended[combo.stream_id].append(combo)
        for stream_id in {*items, *ended}:
            board = self._boards.get(stream_id)
            ranks = board.ranks if board is not None else {}
            ended_ids = {c.id for c in ended.get(stream_id, ())}
            events = frames.gift_events(
                stream_id, items.get(stream_id, ()), ended_ids, self._levels, ranks,
                self.settings.live_frame_gift_events_max, new_id)
            events += [frames.combo_ended(c, self._levels, ranks) for c in ended[stream_id]]
            if stream_id in items:
                self._board_dirty.add(stream_id)
            riders = self._riders.pop(stream_id, [])  # older: first
            await self.hub.publish(stream_id, encode_frame([*riders, *events]))

    def _remember_lifetime(self, user_id: str, lifetime_coins: int) -> None:
        if user_id not in self._lifetimes and len(self._lifetimes) >= LIFETIMES_MAX:
            self._lifetimes.pop(next(iter(self._lifetimes)))
        self._lifetimes[user_id] = lifetime_coins

    # --- boards and viewers ------------------------------------------------------------

    async def stream_board(self, stream_id: str, at_ms: int, *, fresh: bool = False
                           ) -> StreamBoard:
        """The stream's top gifters, re-read at most once per board interval (one query
        shared by every caller waiting for it)."""
        cached = self._boards.get(stream_id)
        max_age_ms = self.settings.live_board_interval_ms
        if cached is not None and not fresh and at_ms - cached.fetched_ms < max_age_ms:
            return cached
        task = self._board_fetches.get(stream_id)
        if task is None:
            task = asyncio.create_task(self._fetch_board(stream_id))
            self._board_fetches[stream_id] = task
            task.add_done_callback(lambda _: self._board_fetches.pop(stream_id, None))
        return await asyncio.shield(task)

    async def _fetch_board(self, stream_id: str) -> StreamBoard:
        at_ms = now_ms()
        async with read_only(self._db) as connection:
            totals = await gifts_service.top_gifters(
                connection, stream_id=stream_id, limit=self.settings.live_stream_board_size)
            for total in totals:
                if total.user_id not in self._lifetimes:
                    view = await spending.view(connection, total.user_id, at_ms)
                    self._remember_lifetime(total.user_id, view.spent.lifetime_coins)
        names = {t.user_id: t.display_name for t in totals}
        standings = tuple(ranked([Standing(t.user_id, t.coins) for t in totals]))
        lines = tuple(
            frames.BoardLine(rank, s, names[s.user_id], self._lifetimes.get(s.user_id, 0))
            for rank, s in enumerate(standings, start=1))
        board = StreamBoard(standings, lines, at_ms)
        if stream_id not in self._boards and len(self._boards) >= BOARDS_MAX:
            self._boards.pop(next(iter(self._boards)))
        self._boards[stream_id] = board
        return board

    async def _publish_boards(self, at_ms: int) -> None:
        dirty, self._board_dirty = self._board_dirty, set()
        for stream_id in dirty:
            previous = self._boards.get(stream_id)
            board = await self.stream_board(stream_id, at_ms, fresh=True)
            change = plan_board_change(previous.standings if previous else (), board.standings)
            if change.empty:
                continue
            await self._publish_board(stream_id, change, board, at_ms)

    async def _publish_board(self, stream_id: str, change: BoardChange | None,
                             board: StreamBoard, at_ms: int) -> None:
        event = frames.leaderboard_event(stream_id, change, board.lines,
                                         self.settings.live_stream_board_size, self._levels,
                                         at_ms, new_id)
        await self._publish_or_ride(stream_id, event)

    async def _publish_or_ride(self, stream_id: str, event: frames.Event) -> None:
        """A board or viewer-count event rides on the stream's next gift frame when gifts of
        that stream wait for the next tick (at most `live_tick_ms` away): under a storm a
        viewer then gets one frame per tick, not one more per board and count, and the
        fan-out (a socket write per viewer per frame) shrinks by as much. Otherwise, now."""
        if any(gift.stream_id == stream_id for gift in self._inbox):
            self._riders[stream_id].append(event)
        else:  # with any rider left behind (a failed tick), in order
            await self.hub.publish(stream_id,
                                   encode_frame([*self._riders.pop(stream_id, []), event]))

    async def _publish_viewers(self, at_ms: int) -> None:
        dirty, self._viewers_dirty = self._viewers_dirty, set()
        for stream_id in dirty:
            count = await self.hub.viewers_total(stream_id)
            await self._publish_or_ride(stream_id,
                                        frames.viewers_event(stream_id, count, at_ms, new_id))

    # --- the end of a stream -----------------------------------------------------------

    async def _end_stream(self, event: StreamEnded, at_ms: int) -> None:
        """End the stream's combos, send its final board, `stream.ended`, then close."""
        stream_id = event.stream_id
        async with self._combo_transaction() as connection:
            ended = await combos.end_stream(connection, stream_id, at_ms,
                                            self.settings.live_combo_sweep_max)
        board = await self.stream_board(stream_id, at_ms, fresh=True)
        ranks = board.ranks
        events = [frames.combo_ended(c, self._levels, ranks) for c in ended]
        events.append(frames.leaderboard_event(
            stream_id, None, board.lines, self.settings.live_stream_board_size, self._levels,
            at_ms, new_id))
        events.append(frames.stream_ended_event(stream_id, event.ended_at_ms,
                                                lambda: uuid.uuid5(uuid.NAMESPACE_URL,
                                                                   f"ended:{stream_id}")))
        await self.hub.publish(stream_id, encode_frame(events), final=True)
        self._boards.pop(stream_id, None)
        self._board_dirty.discard(stream_id)
        self._riders.pop(stream_id, None)  # the final frame carried the full board


def _combo_engine(db: AsyncEngine) -> tuple[AsyncEngine, bool]:
    """The engine for combos transactions, and whether it polls for SQLite's write lock: on a
    SQLite file, its own small pool whose connections give up waiting after
    COMBO_LOCK_POLL_MS; otherwise (PostgreSQL, in-memory SQLite) the app's engine."""
    url = db.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return db, False
    engine = create_engine(url.render_as_string(hide_password=False))

    @event.listens_for(engine.sync_engine, "connect")
    def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
        # Runs after the engine's own connect hook (WAL, busy timeout): overrides it.
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={COMBO_LOCK_POLL_MS}")
        cursor.close()

    return engine, True

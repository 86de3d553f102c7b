"""A stream's end, told after its last committed gift — whichever process committed it.

The process whose unit of work ended the stream hears `StreamEnded`; other processes may
still hold committed gifts of the stream that their next tick will publish. So the end waits
`live.end_settle_ms` (a gift batch that read the stream as live just before the end may still
commit), then until the stream's log covers every gift the gifts table holds for it (the log
counts what its frames told). Only then is the final frame logged — open combos ended, the
final board, `stream.ended` — numbered after every gift frame, so every process delivers it
last. If some gifts are still not covered after `live.end_wait_max_s` (a process died with
them unpublished), one `gift.summary` marked `recovered`, rebuilt from the gifts table, tells
them before the end: every viewer's totals equal what committed.

A stream may also end where no LIVE listens (the CLI) or in a process that dies before
telling it: every process checks the streams its viewers watch (`check`) and ends those that
ended unannounced. Several processes may end the same stream: its final frame is logged once.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Collection

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.gifts.service import StreamGiftSums, gifts_service
from fancoins.ids import new_id, now_ms
from fancoins.kit.tasks import cancel_all
from fancoins.live import frames, repository
from fancoins.live.boards import StreamBoards
from fancoins.live.feed import LiveFeed, Outgoing, StreamAlreadyEnded
from fancoins.live.recorder import ComboRecorder
from fancoins.live.writes import LiveWrites
from fancoins.streams.events import StreamEnded
from fancoins.streams.service import streams

log = structlog.get_logger(__name__)

# More work in the final frame's transaction (LIVE features: a stream's open goals end).
EndStep = Callable[[AsyncConnection, str, int], Awaitable[None]]

# A final frame that could not be written (the database did not answer) is tried again this
# often, until `live.end_wait_max_s` more has passed.
END_RETRY_S = 1.0


class StreamEnding:
    def __init__(self, settings: Settings, db: AsyncEngine, writes: LiveWrites, feed: LiveFeed,
                 recorder: ComboRecorder, boards: StreamBoards,
                 on_ended: Callable[[str], None], also: EndStep | None = None) -> None:
        self._settings = settings
        self._db = db
        self._writes = writes
        self._feed = feed
        self._recorder = recorder
        self._boards = boards
        self._on_ended = on_ended
        self._also = also
        self._tasks: set[asyncio.Task[None]] = set()
        self._ending: set[str] = set()  # streams whose end this process is telling

    def begin(self, event: StreamEnded) -> None:
        """Tell the end once it is safe (see the module docstring); never waits."""
        if event.stream_id in self._ending:
            return
        self._ending.add(event.stream_id)
        task = asyncio.create_task(self._finish(event), name=f"stream-end-{event.stream_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(lambda _: self._ending.discard(event.stream_id))

    async def check(self, stream_ids: Collection[str]) -> None:
        """End the streams among `stream_ids` (those watched here) that ended and whose end
        was not logged (see the module docstring)."""
        watched = [s for s in stream_ids if s not in self._ending]
        if not watched:
            return
        async with read_only(self._db) as connection:
            targets, _ = await streams.targets(connection, watched, ())
            for stream_id, target in targets.items():
                if target.live or (await repository.covered(connection, stream_id)).ended_seq:
                    continue
                stream = await streams.get(connection, stream_id)
                log.warning("live_stream_end_unannounced", stream_id=stream_id)
                self.begin(StreamEnded(stream.id, stream.creator_id, stream.started_at_ms,
                                       stream.ended_at_ms or stream.started_at_ms))

    async def wait(self) -> None:
        """Until every end begun so far is told (for tests and an orderly stop)."""
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        await cancel_all(list(self._tasks), "stream ends")

    async def _finish(self, event: StreamEnded) -> None:
        settings = self._settings
        await asyncio.sleep(settings.live.end_settle_ms / 1000)
        loop = asyncio.get_running_loop()
        give_up_at = loop.time() + 2 * settings.live.end_wait_max_s
        missing = await self._uncovered(event.stream_id)
        while True:
            try:
                await self._final_frame(event, missing)
                break
            except StreamAlreadyEnded:
                break
            except Exception:
                if loop.time() >= give_up_at:
                    log.exception("live_stream_end_failed", stream_id=event.stream_id)
                    break
                log.warning("live_stream_end_retry", stream_id=event.stream_id)
                await asyncio.sleep(END_RETRY_S)
        self._on_ended(event.stream_id)

    async def _uncovered(self, stream_id: str) -> StreamGiftSums | None:
        """Wait until the stream's log covers its committed gifts; what it still does not
        cover at the deadline (None: nothing)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._settings.live.end_wait_max_s
        step_s = self._settings.live.tick_ms / 1000
        while True:
            try:
                async with read_only(self._db) as connection:
                    committed = await gifts_service.stream_gift_sums(connection, stream_id)
                    covered = await repository.covered(connection, stream_id)
                if covered.sends >= committed.sends:
                    return None
                if loop.time() >= deadline:
                    log.error("live_stream_end_uncovered", stream_id=stream_id,
                              gifts=committed.sends - covered.sends)
                    return StreamGiftSums(
                        committed.sends - covered.sends, committed.count - covered.gift_count,
                        committed.coins - covered.coins, committed.diamonds - covered.diamonds)
            except Exception:  # the database did not answer: keep waiting, bounded
                if loop.time() >= deadline:
                    return None
                log.warning("live_stream_end_check_failed", stream_id=stream_id)
            await asyncio.sleep(step_s)

    async def _final_frame(self, event: StreamEnded, missing: StreamGiftSums | None) -> None:
        stream_id, at_ms = event.stream_id, now_ms()
        settings, levels = self._settings, self._settings.economy.levels
        board = await self._boards.board(stream_id, at_ms, fresh=True)
        async with self._writes.transaction() as connection:
            ended = await self._recorder.end_stream(connection, stream_id, at_ms)
            if self._also is not None:
                await _isolated(connection, self._also, stream_id, at_ms)
            events = [frames.combo_ended(c, levels, board.ranks) for c in ended]
            if missing is not None:
                events.append(frames.recovered_summary(
                    stream_id, missing.count, missing.coins, missing.diamonds, missing.sends,
                    at_ms, new_id))
            events.append(frames.leaderboard_event(
                stream_id, None, board.lines, settings.live.stream_board_size, levels, at_ms,
                new_id))
            events.append(frames.stream_ended_event(
                stream_id, event.ended_at_ms,
                lambda: uuid.uuid5(uuid.NAMESPACE_URL, f"ended:{stream_id}")))
            appended = await self._feed.append(
                connection, [(stream_id, Outgoing(events, final=True))])
        await self._feed.fan_out(appended)


async def _isolated(connection: AsyncConnection, step: EndStep, stream_id: str, at_ms: int
                    ) -> None:
    """`step` in a savepoint: its failure is logged and undone, never the final frame."""
    try:
        async with connection.begin_nested():
            await step(connection, stream_id, at_ms)
    except Exception:
        log.exception("live_features_failed", stream_id=stream_id)

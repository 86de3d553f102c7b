"""The micro-batching gift writer (DESIGN §4): one per database per process.

Sends wait in a bounded queue. The writer takes everything waiting (up to a full batch; if
less, it lingers `batch_wait_s` once for more), applies it in one transaction with set-based
SQL, commits, and only then answers every waiting sender and hands the committed gifts to the
commit feed. Under load a flush's own duration gathers the next batch, so batches grow with
the rate and the commit (fsync) is shared by every gift in them.

Each batch is a unit of work (`db.uow.UnitOfWork`) on the writer's held connection: the batch
emits a `GiftSent` per gift on it, and its commit hands them to the process's listeners (LIVE,
the outbox) — the one event mechanism of the process, so a gift is announced only once its
commit succeeded.

With `gifts.decide_ahead` (off by default: on a 2-core machine it cost more CPU than it
saved), consecutive batches overlap: while batch N is written and committed on the writer's
connection, batch N+1 is taken, read on a second (read-only) connection and decided against
the wallets N's decisions leave its senders (`GiftsService.prepare`). Once N committed, N+1
takes its locks on the writer's connection and keeps its decisions only if its senders'
wallets are exactly the ones it decided against; otherwise (N failed, or anything else
changed them) it is decided again, so every refusal is the one a batch at a time would give.

A batch that fails before its commit was sent was rolled back: it is split in halves and
retried, so one poisonous gift fails alone ("not sent") and never takes its batch-mates with
it. A batch whose commit was sent but not answered (the connection was lost) may have
committed: each of its gifts is answered "outcome unknown", and a retry with the same key
finds out, since the key's first answer is its answer.

A send's commit timeout is not a timer per send (a timer per gift cost more than a gift's
share of the batch's Python): sends with the same timeout are answered in the order they
were queued, so their deadlines wait in one queue per timeout value, and one watchdog task
answers `CommitTimeout` to the oldest sends whose deadline passed.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import READ_ONLY_OPTION
from fancoins.db.uow import EventSink, UnitOfWork
from fancoins.economy.rules import EconomyConfig
from fancoins.gifts.errors import GiftCommitTimeout, GiftQueueFull
from fancoins.gifts.service import (
    BatchResult,
    Outcome,
    OutcomeUnknown,
    Prepared,
    Projection,
    SendRequest,
    WriteFailed,
    gifts_service,
)
from fancoins.ids import now_ms
from fancoins.observability import GIFT_BATCH_SIZE, GIFT_COMMIT_SECONDS, GIFT_QUEUE_DEPTH

log = structlog.get_logger(__name__)


class WriterBusy(GiftQueueFull):
    """The queue is full (or the writer is stopping): nothing was queued, retry after a
    moment."""


class CommitTimeout(GiftCommitTimeout):
    """The batch did not commit in time; a retry with the same key answers what committed."""


class _CommitUnanswered(Exception):
    """The batch's commit was sent and not answered: its outcome is unknown."""


@dataclass(frozen=True, slots=True)
class WriterLimits:
    batch_size_max: int
    batch_wait_s: float
    queue_max: int
    retry_after_s: int = 1


@dataclass(slots=True)
class _Waiting:
    request: SendRequest
    future: asyncio.Future[Outcome]


@dataclass(slots=True)
class _Ahead:
    """The next batch, taken while the one before it is written, and its preparation."""

    batch: list[_Waiting]
    at_ms: int
    prepared: asyncio.Task[Prepared | None]


_STOP = object()


class GiftWriter:
    def __init__(
        self, engine: AsyncEngine, economy: EconomyConfig, limits: WriterLimits,
        sink: EventSink | None = None, account_slots: int = 1, *, overlap: bool = True,
    ) -> None:
        self._engine = engine
        self._overlap = overlap
        self._account_slots = account_slots
        self._economy = economy
        self._limits = limits
        self._sink = sink
        self._queue: asyncio.Queue[_Waiting | object] = asyncio.Queue(limits.queue_max)
        self._task: asyncio.Task[None] | None = None
        self._connection: AsyncConnection | None = None
        self._reader: AsyncConnection | None = None  # reads batches decided ahead
        # One preparation at a time on the reader: the next batch's may start before the
        # one before it finished (its batch before committed first).
        self._reading = asyncio.Lock()
        self._watchdog: asyncio.Task[None] | None = None
        # Per timeout value: (deadline, future) in queueing order, so deadlines ascend.
        self._deadlines: dict[float, deque[tuple[float, asyncio.Future[Outcome]]]] = {}
        self._deadlines_changed = asyncio.Event()
        self._closing = False
        self.batches = 0  # flushed transactions, for benchmarks and tests
        self.gifts = 0
        self.ahead_kept = 0  # batches decided ahead whose decisions held once locked
        self.ahead_redecided = 0  # ... and those decided again under their locks

    @property
    def queued(self) -> int:
        return self._queue.qsize()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="gift-writer")
            self._watchdog = asyncio.create_task(self._watch(), name="gift-writer-watchdog")

    async def stop(self) -> None:
        """Refuse new sends, write everything already queued, then end."""
        if self._task is None:
            return
        self._closing = True
        await self._queue.put(_STOP)  # waits for room: the queue is draining
        await self._task
        self._task = None
        await self._drop_connection(invalidate=False)
        await self._drop_reader(invalidate=False)
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watchdog
            self._watchdog = None

    def submit(self, request: SendRequest) -> asyncio.Future[Outcome]:
        """Queue a send; its future resolves after the commit. Raises `WriterBusy`."""
        retry_s = self._limits.retry_after_s
        if self._closing or self._task is None:
            raise WriterBusy("the gift writer is not running; nothing was sent",
                             retry_after_s=retry_s)
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        try:
            self._queue.put_nowait(_Waiting(request, future))
        except asyncio.QueueFull:
            raise WriterBusy("nothing was sent; retry with the same Idempotency-Key",
                             retry_after_s=retry_s) from None
        return future

    async def send(self, request: SendRequest, timeout_s: float) -> Outcome:
        """Queue a send and wait for its answer; `CommitTimeout` after `timeout_s`."""
        future = self.submit(request)
        waiting = self._deadlines.get(timeout_s)
        if waiting is None:
            waiting = self._deadlines[timeout_s] = deque()
        if not waiting:
            # The watchdog sleeps until the earliest deadline it knows of, or for good when
            # it knows none: a deadline added to an empty queue must wake it. (Under load the
            # queue is never empty, so this costs nothing there.)
            self._deadlines_changed.set()
        waiting.append((future.get_loop().time() + timeout_s, future))
        return await future

    async def _watch(self) -> None:
        """Answer `CommitTimeout` to sends whose deadline passed before their commit."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            wake_at = math.inf
            for waiting in self._deadlines.values():
                while waiting and (waiting[0][1].done() or waiting[0][0] <= now):
                    _, future = waiting.popleft()
                    if not future.done():
                        future.set_exception(CommitTimeout(
                            "the gift's batch did not commit in time; retry with the same "
                            "Idempotency-Key to learn its outcome",
                            retry_after_s=self._limits.retry_after_s))
                if waiting:
                    wake_at = min(wake_at, waiting[0][0])
            self._deadlines_changed.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout_at(None if wake_at == math.inf else wake_at):
                    await self._deadlines_changed.wait()

    def _forget_answered(self) -> None:
        """Drop the deadlines of answered sends (the oldest: batches answer in order)."""
        for waiting in self._deadlines.values():
            while waiting and waiting[0][1].done():
                waiting.popleft()

    async def _run(self) -> None:
        stopping = False
        ahead: _Ahead | None = None
        loop = asyncio.get_running_loop()
        while ahead is not None or not stopping:
            if ahead is None:
                batch, stopping = await self._take()
                if not batch:
                    continue
                at_ms, preparing = now_ms(), None
            else:
                batch, at_ms, preparing = ahead.batch, ahead.at_ms, ahead.prepared
                ahead = None
            decided: asyncio.Future[Projection | None] = loop.create_future()
            flushing = asyncio.create_task(self._flush_ahead(batch, at_ms, preparing, decided))
            if self._overlap and not stopping:
                following, stopping = await self._take_during(flushing)
                if following:
                    at_next = now_ms()
                    ahead = _Ahead(following, at_next, asyncio.create_task(
                        self._prepare(following, at_next, decided)))
            await flushing

    async def _take(self) -> tuple[list[_Waiting], bool]:
        first = await self._queue.get()
        if first is _STOP:
            return [], True
        batch: list[_Waiting] = [first]  # type: ignore[list-item]
        GIFT_QUEUE_DEPTH.set(self._queue.qsize() + 1)
        stopping = self._drain(batch)
        if not stopping and len(batch) < self._limits.batch_size_max and \
                self._limits.batch_wait_s > 0:
            await asyncio.sleep(self._limits.batch_wait_s)
            stopping = self._drain(batch)
        return batch, stopping

    async def _take_during(self, flushing: asyncio.Task[None]) -> tuple[list[_Waiting], bool]:
        """The next batch, taken while `flushing` writes the one before: what waits now, or
        else the first send to come before that batch is written (no lingering: the batch
        being written is the wait)."""
        batch: list[_Waiting] = []
        stopping = self._drain(batch)
        if batch or stopping:
            return batch, stopping
        getter = asyncio.ensure_future(self._queue.get())
        await asyncio.wait((getter, flushing), return_when=asyncio.FIRST_COMPLETED)
        if not getter.done():
            getter.cancel()  # a cancelled get leaves its item in the queue
            with contextlib.suppress(asyncio.CancelledError):
                await getter
            if not getter.cancelled():  # it got one just before the cancel
                return self._first_taken(getter.result(), batch)
            return batch, False
        return self._first_taken(getter.result(), batch)

    def _first_taken(self, item: _Waiting | object, batch: list[_Waiting]
                     ) -> tuple[list[_Waiting], bool]:
        if item is _STOP:
            return batch, True
        batch.append(item)  # type: ignore[arg-type]
        return batch, self._drain(batch)

    async def _prepare(self, batch: list[_Waiting], at_ms: int,
                       before: asyncio.Future[Projection | None]) -> Prepared | None:
        """Decide `batch` ahead on the reader connection (None if that failed: the batch is
        then decided under its locks, as without overlap)."""
        async with self._reading:
            try:
                connection = await self._reader_connection()
                await connection.begin()  # read-only: on SQLite it takes no write lock
                try:
                    return await gifts_service.prepare(connection, [w.request for w in batch],
                                                       self._economy, at_ms, before)
                finally:
                    await connection.rollback()  # nothing written: ends the read transaction
            except Exception as error:
                log.warning("gift_batch_prepare_failed", error=repr(error))
                await self._drop_reader(invalidate=True)
                return None

    async def _flush_ahead(self, batch: list[_Waiting], at_ms: int,
                           preparing: asyncio.Task[Prepared | None] | None,
                           decided: asyncio.Future[Projection | None]) -> None:
        """Write `batch` (with its preparation, if any); `decided` always gets an answer,
        so the batch decided after it never waits for good."""
        prepared = await preparing if preparing is not None else None
        try:
            await self._flush(batch, at_ms, prepared, decided)
        finally:
            if not decided.done():
                decided.set_result(None)

    def _drain(self, batch: list[_Waiting]) -> bool:
        """Move waiting sends into `batch` up to the bound; True if the stop marker came."""
        queue = self._queue
        while len(batch) < self._limits.batch_size_max:
            try:
                item = queue.get_nowait()
            except asyncio.QueueEmpty:
                return False
            if item is _STOP:
                return True
            batch.append(item)  # type: ignore[arg-type]
        return False

    async def _flush(self, batch: list[_Waiting], at_ms: int | None = None,
                     prepared: Prepared | None = None,
                     decided: asyncio.Future[Projection | None] | None = None) -> None:
        try:
            result = await self._apply([w.request for w in batch], at_ms, prepared, decided)
        except _CommitUnanswered as unanswered:  # never split: a retry could not tell either
            log.error("gift_commit_unanswered", size=len(batch), error=repr(unanswered))
            outcome: Outcome = OutcomeUnknown(str(unanswered))
            result = BatchResult([outcome] * len(batch))
        except Exception as error:  # rolled back: isolate it, never lose the batch-mates
            # A statement the database cannot even run fails every half alike: no splitting.
            if decided is not None and not decided.done():
                decided.set_result(None)  # nothing of it stands: the next batch as read
            if len(batch) > 1 and not isinstance(error, ProgrammingError):
                log.warning("gift_batch_split", size=len(batch), error=repr(error))
                middle = len(batch) // 2
                await self._flush(batch[:middle])
                await self._flush(batch[middle:])
                return
            log.error("gift_write_failed", error=repr(error))
            result = BatchResult([WriteFailed(type(error).__name__)])
        self.batches += 1
        self.gifts += len(batch)
        for waiting, outcome in zip(batch, result.outcomes, strict=True):
            if not waiting.future.done():  # a caller that gave up is answered by its retry
                waiting.future.set_result(outcome)
        self._forget_answered()

    async def _apply(self, requests: Sequence[SendRequest], at_ms: int | None = None,
                     prepared: Prepared | None = None,
                     decided: asyncio.Future[Projection | None] | None = None) -> BatchResult:
        """One batch in one unit of work: decided and written, then committed (which
        announces its gifts). Raises `_CommitUnanswered` when the commit was sent and not
        answered; any other error means the batch was rolled back. `decided` gets the
        senders' wallets after the batch's decisions, before its commit."""
        started = time.perf_counter()
        connection = await self._connection_for_batches()
        uow = UnitOfWork(None, self._sink, connection=connection)

        def tell(wallets: Projection) -> None:
            if prepared is not None:
                if wallets is prepared.loaded.state.wallets:
                    self.ahead_kept += 1
                else:
                    self.ahead_redecided += 1
            if decided is not None and not decided.done():
                decided.set_result(wallets)

        try:
            result = await gifts_service.apply_batch(
                uow, requests, self._economy, now_ms() if at_ms is None else at_ms,
                self._account_slots, prepared, tell)
        except BaseException:
            # Whatever failed, the next batch starts on a new connection (a broken one is
            # not reused; the retried halves of this batch get a good one). A connection
            # lost before COMMIT takes its transaction with it: nothing was written.
            with contextlib.suppress(Exception):
                await uow.rollback()
            await self._drop_connection(invalidate=True)
            raise
        try:
            await uow.commit()
        except Exception as error:
            await self._drop_connection(invalidate=True)
            raise _CommitUnanswered(f"{type(error).__name__} during the commit") from error
        GIFT_BATCH_SIZE.observe(len(requests))
        GIFT_COMMIT_SECONDS.observe(time.perf_counter() - started)
        return result

    async def _connection_for_batches(self) -> AsyncConnection:
        """The writer's own connection, kept between batches: a pool checkout per batch cost
        a liveness ping and a settings round trip every batch."""
        if self._connection is None:
            self._connection = await self._held_connection()
        return self._connection

    async def _reader_connection(self) -> AsyncConnection:
        """The connection batches decided ahead are read on (on SQLite its transactions do
        not take the write lock the batch being written holds)."""
        if self._reader is None:
            reader = await self._held_connection()
            await reader.execution_options(**{READ_ONLY_OPTION: True})
            self._reader = reader
        return self._reader

    async def _held_connection(self) -> AsyncConnection:
        connection = await self._engine.connect()
        if connection.dialect.name == "postgresql":
            # Array parameters: a generic plan guesses their size and was measured 3x
            # slower than a plan made for the actual arrays on this machine. Reset before
            # the connection goes back to the pool.
            await connection.exec_driver_sql("SET plan_cache_mode = force_custom_plan")
            await connection.commit()
        return connection

    async def _drop_reader(self, *, invalidate: bool) -> None:
        reader, self._reader = self._reader, None
        await _release(reader, invalidate=invalidate)

    async def _drop_connection(self, *, invalidate: bool) -> None:
        connection, self._connection = self._connection, None
        await _release(connection, invalidate=invalidate)


async def _release(connection: AsyncConnection | None, *, invalidate: bool) -> None:
    """Give a held connection back: invalidated (closed) after a failure, else reset."""
    if connection is None:
        return
    with contextlib.suppress(Exception):
        if invalidate:
            await connection.invalidate()  # closed, never back to the pool with our SET
        elif connection.dialect.name == "postgresql":
            await connection.exec_driver_sql("RESET plan_cache_mode")
            await connection.commit()
    with contextlib.suppress(Exception):
        await connection.close()


def writer_limits(batch_size_max: int, batch_wait_ms: float, queue_max: int,
                  retry_after_s: int = 1) -> WriterLimits:
    return WriterLimits(batch_size_max, batch_wait_ms / 1000, queue_max, retry_after_s)


def new_writer(engine: AsyncEngine, settings: Settings, sink: EventSink | None) -> GiftWriter:
    """The gift writer of a process for `engine`, from the settings (started by the caller:
    the container, or a benchmark). Its batches' events go to `sink`."""
    limits = writer_limits(settings.gifts.batch_size_max, settings.gifts.batch_wait_ms,
                           settings.gifts.queue_max, settings.gifts.retry_after_s)
    return GiftWriter(engine, settings.economy, limits, sink, settings.gifts.account_slots,
                      overlap=settings.gifts.decide_ahead)

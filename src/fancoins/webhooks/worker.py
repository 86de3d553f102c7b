"""The delivery worker of an API process: outbox rows in, signed HTTP requests out.

Each round (at most one every `webhooks.round_ms`; a commit in this process or a finished send
wakes it, `webhooks.poll_ms` otherwise):

1. **Record** the answers of finished sends in one transaction: the delivery is delivered,
   scheduled again (exponential back-off with jitter), or dead-lettered after
   `webhooks.attempts_max` attempts; every attempt goes to the endpoint's log (status, latency,
   the answer's first characters); an endpoint failing for long enough is disabled.
2. **Dispatch** the outbox: one process at a time (a row lock the others skip), rows are
   turned into messages and one delivery per message and subscribed endpoint, numbered in
   commit order, and deleted — all in one transaction, so each event is dispatched once.
3. **Claim** due deliveries up to the free send slots (per process and per endpoint): on
   PostgreSQL `FOR UPDATE SKIP LOCKED`, so several processes never take the same one. A claim
   is a lease: the delivery's next due time moves past the attempt's timeout, so a process
   killed mid-send leaves it to be tried again (at least once, with the same `webhook-id`).
   Of one endpoint's deliveries with the same ordering key, only the oldest open one can be
   claimed: they go out one at a time, in order.
4. **Send** each claimed delivery in its own task (httpx, a total timeout, no redirects), with
   no transaction open: a slow or dead endpoint holds a send slot, never a lock, and never the
   gift writer, which only ever wrote one outbox row per batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Settings
from fancoins.db import outbox
from fancoins.db.engine import read_only
from fancoins.db.uow import unit
from fancoins.ids import new_id
from fancoins.kit.clock import MS_PER_DAY, MS_PER_SECOND, now_ms
from fancoins.kit.events import DomainEvent, EventBus
from fancoins.kit.tasks import cancel_all
from fancoins.kit.tls import tls_context
from fancoins.webhooks import repository, signing
from fancoins.webhooks.planning import (
    DisablePolicy,
    OutboxEvent,
    PlannedMessage,
    RetryPolicy,
    Subscriber,
    plan_disable,
    plan_messages,
    plan_retry,
)
from fancoins.webhooks.repository import DEAD, DELIVERED, PAUSED, PENDING, Claimed
from fancoins.webhooks.service import webhooks

log = structlog.get_logger(__name__)

# Due deliveries read per claim, per free slot: the rest of the window lets a claim pass over
# deliveries of endpoints already at their concurrency.
CLAIM_WINDOW_PER_SLOT = 4
CLAIM_WINDOW_MAX = 1000
# Finished deliveries purged per round, and how often (a bounded delete, off-peak enough).
PURGE_BATCH_MAX = 1000
PURGE_INTERVAL_MS = 60 * MS_PER_SECOND
ERROR_CHARS_MAX = 300  # the column's width
# The answer to a 410 Gone: the receiver says the endpoint will never take messages again.
GONE = 410
USER_AGENT = "fancoins-webhooks/1"
# How long stopping waits for sends in flight before abandoning them to their leases.
STOP_GRACE_S = 5.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """One attempt's answer, as the send saw it."""

    claimed: Claimed
    at_ms: int
    latency_ms: int
    status_code: int | None
    error: str | None
    snippet: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass(slots=True)
class RoundReport:
    dispatched_events: int = 0
    messages: int = 0
    claimed: int = 0
    recorded: int = 0


@dataclass(frozen=True, slots=True)
class WorkerLimits:
    concurrency: int
    endpoint_concurrency: int
    timeout_s: float
    lease_margin_s: float
    round_ms: int
    poll_ms: int
    dispatch_rows_max: int
    gift_batch_max: int
    snippet_chars: int
    retention_ms: int
    retry: RetryPolicy
    disable: DisablePolicy

    @classmethod
    def of(cls, settings: Settings) -> WorkerLimits:
        return cls(
            settings.webhooks.concurrency, settings.webhooks.endpoint_concurrency,
            settings.webhooks.timeout_s, settings.webhooks.lease_margin_s,
            settings.webhooks.round_ms, settings.webhooks.poll_ms,
            settings.webhooks.dispatch_rows_max, settings.webhooks.gift_batch_max,
            settings.webhooks.response_snippet_chars,
            settings.webhooks.retention_days * MS_PER_DAY,
            RetryPolicy(settings.webhooks.attempts_max, settings.webhooks.retry_initial_s,
                        settings.webhooks.retry_max_s),
            DisablePolicy(settings.webhooks.disable_failures_min,
                          settings.webhooks.disable_after_s * MS_PER_SECOND))


# --- dispatch -------------------------------------------------------------------------------


def _events(rows: Sequence[repository.OutboxRow]) -> list[OutboxEvent]:
    events: list[OutboxEvent] = []
    for row in rows:
        for item in outbox.decode_events(row.events):
            events.append(OutboxEvent(item["id"], item["type"], int(item["version"]),
                                      item["subject"], int(item["at_ms"]), item["data"]))
    return events


def _rows(messages: Sequence[PlannedMessage], first_seq: int, enabled: dict[uuid.UUID, bool],
          at_ms: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    message_rows, delivery_rows = [], []
    for offset, message in enumerate(messages):
        message_rows.append({"id": message.id, "type": message.type, "subject": message.subject,
                             "body": message.body.decode(), "event_count": message.event_count,
                             "created_at_ms": message.created_at_ms})
        for endpoint_id in message.endpoint_ids:
            delivery_rows.append({
                "id": new_id(), "endpoint_id": endpoint_id, "message_id": message.id,
                "type": message.type, "seq": first_seq + offset,
                "ordering_key": message.ordering_key,
                "state": PENDING if enabled[endpoint_id] else PAUSED, "attempts": 0,
                "due_at_ms": at_ms, "lease_id": None, "last_status": None, "last_error": None,
                "last_attempt_at_ms": None, "finished_at_ms": None, "created_at_ms": at_ms})
    return message_rows, delivery_rows


def _plan(rows: Sequence[repository.OutboxRow],
          subscribed: Sequence[tuple[uuid.UUID, Sequence[str], bool]], gift_batch_max: int,
          next_seq: int) -> tuple[list[OutboxEvent], list[PlannedMessage],
                                  list[dict[str, object]], list[dict[str, object]]]:
    """The outbox rows' events, the messages they make and the rows to insert (pure)."""
    events = _events(rows)
    subscribers = [Subscriber(i, frozenset(types), enabled) for i, types, enabled
                   in subscribed]
    messages = plan_messages(events, subscribers, gift_batch_max, new_id)
    message_rows, delivery_rows = _rows(messages, next_seq,
                                        {i: on for i, _, on in subscribed}, now_ms())
    return events, messages, message_rows, delivery_rows


async def dispatch_once(engine: AsyncEngine, limits: WorkerLimits) -> RoundReport:
    """Turn waiting outbox rows into messages and deliveries (see the module docstring)."""
    report = RoundReport()
    async with read_only(engine) as connection:
        if not await repository.outbox_waiting(connection):
            return report
    async with unit(engine) as uow:
        connection = await uow.connect()
        next_seq = await repository.lock_dispatch(connection)
        if next_seq is None:
            return report  # another process is dispatching
        rows = await repository.take_outbox(connection, limits.dispatch_rows_max)
        subscribed = await repository.subscriptions(connection)
        # Decoding and planning thousands of events (a gift batch's row holds one per gift)
        # is tens of milliseconds of Python per row: on a thread, so the event loop (the gift
        # writer, LIVE) goes on meanwhile instead of stalling for the whole round.
        events, messages, message_rows, delivery_rows = await asyncio.to_thread(
            _plan, rows, subscribed, limits.gift_batch_max, next_seq)
        await repository.insert_messages(connection, message_rows)
        await repository.insert_deliveries(connection, delivery_rows)
        await repository.delete_outbox(connection, [row.id for row in rows])
        await repository.set_next_seq(connection, next_seq + len(messages))
        report.dispatched_events, report.messages = len(events), len(messages)
    return report


# --- sending --------------------------------------------------------------------------------


def signing_secrets(claimed: Claimed, at_ms: int) -> list[str]:
    """The current secret, and the previous one while its rotation overlap lasts."""
    found = [claimed.secret]
    if claimed.previous_secret and claimed.previous_expires_at_ms and \
            at_ms < claimed.previous_expires_at_ms:
        found.append(claimed.previous_secret)
    return found


async def send(client: httpx.AsyncClient, claimed: Claimed, limits: WorkerLimits) -> Outcome:
    """One attempt: POST the signed message, read at most a snippet of the answer."""
    at_ms = now_ms()
    body = claimed.body.encode()
    # The signature's timestamp is the real sending time, whatever clock the process runs
    # on: receivers compare it with their own clock.
    headers = signing.headers(str(claimed.message_id), int(time.time()), body,
                              signing_secrets(claimed, at_ms))
    headers.update({"content-type": "application/json", "user-agent": USER_AGENT})
    started = time.perf_counter()
    status: int | None = None
    error: str | None = None
    snippet = b""
    try:
        async with asyncio.timeout(limits.timeout_s):
            async with client.stream("POST", claimed.url, content=body,
                                     headers=headers) as response:
                status = response.status_code
                async for chunk in response.aiter_bytes():
                    snippet += chunk
                    if len(snippet) >= limits.snippet_chars:
                        break
    except TimeoutError:
        error = f"no answer within {limits.timeout_s:g} s"
    except httpx.HTTPError as failed:
        error = f"{type(failed).__name__}: {failed}"[:ERROR_CHARS_MAX]
    latency_ms = int((time.perf_counter() - started) * 1000)
    if status is not None and not 200 <= status < 300 and error is None:
        error = f"HTTP {status}"
    text = snippet[:limits.snippet_chars].decode(errors="replace") if snippet else None
    return Outcome(claimed, at_ms, latency_ms, status, error, text)


# --- the worker -----------------------------------------------------------------------------


@dataclass(slots=True)
class _InFlight:
    tasks: set[asyncio.Task[Outcome]] = field(default_factory=set)
    per_endpoint: Counter[uuid.UUID] = field(default_factory=Counter)


class WebhookWorker:
    def __init__(self, engine: AsyncEngine, limits: WorkerLimits,
                 client: httpx.AsyncClient | None = None, rng: random.Random | None = None,
                 ) -> None:
        self._engine = engine
        self.limits = limits
        self._client = client
        self._owns_client = client is None
        self._rng = rng or random.Random()
        self._wake = asyncio.Event()
        self._in_flight = _InFlight()
        self._finished: list[Outcome] = []
        self._task: asyncio.Task[None] | None = None
        self._last_purge_ms = 0
        self.rounds = 0

    # --- life ----------------------------------------------------------------------------

    def start(self, bus: EventBus | None = None) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(
                follow_redirects=False, timeout=httpx.Timeout(self.limits.timeout_s),
                verify=tls_context(),
                limits=httpx.Limits(max_connections=self.limits.concurrency,
                                    max_keepalive_connections=self.limits.concurrency))
        if bus is not None:
            bus.subscribe(self._committed)
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="webhook-worker")

    async def stop(self, bus: EventBus | None = None) -> None:
        """Stop looking for work; give sends in flight a short grace (their answers are
        recorded), then leave the rest to their leases (sent again later, same id)."""
        if bus is not None:
            bus.unsubscribe(self._committed)
        if self._task is not None:
            await cancel_all([self._task], "webhook worker")
            self._task = None
        tasks = self._in_flight.tasks
        if tasks:
            await asyncio.wait(tasks, timeout=min(STOP_GRACE_S, self.limits.timeout_s))
            await cancel_all(list(tasks), "webhook sends")
        with contextlib.suppress(Exception):
            await self._record()
        if self._client is not None and self._owns_client:
            await self._client.aclose()
            self._client = None

    def nudge(self) -> None:
        """Something may be waiting: run a round soon."""
        self._wake.set()

    async def _committed(self, events: Sequence[DomainEvent]) -> None:
        del events  # they are in the outbox already: only the wake-up matters
        self._wake.set()

    @property
    def in_flight(self) -> int:
        return len(self._in_flight.tasks)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            self._wake.clear()
            try:
                await self.round()
            except Exception as error:  # a failed round is logged; the next one runs
                log.error("webhook_round_failed", error=repr(error))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.limits.poll_ms / 1000):
                    await self._wake.wait()
            rest_s = self.limits.round_ms / 1000 - (loop.time() - started)
            if rest_s > 0:
                await asyncio.sleep(rest_s)

    # --- one round -----------------------------------------------------------------------

    async def round(self) -> RoundReport:
        self.rounds += 1
        report = RoundReport(recorded=await self._record())
        dispatched = await dispatch_once(self._engine, self.limits)
        report.dispatched_events, report.messages = (dispatched.dispatched_events,
                                                     dispatched.messages)
        report.claimed = await self._claim_and_send()
        await self._purge()
        return report

    async def _claim_and_send(self) -> int:
        free = self.limits.concurrency - self.in_flight
        if free <= 0:
            return 0
        at_ms = now_ms()
        async with read_only(self._engine) as connection:
            if not await repository.due_waiting(connection, at_ms):
                return 0
        async with unit(self._engine) as uow:
            claimed = await self._claim(await uow.connect(), free, at_ms)
        for delivery in claimed:
            self._spawn(delivery)
        return len(claimed)

    async def _claim(self, connection: AsyncConnection, free: int, at_ms: int
                     ) -> list[Claimed]:
        window = min(CLAIM_WINDOW_MAX, free * CLAIM_WINDOW_PER_SLOT)
        taken: list[uuid.UUID] = []
        busy = Counter(self._in_flight.per_endpoint)
        for delivery_id, endpoint_id in await repository.due_candidates(connection, at_ms,
                                                                        window):
            if busy[endpoint_id] >= self.limits.endpoint_concurrency:
                continue
            busy[endpoint_id] += 1
            taken.append(delivery_id)
            if len(taken) >= free:
                break
        if not taken:
            return []
        lease_s = self.limits.timeout_s + self.limits.lease_margin_s
        until_ms = at_ms + int(lease_s * MS_PER_SECOND)
        return await repository.lease(connection, taken, new_id(), at_ms, until_ms)

    def _spawn(self, claimed: Claimed) -> None:
        client = self._client
        if client is None:
            raise RuntimeError("the webhook worker is not started")
        flight = self._in_flight
        task = asyncio.create_task(send(client, claimed, self.limits),
                                   name=f"webhook-send-{claimed.id}")
        flight.tasks.add(task)
        flight.per_endpoint[claimed.endpoint_id] += 1

        def done(finished: asyncio.Task[Outcome]) -> None:
            flight.tasks.discard(finished)
            flight.per_endpoint[claimed.endpoint_id] -= 1
            if not finished.cancelled() and finished.exception() is None:
                self._finished.append(finished.result())
            self._wake.set()

        task.add_done_callback(done)

    async def _record(self) -> int:
        """Record every finished send's outcome in one transaction."""
        outcomes, self._finished = self._finished, []
        if not outcomes:
            return 0
        try:
            async with unit(self._engine) as uow:
                connection = await uow.connect()
                await record_outcomes(connection, outcomes, self.limits, self._rng)
        except Exception:
            self._finished = outcomes + self._finished  # tried again next round
            raise
        return len(outcomes)

    async def _purge(self) -> None:
        at_ms = now_ms()
        if at_ms - self._last_purge_ms < PURGE_INTERVAL_MS:
            return
        self._last_purge_ms = at_ms
        async with unit(self._engine) as uow:
            await repository.purge(await uow.connect(), at_ms - self.limits.retention_ms,
                                   PURGE_BATCH_MAX)

    async def drain(self, timeout_s: float) -> None:
        """Run rounds until nothing is waiting, due or in flight (tests, benchmarks)."""
        async with asyncio.timeout(timeout_s):
            while True:
                report = await self.round()
                if self.in_flight:
                    await asyncio.wait(self._in_flight.tasks,
                                       return_when=asyncio.FIRST_COMPLETED)
                    continue
                if not (report.recorded or report.dispatched_events or report.claimed
                        or self._finished):
                    return


async def record_outcomes(connection: AsyncConnection, outcomes: Sequence[Outcome],
                          limits: WorkerLimits, rng: random.Random) -> None:
    """Each outcome on its delivery and in the attempts log; then each endpoint's failure
    count, which may disable it."""
    attempts = []
    for outcome in outcomes:
        claimed = outcome.claimed
        await repository.finish(connection, claimed.id, claimed.lease_id,
                                **_delivery_values(outcome, limits.retry, rng))
        attempts.append({
            "id": new_id(), "delivery_id": claimed.id, "endpoint_id": claimed.endpoint_id,
            "attempt": claimed.attempt, "at_ms": outcome.at_ms,
            "status_code": outcome.status_code, "error": outcome.error,
            "latency_ms": outcome.latency_ms, "response_snippet": outcome.snippet})
    await repository.insert_attempts(connection, attempts)
    by_endpoint: dict[uuid.UUID, list[Outcome]] = {}
    for outcome in sorted(outcomes, key=lambda o: o.at_ms):
        by_endpoint.setdefault(outcome.claimed.endpoint_id, []).append(outcome)
    for endpoint_id, its in by_endpoint.items():
        await _endpoint_health(connection, endpoint_id, its, limits.disable)


def _delivery_values(outcome: Outcome, retry: RetryPolicy, rng: random.Random
                     ) -> dict[str, object]:
    common = {"last_status": outcome.status_code, "last_error": outcome.error,
              "last_attempt_at_ms": outcome.at_ms}
    if outcome.ok:
        return {**common, "state": DELIVERED, "finished_at_ms": outcome.at_ms}
    wait_ms = plan_retry(outcome.claimed.attempt, retry, rng)
    if wait_ms is None:
        return {**common, "state": DEAD, "finished_at_ms": outcome.at_ms}
    return {**common, "due_at_ms": now_ms() + wait_ms}


async def _endpoint_health(connection: AsyncConnection, endpoint_id: uuid.UUID,
                           outcomes: Sequence[Outcome], policy: DisablePolicy) -> None:
    endpoint = await repository.get_endpoint(connection, endpoint_id, lock=True)
    if endpoint is None:
        return  # deleted meanwhile
    failures, since_ms = endpoint.consecutive_failures, endpoint.failing_since_ms
    last_success_ms = endpoint.last_success_at_ms
    gone = False
    for outcome in outcomes:
        if outcome.ok:
            failures, since_ms, last_success_ms = 0, None, outcome.at_ms
        else:
            failures += 1
            since_ms = since_ms if since_ms is not None else outcome.at_ms
            gone = gone or outcome.status_code == GONE
    await repository.update_endpoint(connection, endpoint_id, consecutive_failures=failures,
                                     failing_since_ms=since_ms,
                                     last_success_at_ms=last_success_ms)
    at_ms = outcomes[-1].at_ms
    if gone:
        await webhooks.disable(connection, endpoint_id, "the endpoint answered 410 Gone")
    elif plan_disable(failures, since_ms, at_ms, policy):
        await webhooks.disable(connection, endpoint_id,
                               f"{failures} failed attempts in a row since {since_ms}")

"""`fancoins bench gifts`: a viral LIVE, through the service layer (no HTTP).

Funded viewers gift one creator for a fixed time, first through the micro-batching writer,
then through the one-transaction-per-gift baseline (the same decision and SQL, one gift per
transaction), in the same run on the same database. Then `verify` proves the ledger whole.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.bench.cpu import CpuMeter, CpuSplit
from fancoins.config import Settings
from fancoins.db.engine import create_engine, read_only
from fancoins.db.uow import unit
from fancoins.gifts.service import Outcome, SendRequest, SentGift, gifts_service
from fancoins.gifts.writer import new_writer
from fancoins.identity.service import api_keys, users
from fancoins.ids import new_id, now_ms
from fancoins.journal import bulk, chain
from fancoins.journal.chain import AuditEntry
from fancoins.journal.service import journal
from fancoins.kit.collector import Collector, CollectorPolicy
from fancoins.ledger import COIN, TransferRequest, chart
from fancoins.proof import Proof, prove
from fancoins.streams.service import StreamAlreadyLive, streams

CREATOR_ID = "bench-creator"
BENCH_ACTOR = "bench"
# Users and grants are created in chunks so one seeding transaction stays short.
SEED_CHUNK = 500
GIFT_ID = "rose"  # 1 coin: the storm's typical gift


@dataclass(slots=True)
class RunStats:
    name: str
    seconds: float = 0.0
    sent: int = 0
    refused: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    batches: int = 0
    # Batches decided ahead while the one before committed: kept once locked, decided again.
    ahead_kept: int = 0
    ahead_redecided: int = 0
    cpu: CpuSplit = field(default_factory=CpuSplit)  # over the storm: where its time went

    @property
    def gifts_per_s(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0

    def percentile_ms(self, fraction: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def backend_key(engine: AsyncEngine) -> str:
    """An API key holding `gifts:write`, as a host backend relaying its viewers' gifts has."""
    async with unit(engine) as uow:
        issued = await api_keys.create(uow, actor=BENCH_ACTOR, name="bench backend",
                                       scopes=["gifts:write"], reason="benchmark")
    if issued.token is None:
        raise RuntimeError("the new API key came without its token")
    return issued.token


async def committed_gifts(settings: Settings, stream_id: str) -> int:
    """Gifts the stream's ledger holds (each send, whatever its count)."""
    engine = create_engine(settings.database_url)
    try:
        async with read_only(engine) as connection:
            return (await gifts_service.stream_gift_sums(connection, stream_id)).count
    finally:
        await engine.dispose()


def viewer_id(index: int) -> str:
    return f"bench-viewer-{index:05d}"


async def seed(engine: AsyncEngine, viewers: int, coins_each: int) -> str:
    """The creator, `viewers` adult viewers each granted `coins_each` (an audited grant,
    through the journal), and a LIVE. Returns the stream id."""
    born = dt.date(1990, 1, 1)
    run = new_id().hex[:12]
    async with unit(engine) as uow:
        await users.upsert(uow, CREATOR_ID, display_name="Bench Creator", birth_date=born,
                           is_creator=True)
    try:
        async with unit(engine) as uow:
            stream_id = (await streams.start(uow, CREATOR_ID, "bench storm",
                                             f"bench-{run}")).value.id
    except StreamAlreadyLive as live:  # a previous run's LIVE on the same database
        stream_id = live.stream_id
    for start in range(0, viewers, SEED_CHUNK):
        chunk = range(start, min(start + SEED_CHUNK, viewers))
        async with unit(engine) as uow:
            for index in chunk:
                await users.upsert(uow, viewer_id(index), display_name=f"Viewer {index}",
                                   birth_date=born)
            connection = await uow.connect()
            grants = [
                TransferRequest(id=new_id(), code="operator_grant",
                                debit_account_id=chart.COINS_ISSUED,
                                credit_account_id=chart.user_coins(viewer_id(index)), asset=COIN,
                                amount=coins_each, user_data={"actor": BENCH_ACTOR})
                for index in chunk
            ]
            await journal.record(connection, grants, idempotency_key=f"bench:{run}:{start}",
                                 scope="operator_adjustment")
            # One audit entry per grant, as an operator's adjustment has (verify checks it).
            await chain.record_audits(connection, [
                AuditEntry(BENCH_ACTOR, "coins.adjusted", f"user:{viewer_id(index)}",
                           "benchmark viewers",
                           {"amount_coins": coins_each, "transfer_id": str(grant.id)})
                for index, grant in zip(chunk, grants, strict=True)
            ])
    return stream_id


def combined(runs: list[RunStats]) -> RunStats:
    """Runs of the same kind as one: their gifts over their time, every latency."""
    total = RunStats(runs[0].name)
    for run in runs:
        total.seconds += run.seconds
        total.sent += run.sent
        total.refused += run.refused
        total.latencies_ms.extend(run.latencies_ms)
        total.batches += run.batches
        total.ahead_kept += run.ahead_kept
        total.ahead_redecided += run.ahead_redecided
        total.cpu.add(run.cpu)
    return total


Send = Callable[[SendRequest], Awaitable[Outcome]]


async def _storm(name: str, send: Send, stream_id: str, viewers: int, clients: int,
                 duration_s: float) -> RunStats:
    """`clients` senders in a loop, each a random viewer per gift, for `duration_s`."""
    stats = RunStats(name)
    deadline = time.perf_counter() + duration_s
    rng = random.Random(7)
    latencies = stats.latencies_ms

    async def client() -> None:
        while time.perf_counter() < deadline:
            request = SendRequest(viewer_id(rng.randrange(viewers)), GIFT_ID, 1,
                                  new_id().hex, stream_id=stream_id)
            started = time.perf_counter()
            outcome = await send(request)
            latencies.append((time.perf_counter() - started) * 1000)
            if isinstance(outcome, SentGift):
                stats.sent += 1
            else:
                stats.refused += 1

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    stats.seconds = time.perf_counter() - began
    return stats


async def run_writer(engine: AsyncEngine, settings: Settings, stream_id: str, viewers: int,
                     clients: int, duration_s: float, *, chained: bool = True) -> RunStats:
    """The storm through the writer. `chained=False` (benchmarks only) leaves the batches'
    transfers out of the hash chain, to measure what the chain costs; they are sealed into
    it right after the run."""
    async with unit(engine) as uow:  # as a serving process does at start-up
        await gifts_service.seed_catalog(uow, settings.economy)
    # The serving process's garbage collector policy (`kit/collector.py`), started as it
    # starts it: without it every full pass walked the whole start-up heap (~260k objects),
    # a fifth of the writer's CPU in this process, which no serving process pays.
    collector = Collector(CollectorPolicy(
        settings.live.gc_freeze_interval_s, settings.live.gc_thaw_after_viewers_left,
        settings.live.gc_thaw_interval_s), lambda: 0)
    collector.start()
    writer = new_writer(engine, settings, None)
    if chained:
        writer.start()
    else:
        with bulk.unchained_for_benchmark():
            writer.start()  # the writer's task keeps the switch; nothing else sees it

    async def send(request: SendRequest) -> Outcome:
        return await writer.send(request, settings.gifts.commit_timeout_s)

    name = "writer" if chained else "unchained"  # the same writer, its chain off
    meter = CpuMeter(settings.database_url)
    meter.start()
    try:
        stats = await _storm(name, send, stream_id, viewers, clients, duration_s)
        stats.cpu = meter.stop()
    finally:
        await writer.stop()
        await collector.stop()
        if not chained:
            async with engine.begin() as connection:
                await chain.seal_unchained(connection)
    stats.batches = writer.batches
    stats.ahead_kept, stats.ahead_redecided = writer.ahead_kept, writer.ahead_redecided
    return stats


async def run_baseline(engine: AsyncEngine, settings: Settings, stream_id: str, viewers: int,
                       clients: int, duration_s: float) -> RunStats:
    economy = settings.economy

    async def send(request: SendRequest) -> Outcome:
        async with unit(engine) as uow:
            result = await gifts_service.apply_batch(uow, [request], economy, now_ms())
        return result.outcomes[0]

    stats = await _storm("one txn per gift", send, stream_id, viewers, clients, duration_s)
    stats.batches = stats.sent + stats.refused
    return stats


async def check(settings: Settings) -> Proof:
    """The whole proof, on its own engine: verify's bound is not a request's."""
    engine = create_engine(settings.database_url, timeout_s=settings.database.verify_timeout_s)
    try:
        async with read_only(engine) as connection:
            return await prove(connection)
    finally:
        await engine.dispose()

"""`fancoins bench verify`: how long the whole proof takes over a million transfers.

The books are made quickly but through the real write paths: viewers and creators (with their
wallets), one audited grant per viewer, then gifts in chunks, each chunk written the way the
gift writer writes a batch (the gifts by COPY, their coin legs and one diamond credit per
creator as one link of the hash chain, balances added set-based). Then `verify`'s proof runs
once, timed part by part, against the target.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.db.engine import read_only
from fancoins.db.uow import unit
from fancoins.economy.rules import EconomyConfig
from fancoins.gifts import repository as gift_rows
from fancoins.gifts.repository import GiftRow
from fancoins.gifts.service import DIAMONDS_CODE, GIFT_CODE, gifts_service, revenue_share_rule
from fancoins.identity.service import users
from fancoins.ids import new_id, now_ms
from fancoins.journal import bulk, chain
from fancoins.journal.chain import AuditEntry
from fancoins.journal.service import journal
from fancoins.journal.verify import VerifyReport, tune_for_scans
from fancoins.ledger import COIN, DIAMOND, TransferRequest, chart
from fancoins.proof import Proof, parts, prove

# The issue's target on this 2-core machine: a million transfers proved within this.
TARGET_S = 5.0
VIEWERS = 1_000
CREATORS = 50
# Transfers per bulk write (one link of the chain each): about ten of the writer's batches.
CHUNK_TRANSFERS = 10_000
GIFT_ID = "rose"  # 1 coin, 1 diamond: the storm's typical gift
COINS_MARGIN = 10  # granted beyond what each viewer will spend
BENCH_ACTOR = "bench"


def viewer(index: int) -> str:
    return f"verify-viewer-{index:05d}"


def creator(index: int) -> str:
    return f"verify-creator-{index:03d}"


def _stream(index: int) -> str:
    return f"verify-stream-{index}"


@dataclass(frozen=True, slots=True)
class Timing:
    part: str
    seconds: float


async def make_books(engine: AsyncEngine, economy: EconomyConfig, transfers: int) -> int:
    """About `transfers` transfers of realistic books. Returns how many were written."""
    chunks = max(1, -(-(transfers - VIEWERS) // CHUNK_TRANSFERS))
    gifts_per_chunk = CHUNK_TRANSFERS - CREATORS
    per_viewer = -(-chunks * gifts_per_chunk // VIEWERS) + COINS_MARGIN
    async with unit(engine) as uow:  # as a serving process does at start-up
        await gifts_service.seed_catalog(uow, economy)
    async with engine.begin() as connection:
        for index in range(CREATORS):
            await users.upsert(connection, creator(index), display_name=f"Creator {index}",
                               is_creator=True)
        grants = []
        for index in range(VIEWERS):
            await users.upsert(connection, viewer(index), display_name=f"Viewer {index}")
            grants.append(TransferRequest(
                id=new_id(), code="operator_grant", debit_account_id=chart.COINS_ISSUED,
                credit_account_id=chart.user_coins(viewer(index)), asset=COIN,
                amount=per_viewer))
        await journal.record(connection, grants, idempotency_key=f"bench-verify:{new_id()}",
                             scope="operator_adjustment")
        await chain.record_audits(connection, [
            AuditEntry(BENCH_ACTOR, "coins.adjusted", f"user:{viewer(i)}", "benchmark books",
                       {"amount_coins": per_viewer, "transfer_id": str(grant.id)})
            for i, grant in enumerate(grants)
        ])
    written = VIEWERS
    rule = revenue_share_rule(economy)
    run = new_id().hex[:12]  # idempotency keys stay unique across runs on one database
    for chunk in range(chunks):
        async with engine.begin() as connection:
            written += await _gift_chunk(connection, f"{run}:{chunk}", gifts_per_chunk,
                                         per_viewer, rule)
    return written


async def _gift_chunk(connection: AsyncConnection, chunk: str, gifts: int, per_viewer: int,
                      rule: str) -> int:
    """`gifts` one-coin gifts as one batch: rows, coin legs, one diamond credit a creator."""
    at_ms = now_ms()
    rows, transfers = [], bulk.Transfers()
    deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    diamonds: dict[str, int] = defaultdict(int)
    operation_id = f"gift-batch:{new_id()}"
    user_data = [orjson.dumps({"gift_id": GIFT_ID, "count": 1, "stream_id": _stream(c),
                               "video_id": None, "rule": rule}).decode()
                 for c in range(CREATORS)]
    for n in range(gifts):
        sender, recipient = viewer(n % VIEWERS), creator(n % CREATORS)
        spent = n // VIEWERS + 1  # within the chunk (the balance after is informational)
        row = GiftRow(new_id(), sender, recipient, _stream(n % CREATORS), None,
                      None, GIFT_ID, 1, 1, 1, 1, per_viewer - spent, f"verify:{chunk}:{n}",
                      "0" * 32)
        rows.append(row)
        wallet = chart.user_coins(sender)
        transfers.add(row.id, wallet, chart.COINS_SPENT, COIN, 1, GIFT_CODE,
                      user_data[n % CREATORS])
        deltas[wallet][0] += 1
        deltas[chart.COINS_SPENT][1] += 1
        diamonds[recipient] += 1
    for recipient, earned in sorted(diamonds.items()):
        transfers.add(new_id(), chart.DIAMONDS_ISSUED, chart.user_diamonds(recipient), DIAMOND,
                      earned, DIAMONDS_CODE, orjson.dumps({"rule": rule}).decode())
        deltas[chart.DIAMONDS_ISSUED][0] += earned
        deltas[chart.user_diamonds(recipient)][1] += earned
    await gift_rows.insert_gifts(connection, rows, rule, at_ms)
    await bulk.insert_transfers(connection, transfers, operation_id, at_ms)
    await bulk.add_to_balances(connection, [(a, d, c) for a, (d, c) in sorted(deltas.items())])
    return len(transfers.ids)


async def timed_proof(engine: AsyncEngine) -> tuple[Proof, float, list[Timing]]:
    """The proof `fancoins verify` gives, timed (its parts share one snapshot across two
    connections), then each part alone, to show where the time goes."""
    async with read_only(engine) as connection:
        started = time.perf_counter()
        report = await prove(connection, engine=engine)
        total_s = time.perf_counter() - started
    timings: list[Timing] = []
    async with read_only(engine) as connection:
        await tune_for_scans(connection)
        for name, part in parts():
            began = time.perf_counter()
            await part(connection, VerifyReport())
            timings.append(Timing(name, time.perf_counter() - began))
    return report, total_s, timings

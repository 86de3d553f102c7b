"""Fifty clients at once, each request sent twice under one key, on PostgreSQL.

Every request is retried, either concurrently with the first attempt or right after it, half
the time with fresh transfer ids (a retrying client may make new ones). Afterwards the ledger
must show each accepted request applied exactly once, no protected wallet below zero, COIN summing
to zero, and balances equal to what the recorded answers imply.

Serialization failures and deadlocks must not happen (rows are locked in id order): any that
does is collected and fails the test. None is retried.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.engine import create_engine
from fancoins.db.tables.ledger import idempotency_keys, ledger_transfers
from fancoins.ids import new_id
from fancoins.journal.service import Recorded, journal
from fancoins.journal.verify import verify
from fancoins.ledger import GroupRejected, TransferRequest
from tests.journal.helpers import move, open_coin_accounts, stored_totals

pytestmark = pytest.mark.postgres

CLIENTS = 50
REQUESTS_PER_CLIENT = 20
WALLETS = [f"wallet:{n}" for n in range(5)]
PLATFORM = "platform:coins_issued"
FUNDING_COINS = 150
# serialization_failure, deadlock_detected
RETRYABLE_SQLSTATES = {"40001", "40P01"}
# A hundred transactions queue on five wallets' row locks by design; on a loaded shared machine
# a wait can pass the default database timeout, which is not what this test is about.
LOCK_QUEUE_TIMEOUT_S = 120.0

Refusal = tuple[int, str]
Answer = Recorded | Refusal


@dataclasses.dataclass
class Sent:
    key: str
    requests: list[TransferRequest]
    retry: list[TransferRequest]  # the same request, perhaps with fresh transfer ids
    answers: list[Answer]


def _random_group(rng: random.Random) -> list[TransferRequest]:
    a, b, c = rng.sample(WALLETS, 3)
    roll = rng.random()
    if roll < 0.15:
        return [move(PLATFORM, a, rng.randint(1, 50), code="top_up")]
    if roll < 0.75:
        return [move(a, b, rng.randint(1, 80))]
    return [move(a, b, rng.randint(1, 60)), move(b, c, rng.randint(1, 60))]


async def _attempt(
    engine: AsyncEngine, requests: list[TransferRequest], key: str, failures: list[str]
) -> Answer | None:
    try:
        async with engine.begin() as conn:
            try:
                return await journal.record(conn, requests, idempotency_key=key)
            except GroupRejected as rejected:
                # Commit: the refusal is the key's answer from now on.
                return rejected.index, rejected.error.value
    except DBAPIError as error:
        sqlstate = getattr(error.orig, "sqlstate", None)
        if sqlstate in RETRYABLE_SQLSTATES:
            failures.append(f"{key}: {sqlstate} {error.orig}")
            return None
        raise


async def _client(engine: AsyncEngine, index: int, failures: list[str]) -> list[Sent]:
    rng = random.Random(index)
    sent: list[Sent] = []
    for n in range(REQUESTS_PER_CLIENT):
        key = f"client{index}:request{n}"
        requests = _random_group(rng)
        retry = requests if rng.random() < 0.5 else [
            dataclasses.replace(r, id=new_id()) for r in requests
        ]
        if rng.random() < 0.5:
            answers = list(await asyncio.gather(_attempt(engine, requests, key, failures),
                                                _attempt(engine, retry, key, failures)))
        else:
            answers = [await _attempt(engine, requests, key, failures),
                       await _attempt(engine, retry, key, failures)]
        sent.append(Sent(key, requests, retry, [a for a in answers if a is not None]))
    return sent


def _accepted(sent: Sent) -> Recorded | None:
    """The request's one answer, checked to be the same for both attempts."""
    first, second = sent.answers
    if isinstance(first, Recorded) or isinstance(second, Recorded):
        assert isinstance(first, Recorded) and isinstance(second, Recorded), sent
        assert first.transfer_ids == second.transfer_ids
        # Whichever attempt won the key made the transfers; the other got its answer.
        assert first.transfer_ids in {tuple(r.id for r in sent.requests),
                                      tuple(r.id for r in sent.retry)}
        assert first.created_at_ms == second.created_at_ms
        assert sorted([first.replayed, second.replayed]) == [False, True], sent
        return first
    assert first == second, sent
    return None


async def test_fifty_clients_retrying_every_request(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=CLIENTS, timeout_s=LOCK_QUEUE_TIMEOUT_S)
    try:
        async with engine.begin() as conn:
            await open_coin_accounts(conn, WALLETS, platform=PLATFORM)
            await journal.record(
                conn, [move(PLATFORM, w, FUNDING_COINS) for w in WALLETS],
                idempotency_key="funding",
            )
        failures: list[str] = []
        results = await asyncio.gather(*(_client(engine, i, failures) for i in range(CLIENTS)))
        assert failures == [], f"{len(failures)} serialization/deadlock errors: {failures[:5]}"
        await _check_ledger(engine, [s for client in results for s in client])
    finally:
        await engine.dispose()


async def _check_ledger(engine: AsyncEngine, sent: list[Sent]) -> None:
    expected: dict[str, int] = defaultdict(int)
    for wallet in WALLETS:
        expected[wallet] += FUNDING_COINS
        expected[PLATFORM] -= FUNDING_COINS
    applied: dict[str, set[object]] = {}
    for request in sent:
        recorded = _accepted(request)
        applied[request.key] = set(recorded.transfer_ids) if recorded else set()
        for transfer in request.requests if recorded else []:
            assert transfer.amount is not None
            expected[transfer.debit_account_id] -= transfer.amount
            expected[transfer.credit_account_id] += transfer.amount
    accepted = sum(1 for ids in applied.values() if ids)
    # The mix is meant to produce both outcomes; otherwise the test proves little.
    assert 0 < accepted < len(sent), accepted

    async with engine.connect() as conn:
        t = ledger_transfers.c
        rows = (await conn.execute(
            select(t.operation_id, t.id).where(t.operation_id.in_(list(applied)))
        )).all()
        stored: dict[str, set[object]] = defaultdict(set)
        for operation_id, transfer_id in rows:
            stored[operation_id].add(transfer_id)
        per_key = Counter(operation_id for operation_id, _ in rows)
        keys = (await conn.execute(
            select(func.count()).select_from(idempotency_keys)
            .where(idempotency_keys.c.key.in_(list(applied)))
        )).scalar_one()
        totals = await stored_totals(conn, [*WALLETS, PLATFORM])
        report = await verify(conn)

    # Each accepted request exactly once (its own transfers, no more); refused ones not at all.
    assert {k: v for k, v in stored.items()} == {k: v for k, v in applied.items() if v}
    assert all(per_key[k] == len(ids) for k, ids in applied.items())
    assert keys == len(sent)
    balances = {k: cpo - dpo for k, (_dp, dpo, _cp, cpo) in totals.items()}
    assert all(balances[w] >= 0 for w in WALLETS), balances
    assert all(dp == 0 and cp == 0 for dp, _dpo, cp, _cpo in totals.values())
    assert balances == dict(expected)
    assert report.asset_sums["COIN"] == (0, 0)
    assert report.ok, report.findings

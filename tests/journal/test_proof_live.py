"""verify on a live system: writers keep committing (audited grants, each a ledger link and an
audit entry) while the proof runs, and every proof still comes out whole. The proof reads one
snapshot, on every connection it uses: a commit landing between two of its queries would
otherwise show a transfer without its audit entry, or a head past the last link it read."""

from __future__ import annotations

import asyncio
import itertools

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.engine import read_only
from fancoins.db.uow import unit
from fancoins.identity.service import users
from fancoins.operator.service import operator
from fancoins.proof import prove

USERS = [f"live-{n}" for n in range(8)]
PROOFS = 6


async def _grants(engine: AsyncEngine, stop: asyncio.Event, writer: int) -> int:
    """Grant until told to stop; returns how many were committed."""
    for n in itertools.count():
        if stop.is_set():
            return n
        async with unit(engine) as uow:
            await operator.adjust_coins(uow, actor="ops", user_id=USERS[n % len(USERS)],
                                        amount_coins=1 + n % 7, reason="live",
                                        idempotency_key=f"live-grant-{writer}-{n}")
        await asyncio.sleep(0)
    raise AssertionError("unreachable")


async def test_proofs_during_writes_are_whole(engine: AsyncEngine) -> None:
    async with unit(engine) as uow:
        for user_id in USERS:
            await users.upsert(uow, user_id, display_name=user_id)
    stop = asyncio.Event()
    writers = [asyncio.create_task(_grants(engine, stop, w)) for w in range(2)]
    try:
        for _ in range(PROOFS):
            async with read_only(engine) as connection:
                proof = await prove(connection, engine=engine)
            assert proof.ok, proof.findings
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        made = sum(await asyncio.gather(*writers))
    assert made > PROOFS  # the writers did run alongside

"""Writers in different transactions (several API processes, each with its gift writer) never
queue on one chain head: each takes a lane nobody holds. A transaction gets its own lane back
(it never waits on itself), and a lane is released with its transaction."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.engine import create_engine
from fancoins.db.tables.ledger import chain_heads
from fancoins.journal.chain import take_lane
from fancoins.ledger.chain import AUDIT, LEDGER

pytestmark = pytest.mark.postgres

# Far below any lock wait: taking a free lane never waits for another transaction.
NO_WAIT_S = 2.0


async def _lane(connection: AsyncConnection, chain: str = LEDGER) -> int:
    async with asyncio.timeout(NO_WAIT_S):
        return (await take_lane(connection, chain)).lane


async def test_concurrent_writers_take_different_lanes(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=4)
    try:
        async with engine.begin() as first, engine.begin() as second, \
                engine.begin() as third:
            lanes = [await _lane(first), await _lane(second), await _lane(third)]
            assert len(set(lanes)) == 3
            assert await _lane(first) == lanes[0]  # its own lane, again, without waiting
            assert await _lane(first, AUDIT) != await _lane(second, AUDIT)
        async with engine.begin() as later:  # committed: every lane is free again
            assert await _lane(later) == min(lanes)
    finally:
        await engine.dispose()


async def test_a_writer_waits_only_when_every_lane_is_held(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=40)
    holders: list[AsyncConnection] = []
    try:
        async with engine.connect() as connection:
            count = (await connection.execute(select(func.count()).where(
                chain_heads.c.chain == LEDGER))).scalar_one()
        for _ in range(count):  # hold every ledger lane the migration made
            connection = await engine.connect()
            await connection.begin()
            holders.append(connection)
        assert sorted([await _lane(c) for c in holders]) == list(range(count))
        waiting = asyncio.create_task(_take_after(engine))
        await asyncio.sleep(0.5)
        assert not waiting.done()  # all held: it waits for the first lane
        await holders[0].rollback()
        assert await asyncio.wait_for(waiting, NO_WAIT_S) == 0
    finally:
        for connection in holders:
            await connection.close()
        await engine.dispose()


async def _take_after(engine: object) -> int:
    async with engine.begin() as connection:  # type: ignore[attr-defined]
        return (await take_lane(connection, LEDGER)).lane

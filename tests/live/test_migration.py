"""The LIVE migration (0004) goes up, down and up again on both databases."""

from __future__ import annotations

import asyncio

from sqlalchemy import inspect

from fancoins.db.engine import create_engine
from fancoins.db.migrate import downgrade, upgrade


def _tables(database_url: str) -> set[str]:
    async def read() -> set[str]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                names = await connection.run_sync(lambda c: inspect(c).get_table_names())
                return set(names)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_live_migration_up_down_up(database_url: str) -> None:
    assert "live_combos" in _tables(database_url)
    downgrade(database_url, "0003")
    tables = _tables(database_url)
    assert "live_combos" not in tables and "gifts" in tables
    upgrade(database_url, "0004")
    assert "live_combos" in _tables(database_url)
    upgrade(database_url)

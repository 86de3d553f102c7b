"""The gifts migration goes down and up again on both databases."""

from __future__ import annotations

import asyncio

from sqlalchemy import inspect

from fancoins.db.engine import create_engine
from fancoins.db.migrate import downgrade, upgrade

OURS = {"gift_catalog", "gifts", "streams", "videos", "comments", "spend_limits",
        "spend_totals"}


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


def test_down_and_up(database_url: str) -> None:
    assert asyncio.run(_tables(database_url)) >= OURS
    downgrade(database_url, "0002")
    assert not OURS & asyncio.run(_tables(database_url))
    upgrade(database_url)
    assert asyncio.run(_tables(database_url)) >= OURS

"""SQLite: writers take the write lock up front; readers never hold it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select, text

from fancoins.db.engine import create_engine, read_only, unit_of_work
from fancoins.db.tables import users
from tests.conftest import fresh_sqlite_url


async def test_open_read_does_not_block_a_writer(sqlite_template: Path, tmp_path: Path) -> None:
    engine = create_engine(fresh_sqlite_url(sqlite_template, tmp_path))
    try:
        async with read_only(engine) as reader:
            await reader.execute(select(users.c.id))  # the read transaction is now open
            async with asyncio.timeout(5):
                async with unit_of_work(engine) as writer:
                    await writer.execute(text(
                        "INSERT INTO users (id, display_name, country, age_verified, frozen,"
                        " is_creator, created_at_ms) VALUES ('w', 'W', 'US', 0, 0, 0, 0)"
                    ))
        async with read_only(engine) as reader:
            assert (await reader.execute(select(users.c.id))).scalars().all() == ["w"]
    finally:
        await engine.dispose()


async def test_two_writers_serialise(sqlite_template: Path, tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a second writer waits for the first instead of failing mid-way."""
    engine = create_engine(fresh_sqlite_url(sqlite_template, tmp_path))
    order: list[str] = []

    async def write(name: str, hold_s: float) -> None:
        async with unit_of_work(engine) as connection:
            await connection.execute(text(
                "INSERT INTO users (id, display_name, country, age_verified, frozen, is_creator,"
                f" created_at_ms) VALUES ('{name}', 'X', 'US', 0, 0, 0, 0)"
            ))
            order.append(name)
            await asyncio.sleep(hold_s)

    try:
        await asyncio.gather(write("first", 0.3), write("second", 0))
        assert sorted(order) == ["first", "second"]
    finally:
        await engine.dispose()

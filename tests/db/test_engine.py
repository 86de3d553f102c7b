"""SQLite: writers take the write lock up front; readers never hold it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

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


async def test_inline_sqlite_runs_on_the_callers_thread(sqlite_template: Path,
                                                       tmp_path: Path) -> None:
    """The simulation's engine: the same SQL and transactions, no driver thread; a refused
    statement is the driver's error, and a rolled-back write is gone."""
    engine = create_engine(fresh_sqlite_url(sqlite_template, tmp_path), sqlite_inline=True)
    insert = text("INSERT INTO users (id, display_name, country, age_verified, frozen,"
                  " is_creator, created_at_ms) VALUES (:id, 'X', 'US', 0, 0, 0, 0)")
    threads_before = threading.active_count()
    try:
        async with unit_of_work(engine) as connection:
            await connection.execute(insert, {"id": "kept"})
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
        with pytest.raises(IntegrityError):
            async with unit_of_work(engine) as connection:
                await connection.execute(insert, {"id": "undone"})
                await connection.execute(insert, {"id": "kept"})
        async with read_only(engine) as reader:
            assert (await reader.execute(select(users.c.id))).scalars().all() == ["kept"]
        assert mode == "wal" and threading.active_count() == threads_before
    finally:
        await engine.dispose()

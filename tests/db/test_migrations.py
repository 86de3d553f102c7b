"""The migration history runs up, down and up again on both databases."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from sqlalchemy import inspect

from fancoins.db.engine import create_engine
from fancoins.db.migrate import downgrade, upgrade
from fancoins.db.tables import metadata
from tests.conftest import _admin
from tests.support.servers import PostgresServer


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    return names - {"alembic_version"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = f"migrations_{uuid.uuid4().hex[:10]}"
    _admin(server, f"CREATE DATABASE {name}")
    return server.url(name)


def test_up_down_up(empty_url: str) -> None:
    # Alembic runs its own event loop, so this test is synchronous.
    upgrade(empty_url)
    assert asyncio.run(_tables(empty_url)) == set(metadata.tables)
    downgrade(empty_url, "base")
    assert asyncio.run(_tables(empty_url)) == set()
    upgrade(empty_url)
    assert asyncio.run(_tables(empty_url)) == set(metadata.tables)


async def _diff(url: str) -> list[object]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), metadata)
            )
    finally:
        await engine.dispose()


def test_migrations_match_the_tables(empty_url: str) -> None:
    """What the code declares is what the migrations build (no forgotten migration)."""
    upgrade(empty_url)
    assert asyncio.run(_diff(empty_url)) == []


async def _outbox_compression(url: str) -> str:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return str((await connection.exec_driver_sql(
                "SELECT attcompression::text FROM pg_attribute WHERE attrelid ="
                " 'webhook_outbox'::regclass AND attname = 'events'")).scalar_one())
    finally:
        await engine.dispose()


@pytest.mark.postgres
def test_the_outbox_events_are_compressed_with_lz4_on_postgresql(pg_server: PostgresServer
                                                                  ) -> None:
    """A gift batch's outbox row is hundreds of KB: lz4 (l) where the server has it, which
    the test server has; the downgrade gives back the default (p, pglz)."""
    name = f"migrations_{uuid.uuid4().hex[:10]}"
    _admin(pg_server, f"CREATE DATABASE {name}")
    url = pg_server.url(name)
    upgrade(url)
    assert asyncio.run(_outbox_compression(url)) == "l"
    downgrade(url, "0016")
    assert asyncio.run(_outbox_compression(url)) == "p"

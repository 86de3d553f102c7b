"""Every database call is bounded by `database.timeout_s`, and a database that is slow, frozen, gone
or refusing connections is answered `503 database-unavailable` with Retry-After: never a
500, never a hang.

The frozen and stopped servers are each test's own throwaway PostgreSQL, never the session's.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.engine import (
    CLIENT_TIMEOUT_GRACE_S,
    create_engine,
    database_unavailable,
    read_only,
    unit_of_work,
)
from fancoins.db.migrate import upgrade
from tests.conftest import _admin
from tests.support.api import bearer, make_user, running_app, settings_for, user_token
from tests.support.servers import PostgresServer, free_port, postgres_server

DB_TIMEOUT_S = 2.0
# Scheduling noise on a shared 2-core machine; a hang would blow far past it.
MARGIN_S = 2.5
# Never let a regression hang the suite: the whole request is cut off well after the margin.
GUARD_S = 30.0
PROBLEM_TYPE = "urn:fancoins:problem:database-unavailable"


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        yield server


async def _migrated(server: PostgresServer) -> str:
    _admin(server, "CREATE DATABASE fancoins")
    url = server.url("fancoins")
    await asyncio.to_thread(upgrade, url)  # Alembic runs its own event loop
    return url


def _postgres_pids(server: PostgresServer) -> list[int]:
    """The postmaster and every process it started (backends, checkpointer, ...)."""
    assert server.data_dir is not None
    postmaster = int((server.data_dir / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == postmaster:
            children.append(int(stat.parent.name))
    return [postmaster, *children]


@contextmanager
def frozen(server: PostgresServer) -> Iterator[None]:
    """SIGSTOP the whole server: connections stay open and nothing answers."""
    pids = _postgres_pids(server)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def stop_immediately(server: PostgresServer) -> None:
    assert server.data_dir is not None and server.bin_dir is not None
    command = [str(server.bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-m", "immediate",
               "stop"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True)


async def _timed_get(client: httpx.AsyncClient, path: str,
                     headers: dict[str, str]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = await asyncio.wait_for(client.get(path, headers=headers), GUARD_S)
    return answer, time.monotonic() - started


def _assert_unavailable(answer: httpx.Response, elapsed_s: float) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.json()["type"] == PROBLEM_TYPE
    assert int(answer.headers["Retry-After"]) >= 1
    assert elapsed_s < DB_TIMEOUT_S + MARGIN_S, f"answered after {elapsed_s:.1f} s"


@pytest.mark.postgres
async def test_frozen_database_answers_503_within_the_timeout(
    own_postgres: PostgresServer,
) -> None:
    settings = settings_for(await _migrated(own_postgres), database__timeout_s=DB_TIMEOUT_S,
                            jobs__enabled=False)
    async with running_app(settings) as (app, client):
        await make_user(app, "vera", display_name="Vera")
        reads = [("/healthz", {}), ("/v1/wallet", bearer(user_token(settings, "vera")))]
        for path, headers in reads:  # warm: the pool holds connections that will hang
            assert (await client.get(path, headers=headers)).status_code == 200
        with frozen(own_postgres):
            for _ in range(2):  # a pooled connection, then whatever replaced it
                for path, headers in reads:
                    _assert_unavailable(*await _timed_get(client, path, headers))
        # Thawed: the same process serves again without a restart.
        for path, headers in reads:
            answer = await asyncio.wait_for(client.get(path, headers=headers), GUARD_S)
            assert answer.status_code == 200, answer.text


@pytest.mark.postgres
async def test_stopped_database_answers_503_with_retry_after(
    own_postgres: PostgresServer,
) -> None:
    settings = settings_for(await _migrated(own_postgres), database__timeout_s=DB_TIMEOUT_S,
                            jobs__enabled=False)
    async with running_app(settings) as (app, client):
        await make_user(app, "vera", display_name="Vera")
        reads = [("/healthz", {}), ("/v1/wallet", bearer(user_token(settings, "vera")))]
        for path, headers in reads:
            assert (await client.get(path, headers=headers)).status_code == 200
        stop_immediately(own_postgres)
        for _ in range(3):  # dropped pooled connections, then refused new ones
            for path, headers in reads:
                _assert_unavailable(*await _timed_get(client, path, headers))


# A frozen server's connection is given up on within the timeout (plus the driver's grace for a
# statement), however it was given up on: dropping it costs no wait of its own. Giving up a
# fixed 2 s later (a goodbye the frozen server never answers) fails these bounds by over 1 s.
GIVE_UP_TIMEOUT_S = 1.0
GIVE_UP_MARGIN_S = GIVE_UP_TIMEOUT_S


@pytest.mark.postgres
async def test_a_frozen_servers_pooled_connection_is_dropped_within_the_timeout(
    own_postgres: PostgresServer,
) -> None:
    engine = create_engine(own_postgres.url("postgres"), timeout_s=GIVE_UP_TIMEOUT_S)
    try:
        async with read_only(engine) as connection:  # the pool keeps it for the next caller
            await connection.execute(text("SELECT 1"))
        with frozen(own_postgres):
            started = time.monotonic()
            with pytest.raises(Exception) as raised:
                async with read_only(engine) as connection:  # its liveness ping hangs
                    await connection.execute(text("SELECT 1"))
            elapsed_s = time.monotonic() - started
        assert database_unavailable(raised.value), repr(raised.value)
        assert elapsed_s < GIVE_UP_TIMEOUT_S + GIVE_UP_MARGIN_S, f"gave up after {elapsed_s:.2f} s"
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_a_statement_a_frozen_server_never_answers_ends_within_the_timeout(
    own_postgres: PostgresServer,
) -> None:
    engine = create_engine(own_postgres.url("postgres"), timeout_s=GIVE_UP_TIMEOUT_S)
    try:
        async with read_only(engine) as connection:
            await connection.execute(text("SELECT 1"))
            with frozen(own_postgres):
                started = time.monotonic()
                with pytest.raises(Exception) as raised:
                    await connection.execute(text("SELECT 1"))  # the driver's own timeout
                elapsed_s = time.monotonic() - started
        assert database_unavailable(raised.value), repr(raised.value)
        bound_s = GIVE_UP_TIMEOUT_S + CLIENT_TIMEOUT_GRACE_S + GIVE_UP_MARGIN_S
        assert elapsed_s < bound_s, f"gave up after {elapsed_s:.2f} s"
    finally:
        await engine.dispose()


# --- each database call is bounded, and each real driver error is classified ---------------


@pytest.mark.postgres
async def test_postgres_sessions_carry_the_statement_timeout(postgres_url: str) -> None:
    engine = create_engine(postgres_url, timeout_s=1.5)
    try:
        async with engine.connect() as connection:
            shown = (await connection.execute(text("SHOW statement_timeout"))).scalar_one()
        assert shown == "1500ms"
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_a_statement_past_the_timeout_is_unavailable_not_a_bug(postgres_url: str) -> None:
    engine = create_engine(postgres_url, timeout_s=1.0)
    try:
        started = time.monotonic()
        with pytest.raises(Exception) as raised:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT pg_sleep(30)"))
        assert time.monotonic() - started < 1.0 + MARGIN_S
        assert database_unavailable(raised.value), repr(raised.value)
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_a_dropped_connection_is_unavailable(postgres_url: str) -> None:
    engine = create_engine(postgres_url, timeout_s=DB_TIMEOUT_S)
    try:
        async with engine.connect() as victim:
            pid = (await victim.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            async with engine.connect() as killer:
                await killer.execute(text(f"SELECT pg_terminate_backend({int(pid)})"))
            with pytest.raises(Exception) as raised:
                await victim.execute(text("SELECT 1"))
        assert database_unavailable(raised.value), repr(raised.value)
    finally:
        await engine.dispose()


async def test_a_refused_connection_is_unavailable() -> None:
    engine = create_engine(f"postgresql+asyncpg://nobody@127.0.0.1:{free_port()}/none",
                           timeout_s=DB_TIMEOUT_S)
    try:
        with pytest.raises(Exception) as raised:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        assert database_unavailable(raised.value), repr(raised.value)
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_a_full_pool_waits_at_most_the_timeout(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=1, timeout_s=1.0)
    try:
        async with engine.connect() as first:
            await first.execute(text("SELECT 1"))
            async with engine.connect() as second:  # the one overflow connection
                await second.execute(text("SELECT 1"))
                started = time.monotonic()
                with pytest.raises(Exception) as raised:
                    async with engine.connect() as third:
                        await third.execute(text("SELECT 1"))
                assert time.monotonic() - started < 1.0 + MARGIN_S
        assert database_unavailable(raised.value), repr(raised.value)
    finally:
        await engine.dispose()


async def test_sqlite_waits_for_the_write_lock_at_most_the_timeout(
    sqlite_template: Path, tmp_path: Path
) -> None:
    from tests.conftest import fresh_sqlite_url

    engine = create_engine(fresh_sqlite_url(sqlite_template, tmp_path), timeout_s=1.0)
    try:
        async with unit_of_work(engine) as holder:
            await holder.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the write lock is held
            started = time.monotonic()
            with pytest.raises(Exception) as raised:
                async with unit_of_work(engine) as waiter:
                    await waiter.execute(text("SELECT 1"))
            assert 0.8 < time.monotonic() - started < 1.0 + MARGIN_S
        assert database_unavailable(raised.value), repr(raised.value)
    finally:
        await engine.dispose()


def _engine_timeout(engine: AsyncEngine) -> float:
    return float(engine.pool.timeout())  # type: ignore[attr-defined]


async def test_the_settings_timeout_reaches_the_engine(tmp_path: Path) -> None:
    from fancoins.db.engine import engine_for

    settings = settings_for(f"sqlite+aiosqlite:///{tmp_path}/t.db", database__timeout_s=3.5)
    engine = engine_for(settings)
    try:
        assert _engine_timeout(engine) == 3.5
        async with engine.connect() as connection:
            busy = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar_one()
        assert busy == 3500
    finally:
        await engine.dispose()

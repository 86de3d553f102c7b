"""`fancoins verify` passes on the demo database and fails on a tampered one."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from sqlalchemy import update

from fancoins.db.engine import create_engine
from fancoins.db.tables.ledger import ledger_accounts


def fancoins(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FANCOINS_DATABASE_URL": database_url, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "fancoins.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


async def _tamper(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                update(ledger_accounts)
                .where(ledger_accounts.c.id == "user:alice:coins")
                .values(credits_posted=ledger_accounts.c.credits_posted + 1)
            )
    finally:
        await engine.dispose()


def test_verify_demo_then_tampered(database_url: str) -> None:
    loaded = fancoins("demo", "load", database_url=database_url)
    assert loaded.returncode == 0, loaded.stderr
    again = fancoins("demo", "load", database_url=database_url)
    assert again.returncode == 0, again.stderr
    ok = fancoins("verify", database_url=database_url)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "OK" in ok.stdout
    asyncio.run(_tamper(database_url))
    bad = fancoins("verify", database_url=database_url)
    assert bad.returncode == 1
    assert "user:alice:coins" in bad.stdout and "FAILED" in bad.stdout
    assert "zero_sum" in bad.stdout


def test_verify_flag_overrides_environment(database_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fancoins.cli", "verify", "--database-url", database_url],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "FANCOINS_DATABASE_URL": "sqlite+aiosqlite:////nonexistent/x.db"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_is_refused_in_production(tmp_path: object) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/prod.db"
    env = {**os.environ, "FANCOINS_DATABASE_URL": url, "FANCOINS_MODE": "production",
           "FANCOINS_JWT__SECRET": "a-real-secret-for-this-test-only-0123456789"}
    result = subprocess.run([sys.executable, "-m", "fancoins.cli", "demo", "load"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert "refused in production mode" in result.stderr

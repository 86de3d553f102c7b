"""`fancoins report finance` on the demo economy: every format, the exit status says whether
the report ties, and a tampered ledger does not tie."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from fancoins.cli.common import console
from fancoins.cli.main import app
from fancoins.db.engine import create_engine
from fancoins.db.tables.ledger import ledger_accounts

TODAY = dt.datetime.now(dt.UTC).date()
PERIOD = ("--from", (TODAY - dt.timedelta(days=1)).isoformat(), "--to", TODAY.isoformat())


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def installed(*args: str, database_url: str) -> Ran:
    """A command as an operator runs it: a process of its own, configured by the environment."""
    env = {**os.environ, "FANCOINS_DATABASE_URL": database_url, "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "fancoins.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)
    return Ran(done.returncode, done.stdout, done.stderr)


def fancoins(*args: str, database_url: str) -> Ran:
    """The same command through the Typer app in this process, without a new process's
    seconds of imports (`installed` runs each command group once for real). The console,
    shared by every in-process command of this worker, is sized here (see tests/webhooks)."""
    console.size = (200, 50)
    result = CliRunner().invoke(app, list(args), env={"FANCOINS_DATABASE_URL": database_url,
                                                      "COLUMNS": "200"})
    return Ran(result.exit_code, result.stdout, result.stderr)


async def _tamper(url: str) -> None:
    """Edit a stored balance behind the journal's back: `verify` must catch it."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                update(ledger_accounts).where(ledger_accounts.c.id == "user:alice:coins")
                .values(credits_posted=ledger_accounts.c.credits_posted + 1))
    finally:
        await engine.dispose()


@pytest.mark.slow
def test_report_formats_and_exit_status(database_url: str, tmp_path: Path) -> None:
    loaded = installed("demo", "load", database_url=database_url)
    assert loaded.returncode == 0, loaded.stderr

    text = installed("report", "finance", *PERIOD, database_url=database_url)
    assert text.returncode == 0, text.stdout + text.stderr
    assert "ties to the ledger" in text.stdout and "Deferred revenue" in text.stdout
    csv = fancoins("report", "finance", *PERIOD, "--format", "csv",
                   database_url=database_url)
    assert csv.returncode == 0 and csv.stdout.startswith("section,item,currency")
    assert "period,ties,,,bool,1,yes" in csv.stdout
    for output in ("html", "pdf"):
        target = tmp_path / f"report.{output}"
        written = fancoins("report", "finance", *PERIOD, "--format", output, "--out",
                           str(target), database_url=database_url)
        assert written.returncode == 0, written.stdout + written.stderr
        head = target.read_bytes()[:15]
        assert head.startswith(b"%PDF-" if output == "pdf" else b"<!DOCTYPE html>")

    no_file = fancoins("report", "finance", *PERIOD, "--format", "pdf",
                       database_url=database_url)
    assert no_file.returncode == 2 and "--out" in no_file.stderr
    backwards = fancoins("report", "finance", "--from", PERIOD[3], "--to", PERIOD[1],
                         database_url=database_url)
    assert backwards.returncode == 2 and "before it starts" in backwards.stderr

    asyncio.run(_tamper(database_url))
    broken = fancoins("report", "finance", *PERIOD, database_url=database_url)
    assert broken.returncode == 1
    assert "does NOT tie" in broken.stdout and "FAILED" in broken.stdout

"""`fancoins bench live` runs end to end (tiny): one server in-process, and two API
processes with Redis; every viewer saw every committed gift once, and the ledger verifies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fancoins.cli.main import app

TINY = ["--viewers", "12", "--rate", "40", "--duration-s", "1", "--senders", "10",
        "--viewer-processes", "2", "--sample-every", "3"]


def test_bench_live_one_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FANCOINS_DATABASE_URL", raising=False)
    monkeypatch.setenv("FANCOINS_MODE", "development")
    url = f"sqlite+aiosqlite:///{tmp_path / 'bench.db'}"
    result = CliRunner().invoke(app, ["bench", "live", "--database-url", url, *TINY])
    assert result.exit_code == 0, result.output
    assert "totals exact" in result.output and "True" in result.output
    # The bench builds its server from the environment, and gives the caller's back.
    assert "FANCOINS_DATABASE_URL" not in os.environ
    assert os.environ["FANCOINS_MODE"] == "development"


@pytest.mark.redis
def test_bench_live_two_servers_with_redis(postgres_url: str, redis_url: str) -> None:
    result = CliRunner().invoke(app, ["bench", "live", "--database-url", postgres_url,
                                      "--servers", "2", "--redis-url", redis_url, *TINY])
    assert result.exit_code == 0, result.output
    assert "over 2 server(s)" in result.output
    assert "gaps 0, repeats 0" in result.output


"""`fancoins bench live` runs end to end (tiny): one server in-process, and two API
processes with Redis; every viewer saw every committed gift once, and the ledger verifies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fancoins.bench.live import send_latencies
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
    assert "µs per gift told to a viewer" in result.output
    assert "server full GC passes over the storm: " in result.output
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



def test_send_latencies_pair_each_gift_with_the_frame_that_told_of_it() -> None:
    # Gifts sent at 0, 10, 20, 30 ms (commit order); a viewer told of the first two by a
    # frame arriving at 100 ms, of the next two by one at 150 ms; another viewer later.
    sent = [0.0, 10.0, 20.0, 30.0]
    arrivals = [[(2, 100.0), (4, 150.0)], [(1, 50.0), (4, 200.0)]]
    assert send_latencies(sent, arrivals) == [100.0, 90.0, 130.0, 120.0,
                                              50.0, 190.0, 180.0, 170.0]


def test_the_bench_reports_the_delay_from_send_to_viewer(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bench.db'}"
    result = CliRunner().invoke(app, ["bench", "live", "--database-url", url, *TINY,
                                      "--sample-every", "1"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "send -> viewer" in x)
    # Every sampled viewer's every committed gift: 12 viewers x 40 gifts.
    assert "(480 samples)" in line, result.output


@pytest.mark.redis
def test_bench_live_two_servers_with_a_battle_and_a_goal(postgres_url: str, redis_url: str
                                                         ) -> None:
    result = CliRunner().invoke(app, ["bench", "live", "--database-url", postgres_url,
                                      "--servers", "2", "--redis-url", redis_url, "--features",
                                      *TINY])
    assert result.exit_code == 0, result.output
    line = " ".join(result.output.split())
    # Both processes' gifts counted once into the battle and the goal, as the ledger says.
    assert "battle score 40 = ledger 40; goal progress 40 = ledger 40: True" in line, line

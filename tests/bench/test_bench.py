"""The benchmark runs end to end (tiny), and its ledger verifies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fancoins.cli.main import app


def test_bench_gifts_runs_and_verifies(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bench.db'}"
    result = CliRunner().invoke(app, [
        "bench", "gifts", "--database-url", url, "--viewers", "30", "--duration-s", "0.5",
        "--clients", "20", "--baseline-clients", "4", "--coins-each", "100",
    ])
    assert result.exit_code == 0, result.output
    assert "writer" in result.output and "one txn per" in result.output
    assert "verify: OK" in result.output


def test_bench_gifts_measures_the_chain(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bench.db'}"
    result = CliRunner().invoke(app, [
        "bench", "gifts", "--database-url", url, "--viewers", "30", "--duration-s", "0.5",
        "--clients", "20", "--baseline-clients", "4", "--coins-each", "100",
    ])
    assert result.exit_code == 0, result.output
    assert "unchained" in result.output
    assert "hash chain's cost to writer gifts/s" in result.output
    # Where the writer's time went: SQLite runs inside this process, no server to measure.
    said = " ".join(result.output.split())
    assert "where the writer's time went: CPU per gift: this process " in said
    assert "PostgreSQL" not in said.split("where the writer's time went:")[1].split(";")[0]


def test_bench_verify_makes_books_that_verify(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'verify.db'}"
    result = CliRunner().invoke(app, ["bench", "verify", "--database-url", url,
                                      "--transfers", "12000"])
    assert result.exit_code == 0, result.output
    assert "verify: OK" in result.output
    assert "cross-check: gifts" in result.output and "hash chain" in result.output


def test_bench_refuses_production_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANCOINS_MODE", "production")
    monkeypatch.setenv("FANCOINS_JWT__SECRET", "a-real-secret-for-this-test-only-0123456789")
    url = f"sqlite+aiosqlite:///{tmp_path / 'prod.db'}"
    result = CliRunner().invoke(app, ["bench", "gifts", "--database-url", url])
    assert result.exit_code == 2
    assert "refusing to benchmark in production mode" in result.output
    assert not (tmp_path / "prod.db").exists()


def test_bench_gifts_with_webhooks_compares_five_endpoints_with_none(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bench.db'}"
    result = CliRunner().invoke(app, [
        "bench", "gifts", "--database-url", url, "--viewers", "30", "--duration-s", "0.5",
        "--clients", "20", "--baseline-clients", "4", "--coins-each", "100000", "--webhooks",
    ])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # the console wraps lines at its width
    assert "with 5 webhook endpoints (1 dead) / with none (target >= 0.9)" in text
    delivered = text.split("4 live endpoints (last run): ")[1].split(";")[0]
    assert int(delivered.replace(",", "")) > 0  # the receivers got the batches
    assert "verify: OK" in text


def test_bench_http_sends_single_and_batched_gifts_and_every_answer_is_in_the_ledger(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'http.db'}"
    result = CliRunner().invoke(app, [
        "bench", "http", "--database-url", url, "--viewers", "20", "--duration-s", "0.5",
        "--clients", "2", "--batch-size", "5", "--limits-rounds", "1", "--load", "python"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    committed, answered = text.split("gifts committed (ledger): ")[1].split("; answered as sent: ")
    assert int(committed.replace(",", "")) == int(answered.split()[0].replace(",", "")) > 0
    assert "batched / one per request" in text and "verify: OK" in text
    assert "server CPU per gift:" in text and "with the default rate limits / without" in text


def _http_figures(text: str) -> tuple[int, int, float, float]:
    """The single gifts committed and answered 2xx, and the server CPU us per gift and per
    no-op, as `bench http` prints them."""
    committed, answered = text.split("gifts committed (ledger): ")[1].split("; answered as sent: ")
    gift_us, noop_us = text.split("server CPU per request: gift ")[1].split(" us, no-op ")
    return (int(committed.replace(",", "")), int(answered.split()[0].replace(",", "")),
            float(gift_us.replace(",", "")), float(noop_us.split()[0].replace(",", "")))


def test_bench_http_drives_wrk_reports_cpu_per_request_and_the_ledger_agrees(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'http.db'}"
    clients = 4
    result = CliRunner().invoke(app, [
        "bench", "http", "--database-url", url, "--viewers", "40", "--duration-s", "1",
        "--clients", str(clients), "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "load: wrk" in text and "load from wrk" in text
    committed, answered, gift_us, noop_us = _http_figures(text)
    # Every 2xx gift is in the ledger; wrk stops with at most one request per connection in
    # flight, which the server still commits.
    assert answered <= committed <= answered + clients and answered > 0
    assert gift_us > 0 and noop_us > 0
    assert "gift / no-op throughput, uvicorn (target >= 0.8):" in text
    assert "no-op / gift server CPU per request" in text
    assert "batched / one per request" in text and "verify: OK" in text


def test_bench_http_falls_back_to_the_python_client_without_wrk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no wrk there (the server runs by full path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'http.db'}"
    # Twice on one database: the second run gifts on the LIVE the first left running, and
    # counts only its own gifts against its answers.
    for _ in range(2):
        result = CliRunner().invoke(app, [
            "bench", "http", "--database-url", url, "--viewers", "20", "--duration-s", "0.5",
            "--clients", "2", "--batch-size", "0"])
        assert result.exit_code == 0, result.output
        text = " ".join(result.output.split())
        assert "wrk is not installed: falling back to the Python client" in text
        assert "load from python" in text
        committed, answered, gift_us, noop_us = _http_figures(text)
        assert committed == answered > 0  # the Python client reads every answer it asked for
        assert gift_us > 0 and noop_us > 0 and "verify: OK" in text


def test_bench_http_serves_under_granian(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'http.db'}"
    result = CliRunner().invoke(app, [
        "bench", "http", "--database-url", url, "--viewers", "20", "--duration-s", "2",
        "--clients", "2", "--batch-size", "0", "--server", "granian"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "server: granian" in text
    committed, answered, gift_us, noop_us = _http_figures(text)
    assert answered <= committed <= answered + 2 and answered > 0
    # granian serves from a worker process: its CPU time is counted with the parent's.
    assert gift_us > 0 and noop_us > 0 and "verify: OK" in text


def test_bench_live_with_a_battle_and_a_goal_runs_and_is_exact(tmp_path: Path) -> None:
    # Its own process: the benchmark serves in-process and spawns viewer processes.
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"
    result = subprocess.run([
        sys.executable, "-m", "fancoins.cli", "bench", "live", "--database-url", url,
        "--viewers", "20", "--rate", "50", "--duration-s", "1", "--senders", "20",
        "--viewer-processes", "1", "--features"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "battle score" in result.stdout and "True" in result.stdout


@pytest.mark.slow
@pytest.mark.postgres
def test_bench_http_scales_one_hot_creator_over_processes_with_and_without_slots(
    postgres_url: str,
) -> None:
    result = CliRunner().invoke(app, [
        "bench", "http", "--database-url", postgres_url, "--viewers", "20",
        "--duration-s", "0.5", "--clients", "4", "--batch-size", "0", "--processes", "2"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "2 API processes / 1 without sub-accounts:" in text
    assert "2 API processes / 1, one hot creator, 2 sub-accounts (target >= 1.6x):" in text
    assert text.count("verify: OK") == 2


@pytest.mark.postgres
def test_the_cpu_meter_finds_a_local_postgres_and_counts_its_work(postgres_url: str) -> None:
    import asyncio

    from fancoins.bench.cpu import CpuMeter, CpuSplit, postgres_pid
    from fancoins.db.engine import create_engine

    assert postgres_pid(postgres_url) is not None
    assert postgres_pid("postgresql+asyncpg://u@db.example:5432/x") is None

    async def work() -> CpuSplit:
        engine = create_engine(postgres_url)
        try:
            async with engine.connect() as connection:
                # Measured while its backend lives: a backend that exited took its CPU time
                # with it (the writer's pooled backends live through a run).
                # On this backend alone: a parallel worker would exit with its CPU time.
                await connection.exec_driver_sql("SET max_parallel_workers_per_gather = 0")
                meter = CpuMeter(postgres_url)
                meter.start()
                await connection.exec_driver_sql(
                    "SELECT count(*) FROM generate_series(1, 3000000)")
                return meter.stop()
        finally:
            await engine.dispose()

    split = asyncio.run(work())
    assert split.postgres_s is not None and split.postgres_s > 0
    assert 0 < split.machine_busy_s <= split.machine_s
    assert "PostgreSQL" in split.said(1000, "gift")

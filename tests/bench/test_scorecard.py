"""`make bench`'s last table: the runs' verdicts kept in one file and printed against the
issues' targets, with every figure no run measured named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from fancoins.bench import scorecard
from fancoins.cli.main import app


def test_a_runs_verdicts_are_kept_and_reported_against_the_issues_table(tmp_path: Path) -> None:
    card = tmp_path / "scorecard.jsonl"
    url = f"sqlite+aiosqlite:///{tmp_path / 'bench.db'}"
    run = CliRunner().invoke(app, [
        "bench", "--scorecard", str(card), "gifts", "--database-url", url, "--viewers", "30",
        "--duration-s", "0.5", "--clients", "20", "--baseline-clients", "4",
        "--coins-each", "100"])
    assert run.exit_code == 0, run.output
    kept = [json.loads(line) for line in card.read_text().splitlines()]
    assert [v["key"] for v in kept if v["key"]] == ["writer-sqlite"]
    assert {v["label"] for v in kept} >= {"writer / baseline, SQLite (target >= 30x)",
                                         "writer gifts/s on SQLite (target >= 20,000)"}

    report = CliRunner().invoke(app, ["bench", "report", str(card)])
    assert report.exit_code == 0, report.output
    assert "targets of the scale and LIVE issues" in report.output
    wide = Console(width=400, record=True)
    for table in scorecard.tables(scorecard.read(card)):
        wide.print(table)
    lines = wide.export_text().splitlines()
    sqlite_row = next(line for line in lines if "gift writer, SQLite" in line)
    assert "/s" in sqlite_row and ">= 20,000 gifts/s" in sqlite_row
    assert ("met" in sqlite_row) or ("missed" in sqlite_row)
    verify_row = next(line for line in lines if "fancoins verify, 1,000,000" in line)
    assert "not measured" in verify_row and "not run" in verify_row
    assert any("writer / baseline" in line for line in lines)  # the other targets follow

    strict = CliRunner().invoke(app, ["bench", "report", "--require-all", str(card)])
    assert strict.exit_code == 1
    text = " ".join(strict.output.split())
    assert "not measured: gift writer, 10,000 viewers -> 1 creator, PostgreSQL," in text


def test_a_run_without_scorecard_keeps_nothing_in_the_last_runs_file(tmp_path: Path) -> None:
    card = tmp_path / "scorecard.jsonl"
    args = ["gifts", "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'bench.db'}",
            "--viewers", "20", "--duration-s", "0.5", "--clients", "10", "--baseline-clients",
            "2", "--coins-each", "100"]
    assert CliRunner().invoke(app, ["bench", "--scorecard", str(card), *args]).exit_code == 0
    kept = card.read_text()
    assert kept
    assert CliRunner().invoke(app, ["bench", *args]).exit_code == 0  # same process, no file
    assert card.read_text() == kept


def test_a_verdict_for_a_row_the_table_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="no scorecard row"):
        scorecard.record(scorecard.Verdict("writer-mysql", "x", "1", True))

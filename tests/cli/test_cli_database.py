"""The API key and money-job commands check their database like every other command: a
missing or unmigrated one is one line naming FANCOINS_DATABASE_URL, and nothing is created
(not even the folder of a SQLite path that does not exist)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [("apikey", "list"), ("apikey", "revoke", "abc", "--reason", "r"),
            ("apikey", "rotate", "abc", "--reason", "r"), ("payouts", "submit")]


def fancoins(*args: str, cwd: Path, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FANCOINS_")}
    environment.update(env or {})
    environment["COLUMNS"] = "200"
    return subprocess.run([sys.executable, "-m", "fancoins.cli", *args], capture_output=True,
                          text=True, env=environment, cwd=cwd, timeout=120)


def assert_one_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "OperationalError" not in result.stderr
    for needle in ("FANCOINS_DATABASE_URL", *needles):
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_missing_database_is_one_line_and_nothing_is_created(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert_one_line(fancoins(*command, cwd=folder), "fancoins db upgrade")
    assert list(folder.iterdir()) == []
    missing = tmp_path / "nowhere" / "x.db"
    result = fancoins(*command, cwd=folder,
                      env={"FANCOINS_DATABASE_URL": f"sqlite+aiosqlite:///{missing}"})
    assert_one_line(result, str(missing))
    assert not missing.parent.exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_an_unmigrated_database_is_one_line(tmp_path: Path, command: tuple[str, ...]) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    result = fancoins(*command, cwd=tmp_path,
                      env={"FANCOINS_DATABASE_URL": f"sqlite+aiosqlite:///{path}"})
    assert_one_line(result, "fancoins db upgrade")

"""The CLI from any folder: a missing or unmigrated database is one line naming the setting,
never a traceback, and never leaves an empty database file behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [("verify",), ("apikey", "list"), ("apikey", "create", "x", "--scope", "admin"),
            ("promotions", "settle"), ("demo", "load")]


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
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_database_is_one_line_and_no_stray_file(tmp_path: Path,
                                                          command: tuple[str, ...]) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    result = fancoins(*command, cwd=folder)  # the default: a file under ./var/
    assert_one_line(result, "FANCOINS_DATABASE_URL", "fancoins db upgrade")
    assert list(folder.iterdir()) == []
    missing = tmp_path / "nowhere" / "x.db"
    result = fancoins(*command, cwd=folder,
                      env={"FANCOINS_DATABASE_URL": f"sqlite+aiosqlite:///{missing}"})
    assert_one_line(result, "FANCOINS_DATABASE_URL", str(missing))
    assert not missing.parent.exists()


def test_an_unmigrated_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    url = f"sqlite+aiosqlite:///{path}"
    for command in COMMANDS:
        result = fancoins(*command, cwd=tmp_path, env={"FANCOINS_DATABASE_URL": url})
        assert_one_line(result, "FANCOINS_DATABASE_URL", "fancoins db upgrade")


def test_an_unreachable_postgres_is_one_line(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://nobody:secret-pw@127.0.0.1:1/fancoins"
    result = fancoins("verify", cwd=tmp_path, env={"FANCOINS_DATABASE_URL": url})
    assert_one_line(result, "FANCOINS_DATABASE_URL")
    assert "secret-pw" not in result.stderr


def test_commands_work_from_any_folder(tmp_path: Path, database_url: str) -> None:
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    env = {"FANCOINS_DATABASE_URL": database_url}
    assert fancoins("demo", "load", cwd=elsewhere, env=env).returncode == 0
    verified = fancoins("verify", cwd=elsewhere, env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    upgraded = fancoins("db", "upgrade", cwd=elsewhere, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert list(elsewhere.iterdir()) == []

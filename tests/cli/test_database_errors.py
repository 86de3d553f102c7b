"""The CLI from any folder: a missing, unmigrated or unreachable database is one line naming
FANCOINS_DATABASE_URL (never a traceback), and a command that only reads never leaves an
empty database file behind. `fancoins token` refuses a user the engine does not know."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jwt
import pytest

CLI_TIMEOUT_S = 120
DEFAULT_URL = "sqlite+aiosqlite:///./var/fancoins.db"  # the settings' default, relative


def fancoins(*args: str, cwd: Path, database_url: str | None = None
             ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FANCOINS_")}
    if database_url is not None:
        env["FANCOINS_DATABASE_URL"] = database_url
    env["COLUMNS"] = "200"
    return subprocess.run([sys.executable, "-m", "fancoins.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=CLI_TIMEOUT_S)


def assert_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "╭" not in result.stderr
    for word in ("FANCOINS_DATABASE_URL", *words):
        assert word in lines[0], lines[0]


READING_COMMANDS = [
    ("verify",),
    ("apikey", "create", "backend", "--scope", "admin"),
    ("demo", "load"),
    ("token", "alice"),
    ("promotions", "settle"),
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_missing_database_is_one_line_and_creates_nothing(command: tuple[str, ...],
                                                          tmp_path: Path) -> None:
    result = fancoins(*command, cwd=tmp_path)  # the default URL, from an empty folder
    assert_one_line(result, "no database", str(tmp_path / "var" / "fancoins.db"),
                    "fancoins db upgrade")
    assert list(tmp_path.iterdir()) == []  # no stray var/ nor empty database file


def test_unmigrated_database_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    result = fancoins("verify", cwd=tmp_path, database_url="sqlite+aiosqlite:///empty.db")
    assert_one_line(result, "not migrated", "fancoins db upgrade")


def test_unreachable_postgres_is_one_line(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://fancoins:secret-password@127.0.0.1:1/fancoins"
    result = fancoins("verify", cwd=tmp_path, database_url=url)
    assert_one_line(result, "cannot reach")
    assert "secret-password" not in result.stderr


def test_any_folder_upgrade_then_use(tmp_path: Path) -> None:
    """From any folder: `db upgrade` creates the default database there, then the commands
    that need it work; the path they use is the one the error messages name."""
    upgraded = fancoins("db", "upgrade", cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert (tmp_path / "var" / "fancoins.db").is_file()
    assert fancoins("demo", "load", cwd=tmp_path).returncode == 0
    verified = fancoins("verify", cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "OK" in verified.stdout


def test_token_refuses_an_unknown_user(tmp_path: Path) -> None:
    assert fancoins("db", "upgrade", cwd=tmp_path).returncode == 0
    assert fancoins("demo", "load", cwd=tmp_path).returncode == 0
    refused = fancoins("token", "nobody", cwd=tmp_path)
    assert refused.returncode == 2
    assert "no user 'nobody'" in refused.stderr and refused.stdout == ""
    minted = fancoins("token", "alice", "--scope", "users:read", cwd=tmp_path)
    assert minted.returncode == 0, minted.stderr
    claims = jwt.decode(minted.stdout.strip(), options={"verify_signature": False})
    assert claims["sub"] == "alice" and claims["scope"] == "users:read"

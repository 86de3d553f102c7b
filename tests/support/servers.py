"""Throwaway PostgreSQL and Redis servers for the test session.

PostgreSQL refuses to run as root (CI runs as root), so its data and socket directories belong
to the `postgres` user and its binaries run through `runuser`. Both servers listen on 127.0.0.1
only, on a free port, and are stopped when the session ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
               "/usr/lib/postgresql/15/bin")
START_TIMEOUT_S = 60


class ServerUnavailable(RuntimeError):
    """The server's binaries are missing or it did not start."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bin() -> Path:
    override = os.environ.get("FANCOINS_TEST_PG_BIN")
    for candidate in ((override,) if override else PG_BIN_DIRS):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise ServerUnavailable("PostgreSQL binaries not found (apt-get install postgresql)")


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    # Where the server keeps its files and which binaries run it: tests that freeze or stop
    # their own throwaway server need them.
    data_dir: Path | None = None
    bin_dir: Path | None = None

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://{self.user}@{self.host}:{self.port}/{database}"


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = _pg_bin()
    root = Path(tempfile.mkdtemp(prefix="fancoins-pg-"))
    data, sockets, log = root / "data", root / "run", root / "log"
    for folder in (data, sockets, log):
        folder.mkdir()
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        for folder in (data, sockets, log):
            shutil.chown(folder, "postgres")
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    port = free_port()
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust",
                      "--no-sync", "-E", "UTF8"]),
        check=True, capture_output=True,
    )
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets}"
               " -c max_connections=300 -c fsync=off -c synchronous_commit=off"
               " -c full_page_writes=off")
    subprocess.run(
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log / "pg.log"),
                      "-o", options, "-w", "-t", str(START_TIMEOUT_S), "start"]),
        check=True, capture_output=True,
    )
    try:
        yield PostgresServer("127.0.0.1", port, user, data, bin_dir)
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        # A database per test leaves gigabytes behind; removing them took the last minute or two
        # of every run. A detached `rm` frees them after the tests.
        subprocess.run(["sh", "-c", 'rm -rf "$1" >/dev/null 2>&1 &', "rm", str(root)],
                       check=True)


@contextmanager
def redis_server() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServerUnavailable("redis-server not found (apt-get install redis-server)")
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="fancoins-redis-"))
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise ServerUnavailable(f"nothing listening on 127.0.0.1:{port}")

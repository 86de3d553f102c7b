"""A throwaway local PostgreSQL for `--start-postgres` (synchronous commit on, fsync on).

PostgreSQL refuses to run as root, so as root its directories belong to `postgres` and its
binaries run through `runuser`, as the test suite does. It listens on 127.0.0.1 only and is
stopped (and its files removed) when the block ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
               "/usr/lib/postgresql/15/bin")
START_TIMEOUT_S = 60
DATABASE = "fancoins_bench"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a server, create the bench database, yield its SQLAlchemy URL."""
    bin_dir = next((Path(d) for d in PG_BIN_DIRS if (Path(d) / "initdb").exists()), None)
    if bin_dir is None:
        raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="fancoins-bench-pg-"))
    data, sockets = root / "data", root / "run"
    for folder in (data, sockets):
        folder.mkdir()
    root.chmod(0o755)
    if os.geteuid() == 0:
        for path in (root, data, sockets):
            shutil.chown(path, "postgres")
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", user,
                                 "-A", "trust", "-E", "UTF8"]), check=True, capture_output=True)
    options = (f"-c listen_addresses=127.0.0.1 -c port={port}"
               f" -c unix_socket_directories={sockets} -c max_connections=300"
               " -c fsync=on -c synchronous_commit=on -c shared_buffers=256MB")
    subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                                 str(data / "server.log"), "-o", options, "-w",
                                 "-t", str(START_TIMEOUT_S), "start"]),
                   check=True, capture_output=True)
    try:
        subprocess.run(_as_postgres([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p",
                                     str(port), "-U", user, DATABASE]),
                       check=True, capture_output=True)
        yield f"postgresql+asyncpg://{user}@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

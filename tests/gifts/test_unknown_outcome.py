"""A gift whose batch outcome is unknown is answered as unknown, never "not sent".

A dedicated PostgreSQL (durable commits, so a commit takes its WAL flush) is stopped
immediately in the middle of a gift storm, then started again. Every gift answered "not sent"
must be absent from the books; every gift answered "outcome unknown" (or "not confirmed in
time") is resolved by its retry under the same key, and the retry's answer must match the
books; every 201 must be in the books.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from fancoins.db.migrate import upgrade
from fancoins.db.tables.gifts import gifts
from tests.gifts.helpers import Api, assert_verified, make_user, running_api
from tests.support.servers import START_TIMEOUT_S, _as_postgres, _pg_bin, free_port

pytestmark = pytest.mark.postgres

VIEWERS = 40
CLIENTS = 40
STORM_BEFORE_STOP_S = 1.5
STORM_AFTER_STOP_S = 1.0
NOT_SENT = "gift-write-failed"
UNKNOWN = ("gift-outcome-unknown", "gift-commit-timeout")


@dataclass
class ThrowawayPostgres:
    """A PostgreSQL of this test's own, which it may stop and start again."""

    data: Path
    log: Path
    port: int
    options: str

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(_pg_bin() / "pg_ctl"), "-D", str(self.data), *args]),
                       check=True, capture_output=True)

    def start(self) -> None:
        self._ctl("-l", str(self.log), "-o", self.options, "-w", "-t", str(START_TIMEOUT_S),
                  "start")

    def stop_immediately(self) -> None:
        self._ctl("-m", "immediate", "stop")


@contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    root = Path(tempfile.mkdtemp(prefix="fancoins-pg-crash-"))
    data, sockets = root / "data", root / "run"
    for folder in (data, sockets):
        folder.mkdir()
    root.chmod(0o755)
    for folder in (root, data, sockets):
        with_owner(folder)
    subprocess.run(_as_postgres([str(_pg_bin() / "initdb"), "-D", str(data), "-U", "postgres",
                                 "-A", "trust", "-E", "UTF8"]), check=True, capture_output=True)
    port = free_port()
    # Durable commits (the defaults): a COMMIT waits for its WAL flush, the window in which
    # a connection lost leaves the outcome unknown.
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} "
               f"-c unix_socket_directories={sockets}")
    server = ThrowawayPostgres(data, root / "pg.log", port, options)
    server.start()
    try:
        yield server
    finally:
        subprocess.run(_as_postgres([str(_pg_bin() / "pg_ctl"), "-D", str(data), "-m",
                                     "immediate", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def with_owner(folder: Path) -> None:
    import os

    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")


async def _storm(api: Api, live: str, stop_at: float, end_at: float,
                 server: ThrowawayPostgres) -> dict[tuple[str, str], tuple[int, str]]:
    """Every client sends gifts under fresh keys until `end_at`; the server is stopped at
    `stop_at`. Returns (sender, key) -> (status, problem slug or "")."""
    loop = asyncio.get_running_loop()
    answers: dict[tuple[str, str], tuple[int, str]] = {}

    async def client(index: int) -> None:
        sender = f"viewer-{index % VIEWERS:02d}"
        n = 0
        while loop.time() < end_at:
            key = f"c{index}-{n}"
            n += 1
            response = await api.send(sender, key, gift_id="rose", stream_id=live)
            slug = "" if response.status_code == 201 else \
                response.json()["type"].rsplit(":", 1)[-1]
            answers[(sender, key)] = (response.status_code, slug)
            if response.status_code != 201:
                await asyncio.sleep(0.05)

    async def stopper() -> None:
        await asyncio.sleep(max(0.0, stop_at - loop.time()))
        await asyncio.to_thread(server.stop_immediately)

    await asyncio.gather(stopper(), *(client(i) for i in range(CLIENTS)))
    return answers


async def test_gifts_of_a_batch_cut_off_mid_commit_are_unknown_never_not_sent() -> None:
    with throwaway_postgres() as server:
        await asyncio.to_thread(upgrade, server.url)
        async with running_api(server.url, gifts__commit_timeout_s=5.0) as api:
            await make_user(api.engine, "maya", creator=True)
            for index in range(VIEWERS):
                await make_user(api.engine, f"viewer-{index:02d}", coins=1_000_000)
            live = await api.go_live("maya")
            loop = asyncio.get_running_loop()
            now = loop.time()
            answers = await _storm(api, live, now + STORM_BEFORE_STOP_S,
                                   now + STORM_BEFORE_STOP_S + STORM_AFTER_STOP_S, server)
            await asyncio.to_thread(server.start)
            statuses = [status for status, _ in answers.values()]
            assert statuses.count(201) > 0 and any(s != 201 for s in statuses)
            unknown = [k for k, (status, slug) in answers.items()
                       if status == 503 and slug in UNKNOWN]
            not_sent = [k for k, (status, slug) in answers.items() if slug == NOT_SENT]
            others = {slug for status, slug in answers.values()
                      if status != 201 and slug not in (*UNKNOWN, NOT_SENT)}
            assert others <= {"database-unavailable", "gift-queue-full"}, others
            retried = {key: await _eventually_answered(api, live, *key) for key in unknown}
            async with api.engine.connect() as connection:
                written = {(r.sender_id, r.idempotency_key) for r in (await connection.execute(
                    select(gifts.c.sender_id, gifts.c.idempotency_key))).all()}
            sent = {k for k, (status, _) in answers.items() if status == 201}
            assert sent <= written, "a gift answered 201 is missing"
            assert not set(not_sent) & written, "a gift answered 'not sent' was written"
            for key, status in retried.items():
                assert status == 201, (key, status)  # coins enough: it is sent (now or then)
                assert key in written
            print(f"storm: {len(sent)} sent, {len(not_sent)} not sent, {len(unknown)} unknown"
                  " (each resolved by its retry)")
            await assert_verified(api.engine)


async def _eventually_answered(api: Api, live: str, sender: str, key: str) -> int:
    """The retry's status once the database is back (it may take the pool a moment)."""
    for _ in range(50):
        response = await api.send(sender, key, gift_id="rose", stream_id=live)
        if response.status_code != 503:
            return response.status_code
        await asyncio.sleep(0.2)
    return 503

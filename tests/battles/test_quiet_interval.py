"""A board interval in which no battle score and no goal moved writes nothing: on SQLite a
write transaction would queue behind the gift writer for the write lock every interval, in
every LIVE, battle or not."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from fancoins.db.engine import create_engine
from fancoins.ids import now_ms
from fancoins.live.engine import LiveEngine
from fancoins.realtime.hub import LocalHub
from tests.conftest import fresh_sqlite_url
from tests.live.helpers import live_settings

# Far below the database timeout the test engine waits for the write lock.
PROMPT_S = 1.0
ENGINE_TIMEOUT_S = 5.0


async def test_a_quiet_board_interval_waits_for_no_write_lock(sqlite_template: Path,
                                                              tmp_path: Path) -> None:
    url = fresh_sqlite_url(sqlite_template, tmp_path)
    settings = live_settings(url)
    db = create_engine(url, timeout_s=ENGINE_TIMEOUT_S)
    live = LiveEngine(settings, db, LocalHub())
    writer = sqlite3.connect(url.removeprefix("sqlite+aiosqlite:///"), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another writer holds the lock meanwhile
        started = time.monotonic()
        await live.ticker.tick_boards(now_ms())
        assert time.monotonic() - started < PROMPT_S
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        await live.writes.close()
        await db.dispose()

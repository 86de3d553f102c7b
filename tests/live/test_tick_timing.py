"""When the gift tick runs: on shared wall-clock boundaries when several processes fan out to
the same viewers; with one process, at once or one interval after the last tick."""

from __future__ import annotations

from pathlib import Path

from fancoins.db.engine import create_engine
from fancoins.live.engine import LiveEngine, new_hub
from fancoins.live.tick import next_tick_ms
from tests.live.helpers import live_settings


def test_aligned_ticks_fall_on_the_next_boundary_after_the_last() -> None:
    assert next_tick_ms(1_030, 1_000, 100, aligned=True) == 1_100
    # A tick that ran long (the last at 1,000, now 1,150): the next boundary, 1,200.
    assert next_tick_ms(1_150, 1_000, 100, aligned=True) == 1_200
    assert next_tick_ms(1_000, 1_000, 100, aligned=True) == 1_100  # never two on one


def test_one_process_ticks_at_once_when_the_interval_has_passed() -> None:
    # A tick that ran long is followed at once, not at the next boundary.
    assert next_tick_ms(1_150, 1_000, 100, aligned=False) == 1_150
    # After a quiet spell the first gift goes at once.
    assert next_tick_ms(5_037, 1_000, 100, aligned=False) == 5_037
    # Never two within the interval.
    assert next_tick_ms(1_030, 1_000, 100, aligned=False) == 1_100


async def test_ticks_align_only_when_several_processes_fan_out(tmp_path: Path) -> None:
    """Local fan-out (one process): unaligned; Redis (several processes): aligned."""
    db = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'live.db'}")
    try:
        for redis_url, aligned in ((None, False), ("redis://127.0.0.1:1/0", True)):
            settings = live_settings(str(db.url), redis_url=redis_url)
            engine = LiveEngine(settings, db, new_hub(settings))  # built, never started
            assert engine.ticker.aligned is aligned
            await engine.writes.close()
    finally:
        await db.dispose()

"""Combos: same sender, same streakable gift within the window → one combo, ended once."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.economy_file import default_economy
from fancoins.gifts.events import GiftSent
from fancoins.live.combos import combos
from fancoins.live.recorder import ComboRecorder
from tests.live.helpers import (
    Event,
    economy_with_combo_window,
    live_settings,
    seed,
    send_gift,
    server_thread,
    user_token,
    viewer,
)

WINDOW_S = 1


def _ended(events: list[Event]) -> list[Event]:
    return [e for e in events if e["type"] == "combo.ended"]


async def test_combo_counts_and_ends_exactly_once(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    seeded = await seed(database_url, viewers=3)
    settings = live_settings(database_url,
                             economy_file=economy_with_combo_window(tmp_path, WINDOW_S))
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, seeded.stream_id, tokens["viewer2"]) as watcher,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await watcher.read_frame()
            roses = [await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", n,
                                     f"r{n}") for n in (1, 2, 3)]
            panda = await send_gift(client, tokens["viewer1"], seeded.stream_id, "panda", 2, "p")
            # A non-streakable gift carries no combo.
            big = await send_gift(client, tokens["viewer1"], seeded.stream_id, "concert", 1, "c")
            await watcher.until(lambda events: len(_ended(events)) >= 2, timeout_s=10)
            await asyncio.sleep(WINDOW_S + 0.6)  # nothing may end twice, even much later
            await watcher.until(lambda events: True)
            while True:
                try:
                    await watcher.read_frame(timeout_s=0.3)
                except TimeoutError:
                    break
    sent = {e["event_id"]: e for e in watcher.events
            if e["type"] in ("gift.sent", "combo.updated")}
    rose_combos = {sent[r["id"]]["combo"]["id"] for r in roses if r["id"] in sent}
    assert len(rose_combos) == 1
    rose_combo = rose_combos.pop()
    running = [e["combo"]["count"] for e in watcher.events
               if e["type"] in ("gift.sent", "combo.updated")
               and e["combo"] and e["combo"]["id"] == rose_combo]
    assert running == sorted(running) and running[-1] == 6  # 1 + 2 + 3, never decreasing
    assert sent[big["id"]]["combo"] is None
    ends = Counter(e["combo"]["id"] for e in _ended(watcher.events))
    panda_combo = sent[panda["id"]]["combo"]["id"]
    # The panda combo was ended by the concert (another gift from the same sender).
    assert ends == {rose_combo: 1, panda_combo: 1}
    final = {e["combo"]["id"]: e["combo"] for e in _ended(watcher.events)}
    assert (final[rose_combo]["count"], final[rose_combo]["coins"]) == (6, 6)
    assert (final[panda_combo]["count"], final[panda_combo]["coins"]) == (2, 10)
    async with engine.connect() as connection:
        stored = await combos.get(connection, uuid.UUID(rose_combo))
    assert stored is not None and stored.ended_at_ms is not None and stored.count == 6


async def test_combo_ends_once_across_a_restart(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    seeded = await seed(database_url, viewers=2)
    settings = live_settings(database_url,
                             economy_file=economy_with_combo_window(tmp_path, WINDOW_S))
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, seeded.stream_id, tokens["viewer1"]) as first,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await first.read_frame()
            sent = await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 4, "r")
            events = await first.until(lambda evs: any(
                e["type"] == "gift.sent" and e["event_id"] == sent["id"] for e in evs))
            combo_id = next(e["combo"]["id"] for e in events if e["type"] == "gift.sent")
        # The process stops inside the combo window: the combo is still open.
    async with engine.connect() as connection:
        stored = await combos.get(connection, uuid.UUID(combo_id))
    assert stored is not None and stored.ended_at_ms is None
    with server_thread(settings) as server:
        async with viewer(server.ws_url, seeded.stream_id, tokens["viewer1"]) as second:
            await second.until(lambda evs: bool(_ended(evs)), timeout_s=10)
            await asyncio.sleep(WINDOW_S + 0.5)
            while True:
                try:
                    await second.read_frame(timeout_s=0.3)
                except TimeoutError:
                    break
    assert [(e["combo"]["id"], e["combo"]["count"]) for e in _ended(second.events)] == [
        (combo_id, 4)]
    async with engine.connect() as connection:
        stored = await combos.get(connection, uuid.UUID(combo_id))
    assert stored is not None and stored.ended_at_ms is not None


def _rose(sender_id: str, committed_at_ms: int) -> GiftSent:
    return GiftSent(gift_event_id=uuid.uuid4(), stream_id="late-tick", video_id=None,
                    comment_id=None, sender_id=sender_id, sender_display_name=sender_id,
                    recipient_id="creator", gift_id="rose", gift_name="Rose",
                    gift_price_coins=1, streakable=True, count=1, coins=1, diamonds=0,
                    sender_lifetime_coins=1, committed_at_ms=committed_at_ms)


async def test_a_late_tick_extends_the_combo_its_gift_continues(engine: AsyncEngine) -> None:
    """A tick that runs late (a loaded machine) still lets the gifts it carries extend their
    combos: a gift 0.8 s after the last one, inside a 1 s window, continues the combo even
    when the tick handling it runs 4 s later. Only then are combos lapsed at the tick's time
    ended — once, with the later gift counted."""
    gifting = replace(default_economy().gifting, combo_window_s=WINDOW_S)
    recorder = ComboRecorder(gifting, sweep_max=100, grace_ms=0)
    async with engine.begin() as connection:
        first, _ = await recorder.record(connection, [_rose("fan", 1_000)], 1_000, sweep=True)
    async with engine.begin() as connection:
        late, swept = await recorder.record(connection, [_rose("fan", 1_800)], 5_800,
                                            sweep=True)
    combo_id = first.per_gift[0].id  # type: ignore[union-attr]
    continued = late.per_gift[0]
    assert continued is not None and continued.id == combo_id and continued.count == 2
    assert [c.id for c in swept] in ([], [combo_id])
    async with engine.begin() as connection:
        _, later = await recorder.record(connection, [], 9_000, sweep=True)
    ended = [c for c in swept + later if c.id == combo_id]
    assert [c.count for c in ended] == [2]


async def test_a_gift_still_committing_when_the_window_lapses_continues_the_combo(
    engine: AsyncEngine
) -> None:
    """A gift is judged by its batch's time, but reaches the tick only once the batch has
    committed (from another process, through Redis too). A sweep after the window lapsed,
    while such a gift is on its way, leaves the combo open for the grace; the gift then
    continues it, and a later sweep ends it once."""
    gifting = replace(default_economy().gifting, combo_window_s=WINDOW_S)
    recorder = ComboRecorder(gifting, sweep_max=100, grace_ms=1_000)
    async with engine.begin() as connection:
        first, _ = await recorder.record(connection, [_rose("fan", 1_000)], 1_000, sweep=True)
    async with engine.begin() as connection:  # the window lapsed; the next rose commits
        _, swept = await recorder.record(connection, [], 2_300, sweep=True)
    assert swept == []
    async with engine.begin() as connection:
        late, _ = await recorder.record(connection, [_rose("fan", 1_900)], 2_400, sweep=True)
    combo_id = first.per_gift[0].id  # type: ignore[union-attr]
    assert late.per_gift[0] is not None and late.per_gift[0].id == combo_id
    async with engine.begin() as connection:
        _, ended = await recorder.record(connection, [], 3_901, sweep=True)
    assert [(c.id, c.count) for c in ended] == [(combo_id, 2)]

"""Boards, scores and counts ride on their stream's next gift frame while gifts flow (one
message to every viewer instead of two), and none is lost on the way."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fancoins.db.engine import create_engine
from fancoins.gifts.events import GiftSent
from fancoins.live.combos import ComboOutcome
from fancoins.live.engine import LiveEngine
from fancoins.live.features import FeatureOutcome
from fancoins.live.feed import Item, Outgoing
from fancoins.live.tick import LiveTick
from fancoins.realtime.hub import LocalHub
from tests.live.helpers import live_settings

STREAM = "stream-1"
TICK_MS = 20


@pytest.fixture
async def ticker(tmp_path: Path) -> AsyncIterator[LiveTick]:
    # The board interval is long: a rider's wait never ends within a test.
    settings = live_settings(f"sqlite+aiosqlite:///{tmp_path}/riders.db", live__tick_ms=TICK_MS,
                             live__board_interval_ms=60_000)
    db = create_engine(settings.database_url)
    try:
        yield LiveEngine(settings, db, LocalHub()).ticker
    finally:
        await db.dispose()


def _gift() -> GiftSent:
    return GiftSent(gift_event_id=uuid.uuid4(), stream_id=STREAM, video_id=None,
                    comment_id=None, sender_id="v", sender_display_name="V",
                    recipient_id="c", gift_id="rose", gift_name="Rose", gift_price_coins=1,
                    streakable=True, count=1, coins=1, diamonds=1, sender_lifetime_coins=1,
                    committed_at_ms=1)


def _frame(ticker: LiveTick) -> list[Item]:
    """The stream's next frame, as a tick builds it (here with no gift of its own)."""
    return ticker._gift_frames([], ComboOutcome(per_gift=[]), [], {STREAM: []},
                               FeatureOutcome())


def _board(n: int) -> dict[str, object]:
    return {"type": "leaderboard.updated", "n": n}


async def test_a_board_rides_while_gift_frames_come_further_apart_than_a_tick(
    ticker: LiveTick
) -> None:
    """Under load ticks outlast `tick_ms`: gifts still flow, and the board still rides."""
    ticker._sent([(STREAM, Outgoing([], [_gift()]))])  # a gift frame went out
    await asyncio.sleep(3 * TICK_MS / 1000)  # the next one is later than a tick
    out: dict[str, list[dict[str, object]]] = {}
    ticker._ride_or_send(STREAM, _board(1), out)
    assert out == {}, "no message of its own"
    ticker._send_waiting_riders(out)
    assert out == {}, "still waiting for the gift frame"
    assert _frame(ticker)[0][1].events == [_board(1)]


async def test_a_rider_that_comes_while_its_gift_frame_is_logged_goes_with_the_next(
    ticker: LiveTick
) -> None:
    ticker._sent([(STREAM, Outgoing([], [_gift()]))])
    ticker._ride_or_send(STREAM, _board(1), {})
    logging = _frame(ticker)  # the tick logs this frame (its transaction awaits) ...
    assert logging[0][1].events == [_board(1)]
    ticker._ride_or_send(STREAM, _board(2), {})  # ... while the board loop adds a rider
    ticker._sent(logging)
    assert _frame(ticker)[0][1].events == [_board(2)], "kept for the next frame"

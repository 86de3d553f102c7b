"""While gifts flow, battle scores and goal progress are written in the gift tick's own
transaction, once a board interval: the tick's frame tells them after its gifts, counting
them, and the battle's other LIVE gets its frame in that same transaction. Under a storm that
is no write transaction of their own (nor one more for the other LIVE's frame), each queued
for SQLite's one write lock beside the gift writer and the ticks."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.battles.service import BattleRules, battles
from fancoins.db.uow import unit
from fancoins.gifts.events import GiftSent
from fancoins.goals.service import GoalAsk, goals
from fancoins.ids import now_ms
from fancoins.live.engine import LiveEngine
from fancoins.live.writes import LiveWrites
from fancoins.realtime.hub import LocalHub
from tests.battles.helpers import of_type, scores_of
from tests.live.helpers import go_live, live_settings, seed

# Long: within a test the board loop's own interval never passes on the machine's clock.
BOARD_MS = 60_000
BATTLE_S = 3600


def _gift(stream_id: str, sender_id: str, coins: int, at_ms: int) -> GiftSent:
    return GiftSent(gift_event_id=uuid.uuid4(), stream_id=stream_id, video_id=None,
                    comment_id=None, sender_id=sender_id, sender_display_name=sender_id,
                    recipient_id="creator", gift_id="rose", gift_name="Rose",
                    gift_price_coins=1, streakable=True, count=coins, coins=coins,
                    diamonds=coins, sender_lifetime_coins=coins, committed_at_ms=at_ms)


@contextmanager
def commits_of(writes: LiveWrites) -> Iterator[list[int]]:
    counted: list[int] = []

    def on_commit(_connection: Any) -> None:
        counted.append(1)

    target = writes.engine.sync_engine
    event.listen(target, "commit", on_commit)
    try:
        yield counted
    finally:
        event.remove(target, "commit", on_commit)


async def _logged(live: LiveEngine, stream_id: str) -> list[list[dict[str, Any]]]:
    return [orjson.loads(f.payload) for f in await live.feed.tail(stream_id, 100)]


async def test_while_gifts_flow_the_gift_tick_writes_and_tells_scores_and_progress(
    database_url: str, engine: AsyncEngine,
) -> None:
    seeded = await seed(database_url, viewers=2)
    rival_stream = await go_live(database_url, "rival", "The Rival")
    rules = BattleRules(BATTLE_S, 1, BATTLE_S, 600, 0, 3)
    async with unit(engine) as uow:
        invited = (await battles.invite(uow, "creator", [], ["rival"], BATTLE_S, rules,
                                        "battle")).value
    async with unit(engine) as uow:
        await battles.answer(uow, invited.id, "rival", accept=True)
    async with unit(engine) as uow:
        await goals.set_goal(uow, seeded.stream_id, None, GoalAsk(
            "goal", "coins", 10**9, None, None), 100, 86_400, "goal")
    # Pruning the log (a write of its own) does not come due within the test.
    settings = live_settings(database_url, live__board_interval_ms=BOARD_MS,
                             live__log_prune_interval_s=3600)
    live = LiveEngine(settings, engine, LocalHub())
    stream = seeded.stream_id
    try:
        t0 = now_ms() + 1000  # the battle and the goal began before every gift
        with commits_of(live.writes) as commits:
            # The first tick: no score was ever written, so this one writes them.
            await live.inbox.take([_gift(stream, "viewer0", 5, t0),
                                   _gift(stream, "viewer1", 2, t0)])
            await live.ticker.tick(t0)
            assert len(commits) == 1, "the tick's own transaction, and no other"
            first = (await _logged(live, stream))[-1]
            assert [e["type"] for e in first] == [
                "gift.sent", "gift.sent", "battle.updated", "goal.updated"]
            assert scores_of(of_type(first, "battle.updated")[0]) == {"a": 7, "b": 0}
            assert of_type(first, "goal.updated")[0]["goal"]["progress"] == 7
            rival = (await _logged(live, rival_stream))[-1]
            assert [e["type"] for e in rival] == ["battle.updated"]
            assert scores_of(rival[0]) == {"a": 7, "b": 0}

            # Within the board interval: counted, not written, not told.
            await live.inbox.take([_gift(stream, "viewer0", 3, t0 + 100)])
            await live.ticker.tick(t0 + 100)
            assert not of_type((await _logged(live, stream))[-1], "battle.updated")
            # The interval passed while gift ticks come: the board loop leaves the scores to
            # the next gift tick (no transaction of its own, no frame for the other LIVE).
            await live.ticker.tick_boards(t0 + BOARD_MS + 200)
            assert len(commits) == 2
            await live.inbox.take([_gift(stream, "viewer1", 4, t0 + BOARD_MS + 300)])
            await live.ticker.tick(t0 + BOARD_MS + 300)
            assert len(commits) == 3
        last = (await _logged(live, stream))[-1]
        kinds = [e["type"] for e in last]  # the combos that lapsed end in it too
        assert kinds[0] == "gift.sent" and kinds[-2:] == ["battle.updated", "goal.updated"]
        assert scores_of(of_type(last, "battle.updated")[0]) == {"a": 14, "b": 0}
        assert of_type(last, "goal.updated")[0]["goal"]["progress"] == 14
        assert scores_of((await _logged(live, rival_stream))[-1][0]) == {"a": 14, "b": 0}
        async with engine.connect() as connection:
            battle = await battles.get(connection, invited.id)
        assert battle.side_score("a") == 14
    finally:
        await live.writes.close()

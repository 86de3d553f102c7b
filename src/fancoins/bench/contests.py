"""`fancoins bench live --features`: the storm runs while the stream is in a battle and has a
goal, and at the end the battle's running score and the goal's progress must equal what the
ledger says the stream received in their windows (exact, like the viewers' totals)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.battles.service import BattleRules, battles
from fancoins.db.engine import read_only
from fancoins.gifts.service import gifts_service
from fancoins.goals.service import GoalAsk, goals
from fancoins.identity.service import users
from fancoins.kit.clock import now_ms
from fancoins.streams.service import streams

CREATOR_ID = "bench-creator"  # bench.gifts' creator
RIVAL_ID = "bench-rival"
# The battle outlasts the storm (and its last ticks); the goal is never reached.
BATTLE_MARGIN_S = 120
GOAL_TARGET_COINS = 10**12


@dataclass(frozen=True, slots=True)
class Contest:
    stream_id: str
    battle_id: str
    goal_id: str


@dataclass(frozen=True, slots=True)
class ContestReport:
    battle_score_coins: int
    battle_ledger_coins: int
    goal_progress: int
    goal_ledger_coins: int

    @property
    def exact(self) -> bool:
        return (self.battle_score_coins == self.battle_ledger_coins
                and self.goal_progress == self.goal_ledger_coins)


async def start_contest(container: Any, stream_id: str, duration_s: float) -> Contest:
    """A rival creator LIVE, a battle against them that outlasts the storm, and a goal, set
    through the app's own units of work (LIVE hears of them as it would of any request)."""
    async with container.unit() as uow:
        await users.upsert(uow, RIVAL_ID, display_name="Bench Rival",
                           birth_date=dt.date(1990, 1, 1), is_creator=True)
    async with container.unit() as uow:
        if await streams.live_of(await uow.connect(), RIVAL_ID) is None:
            await streams.start(uow, RIVAL_ID, "bench rival", f"bench-rival-{now_ms()}")
    seconds = int(duration_s) + BATTLE_MARGIN_S
    rules = BattleRules(seconds, 1, seconds, 600, 0, 3)
    async with container.unit() as uow:
        invited = (await battles.invite(uow, CREATOR_ID, [], [RIVAL_ID], seconds, rules,
                                        f"bench-battle-{now_ms()}")).value
    async with container.unit() as uow:
        await battles.answer(uow, invited.id, RIVAL_ID, accept=True)
    async with container.unit() as uow:
        goal = (await goals.set_goal(uow, stream_id, None, GoalAsk(
            "bench goal", "coins", GOAL_TARGET_COINS, None, None), 100, 86_400,
            f"bench-goal-{now_ms()}")).value
    return Contest(stream_id, invited.id, goal.id)


async def check_contest(engine: AsyncEngine, contest: Contest) -> ContestReport:
    async with read_only(engine) as connection:
        battle = await battles.get(connection, contest.battle_id)
        goal = await goals.get(connection, contest.goal_id)
        in_battle = await gifts_service.sender_totals(
            connection, stream_ids=[contest.stream_id], recipient_ids=[CREATOR_ID],
            since_ms=battle.started_at_ms or 0, until_ms=battle.ends_at_ms or 0)
        in_goal = await gifts_service.sender_totals(
            connection, stream_ids=[contest.stream_id], recipient_ids=[CREATOR_ID],
            since_ms=goal.activated_at_ms or 0, until_ms=2**62)
    return ContestReport(battle.side_score("a"), sum(t.coins for t in in_battle),
                         goal.progress, sum(t.coins for t in in_goal))

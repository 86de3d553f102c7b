"""Battles (LIVE matches) and gift goals: pure rules, no I/O.

A battle has two sides of creators; a gift counts for a side when it went to one of the
side's creators, in the stream the creator brought to the battle, and was committed in the
battle's window [started, ends). The result is decided once, from the sums of those gifts.

A goal counts gifts to its stream from its activation on: coins, or sends of one gift.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SIDES = ("a", "b")
BATTLE_CREATORS_MAX = 4  # two teams of at most two, or one against up to three
GOAL_KINDS = ("coins", "gift_count")


class TeamsInvalid(ValueError):
    """The battle's teams are not two non-empty sides of distinct creators."""


@dataclass(frozen=True, slots=True)
class BattleResult:
    winner_side: str | None  # None: a draw
    scores: Mapping[str, int]


def plan_teams(inviter_id: str, teammates: Sequence[str], opponents: Sequence[str]
               ) -> dict[str, str]:
    """Each creator's side: the inviter and teammates are side `a`, opponents side `b`."""
    everyone = [inviter_id, *teammates, *opponents]
    if not opponents:
        raise TeamsInvalid("invite at least one opponent")
    if len(everyone) > BATTLE_CREATORS_MAX:
        raise TeamsInvalid(f"a battle holds at most {BATTLE_CREATORS_MAX} creators")
    if len(set(everyone)) != len(everyone):
        raise TeamsInvalid("each creator may appear once (and not invite themself)")
    return {creator: ("a" if index <= len(teammates) else "b")
            for index, creator in enumerate(everyone)}


def plan_battle_result(scores: Mapping[str, int]) -> BattleResult:
    """The side with more coins wins; equal coins are a draw."""
    a, b = scores.get("a", 0), scores.get("b", 0)
    winner = None if a == b else ("a" if a > b else "b")
    return BattleResult(winner, {"a": a, "b": b})


def gift_counts_for_battle(at_ms: int, started_at_ms: int, ends_at_ms: int) -> bool:
    return started_at_ms <= at_ms < ends_at_ms


@dataclass(frozen=True, slots=True)
class GoalStep:
    progress: int
    completed: bool


def goal_amount(kind: str, goal_gift_id: str | None, gift_id: str, count: int, coins: int
                ) -> int:
    """What one gift adds to a goal: its coins, or its count when it is the goal's gift."""
    if kind == "coins":
        return coins
    return count if gift_id == goal_gift_id else 0


def plan_goal_step(progress: int, target: int, amount: int) -> GoalStep:
    reached = progress + amount
    return GoalStep(reached, reached >= target)

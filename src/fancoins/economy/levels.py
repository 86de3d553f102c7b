"""Gifter levels (1 to 50, from lifetime coins spent) and the badges they show."""

from __future__ import annotations

import bisect

from fancoins.economy.rules import LEVEL_MAX, Levels

# Badges for a stream's top three gifters, by rank.
TOP_BADGES: tuple[str, ...] = ("top1", "top2", "top3")


def gifter_level(lifetime_coins_spent: int, levels: Levels) -> int:
    """The level reached with `lifetime_coins_spent`: 1 at zero, `LEVEL_MAX` at the top.

    Reaching a threshold exactly reaches its level.
    """
    if lifetime_coins_spent < 0:
        raise ValueError(f"lifetime_coins_spent must be >= 0, got {lifetime_coins_spent}")
    return 1 + bisect.bisect_right(levels.thresholds_coins, lifetime_coins_spent)


def coins_to_next_level(lifetime_coins_spent: int, levels: Levels) -> int | None:
    """Coins still to spend to reach the next level; None at the top level."""
    level = gifter_level(lifetime_coins_spent, levels)
    if level == LEVEL_MAX:
        return None
    return levels.thresholds_coins[level - 1] - lifetime_coins_spent


def badges_for(level: int, stream_rank: int | None, levels: Levels) -> tuple[str, ...]:
    """The badges shown next to a gifter: their highest tier badge (if any) and, for a
    stream's top three gifters (`stream_rank` 1 to 3), "top1" / "top2" / "top3"."""
    if not 1 <= level <= LEVEL_MAX:
        raise ValueError(f"level must be 1 to {LEVEL_MAX}, got {level}")
    if stream_rank is not None and stream_rank < 1:
        raise ValueError(f"stream_rank starts at 1, got {stream_rank}")
    badges: list[str] = []
    reached = [tier.badge for tier in levels.badge_tiers if tier.min_level <= level]
    if reached:
        badges.append(reached[-1])
    if stream_rank is not None and stream_rank <= len(TOP_BADGES):
        badges.append(TOP_BADGES[stream_rank - 1])
    return tuple(badges)

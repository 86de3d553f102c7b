"""Gifter levels 1 to 50 and badges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fancoins.economy.levels import badges_for, coins_to_next_level, gifter_level
from fancoins.economy.rules import LEVEL_MAX
from fancoins.economy_file import default_economy

LEVELS = default_economy().levels


def test_level_edges() -> None:
    assert gifter_level(0, LEVELS) == 1
    assert gifter_level(1, LEVELS) == 2
    assert gifter_level(LEVELS.thresholds_coins[-1] - 1, LEVELS) == LEVEL_MAX - 1
    assert gifter_level(LEVELS.thresholds_coins[-1], LEVELS) == LEVEL_MAX
    assert gifter_level(10**15, LEVELS) == LEVEL_MAX


def test_each_threshold_reaches_its_level_exactly() -> None:
    for index, threshold in enumerate(LEVELS.thresholds_coins):
        assert gifter_level(threshold, LEVELS) == index + 2
        assert gifter_level(threshold - 1, LEVELS) == index + 1


def test_every_level_from_1_to_50_is_reachable() -> None:
    reached = {gifter_level(0, LEVELS)} | {gifter_level(t, LEVELS) for t in LEVELS.thresholds_coins}
    assert reached == set(range(1, LEVEL_MAX + 1))


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_level_is_monotone_in_coins_spent(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert 1 <= gifter_level(low, LEVELS) <= gifter_level(high, LEVELS) <= LEVEL_MAX


def test_negative_coins_are_refused() -> None:
    with pytest.raises(ValueError):
        gifter_level(-1, LEVELS)


def test_coins_to_next_level() -> None:
    assert coins_to_next_level(0, LEVELS) == 1
    assert coins_to_next_level(10, LEVELS) == 12 - 10  # level 8 at 8 coins, level 9 at 12
    assert coins_to_next_level(LEVELS.thresholds_coins[-1], LEVELS) is None


def test_badges_show_the_highest_tier_and_the_stream_top_three() -> None:
    assert badges_for(1, None, LEVELS) == ()
    assert badges_for(9, 4, LEVELS) == ()
    assert badges_for(10, None, LEVELS) == ("bronze",)
    assert badges_for(29, 2, LEVELS) == ("silver", "top2")
    assert badges_for(50, 1, LEVELS) == ("diamond", "top1")
    assert badges_for(3, 3, LEVELS) == ("top3",)


def test_badges_refuse_impossible_inputs() -> None:
    with pytest.raises(ValueError):
        badges_for(0, None, LEVELS)
    with pytest.raises(ValueError):
        badges_for(51, None, LEVELS)
    with pytest.raises(ValueError):
        badges_for(10, 0, LEVELS)

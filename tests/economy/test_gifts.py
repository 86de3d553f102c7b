"""Gift value in coins and diamonds, and the combo window."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fancoins.economy.gifts import (
    ComboState,
    GiftCountInvalid,
    combo_expired,
    gifts_offered,
    plan_combo,
    plan_gift_value,
)
from fancoins.economy.rules import GiftSpec
from fancoins.economy_file import default_economy

CONFIG = default_economy()
GIFTING = CONFIG.gifting


def _gift(gift_id: str) -> GiftSpec:
    gift = CONFIG.gift(gift_id)
    assert gift is not None
    return gift


ROSE = _gift("rose")
PANDA = _gift("panda")
DRAMA_QUEEN = _gift("drama_queen")


def test_a_gift_of_n_coins_credits_n_diamonds() -> None:
    value = plan_gift_value(DRAMA_QUEEN, 1, GIFTING)
    assert (value.coins, value.diamonds, value.platform_share_coins) == (5000, 5000, 0)
    value = plan_gift_value(ROSE, 99, GIFTING)
    assert (value.coins, value.diamonds) == (99, 99)


def test_count_must_be_within_the_per_send_bounds() -> None:
    with pytest.raises(GiftCountInvalid):
        plan_gift_value(ROSE, 0, GIFTING)
    with pytest.raises(GiftCountInvalid):
        plan_gift_value(ROSE, GIFTING.count_per_send_max + 1, GIFTING)


@given(
    numerator=st.integers(min_value=1, max_value=50),
    denominator=st.integers(min_value=1, max_value=50),
    price_coins=st.integers(min_value=1, max_value=100_000),
    count=st.integers(min_value=1, max_value=99),
)
def test_diamonds_are_the_floor_of_the_exact_ratio(
    numerator: int, denominator: int, price_coins: int, count: int
) -> None:
    gifting = dataclasses.replace(
        GIFTING, diamonds_per_coin_numerator=numerator, diamonds_per_coin_denominator=denominator
    )
    gift = dataclasses.replace(ROSE, price_coins=price_coins)
    value = plan_gift_value(gift, count, gifting)
    assert value.coins == price_coins * count
    # floor: diamonds <= coins * ratio < diamonds + 1
    assert value.diamonds * denominator <= value.coins * numerator
    assert value.coins * numerator < (value.diamonds + 1) * denominator
    assert 0 <= value.platform_share_coins <= value.coins


def test_half_ratio_leaves_the_platform_the_unconverted_coins() -> None:
    gifting = dataclasses.replace(GIFTING, diamonds_per_coin_denominator=2)
    value = plan_gift_value(PANDA, 1, gifting)
    assert (value.coins, value.diamonds, value.platform_share_coins) == (5, 2, 1)


def _start(now_ms: int = 10_000) -> ComboState:
    decision = plan_combo(None, "viewer-1", ROSE, 1, now_ms, GIFTING, "combo-1")
    assert not decision.extends and decision.ended is None and decision.state is not None
    return decision.state


def test_same_gift_exactly_at_the_window_extends_the_combo() -> None:
    first = _start(10_000)
    decision = plan_combo(first, "viewer-1", ROSE, 2, 15_000, GIFTING, "combo-2")
    assert decision.extends
    assert decision.state == ComboState("combo-1", "viewer-1", "rose", 3, 10_000, 15_000)
    assert decision.ended is None


def test_same_gift_just_after_the_window_starts_a_new_combo() -> None:
    first = _start(10_000)
    decision = plan_combo(first, "viewer-1", ROSE, 1, 15_001, GIFTING, "combo-2")
    assert not decision.extends
    assert decision.state == ComboState("combo-2", "viewer-1", "rose", 1, 15_001, 15_001)
    assert decision.ended == first


def test_the_window_runs_from_the_last_send_not_the_first() -> None:
    state = _start(0)
    for now_ms in (5_000, 10_000, 15_000):
        decision = plan_combo(state, "viewer-1", ROSE, 1, now_ms, GIFTING, "unused")
        assert decision.extends and decision.state is not None
        state = decision.state
    assert (state.combo_id, state.count, state.started_ms) == ("combo-1", 4, 0)


def test_a_different_gift_or_sender_starts_a_new_combo() -> None:
    first = _start()
    other_gift = plan_combo(first, "viewer-1", PANDA, 1, 10_100, GIFTING, "combo-2")
    assert not other_gift.extends and other_gift.ended == first
    other_sender = plan_combo(first, "viewer-2", ROSE, 1, 10_100, GIFTING, "combo-3")
    assert not other_sender.extends


def test_an_expensive_gift_never_forms_a_combo() -> None:
    first = _start()
    decision = plan_combo(first, "viewer-1", DRAMA_QUEEN, 1, 10_100, GIFTING, "combo-2")
    assert decision == type(decision)(extends=False, state=None, ended=first)
    assert plan_combo(None, "viewer-1", DRAMA_QUEEN, 1, 0, GIFTING, "c").state is None


def test_a_combo_past_its_count_max_starts_a_new_one() -> None:
    gifting = dataclasses.replace(GIFTING, combo_count_max=100)
    state = ComboState("combo-1", "viewer-1", "rose", 99, 0, 0)
    assert plan_combo(state, "viewer-1", ROSE, 1, 1, gifting, "combo-2").extends
    assert not plan_combo(state, "viewer-1", ROSE, 2, 1, gifting, "combo-2").extends


def test_a_clock_step_back_counts_as_no_time_passed() -> None:
    first = _start(10_000)
    decision = plan_combo(first, "viewer-1", ROSE, 1, 9_000, GIFTING, "combo-2")
    assert decision.extends and decision.state is not None
    assert decision.state.last_ms == 10_000


def test_combo_expiry_edges() -> None:
    state = _start(10_000)
    assert not combo_expired(state, 15_000, GIFTING)
    assert combo_expired(state, 15_001, GIFTING)


def test_gifts_offered_filters_inactive_and_country_limited_gifts() -> None:
    gifts = (
        dataclasses.replace(PANDA, active=False),
        dataclasses.replace(ROSE, countries=("JP",)),
        DRAMA_QUEEN,
    )
    config = dataclasses.replace(CONFIG, gifts=gifts)
    assert [g.id for g in gifts_offered(config, "US")] == ["drama_queen"]
    assert [g.id for g in gifts_offered(config, "jp")] == ["rose", "drama_queen"]
    prices = [g.price_coins for g in gifts_offered(CONFIG, "US")]
    assert prices == [1, 5, 5, 25, 50, 100, 500, 1000, 5000]

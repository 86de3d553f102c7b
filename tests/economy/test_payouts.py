"""Diamond cash value and withdrawal checks, exact in integers."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fancoins.economy.payouts import (
    diamonds_cash_value_minor,
    diamonds_for_cash,
    hold_until_s,
    plan_withdrawal_check,
)
from fancoins.economy_file import default_economy

PAYOUTS = default_economy().payouts


def test_one_diamond_is_half_a_cent() -> None:
    assert diamonds_cash_value_minor(0, PAYOUTS) == 0
    assert diamonds_cash_value_minor(1, PAYOUTS) == 0  # rounds down: half a cent is not paid
    assert diamonds_cash_value_minor(2, PAYOUTS) == 1
    assert diamonds_cash_value_minor(20_000, PAYOUTS) == 10_000  # $100
    assert diamonds_cash_value_minor(20_001, PAYOUTS) == 10_000


def test_diamonds_for_cash_is_exact_at_the_default_rate() -> None:
    assert diamonds_for_cash(10_000, PAYOUTS) == 20_000
    assert diamonds_for_cash(1, PAYOUTS) == 2
    assert diamonds_for_cash(0, PAYOUTS) == 0


@given(
    rate=st.integers(min_value=1, max_value=100_000),
    amount_minor=st.integers(min_value=0, max_value=10**12),
)
def test_diamonds_for_cash_is_the_fewest_covering_diamonds(rate: int, amount_minor: int) -> None:
    payouts = dataclasses.replace(PAYOUTS, cash_minor_per_1000_diamonds=rate)
    diamonds = diamonds_for_cash(amount_minor, payouts)
    assert diamonds_cash_value_minor(diamonds, payouts) >= amount_minor
    if diamonds:
        assert diamonds_cash_value_minor(diamonds - 1, payouts) < amount_minor


@given(diamonds=st.integers(min_value=0, max_value=10**12))
def test_round_trip_at_the_default_rate(diamonds: int) -> None:
    cash_minor = diamonds_cash_value_minor(diamonds, PAYOUTS)
    assert cash_minor == diamonds // 2
    assert diamonds_for_cash(cash_minor, PAYOUTS) == diamonds - diamonds % 2


def test_withdrawal_checks_in_order() -> None:
    plenty = 10**9
    assert plan_withdrawal_check(9_999, 0, plenty, PAYOUTS) == "threshold"
    assert plan_withdrawal_check(10_000, 0, plenty, PAYOUTS) is None
    assert plan_withdrawal_check(100_000, 0, plenty, PAYOUTS) is None
    assert plan_withdrawal_check(100_001, 0, plenty, PAYOUTS) == "daily_cap"
    assert plan_withdrawal_check(10_000, 90_001, plenty, PAYOUTS) == "daily_cap"
    assert plan_withdrawal_check(10_000, 0, 19_999, PAYOUTS) == "balance"
    assert plan_withdrawal_check(10_000, 0, 20_000, PAYOUTS) is None
    # The threshold is reported before the cap, and the cap before the balance.
    assert plan_withdrawal_check(9_999, 100_000, 0, PAYOUTS) == "threshold"
    assert plan_withdrawal_check(100_001, 0, 0, PAYOUTS) == "daily_cap"


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError):
        diamonds_cash_value_minor(-1, PAYOUTS)
    with pytest.raises(ValueError):
        diamonds_for_cash(-1, PAYOUTS)


def test_hold_lasts_seven_days() -> None:
    assert hold_until_s(1_000, PAYOUTS) == 1_000 + 7 * 86_400

"""Spending limits with cooling-off, guardian caps, purchase caps and age."""

from __future__ import annotations

from datetime import date

import pytest

from fancoins.economy.limits import (
    LimitChange,
    PendingRaise,
    PurchaseCaps,
    SpendLimitLocked,
    SpendLimits,
    age_years,
    check_purchase_cap,
    check_spend,
    effective_spend_limits,
    is_of_age,
    plan_limit_change,
    purchase_caps_for,
    settle_limits,
)
from fancoins.economy_file import default_economy

CONFIG = default_economy()
COOLING_S = CONFIG.limits.spend_limit_raise_cooling_off_s
NOW_S = 1_700_000_000


def test_lowering_takes_effect_at_once() -> None:
    change = plan_limit_change(
        SpendLimits(100, 500, None), SpendLimits(50, 500, 1000), None, NOW_S, COOLING_S
    )
    assert change == LimitChange(effective=SpendLimits(50, 500, 1000), pending=None)


def test_raising_waits_out_the_cooling_off() -> None:
    change = plan_limit_change(SpendLimits(100), SpendLimits(200), None, NOW_S, COOLING_S)
    assert change.effective == SpendLimits(100)
    assert change.pending == PendingRaise(SpendLimits(200), NOW_S + 86_400)


def test_removing_a_limit_is_a_raise() -> None:
    change = plan_limit_change(SpendLimits(100), SpendLimits(None), None, NOW_S, COOLING_S)
    assert change.effective == SpendLimits(100)
    assert change.pending == PendingRaise(SpendLimits(), NOW_S + COOLING_S)


def test_mixed_change_lowers_now_and_raises_later() -> None:
    change = plan_limit_change(SpendLimits(100, 500), SpendLimits(200, 300), None, NOW_S, COOLING_S)
    assert change.effective == SpendLimits(100, 300)
    assert change.pending == PendingRaise(SpendLimits(200, 300), NOW_S + COOLING_S)


def test_a_pending_raise_applies_exactly_at_the_end_of_cooling_off() -> None:
    pending = PendingRaise(SpendLimits(200), NOW_S + COOLING_S)
    before = settle_limits(SpendLimits(100), pending, NOW_S + COOLING_S - 1)
    assert before == LimitChange(SpendLimits(100), pending)
    at = settle_limits(SpendLimits(100), pending, NOW_S + COOLING_S)
    assert at == LimitChange(SpendLimits(200), None)


def test_a_new_request_replaces_the_pending_raise() -> None:
    pending = PendingRaise(SpendLimits(1000), NOW_S + 10)
    lowered = plan_limit_change(SpendLimits(100), SpendLimits(50), pending, NOW_S, COOLING_S)
    assert lowered == LimitChange(SpendLimits(50), None)
    raised = plan_limit_change(SpendLimits(100), SpendLimits(300), pending, NOW_S, COOLING_S)
    assert raised.pending == PendingRaise(SpendLimits(300), NOW_S + COOLING_S)


def test_a_due_raise_is_settled_before_the_new_request() -> None:
    pending = PendingRaise(SpendLimits(1000), NOW_S)
    change = plan_limit_change(SpendLimits(100), SpendLimits(500), pending, NOW_S, COOLING_S)
    assert change == LimitChange(SpendLimits(500), None)  # 1000 -> 500 is a lowering


def test_a_minor_cannot_ask_past_the_guardian_cap() -> None:
    guardian = SpendLimits(daily_coins=100)
    with pytest.raises(SpendLimitLocked) as caught:
        plan_limit_change(SpendLimits(50), SpendLimits(None), None, NOW_S, COOLING_S, guardian)
    assert caught.value.window == "daily"
    allowed = plan_limit_change(SpendLimits(50), SpendLimits(100), None, NOW_S, COOLING_S, guardian)
    assert allowed.pending == PendingRaise(SpendLimits(100), NOW_S + COOLING_S)


def test_the_guardian_cap_overrides_the_minors_own_limits() -> None:
    own = SpendLimits(None, 700, 2000)
    guardian = SpendLimits(100, 1000, None)
    assert effective_spend_limits(own, guardian) == SpendLimits(100, 700, 2000)
    assert effective_spend_limits(own, None) == own
    switched_off = effective_spend_limits(own, SpendLimits(0, 0, 0))
    assert check_spend(switched_off, 0, 0, 0, 1) == "daily"


def test_check_spend_names_the_first_window_exceeded() -> None:
    limits = SpendLimits(100, 300, 1000)
    assert check_spend(limits, 0, 0, 0, 100) is None
    assert check_spend(limits, 0, 0, 0, 101) == "daily"
    assert check_spend(limits, 49, 250, 250, 51) == "weekly"
    assert check_spend(limits, 0, 0, 950, 51) == "monthly"
    assert check_spend(SpendLimits(), 10**9, 10**9, 10**9, 10**9) is None
    with pytest.raises(ValueError):
        check_spend(limits, 0, 0, 0, 0)


def test_spend_limits_refuse_negatives() -> None:
    with pytest.raises(ValueError):
        SpendLimits(daily_coins=-1)


def test_purchase_caps_per_currency() -> None:
    caps = purchase_caps_for(CONFIG.limits, "USD")
    assert caps == PurchaseCaps(100_000, 500_000)
    assert check_purchase_cap(caps, 90_000, 90_000, 10_000) is None
    assert check_purchase_cap(caps, 90_000, 90_000, 10_001) == "daily"
    assert check_purchase_cap(caps, 0, 495_000, 5_001) == "weekly"
    minor = purchase_caps_for(CONFIG.limits, "USD", PurchaseCaps(2_000, None))
    assert minor == PurchaseCaps(2_000, 500_000)
    with pytest.raises(ValueError):
        purchase_caps_for(CONFIG.limits, "CHF")


@pytest.mark.parametrize(
    ("birth", "today", "years"),
    [
        (date(2000, 6, 15), date(2018, 6, 14), 17),
        (date(2000, 6, 15), date(2018, 6, 15), 18),
        (date(2000, 2, 29), date(2018, 2, 28), 17),
        (date(2000, 2, 29), date(2018, 3, 1), 18),
        (date(2000, 2, 29), date(2020, 2, 29), 20),
        (date(2000, 1, 1), date(2000, 1, 1), 0),
    ],
)
def test_age_years(birth: date, today: date, years: int) -> None:
    assert age_years(birth, today) == years


def test_is_of_age_at_18() -> None:
    assert not is_of_age(date(2000, 6, 15), date(2018, 6, 14), CONFIG.age)
    assert is_of_age(date(2000, 6, 15), date(2018, 6, 15), CONFIG.age)
    with pytest.raises(ValueError):
        age_years(date(2030, 1, 1), date(2020, 1, 1))

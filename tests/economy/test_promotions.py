"""Promotion bounds, audiences, reach estimates and budget-bounded charges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fancoins.economy.promotions import (
    Audience,
    PromotionInvalid,
    plan_delivery_charge,
    plan_promotion,
)
from fancoins.economy_file import default_economy

PROMOTIONS = default_economy().promotions
AUTO = Audience()


@pytest.mark.parametrize("budget_coins", [500, 707_000])
def test_budget_bounds_accept(budget_coins: int) -> None:
    assert plan_promotion(budget_coins, 3, "views", AUTO, PROMOTIONS).budget_coins == budget_coins


@pytest.mark.parametrize("budget_coins", [499, 707_001, 0, -500])
def test_budget_bounds_refuse(budget_coins: int) -> None:
    with pytest.raises(PromotionInvalid) as caught:
        plan_promotion(budget_coins, 3, "views", AUTO, PROMOTIONS)
    assert caught.value.field == "budget_coins"
    assert str(caught.value) == f"budget_coins: must be from 500 to 707000, got {budget_coins}"


@pytest.mark.parametrize("days", [1, 30])
def test_day_bounds_accept(days: int) -> None:
    plan = plan_promotion(500, days, "views", AUTO, PROMOTIONS)
    assert plan.duration_s == days * 86_400


@pytest.mark.parametrize("days", [0, 31])
def test_day_bounds_refuse(days: int) -> None:
    with pytest.raises(PromotionInvalid) as caught:
        plan_promotion(500, days, "views", AUTO, PROMOTIONS)
    assert caught.value.field == "days"


def test_non_integer_budget_is_refused() -> None:
    with pytest.raises(PromotionInvalid, match="must be an integer"):
        plan_promotion(True, 3, "views", AUTO, PROMOTIONS)


def test_unknown_objective_is_refused() -> None:
    with pytest.raises(PromotionInvalid) as caught:
        plan_promotion(500, 3, "likes", AUTO, PROMOTIONS)
    assert caught.value.field == "objective"


def test_reach_estimate_per_objective_and_audience() -> None:
    views = plan_promotion(1000, 3, "views", AUTO, PROMOTIONS)
    assert (views.reach_low_views, views.reach_high_views) == (2000, 6000)
    followers = plan_promotion(1000, 3, "followers", AUTO, PROMOTIONS)
    assert (followers.reach_low_views, followers.reach_high_views) == (1200, 3600)
    custom = Audience("custom", age_bands=("18-24",), locations=("US", "GB"))
    narrow = plan_promotion(1000, 3, "views", custom, PROMOTIONS)
    assert (narrow.reach_low_views, narrow.reach_high_views) == (1400, 4200)


@pytest.mark.parametrize(
    ("audience", "field"),
    [
        (Audience("automatic", genders=("female",)), "audience"),
        (Audience("custom"), "audience"),
        (Audience("custom", age_bands=("13-17",)), "audience.age_bands[0]"),
        (Audience("custom", genders=("female", "female")), "audience.genders"),
        (Audience("custom", locations=("usa",)), "audience.locations[0]"),
        (Audience("custom", interests=("",)), "audience.interests[0]"),
        (Audience("custom", interests=tuple(f"i{n}" for n in range(21))), "audience.interests"),
        (Audience("other"), "audience.mode"),  # type: ignore[arg-type]
    ],
)
def test_bad_audiences_are_refused(audience: Audience, field: str) -> None:
    with pytest.raises(PromotionInvalid) as caught:
        plan_promotion(500, 3, "views", audience, PROMOTIONS)
    assert caught.value.field == field


def test_delivery_charges_stop_at_the_budget() -> None:
    assert plan_delivery_charge(500, 0, 120) == 120
    assert plan_delivery_charge(500, 450, 120) == 50
    assert plan_delivery_charge(500, 500, 120) == 0
    with pytest.raises(ValueError):
        plan_delivery_charge(500, 501, 0)
    with pytest.raises(ValueError):
        plan_delivery_charge(500, 0, -1)


@given(
    budget_coins=st.integers(min_value=500, max_value=707_000),
    costs=st.lists(st.integers(min_value=0, max_value=100_000), max_size=50),
)
def test_charges_never_exceed_the_budget(budget_coins: int, costs: list[int]) -> None:
    charged = 0
    for cost in costs:
        charge = plan_delivery_charge(budget_coins, charged, cost)
        assert 0 <= charge <= cost
        charged += charge
    assert charged == min(budget_coins, sum(costs))

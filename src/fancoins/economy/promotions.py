"""Coin-paid video promotions: validate a request, estimate its reach, bound its charges.

The service holds the whole budget when a promotion starts, charges it as it delivers
(`plan_delivery_charge`, never past the budget) and returns the rest at the end or on cancel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from fancoins.economy.rules import BP_MAX, Promotions
from fancoins.ledger.invariants import invariant

AudienceMode = Literal["automatic", "custom"]
S_PER_DAY = 86_400
REACH_PER_COINS = 100  # reach ranges are configured per 100 coins of budget
_COUNTRY = re.compile(r"[A-Z]{2}")
_INTEREST_LEN_MAX = 64


class PromotionInvalid(ValueError):
    """A promotion request breaks a rule. `str()` is `field: problem`."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Audience:
    """Who sees the promotion: `automatic` (the platform picks) or `custom` criteria.

    Empty criteria in a custom audience mean "any" for that criterion; at least one must be set.
    """

    mode: AudienceMode = "automatic"
    age_bands: tuple[str, ...] = ()
    genders: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 country codes


@dataclass(frozen=True, slots=True)
class PromotionPlan:
    budget_coins: int
    days: int
    duration_s: int
    objective: str
    audience: Audience
    reach_low_views: int
    reach_high_views: int


def plan_promotion(
    budget_coins: int,
    days: int,
    objective: str,
    audience: Audience,
    promotions_cfg: Promotions,
) -> PromotionPlan:
    """Validate a promotion request and estimate its reach (integer views, floored)."""
    cfg = promotions_cfg
    _check_range("budget_coins", budget_coins, cfg.min_budget_coins, cfg.max_budget_coins)
    _check_range("days", days, cfg.min_days, cfg.max_days)
    if objective not in cfg.objectives:
        raise PromotionInvalid("objective", f"must be one of {', '.join(cfg.objectives)}")
    _check_audience(audience, cfg)
    reach = cfg.reach_per_100_coins[objective]
    scale_bp = cfg.custom_audience_reach_bp if audience.mode == "custom" else BP_MAX
    divisor = REACH_PER_COINS * BP_MAX
    return PromotionPlan(
        budget_coins=budget_coins,
        days=days,
        duration_s=days * S_PER_DAY,
        objective=objective,
        audience=audience,
        reach_low_views=budget_coins * reach.low_views * scale_bp // divisor,
        reach_high_views=budget_coins * reach.high_views * scale_bp // divisor,
    )


def _check_range(field: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PromotionInvalid(field, f"must be an integer, got {value!r}")
    if not low <= value <= high:
        raise PromotionInvalid(field, f"must be from {low} to {high}, got {value}")


def _check_audience(audience: Audience, cfg: Promotions) -> None:
    criteria = (audience.age_bands, audience.genders, audience.interests, audience.locations)
    if audience.mode == "automatic":
        if any(criteria):
            raise PromotionInvalid("audience", "an automatic audience takes no criteria")
        return
    if audience.mode != "custom":
        raise PromotionInvalid("audience.mode", f"must be automatic or custom: {audience.mode!r}")
    if not any(criteria):
        raise PromotionInvalid("audience", "a custom audience needs at least one criterion")
    _check_choices("audience.age_bands", audience.age_bands, cfg.age_bands)
    _check_choices("audience.genders", audience.genders, cfg.genders)
    _check_list("audience.interests", audience.interests, cfg.interests_max)
    _check_list("audience.locations", audience.locations, cfg.locations_max)
    for index, interest in enumerate(audience.interests):
        if not 0 < len(interest) <= _INTEREST_LEN_MAX:
            raise PromotionInvalid(f"audience.interests[{index}]", "must be 1 to 64 characters")
    for index, location in enumerate(audience.locations):
        if _COUNTRY.fullmatch(location) is None:
            raise PromotionInvalid(
                f"audience.locations[{index}]", f"must be a two-letter country code: {location!r}"
            )


def _check_choices(field: str, chosen: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    _check_list(field, chosen, len(allowed))
    for index, choice in enumerate(chosen):
        if choice not in allowed:
            raise PromotionInvalid(f"{field}[{index}]", f"must be one of {', '.join(allowed)}")


def _check_list(field: str, chosen: tuple[str, ...], count_max: int) -> None:
    if len(chosen) > count_max:
        raise PromotionInvalid(field, f"at most {count_max} allowed, got {len(chosen)}")
    if len(set(chosen)) != len(chosen):
        raise PromotionInvalid(field, "has duplicates")


def plan_delivery_charge(
    budget_coins: int, charged_so_far_coins: int, delivered_cost_coins: int
) -> int:
    """Coins to charge for a delivery costing `delivered_cost_coins`: the cost, cut to what
    is left of the budget (delivery past the budget is the platform's, not the buyer's)."""
    if not 0 <= charged_so_far_coins <= budget_coins:
        raise ValueError(f"charged {charged_so_far_coins} is outside budget {budget_coins}")
    if delivered_cost_coins < 0:
        raise ValueError(f"delivered_cost_coins must be >= 0, got {delivered_cost_coins}")
    charge_coins = min(delivered_cost_coins, budget_coins - charged_so_far_coins)
    invariant(
        charge_coins >= 0 and charged_so_far_coins + charge_coins <= budget_coins,
        "a promotion is never charged past its budget",
    )
    return charge_coins

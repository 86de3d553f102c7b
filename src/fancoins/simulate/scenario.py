"""A simulation scenario: a TOML file read into a pydantic model, and the economy it runs on.

The economy is the operator's economy file (or the packaged defaults) with the scenario's
`[economy]` overrides on top: the diamond value, the revenue share (diamonds per coin), the
web price list's discount against the app-store list, the withdrawal threshold and hold. The
overridden economy is built by the economy's own dataclasses, so every value is checked by
the same rules as the file. A bad scenario is one line naming the key (`ScenarioError`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fancoins.economy.rules import (
    EconomyConfig,
    EconomyConfigError,
    PackagePrice,
    PriceList,
)
from fancoins.economy_file import load_economy

BP = 10_000  # basis points in a whole
# The largest population one run may hold: the simulation keeps every viewer in memory.
VIEWERS_MAX = 1_000_000
CREATORS_MAX = 100_000
DAYS_MAX = 366
VIDEOS_PER_CREATOR_MAX = 100
CHANNELS = ("ios", "android", "web")

Share = Annotated[float, Field(ge=0, le=1)]
Weights = dict[str, Annotated[float, Field(ge=0)]]


class ScenarioError(ValueError):
    """A scenario that cannot run, in one line naming the key."""


class _Strict(BaseModel):
    # A mistyped key must not be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class EconomyOverrides(_Strict):
    """Economy parameters the scenario changes; anything left out keeps the file's value."""

    cash_minor_per_1000_diamonds: int | None = Field(default=None, ge=1)
    diamonds_per_coin_numerator: int | None = Field(default=None, ge=1)
    diamonds_per_coin_denominator: int | None = Field(default=None, ge=1)
    # The web list priced at the app-store (ios) list less this discount, in every country.
    web_discount_bp: int | None = Field(default=None, ge=0, lt=BP)
    min_withdrawal_minor: int | None = Field(default=None, ge=1)
    hold_days: int | None = Field(default=None, ge=0)


class Viewers(_Strict):
    count: int = Field(ge=1, le=VIEWERS_MAX)
    countries: Weights = Field(default_factory=lambda: {"US": 1.0}, min_length=1)
    channels: Weights = Field(default_factory=lambda: {"ios": 0.5, "android": 0.3, "web": 0.2})
    # The chance a viewer sends gifts on a given day.
    active_share: Share = 0.3
    # Gifts one active viewer sends on a day: a lognormal around this median, scaled by the
    # viewer's appetite (a Pareto draw: most give a little, a few whales give most).
    gifts_per_active_day_median: float = Field(default=4.0, gt=0)
    gifts_per_day_sigma: float = Field(default=0.8, ge=0)
    appetite_pareto_alpha: float = Field(default=1.5, gt=0.5)
    appetite_max: float = Field(default=50.0, ge=1)
    # The chance one gift is one of the catalog's big gifts (500+ coins), per unit of
    # appetite: whales send big gifts more often.
    big_gift_share: Share = 0.01
    big_gift_coins_min: int = Field(default=500, ge=1)
    # The share of viewers who never buy: they gift only what they were given (nothing).
    never_buy_share: Share = 0.0
    # A viewer who runs short buys enough for this many days like today (people top up,
    # they do not buy before every gift).
    buy_days_ahead: int = Field(default=3, ge=1, le=90)

    @model_validator(mode="after")
    def _known_channels(self) -> Self:
        unknown = sorted(set(self.channels) - set(CHANNELS))
        if unknown:
            raise ValueError(f"unknown channel {unknown[0]!r} (use ios, android, web)")
        if not any(self.channels.values()) or not any(self.countries.values()):
            raise ValueError("the weights of countries and channels cannot all be zero")
        return self


class Creators(_Strict):
    count: int = Field(ge=1, le=CREATORS_MAX)
    audience_pareto_alpha: float = Field(default=1.2, gt=0.5)
    live_days_per_week: float = Field(default=4.0, ge=0, le=7)


class Refunds(_Strict):
    # The share of purchases refunded by the store (ios, android) or the processor (web),
    # and the share of web purchases disputed (a chargeback), within `delay_days_max` days.
    refund_share: Share = 0.01
    chargeback_share: Share = 0.003
    delay_days_max: int = Field(default=10, ge=1, le=120)


class Videos(_Strict):
    # Videos each creator posts before the first day; viewers send this share of their gifts
    # on a video's comments (a gift with a comment) instead of to a LIVE.
    per_creator: int = Field(default=0, ge=0, le=VIDEOS_PER_CREATOR_MAX)
    gift_share: Share = 0.0

    @model_validator(mode="after")
    def _videos_to_gift_on(self) -> Self:
        if self.gift_share > 0 and self.per_creator == 0:
            raise ValueError("gifts on videos need videos (per_creator of at least 1)")
        return self


class Battles(_Strict):
    # The chance that a LIVE creator invites another LIVE creator to a battle on a day (the
    # invitee accepts); the battle's length must lie within the operator's battle bounds.
    share: Share = 0.0
    duration_s: int = Field(default=300, ge=1)


class Goals(_Strict):
    # The chance that a creator going LIVE sets a coins goal for the LIVE; its target is a
    # lognormal draw around the median.
    share: Share = 0.0
    target_coins_median: int = Field(default=1000, ge=1)
    target_sigma: float = Field(default=0.8, ge=0)


class Promotions(_Strict):
    # The chance that a creator promotes one of their videos on a day (they buy the budget's
    # coins on `channel` first); the ad server delivers this share of the budget a day. The
    # budget and days must lie within the economy's promotion bounds.
    share: Share = 0.0
    budget_coins: int = Field(default=1000, ge=1)
    days: int = Field(default=3, ge=1)
    delivered_share_per_day: Share = 0.3
    channel: Literal["ios", "android", "web"] = "web"


class Withdrawals(_Strict):
    # Creators cash out their withdrawable diamonds once they reach the threshold.
    enabled: bool = True


class Scenario(_Strict):
    name: str = Field(min_length=1, max_length=80)
    seed: int = 1
    start: dt.date = dt.date(2026, 1, 1)
    days: int = Field(ge=1, le=DAYS_MAX)
    # An economy file (relative to the scenario's folder); none: FANCOINS_ECONOMY_FILE or the
    # packaged defaults.
    economy_file: Path | None = None
    economy: EconomyOverrides = EconomyOverrides()
    viewers: Viewers
    creators: Creators
    refunds: Refunds = Refunds()
    withdrawals: Withdrawals = Withdrawals()
    videos: Videos = Videos()
    battles: Battles = Battles()
    goals: Goals = Goals()
    promotions: Promotions = Promotions()
    # Gifts applied in one unit of work (the gift writer's batch path; its bound too).
    gift_batch_size: int = Field(default=2000, ge=1, le=10_000)
    # Payout-currency minor units per 1,000,000 minor units of each sales currency, for the
    # platform margin only (every other figure stays in its own currency). A currency
    # without a rate is left out of the margin and named in the report.
    rates_per_million_minor: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict)

    @model_validator(mode="after")
    def _promoted_videos(self) -> Self:
        if self.promotions.share > 0 and self.videos.per_creator == 0:
            raise ValueError("promotions: creators promote videos (videos.per_creator of at "
                             "least 1)")
        return self

    def with_seed(self, seed: int) -> Scenario:
        return self.model_copy(update={"seed": seed})


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario file; raises `ScenarioError` (one line)."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read it ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: invalid TOML: {error}") from None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as invalid:
        first = invalid.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "scenario"
        message = first["msg"].removeprefix("Value error, ")
        raise ScenarioError(f"{path}: {key}: {message}") from None
    if scenario.economy_file is not None and not scenario.economy_file.is_absolute():
        scenario = scenario.model_copy(
            update={"economy_file": path.parent / scenario.economy_file})
    return scenario


def scenario_economy(scenario: Scenario, base_file: Path | None) -> EconomyConfig:
    """The economy the scenario runs on: its file (else `base_file`, else the defaults) with
    its overrides. Raises `ScenarioError`."""
    source = scenario.economy_file or base_file
    try:
        return apply_overrides(load_economy(source), scenario.economy)
    except EconomyConfigError as error:
        raise ScenarioError(f"economy: {error}") from None
    except OSError as error:
        raise ScenarioError(f"economy file {source}: cannot read it ({error.strerror})"
                            ) from None


def check_bounds(scenario: Scenario, economy: EconomyConfig, battle_min_s: int,
                 battle_max_s: int) -> None:
    """The scenario's battles and promotions within the operator's bounds (the battle
    lengths of the settings, the economy's promotion rules); raises `ScenarioError`."""
    battles, promotions = scenario.battles, scenario.promotions
    if battles.share > 0 and not battle_min_s <= battles.duration_s <= battle_max_s:
        raise ScenarioError(f"battles.duration_s: a battle lasts {battle_min_s} to "
                            f"{battle_max_s} seconds")
    if promotions.share > 0:
        cfg = economy.promotions
        if not cfg.min_budget_coins <= promotions.budget_coins <= cfg.max_budget_coins:
            raise ScenarioError(f"promotions.budget_coins: the economy allows "
                                f"{cfg.min_budget_coins} to {cfg.max_budget_coins} coins")
        if not cfg.min_days <= promotions.days <= cfg.max_days:
            raise ScenarioError(f"promotions.days: the economy allows {cfg.min_days} to "
                                f"{cfg.max_days} days")


def apply_overrides(base: EconomyConfig, changes: EconomyOverrides) -> EconomyConfig:
    """`base` with the overrides; each dataclass re-checks its values when replaced."""
    payouts = base.payouts
    payout_changes: dict[str, Any] = {k: v for k, v in (
        ("cash_minor_per_1000_diamonds", changes.cash_minor_per_1000_diamonds),
        ("min_withdrawal_minor", changes.min_withdrawal_minor),
        ("hold_days", changes.hold_days)) if v is not None}
    if payout_changes:
        payouts = dataclasses.replace(payouts, **payout_changes)
    gifting = base.gifting
    gifting_changes: dict[str, Any] = {k: v for k, v in (
        ("diamonds_per_coin_numerator", changes.diamonds_per_coin_numerator),
        ("diamonds_per_coin_denominator", changes.diamonds_per_coin_denominator))
        if v is not None}
    if gifting_changes:
        gifting = dataclasses.replace(gifting, **gifting_changes)
    price_lists = base.price_lists
    if changes.web_discount_bp is not None:
        price_lists = _discounted_web(base, changes.web_discount_bp)
    return dataclasses.replace(base, payouts=payouts, gifting=gifting, price_lists=price_lists)


def _discounted_web(base: EconomyConfig, discount_bp: int) -> tuple[PriceList, ...]:
    """Every web list priced from the same country's app-store list less the discount
    (rounded down to a whole minor unit); a country without an ios list keeps its web list."""
    out = []
    for price_list in base.price_lists:
        store = base.price_list(price_list.country, "ios")
        if price_list.channel != "web" or store is None or store.country != price_list.country:
            out.append(price_list)
            continue
        packages = tuple(PackagePrice(coins=p.coins,
                                      price_minor=p.price_minor * (BP - discount_bp) // BP)
                         for p in store.packages)
        out.append(dataclasses.replace(price_list, packages=packages))
    return tuple(out)

"""Who takes part: viewers and creators drawn from the scenario's distributions (pure).

Every draw comes from the run's one `random.Random(seed)`, in a fixed order that never
depends on what the engine answered, so two scenarios run with the same seed meet the same
viewers making the same choices; only the economy's answers differ.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from fancoins.economy.rules import EconomyConfig
from fancoins.simulate.scenario import Scenario

# One viewer's gifts on one day are capped: a runaway draw must not stall a batch.
GIFTS_PER_VIEWER_DAY_MAX = 2000


@dataclass(slots=True)
class Viewer:
    id: str
    country: str
    channel: str
    appetite: float  # the Pareto draw that makes whales
    buys: bool
    balance: int = 0  # coins, as the simulation expects the wallet to hold them
    refused_day: int = -1  # the last day a purchase of theirs was refused


@dataclass(frozen=True, slots=True)
class Creator:
    id: str
    audience: float


@dataclass(frozen=True, slots=True)
class GiftChoice:
    """The catalog split for drawing: small gifts weighted towards the cheapest."""

    small: tuple[tuple[str, int], ...]  # (gift id, coins)
    small_cum: tuple[float, ...]
    big: tuple[tuple[str, int], ...]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = sorted(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def viewers(rng: random.Random, scenario: Scenario) -> list[Viewer]:
    spec = scenario.viewers
    out = []
    for index in range(spec.count):
        country = _pick(rng, spec.countries)
        channel = _pick(rng, spec.channels)
        appetite = min(rng.paretovariate(spec.appetite_pareto_alpha), spec.appetite_max)
        buys = rng.random() >= spec.never_buy_share
        out.append(Viewer(f"sim-viewer-{index:07d}", country, channel, appetite, buys))
    return out


def creators(rng: random.Random, scenario: Scenario) -> list[Creator]:
    alpha = scenario.creators.audience_pareto_alpha
    return [Creator(f"sim-creator-{index:06d}", rng.paretovariate(alpha))
            for index in range(scenario.creators.count)]


def gift_choice(economy: EconomyConfig, big_coins_min: int) -> GiftChoice:
    active = sorted(((g.id, g.price_coins) for g in economy.gifts
                     if g.active and g.countries is None), key=lambda g: (g[1], g[0]))
    small = tuple(g for g in active if g[1] < big_coins_min)
    big = tuple(g for g in active if g[1] >= big_coins_min)
    if not small:  # every gift is big: draw them all as small ones
        small, big = big, ()
    cum = tuple(itertools.accumulate(1.0 / coins for _, coins in small))
    return GiftChoice(small, cum, big)


def gifts_today(rng: random.Random, scenario: Scenario, viewer: Viewer) -> int:
    spec = scenario.viewers
    drawn = rng.lognormvariate(math.log(spec.gifts_per_active_day_median),
                               spec.gifts_per_day_sigma) * viewer.appetite
    return max(1, min(GIFTS_PER_VIEWER_DAY_MAX, round(drawn)))


def pick_cumulative(cumulative: Sequence[float], point: float) -> int:
    """The index whose band of the cumulative weights holds `point`."""
    return min(bisect.bisect_right(cumulative, point), len(cumulative) - 1)


def draw_gift(rng: random.Random, choice: GiftChoice, big_share: float) -> tuple[str, int]:
    if choice.big and rng.random() < big_share:
        return choice.big[rng.randrange(len(choice.big))]
    at = bisect.bisect_right(choice.small_cum, rng.random() * choice.small_cum[-1])
    return choice.small[min(at, len(choice.small) - 1)]


def packages_for(shortfall: int, sizes: tuple[int, ...]) -> list[int]:
    """The packages a viewer buys to cover `shortfall` coins: the smallest that covers what
    is left, or the largest while none does."""
    out = []
    left = shortfall
    while left > 0:
        fits = next((s for s in sizes if s >= left), sizes[-1])
        out.append(fits)
        left -= fits
    return out

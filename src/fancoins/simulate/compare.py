"""Two runs of the same seed side by side: every figure of both, and what changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fancoins.simulate.results import Json, flatten

# The figures shown first (and in the terminal): the ones an operator decides on.
HEADLINES = (
    "activity.gifts_sent", "activity.purchases", "activity.coins_gifted",
    "creators.earned_minor_total", "creators.median_minor", "creators.top_1pct_share_bp",
    "creators.reaching_threshold_share_bp", "creators.withdrawn_minor_total",
    "margin.recognised_revenue_minor", "margin.creator_earnings_minor", "margin.margin_minor",
    "margin.margin_bp", "ledger.coins.outstanding", "ledger.diamonds.outstanding",
    "ledger.diamonds.liability_minor", "refund_losses.coins_clawed_back",
    "refund_losses.diamonds_clawed_back", "features.videos.coins_gifted",
    "features.battles.coins", "features.goals.completed", "features.promotions.coins_charged",
    "ledger.ties", "verify.ok",
)
# Per currency, after the headlines.
CURRENCY_FIGURES = ("gross_minor", "store_fees_minor", "taxes_minor", "net_after_refunds_minor")
# Keys that differ by construction (the scenarios' own names and settings).
IGNORED_PREFIXES = ("scenario.",)


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    a: Any
    b: Any

    @property
    def changed(self) -> bool:
        return bool(self.a != self.b)

    @property
    def delta(self) -> int | None:
        numbers = (isinstance(self.a, int) and not isinstance(self.a, bool)
                   and isinstance(self.b, int) and not isinstance(self.b, bool))
        return self.b - self.a if numbers else None


def rows(a: Json, b: Json) -> list[Row]:
    """Every figure of either run, in the order of the flattened keys."""
    left, right = dict(flatten(a)), dict(flatten(b))
    keys = sorted(set(left) | set(right))
    return [Row(k, left.get(k), right.get(k)) for k in keys]


def headline_rows(a: Json, b: Json) -> list[Row]:
    left, right = dict(flatten(a)), dict(flatten(b))
    keys = list(HEADLINES)
    currencies = sorted(set(a["by_currency"]) | set(b["by_currency"]))
    keys += [f"by_currency.{c}.{figure}" for c in currencies for figure in CURRENCY_FIGURES]
    return [Row(k, left.get(k), right.get(k)) for k in keys]


def changed_rows(a: Json, b: Json) -> list[Row]:
    return [r for r in rows(a, b) if r.changed and not r.key.startswith(IGNORED_PREFIXES)]


def comparison(a: Json, b: Json) -> Json:
    """The comparison as JSON: both runs, and each figure that differs."""
    return {
        "a": a, "b": b,
        "differences": [{"key": r.key, "a": r.a, "b": r.b, "delta": r.delta}
                        for r in changed_rows(a, b)],
    }

"""Diamonds to cash, and whether a withdrawal may go ahead.

The diamond value is the exact ratio `cash_minor_per_1000_diamonds / 1000` minor units per
diamond (default 500/1000 = half a cent). Conversions are integer-only:
- cash value of diamonds rounds down (never promise a fraction of a cent);
- diamonds for a cash amount round up (the fewest whole diamonds worth at least the amount,
  so a withdrawal is always fully backed). At the default rate both are exact: 2 per cent.
"""

from __future__ import annotations

from typing import Literal

from fancoins.economy.rules import Payouts
from fancoins.ledger.invariants import invariant

WithdrawalRule = Literal["threshold", "daily_cap", "balance"]
DIAMONDS_PER_RATE = 1000  # `cash_minor_per_1000_diamonds` is per this many diamonds
S_PER_DAY = 86_400


def diamonds_cash_value_minor(diamonds: int, payouts_cfg: Payouts) -> int:
    """The cash value of `diamonds` in minor units of the payout currency, rounded down."""
    if diamonds < 0:
        raise ValueError(f"diamonds must be >= 0, got {diamonds}")
    return diamonds * payouts_cfg.cash_minor_per_1000_diamonds // DIAMONDS_PER_RATE


def diamonds_for_cash(amount_minor: int, payouts_cfg: Payouts) -> int:
    """The fewest whole diamonds whose cash value is at least `amount_minor` (rounded up)."""
    if amount_minor < 0:
        raise ValueError(f"amount_minor must be >= 0, got {amount_minor}")
    rate = payouts_cfg.cash_minor_per_1000_diamonds
    diamonds = -(-amount_minor * DIAMONDS_PER_RATE // rate)
    invariant(
        diamonds_cash_value_minor(diamonds, payouts_cfg) >= amount_minor
        and (diamonds == 0 or diamonds_cash_value_minor(diamonds - 1, payouts_cfg) < amount_minor),
        "diamonds_for_cash must be the fewest diamonds covering the amount",
    )
    return diamonds


def plan_withdrawal_check(
    amount_minor: int,
    withdrawn_today_minor: int,
    available_diamonds: int,
    payouts_cfg: Payouts,
) -> WithdrawalRule | None:
    """The first rule a withdrawal of `amount_minor` breaks, or None if it may go ahead.

    In order: "threshold" (below the minimum withdrawal), "daily_cap" (today's withdrawals
    would pass the cap), "balance" (not enough withdrawable diamonds, i.e. off hold).
    """
    if amount_minor < payouts_cfg.min_withdrawal_minor:
        return "threshold"
    if withdrawn_today_minor + amount_minor > payouts_cfg.daily_cap_minor:
        return "daily_cap"
    if diamonds_for_cash(amount_minor, payouts_cfg) > available_diamonds:
        return "balance"
    return None


def hold_until_s(earned_at_s: int, payouts_cfg: Payouts) -> int:
    """When diamonds earned at `earned_at_s` leave their hold and become withdrawable."""
    return earned_at_s + payouts_cfg.hold_days * S_PER_DAY

"""Spending limits, purchase caps and age: the rules that keep spending within what a user
(or a minor's guardian) chose.

A user's own coin spending limits change safely: lowering applies at once, raising (which
includes removing a limit) waits out the cooling-off, so a moment of impulse cannot undo a
limit set with a cool head. Each request states all three limits and replaces any pending
raise. A guardian's caps for a minor apply on top (the stricter wins) and the minor cannot
ask for more than them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from fancoins.economy.rules import Age, Limits

Window = Literal["daily", "weekly", "monthly"]
PurchaseWindow = Literal["daily", "weekly"]
WINDOWS: tuple[Window, ...] = ("daily", "weekly", "monthly")


class SpendLimitLocked(ValueError):
    """A minor asked for more than their guardian's cap allows."""

    def __init__(self, window: Window) -> None:
        super().__init__(f"{window}: the guardian's cap cannot be raised by the account holder")
        self.window = window


@dataclass(frozen=True, slots=True)
class SpendLimits:
    """Coins a user may spend per window; None means no limit, 0 means no spending."""

    daily_coins: int | None = None
    weekly_coins: int | None = None
    monthly_coins: int | None = None

    def __post_init__(self) -> None:
        for window in WINDOWS:
            value = self.for_window(window)
            if value is not None and (isinstance(value, bool) or value < 0):
                raise ValueError(f"{window} limit must be None or >= 0, got {value!r}")

    def for_window(self, window: Window) -> int | None:
        return {
            "daily": self.daily_coins,
            "weekly": self.weekly_coins,
            "monthly": self.monthly_coins,
        }[window]


@dataclass(frozen=True, slots=True)
class PendingRaise:
    """Limits that replace the current ones at `effective_at_s` (epoch seconds)."""

    limits: SpendLimits
    effective_at_s: int


@dataclass(frozen=True, slots=True)
class LimitChange:
    effective: SpendLimits  # the user's own limits from now on
    pending: PendingRaise | None  # a raise still cooling off


@dataclass(frozen=True, slots=True)
class PurchaseCaps:
    """Money a user may spend on coins per window, in minor units of one currency."""

    daily_minor: int | None
    weekly_minor: int | None


def _stricter(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _looser(requested: int | None, current: int | None) -> bool:
    """Whether `requested` allows more than `current` (no limit allows most)."""
    return current is not None and (requested is None or requested > current)


def settle_limits(current: SpendLimits, pending: PendingRaise | None, now_s: int) -> LimitChange:
    """Apply `pending` if its cooling-off is over (at `effective_at_s` exactly, it is)."""
    if pending is not None and now_s >= pending.effective_at_s:
        return LimitChange(effective=pending.limits, pending=None)
    return LimitChange(effective=current, pending=pending)


def plan_limit_change(
    current: SpendLimits,
    requested: SpendLimits,
    pending_raise: PendingRaise | None,
    now_s: int,
    cooling_off_s: int,
    guardian_caps: SpendLimits | None = None,
) -> LimitChange:
    """Decide when each of `requested`'s limits takes effect.

    Windows that get stricter apply now; if any window gets looser, all of `requested`
    applies after `cooling_off_s` (the clock restarts on every raise). Raises
    `SpendLimitLocked` if `requested` allows more than `guardian_caps` in any window.
    """
    if guardian_caps is not None:
        for window in WINDOWS:
            if _looser(requested.for_window(window), guardian_caps.for_window(window)):
                raise SpendLimitLocked(window)
    current = settle_limits(current, pending_raise, now_s).effective
    now = SpendLimits(
        *(_stricter(current.for_window(window), requested.for_window(window)) for window in WINDOWS)
    )
    raises = any(
        _looser(requested.for_window(window), current.for_window(window)) for window in WINDOWS
    )
    pending = PendingRaise(requested, now_s + cooling_off_s) if raises else None
    return LimitChange(effective=now, pending=pending)


@dataclass(frozen=True, slots=True)
class LimitSet:
    """Limits per window in one unit: coins (`currency` None), or minor units of `currency`
    (money spent buying coins). A guardian's caps and a user's own buying limits are sets."""

    windows: SpendLimits = SpendLimits()
    currency: str | None = None

    @property
    def empty(self) -> bool:
        return all(self.windows.for_window(w) is None for w in WINDOWS)

    @property
    def off(self) -> bool:
        """Nothing at all in any window: switched off."""
        return all(self.windows.for_window(w) == 0 for w in WINDOWS)


@dataclass(frozen=True, slots=True)
class PendingSet:
    """A set that replaces the current one at `effective_at_s` (epoch seconds)."""

    limits: LimitSet
    effective_at_s: int


def settle_set(current: LimitSet, pending: PendingSet | None, now_s: int
               ) -> tuple[LimitSet, PendingSet | None]:
    """Apply `pending` if its cooling-off is over (at `effective_at_s` exactly, it is)."""
    if pending is not None and now_s >= pending.effective_at_s:
        return pending.limits, None
    return current, pending


def plan_set_change(
    current: LimitSet, requested: LimitSet, pending: PendingSet | None, now_s: int,
    cooling_off_s: int,
) -> tuple[LimitSet, PendingSet | None]:
    """When each of `requested`'s limits takes effect: tighter windows now, and the whole of
    `requested` after `cooling_off_s` if anything loosens. Asking again for what is already
    cooling off changes nothing (the clock does not restart). A set in another currency
    cannot be compared, so it is a loosening, unless there was no limit at all."""
    current, pending = settle_set(current, pending, now_s)
    if pending is not None and pending.limits == requested:
        return current, pending
    if current.empty:
        return requested, None
    if requested.currency != current.currency:
        return current, PendingSet(requested, now_s + cooling_off_s)
    change = plan_limit_change(current.windows, requested.windows, None, now_s, cooling_off_s)
    effective = LimitSet(change.effective, current.currency)
    if change.pending is None:
        return effective, None
    return effective, PendingSet(requested, change.pending.effective_at_s)


def stricter_windows(sets: Sequence[SpendLimits]) -> SpendLimits:
    """Per window, the strictest limit among `sets` (None where none sets one)."""
    values: list[int | None] = []
    for window in WINDOWS:
        value: int | None = None
        for limits in sets:
            value = _stricter(value, limits.for_window(window))
        values.append(value)
    return SpendLimits(*values)


def left_in(limits: SpendLimits, window: Window, spent: int) -> int:
    """What is left to spend in `window` (0 when at or past its limit)."""
    return max((limits.for_window(window) or 0) - spent, 0)


def effective_spend_limits(own: SpendLimits, guardian_caps: SpendLimits | None) -> SpendLimits:
    """The limits that apply: per window, the stricter of the user's own and the guardian's."""
    if guardian_caps is None:
        return own
    return SpendLimits(
        *(_stricter(own.for_window(window), guardian_caps.for_window(window)) for window in WINDOWS)
    )


def check_spend(
    limits: SpendLimits,
    spent_today_coins: int,
    spent_week_coins: int,
    spent_month_coins: int,
    amount_coins: int,
) -> Window | None:
    """The first window (daily, weekly, monthly) that spending `amount_coins` would exceed."""
    if amount_coins <= 0:
        raise ValueError(f"amount_coins must be positive, got {amount_coins}")
    spent = {"daily": spent_today_coins, "weekly": spent_week_coins, "monthly": spent_month_coins}
    for window in WINDOWS:
        limit_coins = limits.for_window(window)
        if limit_coins is not None and spent[window] + amount_coins > limit_coins:
            return window
    return None


def purchase_caps_for(
    limits: Limits, currency: str, guardian_caps: PurchaseCaps | None = None
) -> PurchaseCaps:
    """The purchase caps for `currency`, tightened by a guardian's caps for a minor."""
    daily_minor = limits.purchase_cap_daily_minor.get(currency)
    weekly_minor = limits.purchase_cap_weekly_minor.get(currency)
    if daily_minor is None or weekly_minor is None:
        raise ValueError(f"no purchase cap configured for {currency}")
    if guardian_caps is None:
        return PurchaseCaps(daily_minor, weekly_minor)
    return PurchaseCaps(
        _stricter(daily_minor, guardian_caps.daily_minor),
        _stricter(weekly_minor, guardian_caps.weekly_minor),
    )


def check_purchase_cap(
    caps: PurchaseCaps, bought_today_minor: int, bought_week_minor: int, amount_minor: int
) -> PurchaseWindow | None:
    """The first window (daily, weekly) that buying for `amount_minor` would exceed."""
    if amount_minor <= 0:
        raise ValueError(f"amount_minor must be positive, got {amount_minor}")
    if caps.daily_minor is not None and bought_today_minor + amount_minor > caps.daily_minor:
        return "daily"
    if caps.weekly_minor is not None and bought_week_minor + amount_minor > caps.weekly_minor:
        return "weekly"
    return None


def age_years(birth_date: date, today: date) -> int:
    """Completed years. Someone born on 29 February turns a year older on 1 March in
    non-leap years (the day after 28 February)."""
    if birth_date > today:
        raise ValueError(f"birth_date {birth_date} is after today {today}")
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def is_of_age(birth_date: date, today: date, age: Age) -> bool:
    """Old enough to buy coins, send or receive gifts and withdraw."""
    return age_years(birth_date, today) >= age.min_age_years

"""Refusals that mean the same thing wherever they happen — buying, gifting, promoting,
withdrawing — so each has one slug across the API."""

from __future__ import annotations

from typing import Any

from fancoins.kit.errors import Conflict, Forbidden


class AgeRestricted(Forbidden):
    """Too young for this action (in this country)."""

    slug = "age-restricted"
    title = "Age restricted"
    stored = True


class AccountFrozen(Forbidden):
    """The account is frozen (or banned for this kind of action)."""

    slug = "account-frozen"
    title = "Account frozen"
    stored = True


class AccountRestricted(Forbidden):
    """The coin balance is below zero after a refund: no spending until it is repaid."""

    slug = "account-restricted"
    title = "Account restricted"
    stored = True


class SpendingLimitExceeded(Conflict):
    """A spending or purchase limit (the user's own, a guardian's, or the platform's) would
    be passed. Says which window and how much is left in it."""

    slug = "spending-limit-exceeded"
    title = "Spending limit reached"

    def __init__(self, detail: str | None = None, *, window: str | None = None,
                 **extra: Any) -> None:
        super().__init__(detail, window=window, **extra)
        self.window = window


class InsufficientCoins(Conflict):
    slug = "insufficient-coins"
    title = "Not enough coins"

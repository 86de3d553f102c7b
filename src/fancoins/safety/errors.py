"""Refusals that mean the same thing wherever they happen — buying, gifting, promoting,
withdrawing — so each has one slug across the API."""

from __future__ import annotations

from typing import Any

from fancoins.kit.errors import Conflict, Forbidden, InvalidRequest, NotFound


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
    be passed. Says which window and how much is left in it (`left_coins`, or `left_minor`
    with its `currency` for buying), and who set it (`set_by`)."""

    slug = "spending-limit-exceeded"
    title = "Spending limit reached"

    def __init__(self, detail: str | None = None, *, window: str | None = None,
                 **extra: Any) -> None:
        super().__init__(detail, window=window, **extra)
        self.window = window


class InsufficientCoins(Conflict):
    slug = "insufficient-coins"
    title = "Not enough coins"


class RestrictionNotFound(NotFound):
    slug = "restriction-not-found"
    title = "Restriction not found"


class GuardiansFull(Conflict):
    """A minor has two guardians already: unlink one first."""

    slug = "guardians-full"
    title = "Two guardians linked already"


class GuardianInvalid(InvalidRequest):
    """A user cannot be their own guardian, and a minor cannot be a guardian."""

    slug = "guardian-invalid"
    title = "Invalid guardian"


class NotGuardian(NotFound):
    """The user is not linked to you as your minor: answered as not found, so who is linked
    to whom is not disclosed."""

    slug = "minor-not-found"
    title = "Minor not found"


class LimitCurrencyMismatch(Conflict):
    """A buying limit is in one currency and the purchase in another: without exchange rates
    it cannot be checked, so it is refused (change the limit's currency to buy in this one)."""

    slug = "limit-currency-mismatch"
    title = "Limit in another currency"
    stored = True

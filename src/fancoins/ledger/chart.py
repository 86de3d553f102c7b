"""The chart of accounts: how every account in the ledger is named and which flags it carries."""

from __future__ import annotations

from fancoins.ledger.model import AccountFlags

COINS_ISSUED = "platform:coins_issued"
COINS_SPENT = "platform:coins_spent"
DIAMONDS_ISSUED = "platform:diamonds_issued"
DIAMONDS_REDEEMED = "platform:diamonds_redeemed"

# Accounts every ledger has from its first migration: (id, asset, kind).
PLATFORM_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    (COINS_ISSUED, "COIN", "platform"),
    (COINS_SPENT, "COIN", "platform"),
    (DIAMONDS_ISSUED, "DIAMOND", "platform"),
    (DIAMONDS_REDEEMED, "DIAMOND", "platform"),
)

# A wallet never spends what it was not credited (refund claw-backs aside).
WALLET_FLAGS = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS


def user_coins(user_id: str) -> str:
    return f"user:{user_id}:coins"


def user_diamonds(user_id: str) -> str:
    return f"user:{user_id}:diamonds"


def store_receivable(channel: str, currency: str) -> str:
    return f"store:{channel}:{currency}"


def revenue(currency: str) -> str:
    return f"platform:revenue:{currency}"


def store_fees(currency: str) -> str:
    return f"platform:store_fees:{currency}"


def taxes(currency: str) -> str:
    return f"platform:tax:{currency}"


def payouts(currency: str) -> str:
    return f"platform:payouts:{currency}"


def owner_of(account_id: str) -> str | None:
    """The user an account belongs to, if it is a user's account."""
    parts = account_id.split(":")
    if len(parts) == 3 and parts[0] == "user":
        return parts[1]
    return None

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

# Sub-accounts ("slots") of an account every gift batch writes: a creator's diamonds and the
# platform's coins-spent and diamonds-issued. Concurrent gift writers (one per API process)
# credit different slots, so they never queue on one row; an account's balance is its own
# plus its slots'. Readers look at every possible slot (a fixed, small set of keys), so the
# number in use may change without a migration or a sweep.
SLOTS_MAX = 16
_SLOT_MARK = ":slot"
# Moves a slot's balance into its account before a debit decides against it (a payout, a
# claw-back): the books stay per account, the sum never changes.
SLOT_SWEEP_CODE = "slot_sweep"


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


def slot_account(account_id: str, slot: int) -> str:
    """Sub-account `slot` (0 <= slot < SLOTS_MAX) of `account_id`."""
    return f"{account_id}{_SLOT_MARK}{slot}"


def has_slots(account_id: str) -> bool:
    """Whether gift batches may credit or debit `account_id` through sub-accounts."""
    return account_id in (COINS_SPENT, DIAMONDS_ISSUED) or (
        account_id.startswith("user:") and account_id.endswith(":diamonds"))


def slot_accounts(account_id: str) -> tuple[str, ...]:
    """Every sub-account `account_id` may have (none for an account gifts never split)."""
    if not has_slots(account_id):
        return ()
    return tuple(slot_account(account_id, slot) for slot in range(SLOTS_MAX))


def main_account(account_id: str) -> str:
    """The account a sub-account belongs to (an account that is no slot: itself)."""
    head, mark, slot = account_id.rpartition(_SLOT_MARK)
    return head if mark and slot.isdigit() else account_id


def is_slot(account_id: str) -> bool:
    return main_account(account_id) != account_id


def owner_of(account_id: str) -> str | None:
    """The user an account (or a sub-account of it) belongs to, if it is a user's account."""
    parts = main_account(account_id).split(":")
    if len(parts) == 3 and parts[0] == "user":
        return parts[1]
    return None

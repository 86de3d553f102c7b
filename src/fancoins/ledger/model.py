"""Accounts and transfers: plain values with the rules that keep a double-entry ledger whole."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from fancoins.ledger.invariants import invariant

UserData = Mapping[str, str | int | bool | None]


class AccountFlags(enum.IntFlag):
    NONE = 0
    # A user's wallet: it may never spend more than it was credited (no overdraft).
    DEBITS_MUST_NOT_EXCEED_CREDITS = 1
    # A sink that may never hold more than was taken out of it (e.g. what a store owes us).
    CREDITS_MUST_NOT_EXCEED_DEBITS = 2


class TransferFlags(enum.IntFlag):
    NONE = 0
    PENDING = 1
    POST_PENDING = 2
    VOID_PENDING = 4
    # A refund claw-back may take a wallet below zero; the account is then restricted.
    ALLOW_OVERDRAFT = 8


class PendingStatus(enum.StrEnum):
    PENDING = "pending"
    POSTED = "posted"
    VOIDED = "voided"
    EXPIRED = "expired"


@dataclass(slots=True)
class Account:
    """An account's balances, as stored on its row. Amounts are integers of `asset`."""

    id: str
    asset: str
    flags: AccountFlags = AccountFlags.NONE
    debits_pending: int = 0
    debits_posted: int = 0
    credits_pending: int = 0
    credits_posted: int = 0

    @property
    def balance(self) -> int:
        """Posted credit balance: what a wallet holds (credits minus debits)."""
        return self.credits_posted - self.debits_posted

    @property
    def available(self) -> int:
        """Credit balance less what is held by pending debits."""
        return self.credits_posted - self.debits_posted - self.debits_pending

    def debits_exceed_credits(self) -> bool:
        return self.debits_posted + self.debits_pending > self.credits_posted

    def credits_exceed_debits(self) -> bool:
        return self.credits_posted + self.credits_pending > self.debits_posted

    def flag_broken(self) -> bool:
        return (
            AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS in self.flags
            and self.debits_exceed_credits()
        ) or (
            AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS in self.flags
            and self.credits_exceed_debits()
        )

    def copy(self) -> Account:
        return Account(
            self.id, self.asset, self.flags,
            self.debits_pending, self.debits_posted, self.credits_pending, self.credits_posted,
        )


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """What a caller asks for. For post/void, accounts and asset come from the pending transfer
    and may be left empty; `amount` of a post may be less than the pending amount (partial) or
    `None` for all of it."""

    id: uuid.UUID
    code: str
    debit_account_id: str = ""
    credit_account_id: str = ""
    asset: str = ""
    amount: int | None = None
    flags: TransferFlags = TransferFlags.NONE
    pending_id: uuid.UUID | None = None
    timeout_s: int = 0
    user_data: UserData = field(default_factory=dict)

    @property
    def resolves_pending(self) -> bool:
        return bool(self.flags & (TransferFlags.POST_PENDING | TransferFlags.VOID_PENDING))


@dataclass(frozen=True, slots=True)
class Transfer:
    """A transfer as recorded: every field filled, amount positive."""

    id: uuid.UUID
    debit_account_id: str
    credit_account_id: str
    asset: str
    amount: int
    code: str
    flags: TransferFlags
    pending_id: uuid.UUID | None
    timeout_s: int
    expires_at_ms: int | None
    created_at_ms: int
    user_data: UserData

    def __post_init__(self) -> None:
        invariant(self.amount > 0, f"transfer {self.id}: amount must be positive")
        invariant(
            self.debit_account_id != self.credit_account_id,
            f"transfer {self.id}: debit and credit accounts must differ",
        )


@dataclass(frozen=True, slots=True)
class PendingTransfer:
    """A pending transfer and what became of it."""

    transfer: Transfer
    status: PendingStatus

    @property
    def is_open(self) -> bool:
        return self.status is PendingStatus.PENDING

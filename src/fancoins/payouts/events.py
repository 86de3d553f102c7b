"""What the payouts domain tells the rest of the process and the host: a withdrawal changed
state (after the commit that changed it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent


@dataclass(frozen=True, slots=True)
class WithdrawalChanged(DomainEvent):
    """A withdrawal as it stands after the change (the fields of every withdrawal event)."""

    withdrawal_id: uuid.UUID
    user_id: str
    status: str
    amount_minor: int
    currency: str
    diamonds: int
    payout_batch_id: str | None
    last_error: str | None  # why PayPal refused or failed it, when it did
    created_at_ms: int
    changed_at_ms: int

    @property
    def subject(self) -> str:
        return f"withdrawal:{self.withdrawal_id}"


@dataclass(frozen=True, slots=True)
class WithdrawalRequested(WithdrawalChanged):
    """A creator asked to cash out: the diamonds and the cash are held."""

    type: ClassVar[str] = "withdrawal.requested"


@dataclass(frozen=True, slots=True)
class WithdrawalPaid(WithdrawalChanged):
    """PayPal paid the creator: the held diamonds and cash are posted."""

    type: ClassVar[str] = "withdrawal.paid"


@dataclass(frozen=True, slots=True)
class WithdrawalFailed(WithdrawalChanged):
    """PayPal refused or failed the payout: the diamonds are back with the creator."""

    type: ClassVar[str] = "withdrawal.failed"


@dataclass(frozen=True, slots=True)
class WithdrawalRejected(WithdrawalChanged):
    """An operator rejected the withdrawal: the diamonds are back with the creator."""

    type: ClassVar[str] = "withdrawal.rejected"


@dataclass(frozen=True, slots=True)
class WithdrawalReversed(WithdrawalChanged):
    """A paid withdrawal was returned, refunded or reversed by PayPal: re-credited."""

    type: ClassVar[str] = "withdrawal.reversed"

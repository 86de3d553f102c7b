"""Earnings, payout methods and withdrawals as the API shows them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints

from fancoins.accounts.schemas import iso
from fancoins.ledger import format_minor
from fancoins.payouts.service import Withdrawal

# Enough to catch typos; PayPal itself tells us if the address cannot receive (item FAILED).
PayPalEmail = Annotated[
    str, StringConstraints(pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$", max_length=254)
]
# At most a billion in minor units: far above any cap, far below 64-bit trouble.
AmountMinor = Annotated[StrictInt, Field(ge=1, le=1_000_000_000)]


class PayoutMethodIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paypal_email: PayPalEmail


class PayoutMethodOut(BaseModel):
    paypal_email: str


class WithdrawalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_minor: AmountMinor = Field(description="Cash to withdraw, in minor units (cents).")


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class WithdrawalOut(BaseModel):
    id: uuid.UUID
    user_id: str
    status: str
    amount_minor: int
    amount: str = Field(description="The amount as a decimal string, e.g. 100.00")
    currency: str
    diamonds: int
    paypal_email: str
    sender_batch_id: str
    payout_batch_id: str | None
    submit_attempts: int
    last_error: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, w: Withdrawal) -> WithdrawalOut:
        return cls(
            id=w.id, user_id=w.user_id, status=w.status.value, amount_minor=w.amount_minor,
            amount=format_minor(w.amount_minor, w.currency), currency=w.currency,
            diamonds=w.diamonds, paypal_email=w.paypal_email, sender_batch_id=w.sender_batch_id,
            payout_batch_id=w.payout_batch_id, submit_attempts=w.submit_attempts,
            last_error=w.last_error, created_at=iso(w.created_at_ms),
            updated_at=iso(w.updated_at_ms),
        )


class WithdrawalPage(BaseModel):
    items: list[WithdrawalOut]
    next_cursor: str | None


class DailyEarningsOut(BaseModel):
    day: dt.date
    diamonds: int
    cash_value_minor: int


class EarningsOut(BaseModel):
    currency: str
    diamonds_total: int = Field(description="Posted diamond balance (negative after a claw-back)")
    diamonds_pending_withdrawal: int
    diamonds_on_hold: int = Field(description="Earned within the hold period")
    diamonds_withdrawable: int
    cash_value_minor: int
    on_hold_cash_minor: int
    withdrawable_cash_minor: int
    hold_days: int
    min_withdrawal_minor: int
    daily_cap_minor: int
    daily: list[DailyEarningsOut]


class WebhookAck(BaseModel):
    outcome: str
    withdrawal_id: uuid.UUID | None = None

"""Earnings, payout methods and withdrawals as the API shows them. Money is an exact integer
in minor units, with a display string beside it formatted on the server."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, computed_field

from fancoins.accounts.schemas import Moment, Read, money_display
from fancoins.identity.schemas import Reason
from fancoins.ledger import format_minor

# Enough to catch typos; PayPal itself tells us if the address cannot receive (item FAILED).
# No control characters anywhere (one pattern: a second one would replace the first).
_EMAIL_CHAR = r"[^@\s\x00-\x1f\x7f-\x9f]"
PayPalEmail = Annotated[
    str, StringConstraints(pattern=rf"^{_EMAIL_CHAR}{{1,64}}@{_EMAIL_CHAR}+\.{_EMAIL_CHAR}+$",
                           max_length=254)
]
# At most a billion in minor units: far above any cap, far below 64-bit trouble.
AmountMinor = Annotated[StrictInt, Field(ge=1, le=1_000_000_000)]


class PayoutMethodIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paypal_email: PayPalEmail


class PayoutMethodOut(Read):
    paypal_email: str


class WithdrawalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_minor: AmountMinor = Field(description="Cash to withdraw, in minor units (cents).")


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[Reason, StringConstraints(min_length=1)]


class WithdrawalOut(Read):
    id: uuid.UUID
    user_id: str
    status: str
    amount_minor: int
    currency: str
    diamonds: int
    paypal_email: str
    sender_batch_id: str
    payout_batch_id: str | None
    submit_attempts: int
    last_error: str | None
    created_at: Moment = Field(validation_alias="created_at_ms")
    updated_at: Moment = Field(validation_alias="updated_at_ms")

    @computed_field(description="The amount as a decimal string, e.g. 100.00")  # type: ignore[prop-decorator]
    @property
    def amount(self) -> str:
        return format_minor(self.amount_minor, self.currency)

    @computed_field(description="The amount for people to read, e.g. $100.00")  # type: ignore[prop-decorator]
    @property
    def amount_display(self) -> str:
        return money_display(self.amount_minor, self.currency)


class WithdrawalPage(BaseModel):
    items: list[WithdrawalOut]
    next_cursor: str | None


class DailyEarningsOut(Read):
    day: dt.date
    diamonds: int
    cash_value_minor: int


class EarningsOut(Read):
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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cash_value_display(self) -> str:
        return money_display(self.cash_value_minor, self.currency)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def on_hold_cash_display(self) -> str:
        return money_display(self.on_hold_cash_minor, self.currency)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def withdrawable_cash_display(self) -> str:
        return money_display(self.withdrawable_cash_minor, self.currency)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def min_withdrawal_display(self) -> str:
        return money_display(self.min_withdrawal_minor, self.currency)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def daily_cap_display(self) -> str:
        return money_display(self.daily_cap_minor, self.currency)


class WebhookAck(BaseModel):
    outcome: str
    withdrawal_id: uuid.UUID | None = None

"""The ledger legs of a withdrawal. Pure: builds transfer requests, writes nothing.

A withdrawal of `amount_minor` cash for `diamonds` diamonds moves two assets, each between two
accounts, so every asset still sums to zero:

- DIAMOND: `user:<id>:diamonds` → `platform:diamonds_redeemed` (the creator's diamonds go back
  to the platform, which issued them);
- cash (the payout currency): `platform:revenue:<cur>` → `platform:payouts:<cur>` (the cash
  leaves the platform's revenue towards PayPal).

Both are PENDING from the request until PayPal decides: posted on success, voided on failure or
rejection (diamonds back, no cash left). A paid withdrawal that PayPal later returns, refunds or
reverses is not edited: two new transfers run the other way (`withdrawal_reversed`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fancoins.ids import new_id
from fancoins.ledger import DIAMOND, TransferFlags, TransferRequest, chart


@dataclass(frozen=True, slots=True)
class WithdrawalLegs:
    """What the legs need to know about a withdrawal."""

    withdrawal_id: uuid.UUID
    user_id: str
    diamonds: int
    amount_minor: int
    currency: str
    diamonds_pending_id: uuid.UUID
    cash_pending_id: uuid.UUID

    @property
    def user_data(self) -> dict[str, str]:
        return {"withdrawal_id": str(self.withdrawal_id)}


def plan_hold(legs: WithdrawalLegs) -> list[TransferRequest]:
    return [
        TransferRequest(
            id=legs.diamonds_pending_id, code="withdrawal_hold",
            debit_account_id=chart.user_diamonds(legs.user_id),
            credit_account_id=chart.DIAMONDS_REDEEMED, asset=DIAMOND, amount=legs.diamonds,
            flags=TransferFlags.PENDING, user_data=legs.user_data,
        ),
        TransferRequest(
            id=legs.cash_pending_id, code="withdrawal_hold",
            debit_account_id=chart.revenue(legs.currency),
            credit_account_id=chart.payouts(legs.currency), asset=legs.currency,
            amount=legs.amount_minor, flags=TransferFlags.PENDING, user_data=legs.user_data,
        ),
    ]


def _resolve(legs: WithdrawalLegs, flag: TransferFlags, code: str) -> list[TransferRequest]:
    return [
        TransferRequest(id=new_id(), code=code, flags=flag, pending_id=pending_id,
                        user_data=legs.user_data)
        for pending_id in (legs.diamonds_pending_id, legs.cash_pending_id)
    ]


def plan_post(legs: WithdrawalLegs) -> list[TransferRequest]:
    return _resolve(legs, TransferFlags.POST_PENDING, "withdrawal_paid")


def plan_void(legs: WithdrawalLegs) -> list[TransferRequest]:
    return _resolve(legs, TransferFlags.VOID_PENDING, "withdrawal_voided")


def plan_reversal(legs: WithdrawalLegs) -> list[TransferRequest]:
    """New transfers undoing a paid withdrawal: diamonds back to the creator, cash back to
    revenue. History is never edited."""
    return [
        TransferRequest(
            id=new_id(), code="withdrawal_reversed", debit_account_id=chart.DIAMONDS_REDEEMED,
            credit_account_id=chart.user_diamonds(legs.user_id), asset=DIAMOND,
            amount=legs.diamonds, user_data=legs.user_data,
        ),
        TransferRequest(
            id=new_id(), code="withdrawal_reversed", debit_account_id=chart.payouts(legs.currency),
            credit_account_id=chart.revenue(legs.currency), asset=legs.currency,
            amount=legs.amount_minor, user_data=legs.user_data,
        ),
    ]

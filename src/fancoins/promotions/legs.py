"""The ledger legs of a promotion. Pure: builds transfer requests, writes nothing.

The ledger resolves a pending transfer once (a post of less than its amount releases the
rest), so a budget is never charged in place. Instead, at any time a promotion has at most one
open hold, `user:<id>:coins` → `platform:coins_spent`, for exactly what is left of its budget:

- start: hold the whole budget;
- a delivery charging c of the held r: post c of the hold (the rest is released by that same
  post) and, in the same atomic group, hold the remaining r - c again as a new pending transfer;
- end of period or cancel: void the hold (what was not spent is back in the wallet).

So spent + held = budget after every step, the wallet never sees the budget twice, and each
step is one group, committed whole or not at all. The group leaves the wallet's total debits
as they were, so it can only be refused if a refund claw-back has since pushed the wallet
below zero; then (and only then, so `verify` keeps checking every other wallet strictly) the
re-hold carries ALLOW_OVERDRAFT: it re-takes coins the same group has just released.
"""

from __future__ import annotations

import uuid

from fancoins.ids import new_id
from fancoins.ledger import COIN, TransferFlags, TransferRequest, chart, invariant


def _data(promotion_id: uuid.UUID) -> dict[str, str]:
    return {"promotion_id": str(promotion_id)}


def plan_hold(
    promotion_id: uuid.UUID, user_id: str, hold_id: uuid.UUID, amount_coins: int,
    flags: TransferFlags = TransferFlags.NONE,
) -> TransferRequest:
    return TransferRequest(
        id=hold_id, code="promotion_hold", debit_account_id=chart.user_coins(user_id),
        credit_account_id=chart.COINS_SPENT, asset=COIN, amount=amount_coins,
        flags=TransferFlags.PENDING | flags, user_data=_data(promotion_id),
    )


def plan_charge(
    promotion_id: uuid.UUID, user_id: str, hold_id: uuid.UUID, held_coins: int,
    charge_coins: int, *, wallet_overdrawn: bool,
) -> tuple[list[TransferRequest], uuid.UUID | None]:
    """The group charging `charge_coins` of a hold of `held_coins`, and the new hold's id
    (None when the budget is used up). `wallet_overdrawn`: a claw-back took the wallet below
    what it holds."""
    invariant(0 < charge_coins <= held_coins, "a charge is positive and within the hold")
    requests = [TransferRequest(
        id=new_id(), code="promotion_charge", flags=TransferFlags.POST_PENDING,
        pending_id=hold_id, amount=charge_coins, user_data=_data(promotion_id),
    )]
    rest_coins = held_coins - charge_coins
    if rest_coins == 0:
        return requests, None
    new_hold_id = new_id()
    overdraft = TransferFlags.ALLOW_OVERDRAFT if wallet_overdrawn else TransferFlags.NONE
    requests.append(plan_hold(promotion_id, user_id, new_hold_id, rest_coins, overdraft))
    return requests, new_hold_id


def plan_release(promotion_id: uuid.UUID, hold_id: uuid.UUID) -> list[TransferRequest]:
    return [TransferRequest(
        id=new_id(), code="promotion_release", flags=TransferFlags.VOID_PENDING,
        pending_id=hold_id, user_data=_data(promotion_id),
    )]

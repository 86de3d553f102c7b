"""Wallet balances and the statement, read from the ledger.

A wallet whose coin balance is below zero is *restricted*: a refund claw-back took back coins
that were already spent. Gifts and promotions must refuse a restricted wallet (`is_restricted`)
until a purchase brings the balance back to zero or more; the ledger's no-overdraft flag on the
wallet refuses any spending from it anyway.

Statement lines are the ledger transfers that touch the user's coin or diamond account, each
labelled from its transfer `code` (and, for gifts, which side the user is on); a code the map
does not know is shown as itself.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.identity.service import users
from fancoins.ledger import TransferFlags, chart
from fancoins.purchases.service import store_account_token
from fancoins.wallet import repository
from fancoins.wallet.repository import Balance, Movement


class StatementKind(enum.StrEnum):
    """What a statement line was, as the `kind` filter takes it."""

    PURCHASE = "purchase"
    REFUND_CLAWBACK = "refund_clawback"
    GIFT_RECEIVED = "gift_received"
    GIFT_SENT = "gift_sent"
    OPERATOR_GRANT = "operator_grant"
    OPERATOR_REMOVAL = "operator_removal"
    PROMOTION = "promotion"
    WITHDRAWAL = "withdrawal"
    EXPIRED = "expired"


K = StatementKind


@dataclass(frozen=True, slots=True)
class LineKind:
    kind: str
    label: str


# code -> (kind when the user's account is credited, kind when it is debited)
_KINDS: dict[str, tuple[LineKind, LineKind]] = {}


def _kind(code: str, kind: K, label: str, debited: tuple[K, str] | None = None) -> None:
    credited = LineKind(kind.value, label)
    _KINDS[code] = (credited, LineKind(debited[0].value, debited[1]) if debited else credited)


_kind("purchase", K.PURCHASE, "Coin purchase")
_kind("purchase_clawback", K.REFUND_CLAWBACK, "Refund claw-back")
_kind("gift", K.GIFT_RECEIVED, "Gift received", (K.GIFT_SENT, "Gift sent"))
_kind("gift_sent", K.GIFT_SENT, "Gift sent")
_kind("gift_diamonds", K.GIFT_RECEIVED, "Gift received")
_kind("operator_grant", K.OPERATOR_GRANT, "Operator grant")
_kind("operator_removal", K.OPERATOR_REMOVAL, "Operator removal")
_kind("promotion_hold", K.PROMOTION, "Promotion hold")
_kind("promotion_charge", K.PROMOTION, "Promotion charge")
_kind("promotion_release", K.PROMOTION, "Promotion return")
_kind("promotion_return", K.PROMOTION, "Promotion return")
_kind("withdrawal_hold", K.WITHDRAWAL, "Withdrawal")
_kind("withdrawal_paid", K.WITHDRAWAL, "Withdrawal paid")
_kind("withdrawal_post", K.WITHDRAWAL, "Withdrawal paid")
_kind("withdrawal_void", K.WITHDRAWAL, "Withdrawal returned")
_kind("withdrawal_reversed", K.WITHDRAWAL, "Withdrawal reversed")
_kind("pending_expired", K.EXPIRED, "Hold expired")

# Only these user_data keys reach a statement: the rest (operator, internal notes) stays in.
_DETAIL_KEYS = ("purchase_id", "refund_id", "gift_id", "count", "promotion_id",
                "withdrawal_id", "stream_id", "message")


def codes_for_kind(kind: StatementKind) -> set[str]:
    """The transfer codes a statement `kind` filter selects."""
    return {code for code, sides in _KINDS.items() if kind in (sides[0].kind, sides[1].kind)}


def statement_kinds() -> list[str]:
    return [kind.value for kind in StatementKind]


@dataclass(frozen=True, slots=True)
class Wallet:
    user_id: str
    coins: int
    coins_available: int  # less coins held by pending transfers (promotion budgets)
    diamonds: int
    diamonds_available: int
    restricted: bool
    store_account_token: str  # Apple appAccountToken / Google obfuscatedExternalAccountId


@dataclass(frozen=True, slots=True)
class StatementLine:
    id: uuid.UUID
    created_at_ms: int
    kind: str
    label: str
    code: str
    asset: str
    amount: int  # signed: + into the user's account, - out of it
    balance_change: int  # effect on the posted balance (0 for holds and voids)
    state: str  # posted; pending/posted/voided/expired for a hold; post or void of a hold
    details: dict[str, Any]


def _line(row: Movement, own: set[str]) -> StatementLine:
    credited = row.credit_account_id in own
    sides = _KINDS.get(row.code)
    kind = (sides[0] if credited else sides[1]) if sides else LineKind(row.code, row.code)
    flags = TransferFlags(row.flags)
    amount = row.amount if credited else -row.amount
    if TransferFlags.PENDING in flags:
        state, change = row.pending_status or "pending", 0
    elif TransferFlags.VOID_PENDING in flags:
        state, change = "void", 0
    else:
        state = "post" if TransferFlags.POST_PENDING in flags else "posted"
        change = amount
    data = row.user_data or {}
    return StatementLine(
        id=row.id, created_at_ms=row.created_at_ms, kind=kind.kind, label=kind.label,
        code=row.code, asset=row.asset, amount=amount, balance_change=change, state=state,
        details={k: data[k] for k in _DETAIL_KEYS if k in data},
    )


class WalletService:
    async def wallet(self, connection: AsyncConnection, user_id: str) -> Wallet:
        """Raises `UserNotFound`."""
        await users.get(connection, user_id)
        found = {b.id: b for b in await repository.balances(
            connection, [chart.user_coins(user_id), chart.user_diamonds(user_id)])}
        coins = found.get(chart.user_coins(user_id))
        diamonds = found.get(chart.user_diamonds(user_id))
        coin_balance = _posted(coins)
        return Wallet(
            user_id=user_id, coins=coin_balance, coins_available=_available(coins),
            diamonds=_posted(diamonds), diamonds_available=_available(diamonds),
            restricted=coin_balance < 0, store_account_token=store_account_token(user_id),
        )

    async def is_restricted(self, connection: AsyncConnection, user_id: str) -> bool:
        """True while a claw-back leaves the coin balance below zero: no gifts, no
        promotions until a purchase repays it."""
        found = await repository.balances(connection, [chart.user_coins(user_id)])
        return bool(found) and found[0].posted < 0

    async def statement(
        self, connection: AsyncConnection, user_id: str, *, kind: StatementKind | None,
        since_ms: int | None, until_ms: int | None, before: uuid.UUID | None, limit: int,
    ) -> Sequence[StatementLine]:
        """Newest first, up to `limit` lines."""
        own = {chart.user_coins(user_id), chart.user_diamonds(user_id),
               *chart.slot_accounts(chart.user_diamonds(user_id))}
        rows = await repository.statement(
            connection, own, codes=codes_for_kind(kind) if kind else None, since_ms=since_ms,
            until_ms=until_ms, before_id=before, limit=limit,
        )
        return [_line(row, own) for row in rows]


def _posted(row: Balance | None) -> int:
    return 0 if row is None else row.posted


def _available(row: Balance | None) -> int:
    return 0 if row is None else row.available


wallet = WalletService()

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

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.identity.service import users
from fancoins.ledger import TransferFlags, chart
from fancoins.purchases.service import store_account_token
from fancoins.wallet import repository


@dataclass(frozen=True, slots=True)
class LineKind:
    kind: str
    label: str


# code -> (kind when the user's account is credited, kind when it is debited)
_KINDS: dict[str, tuple[LineKind, LineKind]] = {}


def _kind(code: str, kind: str, label: str, debited: tuple[str, str] | None = None) -> None:
    credited = LineKind(kind, label)
    _KINDS[code] = (credited, LineKind(*debited) if debited else credited)


_kind("purchase", "purchase", "Coin purchase")
_kind("purchase_clawback", "refund_clawback", "Refund claw-back")
_kind("gift", "gift_received", "Gift received", ("gift_sent", "Gift sent"))
_kind("gift_sent", "gift_sent", "Gift sent")
_kind("gift_diamonds", "gift_received", "Gift received")
_kind("operator_grant", "operator_grant", "Operator grant")
_kind("operator_removal", "operator_removal", "Operator removal")
_kind("promotion_hold", "promotion", "Promotion hold")
_kind("promotion_charge", "promotion", "Promotion charge")
_kind("promotion_release", "promotion", "Promotion return")
_kind("promotion_return", "promotion", "Promotion return")
_kind("withdrawal_hold", "withdrawal", "Withdrawal")
_kind("withdrawal_paid", "withdrawal", "Withdrawal paid")
_kind("withdrawal_post", "withdrawal", "Withdrawal paid")
_kind("withdrawal_void", "withdrawal", "Withdrawal returned")
_kind("withdrawal_reversed", "withdrawal", "Withdrawal reversed")
_kind("pending_expired", "expired", "Hold expired")

# Only these user_data keys reach a statement: the rest (operator, internal notes) stays in.
_DETAIL_KEYS = ("purchase_id", "refund_id", "gift_id", "count", "promotion_id",
                "withdrawal_id", "stream_id", "message")


def codes_for_kind(kind: str) -> set[str]:
    """The transfer codes a statement `kind` filter selects; an unknown kind is a code."""
    codes = {code for code, sides in _KINDS.items() if kind in (sides[0].kind, sides[1].kind)}
    return codes or {kind}


def statement_kinds() -> list[str]:
    return sorted({side.kind for sides in _KINDS.values() for side in sides})


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


def _line(row: Any, own: set[str]) -> StatementLine:
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
        rows = {r.id: r for r in await repository.accounts(
            connection, [chart.user_coins(user_id), chart.user_diamonds(user_id)])}
        coins = rows.get(chart.user_coins(user_id))
        diamonds = rows.get(chart.user_diamonds(user_id))
        coin_balance = _balance(coins)
        return Wallet(
            user_id=user_id, coins=coin_balance, coins_available=_available(coins),
            diamonds=_balance(diamonds), diamonds_available=_available(diamonds),
            restricted=coin_balance < 0, store_account_token=store_account_token(user_id),
        )

    async def is_restricted(self, connection: AsyncConnection, user_id: str) -> bool:
        """True while a claw-back leaves the coin balance below zero: no gifts, no
        promotions until a purchase repays it."""
        rows = await repository.accounts(connection, [chart.user_coins(user_id)])
        return bool(rows) and _balance(rows[0]) < 0

    async def statement(
        self, connection: AsyncConnection, user_id: str, *, kind: str | None,
        since_ms: int | None, until_ms: int | None, before: uuid.UUID | None, limit: int,
    ) -> tuple[list[StatementLine], uuid.UUID | None]:
        """Newest first; the second value is the cursor of the next page (None at the end)."""
        own = {chart.user_coins(user_id), chart.user_diamonds(user_id)}
        rows = await repository.statement(
            connection, own, codes=codes_for_kind(kind) if kind else None, since_ms=since_ms,
            until_ms=until_ms, before_id=before, limit=limit + 1,
        )
        lines = [_line(row, own) for row in rows[:limit]]
        return lines, (lines[-1].id if len(rows) > limit and lines else None)


def _balance(row: Any) -> int:
    return 0 if row is None else int(row.credits_posted - row.debits_posted)


def _available(row: Any) -> int:
    return 0 if row is None else int(row.credits_posted - row.debits_posted - row.debits_pending)


wallet = WalletService()

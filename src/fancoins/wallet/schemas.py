"""The wallet and its statement as the API shows them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel

from fancoins.accounts.schemas import iso
from fancoins.wallet.service import StatementLine, Wallet

CSV_COLUMNS = ("id", "created_at", "kind", "label", "asset", "amount", "balance_change",
               "state", "code")


class WalletOut(BaseModel):
    user_id: str
    coins: int
    coins_available: int
    diamonds: int
    diamonds_available: int
    restricted: bool  # below zero after a refund claw-back: no gifts or promotions
    store_account_token: str  # set as Apple appAccountToken / Google obfuscatedExternalAccountId

    @classmethod
    def from_wallet(cls, wallet: Wallet) -> WalletOut:
        return cls(
            user_id=wallet.user_id, coins=wallet.coins, coins_available=wallet.coins_available,
            diamonds=wallet.diamonds, diamonds_available=wallet.diamonds_available,
            restricted=wallet.restricted, store_account_token=wallet.store_account_token,
        )


class StatementLineOut(BaseModel):
    id: uuid.UUID
    created_at: dt.datetime
    kind: str
    label: str
    code: str
    asset: str
    amount: int
    balance_change: int
    state: str
    details: dict[str, Any]

    @classmethod
    def from_line(cls, line: StatementLine) -> StatementLineOut:
        return cls(
            id=line.id, created_at=iso(line.created_at_ms), kind=line.kind, label=line.label,
            code=line.code, asset=line.asset, amount=line.amount,
            balance_change=line.balance_change, state=line.state, details=line.details,
        )

    def csv_row(self) -> list[str]:
        return [str(self.id), self.created_at.isoformat(), self.kind, self.label, self.asset,
                str(self.amount), str(self.balance_change), self.state, self.code]


class StatementOut(BaseModel):
    items: list[StatementLineOut]
    next_cursor: str | None

"""The wallet and its statement as the API shows them (read from the service's values)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, Field

from fancoins.accounts.schemas import Moment, Read
from fancoins.kit.clock import MS_PER_SECOND

CSV_COLUMNS = ("id", "created_at", "kind", "label", "asset", "amount", "balance_change",
               "state", "code")


class WalletOut(Read):
    user_id: str
    coins: int
    coins_available: int
    diamonds: int
    diamonds_available: int
    restricted: bool  # below zero after a refund claw-back: no gifts or promotions
    store_account_token: str  # set as Apple appAccountToken / Google obfuscatedExternalAccountId


class StatementLineOut(Read):
    id: uuid.UUID
    created_at: Moment = Field(validation_alias="created_at_ms")
    kind: str
    label: str
    code: str
    asset: str
    amount: int
    balance_change: int
    state: str
    details: dict[str, Any]

    def csv_row(self) -> list[str]:
        return [str(self.id), self.created_at.isoformat(), self.kind, self.label, self.asset,
                str(self.amount), str(self.balance_change), self.state, self.code]


class StatementOut(BaseModel):
    items: list[StatementLineOut]
    next_cursor: str | None


def moment_ms(moment: dt.datetime | None) -> int | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return int(aware.timestamp() * MS_PER_SECOND)

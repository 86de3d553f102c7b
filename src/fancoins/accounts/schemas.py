"""Accounts and transfers as the API shows them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from fancoins.ledger import AccountFlags, TransferFlags

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def flag_names(flags: AccountFlags | TransferFlags) -> list[str]:
    return [f.name.lower() for f in type(flags) if f.value and f in flags and f.name]


def iso(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


class AccountOut(BaseModel):
    id: str
    asset: str
    kind: str
    owner_user_id: str | None
    flags: list[str]
    balance: int
    available: int
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: Any) -> AccountOut:
        return cls(
            id=row.id, asset=row.asset, kind=row.kind, owner_user_id=row.owner_user_id,
            flags=flag_names(AccountFlags(row.flags)),
            balance=row.credits_posted - row.debits_posted,
            available=row.credits_posted - row.debits_posted - row.debits_pending,
            debits_pending=row.debits_pending, debits_posted=row.debits_posted,
            credits_pending=row.credits_pending, credits_posted=row.credits_posted,
            created_at=iso(row.created_at_ms),
        )


class TransferOut(BaseModel):
    id: uuid.UUID
    debit_account_id: str
    credit_account_id: str
    asset: str
    amount: int
    code: str
    flags: list[str]
    pending_id: uuid.UUID | None
    pending_status: str | None
    expires_at: dt.datetime | None
    user_data: dict[str, Any] | None
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: Any) -> TransferOut:
        return cls(
            id=row.id, debit_account_id=row.debit_account_id,
            credit_account_id=row.credit_account_id, asset=row.asset, amount=row.amount,
            code=row.code, flags=flag_names(TransferFlags(row.flags)), pending_id=row.pending_id,
            pending_status=row.pending_status,
            expires_at=iso(row.expires_at_ms) if row.expires_at_ms is not None else None,
            user_data=row.user_data, created_at=iso(row.created_at_ms),
        )

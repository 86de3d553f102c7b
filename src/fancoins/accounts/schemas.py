"""Accounts and transfers as the API shows them, read from the repository's typed rows
(`from_attributes`), and the time and flag types every domain's schemas share."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from fancoins.kit.clock import MS_PER_SECOND
from fancoins.kit.money import format_money
from fancoins.ledger import AccountFlags, TransferFlags, asset

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def flag_names(flags: AccountFlags | TransferFlags) -> list[str]:
    return [f.name.lower() for f in type(flags) if f.value and f in flags and f.name]


def iso(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / MS_PER_SECOND, tz=dt.UTC)


def _from_ms(value: object) -> object:
    return iso(value) if isinstance(value, int) and not isinstance(value, bool) else value


# A time stored as milliseconds since the epoch, shown as an ISO 8601 date-time. Rows name it
# `<field>_ms`: `created_at: Moment = Field(validation_alias="created_at_ms")`.
Moment = Annotated[dt.datetime, BeforeValidator(_from_ms)]


def money_display(amount_minor: int, currency: str) -> str:
    """Money for people to read ("$1.29"), the same on every screen; the exact integer in
    minor units always travels beside it."""
    return format_money(amount_minor, currency, asset(currency).exponent)


def _account_flags(value: object) -> object:
    return flag_names(AccountFlags(value)) if isinstance(value, int) else value


def _transfer_flags(value: object) -> object:
    return flag_names(TransferFlags(value)) if isinstance(value, int) else value


class Read(BaseModel):
    """A schema read from a typed row (`Model.model_validate(row)`)."""

    model_config = ConfigDict(from_attributes=True)


class AccountOut(Read):
    id: str
    asset: str
    kind: str
    owner_user_id: str | None
    flags: Annotated[list[str], BeforeValidator(_account_flags)]
    balance: int
    available: int
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    created_at: Moment = Field(validation_alias="created_at_ms")


class TransferOut(Read):
    id: uuid.UUID
    debit_account_id: str
    credit_account_id: str
    asset: str
    amount: int
    code: str
    flags: Annotated[list[str], BeforeValidator(_transfer_flags)]
    pending_id: uuid.UUID | None
    pending_status: str | None
    expires_at: Moment | None = Field(validation_alias="expires_at_ms")
    user_data: dict[str, Any] | None
    created_at: Moment = Field(validation_alias="created_at_ms")

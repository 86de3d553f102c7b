"""Users as the host app sends and reads them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

from fancoins.accounts.schemas import iso

# Ids become part of account names (`user:<id>:coins`), so they exclude ':' and spaces.
UserId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]{1,128}$")]


def _iso_date_only(value: object) -> object:
    # JSON has no date type: accept the ISO string the schema documents, not epoch numbers.
    if isinstance(value, (int, float)):
        raise ValueError("must be an ISO 8601 date string (YYYY-MM-DD)")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    country: CountryCode = "US"
    birth_date: IsoDate | None = None
    age_verified: StrictBool = False
    is_creator: StrictBool = False


class UserOut(BaseModel):
    id: str
    display_name: str
    country: str
    birth_date: dt.date | None
    age_verified: bool
    frozen: bool
    is_creator: bool
    created_at: dt.datetime

    @classmethod
    def from_user(cls, user: object) -> UserOut:
        fields = {name: getattr(user, name) for name in (
            "id", "display_name", "country", "birth_date", "age_verified", "frozen", "is_creator"
        )}
        return cls(**fields, created_at=iso(getattr(user, "created_at_ms")))  # noqa: B009


class AdjustmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: UserId
    amount_coins: StrictInt = Field(description="positive grants, negative removes; never zero")
    reason: Annotated[str, StringConstraints(min_length=3, max_length=500)]


class AdjustmentOut(BaseModel):
    transfer_id: str
    user_id: str
    amount_coins: int


class FreezeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    frozen: StrictBool
    reason: Annotated[str, StringConstraints(min_length=3, max_length=500)]

"""Spending limits as the API shows and takes them (read from the service's values)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from fancoins.accounts.schemas import Read
from fancoins.economy.limits import SpendLimits

# Far above any real limit, well inside a 64-bit column.
LIMIT_COINS_MAX = 10**12
LimitCoins = Annotated[int | None, Field(ge=0, le=LIMIT_COINS_MAX)]


def _from_s(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    return value


class LimitsIn(BaseModel):
    """All three limits, every time: null means no limit, 0 means no spending at all."""

    model_config = ConfigDict(extra="forbid", strict=True)

    daily_coins: LimitCoins
    weekly_coins: LimitCoins
    monthly_coins: LimitCoins

    def to_limits(self) -> SpendLimits:
        return SpendLimits(self.daily_coins, self.weekly_coins, self.monthly_coins)


class LimitsOut(Read):
    daily_coins: int | None
    weekly_coins: int | None
    monthly_coins: int | None


class PendingOut(Read):
    limits: LimitsOut
    effective_at: Annotated[dt.datetime, BeforeValidator(_from_s)] = Field(
        validation_alias="effective_at_s")


class SpentOut(Read):
    daily_coins: int = Field(validation_alias="day_coins")
    weekly_coins: int = Field(validation_alias="week_coins")
    monthly_coins: int = Field(validation_alias="month_coins")


class LimitsViewOut(Read):
    """The limits in force, a raise still cooling off (if any) and this window's spend."""

    effective: LimitsOut
    pending: PendingOut | None
    spent: SpentOut

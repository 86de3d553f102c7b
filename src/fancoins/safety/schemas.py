"""Spending limits as the API shows and takes them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from fancoins.economy.limits import SpendLimits
from fancoins.safety.service import LimitsView

# Far above any real limit, well inside a 64-bit column.
LIMIT_COINS_MAX = 10**12
LimitCoins = Annotated[int | None, Field(ge=0, le=LIMIT_COINS_MAX)]


class LimitsIn(BaseModel):
    """All three limits, every time: null means no limit, 0 means no spending at all."""

    model_config = ConfigDict(extra="forbid", strict=True)

    daily_coins: LimitCoins
    weekly_coins: LimitCoins
    monthly_coins: LimitCoins

    def to_limits(self) -> SpendLimits:
        return SpendLimits(self.daily_coins, self.weekly_coins, self.monthly_coins)


class LimitsOut(BaseModel):
    daily_coins: int | None
    weekly_coins: int | None
    monthly_coins: int | None

    @classmethod
    def of(cls, limits: SpendLimits) -> LimitsOut:
        return cls(daily_coins=limits.daily_coins, weekly_coins=limits.weekly_coins,
                   monthly_coins=limits.monthly_coins)


class PendingOut(BaseModel):
    limits: LimitsOut
    effective_at: dt.datetime


class SpentOut(BaseModel):
    daily_coins: int
    weekly_coins: int
    monthly_coins: int


class LimitsViewOut(BaseModel):
    """The limits in force, a raise still cooling off (if any) and this window's spend."""

    effective: LimitsOut
    pending: PendingOut | None
    spent: SpentOut

    @classmethod
    def of(cls, view: LimitsView) -> LimitsViewOut:
        pending = None
        if view.pending is not None:
            pending = PendingOut(
                limits=LimitsOut.of(view.pending.limits),
                effective_at=dt.datetime.fromtimestamp(view.pending.effective_at_s, tz=dt.UTC),
            )
        return cls(
            effective=LimitsOut.of(view.effective), pending=pending,
            spent=SpentOut(daily_coins=view.spent.day_coins, weekly_coins=view.spent.week_coins,
                           monthly_coins=view.spent.month_coins),
        )

"""Spending limits, restrictions and the truthful status as the API shows and takes them
(read from the service's values)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from fancoins.accounts.schemas import Moment, Read
from fancoins.economy.limits import SpendLimits
from fancoins.economy.restrictions import RestrictionScope
from fancoins.identity.schemas import Reason
from fancoins.kit.clock import MS_PER_SECOND

OptionalMoment = Moment | None

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


# --- restrictions and the truthful status -------------------------------------------------

# At least a few characters: the user reads it ("restricted … because <reason>"), and so does
# the next operator in the audit log.
RestrictionReason = Annotated[Reason, StringConstraints(min_length=3)]


class StatusEntryOut(Read):
    kind: str = Field(description="frozen | banned | minor | age-unknown | negative-balance | "
                                  "guardian-caps")
    scope: str = Field(description="what it blocks: all, gifting, buying, payouts, promotions, "
                                   "spending, or the action a minor is too young for")
    reason: str
    until: OptionalMoment = Field(default=None, validation_alias="until_ms",
                                  description="when it ends by itself (null: until lifted)")


class StatusOut(Read):
    """Every restriction in force on the user; `ok` only when there is none."""

    user_id: str
    ok: bool
    restrictions: list[StatusEntryOut]


class RestrictionIn(BaseModel):
    """A freeze (scope `all`) or a ban from one kind of transaction, with a reason the user
    reads and an optional expiry (omit it: until lifted)."""

    model_config = ConfigDict(extra="forbid")

    scope: RestrictionScope
    reason: RestrictionReason
    until: AwareDatetime | None = None

    def until_ms(self) -> int | None:
        return None if self.until is None else int(self.until.timestamp() * MS_PER_SECOND)


class LiftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: RestrictionReason


class RestrictionOut(Read):
    id: uuid.UUID
    user_id: str
    scope: str
    reason: str
    source: str
    created_by: str
    created_at: Moment = Field(validation_alias="created_at_ms")
    until: OptionalMoment = Field(default=None, validation_alias="until_ms")
    lifted_at: OptionalMoment = Field(default=None, validation_alias="lifted_at_ms")
    lifted_by: str | None
    lift_reason: str | None
    state: str = Field(description="in_force | lifted | expired")

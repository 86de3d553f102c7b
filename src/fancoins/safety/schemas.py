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
from fancoins.economy.limits import LimitSet, SpendLimits
from fancoins.economy.restrictions import RestrictionScope
from fancoins.identity.schemas import Reason, UserId
from fancoins.kit.clock import MS_PER_SECOND
from fancoins.safety.limits import SetView

OptionalMoment = Moment | None


def _iso_text(value: object) -> object:
    # Numbers (and numeric strings) would parse as epoch seconds; the schema promises ISO 8601.
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not any(c in value for c in "-:T"):
        raise ValueError("must be an ISO 8601 date-time with a zone, e.g. 2026-01-31T00:00:00Z")
    return value


# A date-time the client sends: ISO 8601 text with a zone, nothing else.
IsoDatetime = Annotated[AwareDatetime, BeforeValidator(_iso_text)]

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
    until: IsoDatetime | None = None

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


# --- guardians -------------------------------------------------------------------------------

# Minor units of money: far above any real cap, well inside a 64-bit column.
LIMIT_MINOR_MAX = 10**12
LimitMinor = Annotated[int | None, Field(ge=0, le=LIMIT_MINOR_MAX)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class GuardianLinkIn(BaseModel):
    """The host asserts that `guardian_id` is `minor_id`'s guardian (both users exist)."""

    model_config = ConfigDict(extra="forbid")

    minor_id: UserId
    guardian_id: UserId
    reason: RestrictionReason = Field(description="the host's basis for the link (audited)")


class GuardianLinkOut(Read):
    minor_id: str
    guardian_id: str
    linked_by: str
    linked_at: Moment = Field(validation_alias="linked_at_ms")


class UnlinkOut(BaseModel):
    unlinked: bool


class SpendingCapsIn(BaseModel):
    """Caps on the coins the minor spends (gifts, promotions), per window: null no cap, 0 in
    every window switches spending off."""

    model_config = ConfigDict(extra="forbid", strict=True)

    daily_coins: LimitCoins
    weekly_coins: LimitCoins
    monthly_coins: LimitCoins

    def to_set(self) -> LimitSet:
        return LimitSet(SpendLimits(self.daily_coins, self.weekly_coins, self.monthly_coins))


class BuyingCapsIn(BaseModel):
    """Caps on the money the minor spends buying coins, in minor units of `currency`, per
    window: null no cap, 0 in every window switches buying off."""

    model_config = ConfigDict(extra="forbid", strict=True)

    currency: Currency
    daily_minor: LimitMinor
    weekly_minor: LimitMinor
    monthly_minor: LimitMinor

    def to_set(self) -> LimitSet:
        return LimitSet(SpendLimits(self.daily_minor, self.weekly_minor, self.monthly_minor),
                        self.currency)


class CapsOut(BaseModel):
    """One set of caps: per window (coins for spending, minor units of `currency` for
    buying), whether it is switched off, and a loosening still cooling off."""

    currency: str | None
    daily: int | None
    weekly: int | None
    monthly: int | None
    off: bool
    pending: CapsOut | None = None
    pending_effective_at: dt.datetime | None = None

    @classmethod
    def of(cls, view: SetView) -> CapsOut:
        pending = view.pending
        return cls(**_windows(view.effective), off=view.effective.off,
                   pending=cls(**_windows(pending.limits), off=pending.limits.off)
                   if pending else None,
                   pending_effective_at=dt.datetime.fromtimestamp(pending.effective_at_s,
                                                                  tz=dt.UTC)
                   if pending else None)


def _windows(limits: LimitSet) -> dict[str, object]:
    w = limits.windows
    return {"currency": limits.currency, "daily": w.daily_coins, "weekly": w.weekly_coins,
            "monthly": w.monthly_coins}


class MinorOut(BaseModel):
    """What a guardian sees of a linked minor: who, their caps, and their truthful status."""

    user_id: str
    display_name: str
    country: str
    linked_at: dt.datetime
    spending: CapsOut
    buying: CapsOut
    status: StatusOut

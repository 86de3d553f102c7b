"""The operator's economy view as the API shows it. Every amount is an integer: coins,
diamonds, or minor units of the currency named next to it (format by the currency exponent)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

from fancoins.accounts.schemas import Moment, Read, TransferOut
from fancoins.identity.schemas import Reason, UserId
from fancoins.kit.clock import MS_PER_SECOND
from fancoins.operator.user_safety import UserSafety
from fancoins.payouts.schemas import WithdrawalOut
from fancoins.promotions.schemas import PromotionOut
from fancoins.purchases.schemas import PurchaseOut
from fancoins.safety.schemas import CapsOut, GuardianLinkOut, IsoDatetime, LimitsViewOut

# At least a few characters: a reason is for the next person reading the audit log.
AuditReason = Annotated[Reason, StringConstraints(min_length=3)]
# Far above any grant an operator makes, well inside a 64-bit balance.
ADJUSTMENT_COINS_MAX = 10**12


class AdjustmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: UserId
    amount_coins: StrictInt = Field(ge=-ADJUSTMENT_COINS_MAX, le=ADJUSTMENT_COINS_MAX,
                                    description="positive grants, negative removes; never zero")
    reason: AuditReason


class AdjustmentOut(Read):
    transfer_id: str
    user_id: str
    amount_coins: int


class FreezeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    frozen: StrictBool
    reason: AuditReason
    # A freeze may end by itself; omitted (or unfreezing): no expiry.
    until: IsoDatetime | None = None

    def until_ms(self) -> int | None:
        return None if self.until is None else int(self.until.timestamp() * MS_PER_SECOND)


class CoinsOut(Read):
    outstanding: int = Field(description="Sum of users' posted coin balances")
    held: int = Field(description="Coins held by pending transfers (promotions running)")
    issued: int = Field(description="Coins issued (purchases and grants) less claw-backs")
    spent: int = Field(description="Coins spent on gifts and promotions")
    wallets: int
    wallets_restricted: int = Field(description="Wallets below zero after a refund claw-back")


class DiamondsOut(Read):
    outstanding: int = Field(description="Sum of creators' posted diamond balances")
    pending_withdrawal: int
    on_hold: int = Field(description="Earned within the hold period, not yet withdrawable")
    on_hold_partial: bool = Field(description="True when too many creators to count all")
    withdrawable: int
    issued: int
    redeemed: int
    payout_currency: str
    outstanding_cash_minor: int = Field(description="What the outstanding diamonds cash out at")


class CurrencyOut(Read):
    currency: str
    exponent: int = Field(description="Minor-unit digits (USD 2, JPY 0, KWD 3)")
    sales_minor: int = Field(description="Gross paid by buyers (all stores)")
    refunds_minor: int = Field(description="Gross refunded or charged back")
    store_fees_minor: int
    taxes_minor: int
    net_revenue_minor: int = Field(description="Sales less refunds, store fees and taxes")
    payouts_paid_minor: int
    payouts_pending_minor: int
    platform_cash_minor: int = Field(description="Net revenue less payouts paid and pending")


class GiftRateOut(Read):
    gifts: int
    coins: int


class GiftMinuteOut(Read):
    minute: Moment = Field(validation_alias="minute_ms")
    gifts: int
    coins: int


class GiftsOut(Read):
    last_minute: GiftRateOut
    last_hour: GiftRateOut
    per_minute: list[GiftMinuteOut] = Field(description="Minutes with gifts, oldest first")


class AssetSumOut(Read):
    asset: str
    posted: int = Field(description="Sum over all accounts: zero in a sound ledger")
    pending: int = Field(description="Sum of pending amounts: zero in a sound ledger")


class FindingOut(Read):
    severity: str
    check: str
    subject: str
    detail: str


class VerifyOut(Read):
    ok: bool
    accounts: int
    transfers: int
    asset_sums: list[AssetSumOut] = Field(description="Recomputed from the transfers")
    findings: list[FindingOut]
    findings_total: int


class EconomyOut(Read):
    as_of: Moment = Field(validation_alias="as_of_ms")
    coins: CoinsOut
    diamonds: DiamondsOut
    currencies: list[CurrencyOut]
    gifts: GiftsOut
    ledger: list[AssetSumOut] = Field(description="Per-asset sums of the stored balances")
    verify: VerifyOut | None = Field(description="The full ledger check (`verify=false` skips)")


class AuditEntryOut(Read):
    """One audit entry: who did what to whom, why, with its details and its place in the
    audit log's hash chain."""

    id: uuid.UUID
    actor: str
    action: str
    target: str
    reason: str
    data: dict[str, Any] | None
    created_at: Moment = Field(validation_alias="created_at_ms")
    chain_seq: int | None
    hash: str | None


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    next_cursor: str | None


class LookupOut(BaseModel):
    """What has this id: any of a purchase, a withdrawal, a promotion and a ledger transfer
    (a purchase and the transfer booking it may share one)."""

    id: uuid.UUID
    purchase: PurchaseOut | None
    withdrawal: WithdrawalOut | None
    promotion: PromotionOut | None
    transfer: TransferOut | None


class BuyingUseOut(Read):
    """Bought in one price-list currency, in its minor units at the price list's quote: the
    rolling 24 hours and 7 days the platform's purchase caps count (null cap: none set for
    the currency), and the UTC calendar day, week and month the buying limits count."""

    currency: str
    last_24h_minor: int
    last_7d_minor: int
    today_minor: int
    this_week_minor: int
    this_month_minor: int
    cap_daily_minor: int | None
    cap_weekly_minor: int | None


class UserSafetyOut(BaseModel):
    """What keeps a user's spending safe: their own coin limits (with this window's spend),
    their own buying limits, a guardian's caps on both (all null and not `off`: none), what
    they bought in each capped window, and their guardian links both ways."""

    user_id: str
    spending: LimitsViewOut
    spending_caps: CapsOut
    buying_limits: CapsOut
    buying_caps: CapsOut
    bought: list[BuyingUseOut]
    guardians: list[GuardianLinkOut] = Field(description="the user's guardians")
    minors: list[GuardianLinkOut] = Field(description="the minors the user is guardian of")

    @classmethod
    def of(cls, safety: UserSafety) -> UserSafetyOut:
        return cls(
            user_id=safety.user_id, spending=LimitsViewOut.model_validate(safety.spending),
            spending_caps=CapsOut.of(safety.spending_caps),
            buying_limits=CapsOut.of(safety.buying_limits),
            buying_caps=CapsOut.of(safety.buying_caps),
            bought=[BuyingUseOut.model_validate(b) for b in safety.bought],
            guardians=[GuardianLinkOut.model_validate(g) for g in safety.guardians],
            minors=[GuardianLinkOut.model_validate(m) for m in safety.minors])

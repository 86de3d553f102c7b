"""The operator's economy view as the API shows it. Every amount is an integer: coins,
diamonds, or minor units of the currency named next to it (format by the currency exponent)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from fancoins.accounts.schemas import Read, iso
from fancoins.identity.schemas import Reason, UserId
from fancoins.kit.clock import MS_PER_MINUTE
from fancoins.operator.service import Economy

# At least a few characters: a reason is for the next person reading the audit log.
AuditReason = Annotated[Reason, StringConstraints(min_length=3)]


class AdjustmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: UserId
    amount_coins: StrictInt = Field(description="positive grants, negative removes; never zero")
    reason: AuditReason


class AdjustmentOut(Read):
    transfer_id: str
    user_id: str
    amount_coins: int


class FreezeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    frozen: StrictBool
    reason: AuditReason


class CoinsOut(BaseModel):
    outstanding: int = Field(description="Sum of users' posted coin balances")
    held: int = Field(description="Coins held by pending transfers (promotions running)")
    issued: int = Field(description="Coins issued (purchases and grants) less claw-backs")
    spent: int = Field(description="Coins spent on gifts and promotions")
    wallets: int
    wallets_restricted: int = Field(description="Wallets below zero after a refund claw-back")


class DiamondsOut(BaseModel):
    outstanding: int = Field(description="Sum of creators' posted diamond balances")
    pending_withdrawal: int
    on_hold: int = Field(description="Earned within the hold period, not yet withdrawable")
    on_hold_partial: bool = Field(description="True when too many creators to count all")
    withdrawable: int
    issued: int
    redeemed: int
    payout_currency: str
    outstanding_cash_minor: int = Field(description="What the outstanding diamonds cash out at")


class CurrencyOut(BaseModel):
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


class GiftRateOut(BaseModel):
    gifts: int
    coins: int


class GiftMinuteOut(BaseModel):
    minute: dt.datetime
    gifts: int
    coins: int


class GiftsOut(BaseModel):
    last_minute: GiftRateOut
    last_hour: GiftRateOut
    per_minute: list[GiftMinuteOut] = Field(description="Minutes with gifts, oldest first")


class AssetSumOut(BaseModel):
    asset: str
    posted: int = Field(description="Sum over all accounts: zero in a sound ledger")
    pending: int = Field(description="Sum of pending amounts: zero in a sound ledger")


class FindingOut(BaseModel):
    severity: str
    check: str
    subject: str
    detail: str


class VerifyOut(BaseModel):
    ok: bool
    accounts: int
    transfers: int
    asset_sums: list[AssetSumOut] = Field(description="Recomputed from the transfers")
    findings: list[FindingOut]
    findings_total: int


class EconomyOut(BaseModel):
    as_of: dt.datetime
    coins: CoinsOut
    diamonds: DiamondsOut
    currencies: list[CurrencyOut]
    gifts: GiftsOut
    ledger: list[AssetSumOut] = Field(description="Per-asset sums of the stored balances")
    verify: VerifyOut | None = Field(description="The full ledger check (`verify=false` skips)")

    @classmethod
    def of(cls, economy: Economy, findings_max: int) -> EconomyOut:
        verify = None
        if economy.verify is not None:
            report = economy.verify
            verify = VerifyOut(
                ok=report.ok, accounts=report.accounts, transfers=report.transfers,
                asset_sums=[AssetSumOut(asset=k, posted=v[0], pending=v[1])
                            for k, v in sorted(report.asset_sums.items())],
                findings=[FindingOut(severity=f.severity.value, check=f.check,
                                     subject=f.subject, detail=f.detail)
                          for f in report.findings[:findings_max]],
                findings_total=len(report.findings),
            )
        return cls(
            as_of=iso(economy.as_of_ms),
            coins=CoinsOut.model_validate(economy.coins, from_attributes=True),
            diamonds=DiamondsOut.model_validate(economy.diamonds, from_attributes=True),
            currencies=[CurrencyOut.model_validate(c, from_attributes=True)
                        for c in economy.currencies],
            gifts=GiftsOut(
                last_minute=GiftRateOut(gifts=economy.gifts_minute[0],
                                        coins=economy.gifts_minute[1]),
                last_hour=GiftRateOut(gifts=economy.gifts_hour[0], coins=economy.gifts_hour[1]),
                per_minute=[GiftMinuteOut(minute=iso(m * MS_PER_MINUTE), gifts=n, coins=c)
                            for m, n, c in economy.gifts_per_minute],
            ),
            ledger=[AssetSumOut(asset=k, posted=p, pending=q) for k, p, q in economy.asset_sums],
            verify=verify,
        )

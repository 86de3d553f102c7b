"""The finance report as the API returns it (JSON, the default format).

Conventions, for the console and any other client:
- money is an integer of minor units (`*_minor`) of the `currency` beside it, with its
  `exponent` (digits after the decimal point: USD 2, JPY 0, KWD 3); format it with the
  currency, never with floats;
- coins and diamonds are whole numbers;
- every section has its opening and closing figures: the closing figures of a period are
  the opening figures of the next;
- `ties` is true when every entry of `checks` holds and `verify.ok` is true.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from fancoins.finance.model import (
    AccountLine,
    CoinsSection,
    DeferredLine,
    DiamondsSection,
    FinanceReport,
    PayoutLine,
    SalesLine,
)


def _at(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PeriodOut(BaseModel):
    first_day: dt.date = Field(serialization_alias="from", description="First day (UTC)")
    last_day: dt.date = Field(serialization_alias="to", description="Last day, inclusive")
    timezone: str = "UTC"
    starts_at: dt.datetime = Field(description="Start of the first day")
    ends_at: dt.datetime = Field(description="End of the last day (exclusive)")
    open: bool = Field(description="The period has not ended yet: figures may still change")


class MoneyPartsOut(_Read):
    count: int
    gross_minor: int = Field(description="What buyers paid (or got back)")
    store_fees_minor: int = Field(description="The store's or processor's fee")
    taxes_minor: int = Field(description="VAT/GST the store or processor remits")
    net_minor: int = Field(description="Gross less store fees and taxes: the platform's")


class SalesLineOut(BaseModel):
    currency: str
    channel: str = Field(description="ios, android or web")
    exponent: int
    coins: int = Field(description="Coins sold in the period")
    sales: MoneyPartsOut
    refunds: MoneyPartsOut
    chargebacks: MoneyPartsOut
    reversals: MoneyPartsOut = Field(description="Refunds undone (no ledger code yet: zero)")
    net_after_refunds_minor: int

    @classmethod
    def of(cls, s: SalesLine) -> SalesLineOut:
        return cls(currency=s.currency, channel=s.channel, exponent=s.exponent, coins=s.coins,
                   sales=MoneyPartsOut.model_validate(s.sales),
                   refunds=MoneyPartsOut.model_validate(s.refunds),
                   chargebacks=MoneyPartsOut.model_validate(s.chargebacks),
                   reversals=MoneyPartsOut.model_validate(s.reversals),
                   net_after_refunds_minor=s.net_after_refunds_minor)


class CodeAmountOut(_Read):
    code: str
    amount: int = Field(description="Signed: positive = into the users' accounts")


class FinanceCoinsOut(_Read):
    opening: int
    purchased: int
    granted: int
    clawed_back: int
    removed: int
    spent_gifts: int
    spent_promotions: int
    other: list[CodeAmountOut] = Field(description="Codes the report does not classify")
    closing: int
    issued: int = Field(description="purchased + granted - clawed_back - removed")
    spent: int = Field(description="spent_gifts + spent_promotions")
    held_opening: int = Field(description="Held by running promotions (still the users')")
    held_closing: int
    promotions_released: int = Field(description="Held coins returned to promoters")
    owed_opening: int = Field(description="Owed by wallets below zero after claw-backs")
    owed_closing: int
    wallets_below_zero: int
    grants: int = Field(description="Operator grants in the period (count)")
    removals: int = Field(description="Operator removals in the period (count)")
    issued_to_date: int
    spent_to_date: int

    @classmethod
    def of(cls, c: CoinsSection) -> FinanceCoinsOut:
        return cls.model_validate(c)


class CoinsValueOut(BaseModel):
    coins: int
    minor: int


class ReleasedOut(_Read):
    gifts: int
    promotions: int
    removed: int = Field(description="Operator removals")
    recovered: int = Field(description="Taken by a refund claw-back from the buyer's other coins")
    repaid: int = Field(description="Coins owed after a claw-back, repaid by new coins")
    other: int
    total: int


class DeferredLineOut(BaseModel):
    currency: str | None = Field(description="None for coins nobody paid for")
    channel: str = Field(description="ios, android, web; or granted / unpriced")
    exponent: int
    opening: CoinsValueOut
    added: CoinsValueOut = Field(description="Bought (or granted) in the period")
    released_coins: ReleasedOut
    released_minor: ReleasedOut
    refunded: CoinsValueOut = Field(description="Unspent coins taken back by refunds")
    reversed_minor: int = Field(description="Refunds of revenue already recognised")
    closing: CoinsValueOut
    revenue_recognised_minor: int = Field(description="released_minor.total - reversed_minor")

    @classmethod
    def of(cls, d: DeferredLine) -> DeferredLineOut:
        return cls(
            currency=d.currency or None, channel=d.channel, exponent=d.exponent,
            opening=CoinsValueOut(coins=d.opening_coins, minor=d.opening_minor),
            added=CoinsValueOut(coins=d.added_coins, minor=d.added_minor),
            released_coins=ReleasedOut.model_validate(d.released_coins),
            released_minor=ReleasedOut.model_validate(d.released_minor),
            refunded=CoinsValueOut(coins=d.refunded_coins, minor=d.refunded_minor),
            reversed_minor=d.reversed_minor,
            closing=CoinsValueOut(coins=d.closing_coins, minor=d.closing_minor),
            revenue_recognised_minor=d.recognised_minor,
        )


class LiabilityOut(_Read):
    currency: str
    exponent: int
    cash_minor_per_1000_diamonds: int = Field(description="The configured diamond value")
    opening_minor: int
    closing_minor: int
    held_closing_minor: int = Field(description="Of which requested for withdrawal")


class FinanceDiamondsOut(_Read):
    opening: int
    earned: int
    clawed_back: int
    redeemed: int = Field(description="Withdrawals paid")
    reversed: int = Field(description="Paid withdrawals returned by the provider")
    other: list[CodeAmountOut]
    closing: int
    held_opening: int = Field(description="Requested for withdrawal, not yet paid")
    held_closing: int
    owed_closing: int = Field(description="Owed by creators below zero after claw-backs")
    earned_to_date: int
    clawed_back_to_date: int
    redeemed_to_date: int
    liability: LiabilityOut

    @classmethod
    def of(cls, d: DiamondsSection) -> FinanceDiamondsOut:
        return cls.model_validate(d)


class PayoutLineOut(_Read):
    currency: str
    exponent: int
    requested_minor: int
    paid_minor: int
    voided_minor: int = Field(description="Failed, rejected or expired requests")
    reversed_minor: int = Field(description="Paid, then returned by the provider")
    pending_opening_minor: int
    pending_closing_minor: int
    paid_to_date_minor: int

    @classmethod
    def of(cls, p: PayoutLine) -> PayoutLineOut:
        return cls.model_validate(p)


class AccountLineOut(_Read):
    account: str = Field(description="Ledger account id; users:<ASSET> sums every user's")
    asset: str
    exponent: int
    opening: int = Field(description="Credit balance (credits - debits); negative = debit")
    debits: int
    credits: int
    closing: int
    pending_debits_closing: int
    pending_credits_closing: int

    @classmethod
    def of(cls, a: AccountLine) -> AccountLineOut:
        return cls.model_validate(a)


class BreakageOut(_Read):
    policy: str = Field(description="The finance.breakage_policy setting")
    recognised_minor: int
    description: str


class FinanceAssetSumOut(BaseModel):
    asset: str
    posted: int
    pending: int


class FinanceFindingOut(_Read):
    severity: str
    check: str
    subject: str
    detail: str


class FinanceVerifyOut(BaseModel):
    ok: bool
    accounts: int
    transfers: int
    errors: int
    notices: int
    asset_sums: list[FinanceAssetSumOut] = Field(description="Per asset; both sums must be 0")
    findings: list[FinanceFindingOut]


class CheckOut(_Read):
    name: str
    expected: int
    actual: int
    ok: bool


class FinanceReportOut(BaseModel):
    period: PeriodOut
    generated_at: dt.datetime
    ties: bool = Field(description="Every check holds and verify found no error")
    sales: list[SalesLineOut]
    coins: FinanceCoinsOut
    deferred_revenue: list[DeferredLineOut]
    diamonds: FinanceDiamondsOut
    payouts: list[PayoutLineOut]
    accounts: list[AccountLineOut]
    breakage: BreakageOut
    verify: FinanceVerifyOut
    checks: list[CheckOut]
    notes: list[str]

    @classmethod
    def of(cls, r: FinanceReport) -> FinanceReportOut:
        p, v = r.period, r.verify
        return cls(
            period=PeriodOut(first_day=p.first_day, last_day=p.last_day,
                             starts_at=_at(p.start_ms), ends_at=_at(p.end_ms), open=r.open),
            generated_at=_at(r.generated_at_ms), ties=r.ties,
            sales=[SalesLineOut.of(s) for s in r.sales], coins=FinanceCoinsOut.of(r.coins),
            deferred_revenue=[DeferredLineOut.of(d) for d in r.deferred],
            diamonds=FinanceDiamondsOut.of(r.diamonds),
            payouts=[PayoutLineOut.of(x) for x in r.payouts],
            accounts=[AccountLineOut.of(a) for a in r.accounts],
            breakage=BreakageOut.model_validate(r.breakage),
            verify=FinanceVerifyOut(
                ok=v.ok, accounts=v.accounts, transfers=v.transfers, errors=v.errors,
                notices=v.notices,
                asset_sums=[FinanceAssetSumOut(asset=a, posted=po, pending=pe)
                            for a, po, pe in v.asset_sums],
                findings=[FinanceFindingOut.model_validate(f) for f in v.findings]),
            checks=[CheckOut.model_validate(c) for c in r.checks], notes=list(r.notes),
        )

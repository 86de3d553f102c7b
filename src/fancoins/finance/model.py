"""The finance report as plain values: what the service computes and every rendering reads.

Amounts of money are integers in minor units of the currency named beside them (with its
exponent, for display); coins and diamonds are whole numbers. Nothing here is a float.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fancoins.kit.clock import MS_PER_DAY

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def day_start_ms(day: dt.date) -> int:
    """Midnight UTC at the start of `day`, in ms (without datetime: any year works)."""
    return (day.toordinal() - _EPOCH_ORDINAL) * MS_PER_DAY


@dataclass(frozen=True, slots=True)
class Period:
    """The days `first_day` to `last_day` inclusive, in UTC: [start_ms, end_ms)."""

    first_day: dt.date
    last_day: dt.date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError("a period's last day cannot come before its first day")

    @property
    def start_ms(self) -> int:
        return day_start_ms(self.first_day)

    @property
    def end_ms(self) -> int:
        return day_start_ms(self.last_day) + MS_PER_DAY

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def label(self) -> str:
        return f"{self.first_day.isoformat()} to {self.last_day.isoformat()} (UTC)"


@dataclass(frozen=True, slots=True)
class MoneyParts:
    """A sale or a refund split as the ledger records it: gross = fees + taxes + net."""

    count: int = 0
    gross_minor: int = 0
    store_fees_minor: int = 0
    taxes_minor: int = 0
    net_minor: int = 0


@dataclass(frozen=True, slots=True)
class SalesLine:
    """Coin sales and their refunds in one currency through one channel, in the period."""

    currency: str
    channel: str
    exponent: int
    coins: int  # coins sold (the purchases' coin legs)
    sales: MoneyParts
    refunds: MoneyParts
    chargebacks: MoneyParts
    reversals: MoneyParts

    @property
    def net_after_refunds_minor(self) -> int:
        return (self.sales.net_minor - self.refunds.net_minor - self.chargebacks.net_minor
                + self.reversals.net_minor)


@dataclass(frozen=True, slots=True)
class CodeAmount:
    """An amount moved by a transfer code the report does not classify (signed)."""

    code: str
    amount: int


@dataclass(frozen=True, slots=True)
class CoinsSection:
    """Coins held by users: opening + purchased + granted - clawed back - removed - spent
    (+ other) = closing."""

    opening: int
    purchased: int
    granted: int
    clawed_back: int
    removed: int
    spent_gifts: int
    spent_promotions: int
    other: tuple[CodeAmount, ...]
    closing: int
    held_opening: int  # held by running promotions (pending), part of the balances above
    held_closing: int
    promotions_released: int  # holds voided in the period (coins back to the promoters)
    owed_opening: int  # coins wallets owe after claw-backs of coins already spent
    owed_closing: int
    wallets_below_zero: int
    grants: int  # operator grants and removals in the period (counts)
    removals: int
    issued_to_date: int  # platform:coins_issued at the period end (purchased + granted - ...)
    spent_to_date: int  # platform:coins_spent at the period end

    @property
    def issued(self) -> int:
        return self.purchased + self.granted - self.clawed_back - self.removed

    @property
    def spent(self) -> int:
        return self.spent_gifts + self.spent_promotions

    @property
    def other_net(self) -> int:
        return sum(o.amount for o in self.other)


@dataclass(frozen=True, slots=True)
class Released:
    """What left deferred revenue, by why (coins, or minor units: the line says which)."""

    gifts: int = 0
    promotions: int = 0
    removed: int = 0  # operator removals
    recovered: int = 0  # taken by a refund claw-back from the buyer's other coins
    repaid: int = 0  # coins a wallet owed after a claw-back, repaid by coins it received
    other: int = 0  # debit codes the report does not classify

    @property
    def total(self) -> int:
        return (self.gifts + self.promotions + self.removed + self.recovered + self.repaid
                + self.other)


@dataclass(frozen=True, slots=True)
class DeferredLine:
    """Deferred revenue (a contract liability) for unspent coins bought in one currency
    through one channel. Value in minor units of `currency`; coins beside it."""

    currency: str  # "" for coins nobody paid for (operator grants, unclassified credits)
    channel: str
    exponent: int
    opening_coins: int
    opening_minor: int
    added_coins: int  # coins bought (or granted) in the period...
    added_minor: int  # ...and the net revenue paid for them
    released_coins: Released
    released_minor: Released
    refunded_coins: int  # unspent coins taken back by refunds, and their deferred revenue
    refunded_minor: int
    reversed_minor: int  # refunds of revenue already recognised (their coins were spent)
    closing_coins: int
    closing_minor: int

    @property
    def recognised_minor(self) -> int:
        """Revenue recognised in the period: released from deferred revenue, less refunds
        of revenue recognised before."""
        return self.released_minor.total - self.reversed_minor


@dataclass(frozen=True, slots=True)
class Liability:
    """The cash creators could claim for their diamonds, at the configured diamond value."""

    currency: str
    exponent: int
    cash_minor_per_1000_diamonds: int
    opening_minor: int
    closing_minor: int
    held_closing_minor: int  # of which requested for withdrawal and not yet paid


@dataclass(frozen=True, slots=True)
class DiamondsSection:
    """Diamonds held by creators: opening + earned - clawed back - redeemed + reversed
    (+ other) = closing."""

    opening: int
    earned: int
    clawed_back: int
    redeemed: int  # withdrawals paid
    reversed: int  # paid withdrawals returned (diamonds back)
    other: tuple[CodeAmount, ...]
    closing: int
    held_opening: int  # requested for withdrawal, not yet paid (pending)
    held_closing: int
    owed_closing: int  # creators below zero after diamond claw-backs (as a positive number)
    earned_to_date: int
    clawed_back_to_date: int
    redeemed_to_date: int  # platform:diamonds_redeemed at the period end (net of reversals)
    liability: Liability

    @property
    def other_net(self) -> int:
        return sum(o.amount for o in self.other)


@dataclass(frozen=True, slots=True)
class PayoutLine:
    """Cash paid out to creators in one currency."""

    currency: str
    exponent: int
    requested_minor: int  # withdrawals requested in the period (held)
    paid_minor: int
    voided_minor: int  # failed, rejected or expired requests (released)
    reversed_minor: int  # paid withdrawals returned by the provider
    pending_opening_minor: int
    pending_closing_minor: int
    paid_to_date_minor: int  # platform:payouts at the period end


@dataclass(frozen=True, slots=True)
class AccountLine:
    """One platform or store account (users' accounts summed per asset), credit balances:
    opening + credits - debits = closing (negative = a debit balance)."""

    account: str
    asset: str
    exponent: int
    opening: int
    debits: int
    credits: int
    closing: int
    pending_debits_closing: int
    pending_credits_closing: int


@dataclass(frozen=True, slots=True)
class Check:
    """One way the report ties to the ledger: `expected` must equal `actual`."""

    name: str
    expected: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    check: str
    subject: str
    detail: str


@dataclass(frozen=True, slots=True)
class VerifySummary:
    """`fancoins verify`, run in the same snapshot as the report."""

    ok: bool
    accounts: int
    transfers: int
    errors: int
    notices: int
    asset_sums: tuple[tuple[str, int, int], ...]  # (asset, posted sum, pending sum)
    findings: tuple[Finding, ...]  # the first few


@dataclass(frozen=True, slots=True)
class Breakage:
    policy: str
    recognised_minor: int
    description: str


@dataclass(frozen=True, slots=True)
class FinanceReport:
    period: Period
    generated_at_ms: int
    sales: tuple[SalesLine, ...]
    coins: CoinsSection
    deferred: tuple[DeferredLine, ...]
    diamonds: DiamondsSection
    payouts: tuple[PayoutLine, ...]
    accounts: tuple[AccountLine, ...]
    breakage: Breakage
    verify: VerifySummary
    checks: tuple[Check, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def ties(self) -> bool:
        """Every check holds and `verify` found no error."""
        return self.verify.ok and all(c.ok for c in self.checks)

    @property
    def open(self) -> bool:
        """The period has not ended yet: its closing figures may still change."""
        return self.generated_at_ms < self.period.end_ms

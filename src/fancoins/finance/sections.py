"""The report's sections, assembled from what the ledger sums returned. Pure: no I/O.

Every figure is a time-bounded sum of transfers selected by code, phase and account (see
`docs/finance.md` for the list); balances at a moment are sums of every transfer before it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fancoins.economy.rules import Payouts
from fancoins.finance import codes
from fancoins.finance.lots import Key, Movement, Position, Reason
from fancoins.finance.model import (
    AccountLine,
    CodeAmount,
    CoinsSection,
    DeferredLine,
    DiamondsSection,
    Liability,
    MoneyParts,
    PayoutLine,
    Released,
    SalesLine,
)
from fancoins.finance.replay import STORE_PREFIX, RefundInfo, store_key
from fancoins.journal.reports import BalanceAt, BelowZero, Flow, Phase, users_class
from fancoins.ledger import COIN, DIAMOND, chart
from fancoins.ledger.assets import UnknownAsset, asset

USERS_COINS = users_class(COIN)
USERS_DIAMONDS = users_class(DIAMOND)
POSTED = frozenset({Phase.POSTED, Phase.POST})  # the phases that move posted balances
DIAMONDS_PER_RATE = 1000  # the economy's diamond value is per this many diamonds
COIN_CODES = frozenset({codes.PURCHASE, codes.OPERATOR_GRANT, codes.PURCHASE_CLAWBACK,
                        codes.OPERATOR_REMOVAL, codes.GIFT_SENT, codes.PROMOTION_CHARGE})
DIAMOND_CODES = frozenset({codes.GIFT_DIAMONDS, codes.DIAMOND_CLAWBACK, codes.WITHDRAWAL_PAID,
                           codes.WITHDRAWAL_REVERSED})


def exponent_of(code: str) -> int:
    """Minor-unit digits of a currency (0 for coins, diamonds and unknown codes)."""
    try:
        return asset(code).exponent
    except UnknownAsset:
        return 0


class Flows:
    """The transfers of a window, summed; `total` filters them."""

    def __init__(self, rows: Sequence[Flow]) -> None:
        self.rows = rows

    def total(self, *, codes_in: Iterable[str] | None = None, phases: Iterable[Phase] = POSTED,
              asset_is: str | None = None, debit: str | None = None,
              credit: str | None = None) -> int:
        return sum(f.amount for f in self._select(codes_in, phases, asset_is, debit, credit))

    def count(self, *, codes_in: Iterable[str], credit: str | None = None,
              debit: str | None = None) -> int:
        return sum(f.count for f in self._select(codes_in, POSTED, None, debit, credit))

    def _select(self, codes_in: Iterable[str] | None, phases: Iterable[Phase],
                asset_is: str | None, debit: str | None, credit: str | None) -> list[Flow]:
        wanted_codes = None if codes_in is None else set(codes_in)
        wanted_phases = set(phases)
        return [f for f in self.rows
                if (wanted_codes is None or f.code in wanted_codes)
                and f.phase in wanted_phases
                and (asset_is is None or f.asset == asset_is)
                and (debit is None or f.debit == debit)
                and (credit is None or f.credit == credit)]

    def other(self, account: str, known: frozenset[str]) -> tuple[CodeAmount, ...]:
        """Posted movements of `account` by codes not in `known`, signed (+ = credited)."""
        amounts: dict[str, int] = defaultdict(int)
        for f in self.rows:
            if f.phase not in POSTED or f.code in known:
                continue
            if f.credit == account:
                amounts[f.code] += f.amount
            if f.debit == account:
                amounts[f.code] -= f.amount
        return tuple(CodeAmount(code, amount) for code, amount in sorted(amounts.items())
                     if amount)


class Balances:
    """Balances at one moment, by account (users summed per asset)."""

    def __init__(self, rows: Sequence[BalanceAt], below_zero: Sequence[BelowZero]) -> None:
        self.by_account = {b.account: b for b in rows}
        self.below_zero = {b.asset: b for b in below_zero}

    def of(self, account: str) -> BalanceAt:
        return self.by_account.get(account) or BalanceAt(account, "")

    def owed(self, asset_code: str) -> tuple[int, int]:
        """(accounts below zero, what they owe as a positive number)."""
        found = self.below_zero.get(asset_code)
        return (0, 0) if found is None else (found.accounts, -found.total)


@dataclass(frozen=True, slots=True)
class Window:
    """Everything one period's sections are made of."""

    flows: Flows
    flows_to_date: Flows
    opening: Balances
    closing: Balances


def coins_section(w: Window, owed_opening: int) -> CoinsSection:
    f = w.flows
    users = USERS_COINS
    owed_count, owed_closing = w.closing.owed(COIN)
    return CoinsSection(
        opening=w.opening.of(users).balance,
        purchased=f.total(codes_in=[codes.PURCHASE], credit=users),
        granted=f.total(codes_in=[codes.OPERATOR_GRANT], credit=users),
        clawed_back=f.total(codes_in=[codes.PURCHASE_CLAWBACK], debit=users),
        removed=f.total(codes_in=[codes.OPERATOR_REMOVAL], debit=users),
        spent_gifts=f.total(codes_in=[codes.GIFT_SENT], debit=users),
        spent_promotions=f.total(codes_in=[codes.PROMOTION_CHARGE], debit=users),
        other=f.other(users, COIN_CODES),
        closing=w.closing.of(users).balance,
        held_opening=w.opening.of(users).debits_pending,
        held_closing=w.closing.of(users).debits_pending,
        promotions_released=f.total(codes_in=codes.VOIDS, phases=[Phase.VOID], asset_is=COIN,
                                    debit=users),
        owed_opening=owed_opening,
        owed_closing=owed_closing,
        wallets_below_zero=owed_count,
        grants=f.count(codes_in=[codes.OPERATOR_GRANT], credit=users),
        removals=f.count(codes_in=[codes.OPERATOR_REMOVAL], debit=users),
        issued_to_date=-w.closing.of(chart.COINS_ISSUED).balance,
        spent_to_date=w.closing.of(chart.COINS_SPENT).balance,
    )


def cash_liability(diamonds: int, payouts: Payouts) -> int:
    """Diamonds at the configured value, rounded up to the minor unit: a liability is never
    rounded below what it may cost."""
    return -(-diamonds * payouts.cash_minor_per_1000_diamonds // DIAMONDS_PER_RATE)


def diamonds_section(w: Window, payouts: Payouts) -> DiamondsSection:
    f, users = w.flows, USERS_DIAMONDS
    opening, closing = w.opening.of(users).balance, w.closing.of(users).balance
    held_cash = w.closing.of(chart.payouts(payouts.currency)).credits_pending
    return DiamondsSection(
        opening=opening,
        earned=f.total(codes_in=[codes.GIFT_DIAMONDS], credit=users),
        clawed_back=f.total(codes_in=[codes.DIAMOND_CLAWBACK], debit=users),
        redeemed=f.total(codes_in=[codes.WITHDRAWAL_PAID], phases=[Phase.POST], debit=users),
        reversed=f.total(codes_in=[codes.WITHDRAWAL_REVERSED], credit=users),
        other=f.other(users, DIAMOND_CODES),
        closing=closing,
        held_opening=w.opening.of(users).debits_pending,
        held_closing=w.closing.of(users).debits_pending,
        owed_closing=w.closing.owed(DIAMOND)[1],
        earned_to_date=w.flows_to_date.total(codes_in=[codes.GIFT_DIAMONDS], credit=users),
        clawed_back_to_date=w.flows_to_date.total(codes_in=[codes.DIAMOND_CLAWBACK],
                                                  debit=users),
        redeemed_to_date=w.closing.of(chart.DIAMONDS_REDEEMED).balance,
        liability=Liability(
            currency=payouts.currency, exponent=exponent_of(payouts.currency),
            cash_minor_per_1000_diamonds=payouts.cash_minor_per_1000_diamonds,
            opening_minor=cash_liability(opening, payouts),
            closing_minor=cash_liability(closing, payouts), held_closing_minor=held_cash,
        ),
    )


def _signed(f: Flows, code: str, store: str, other: str) -> int:
    """A purchase leg's amount from `store` to `other` (negative if turned round)."""
    return (f.total(codes_in=[code], debit=store, credit=other)
            - f.total(codes_in=[code], debit=other, credit=store))


def sale_parts(f: Flows, store: str, count: int) -> MoneyParts:
    currency = store_key(store)[0]
    gross = (f.total(codes_in=codes.PURCHASE_MONEY, debit=store)
             - f.total(codes_in=codes.PURCHASE_MONEY, credit=store))
    return MoneyParts(
        count=count, gross_minor=gross,
        store_fees_minor=_signed(f, codes.PURCHASE_FEE, store, chart.store_fees(currency)),
        taxes_minor=_signed(f, codes.PURCHASE_TAX, store, chart.taxes(currency)),
        net_minor=_signed(f, codes.PURCHASE_REVENUE, store, chart.revenue(currency)),
    )


def refund_parts(refunds: Iterable[RefundInfo]) -> MoneyParts:
    found = list(refunds)
    return MoneyParts(
        count=len(found), gross_minor=sum(r.gross_minor for r in found),
        store_fees_minor=sum(r.store_fees_minor for r in found),
        taxes_minor=sum(r.taxes_minor for r in found),
        net_minor=sum(r.net_minor for r in found),
    )


def sales_lines(
    w: Window, purchase_counts: dict[Key, int], refunds: Sequence[RefundInfo],
    moves: dict[Key, Movement],
) -> tuple[SalesLine, ...]:
    """One line per (currency, channel) with sales or refunds in the period."""
    stores = {f.debit for f in w.flows.rows if f.code in codes.PURCHASE_MONEY}
    stores |= {f.credit for f in w.flows.rows if f.code in codes.PURCHASE_MONEY}
    keys = {store_key(s) for s in stores if s.startswith(STORE_PREFIX)} | {r.key for r in refunds}
    lines = []
    for currency, channel in sorted(keys):
        store = chart.store_receivable(channel, currency)
        mine = [r for r in refunds if r.key == (currency, channel)]
        move = moves.get((currency, channel))
        lines.append(SalesLine(
            currency=currency, channel=channel, exponent=exponent_of(currency),
            coins=move.added_coins if move is not None else 0,
            sales=sale_parts(w.flows, store, purchase_counts.get((currency, channel), 0)),
            refunds=refund_parts(r for r in mine
                                 if codes.refund_category(r.kind) == "refunds"),
            chargebacks=refund_parts(r for r in mine
                                     if codes.refund_category(r.kind) == "chargebacks"),
            reversals=MoneyParts(),
        ))
    return tuple(lines)


def deferred_lines(
    opening: dict[Key, Position], closing: dict[Key, Position], moves: dict[Key, Movement],
) -> tuple[DeferredLine, ...]:
    lines = []
    for key in sorted(set(opening) | set(closing) | set(moves)):
        start = opening.get(key, Position(0, 0))
        end = closing.get(key, Position(0, 0))
        move = moves.get(key, Movement())
        currency, channel = key
        lines.append(DeferredLine(
            currency=currency, channel=channel, exponent=exponent_of(currency),
            opening_coins=start.coins, opening_minor=start.value_minor,
            added_coins=move.added_coins, added_minor=move.added_minor,
            released_coins=_released(move.released_coins),
            released_minor=_released(move.released_minor),
            refunded_coins=move.refunded_coins, refunded_minor=move.refunded_minor,
            reversed_minor=move.reversed_minor,
            closing_coins=end.coins, closing_minor=end.value_minor,
        ))
    return tuple(lines)


def _released(by_reason: Counter[Reason]) -> Released:
    return Released(**{str(reason): by_reason[reason] for reason in Reason})


def payout_lines(w: Window) -> tuple[PayoutLine, ...]:
    accounts = {b.account: b.asset for b in (*w.opening.by_account.values(),
                                             *w.closing.by_account.values())}
    accounts |= {f.credit: f.asset for f in w.flows.rows}
    lines = []
    for account, currency in sorted(accounts.items()):
        if account != chart.payouts(currency):
            continue
        f = w.flows
        lines.append(PayoutLine(
            currency=currency, exponent=exponent_of(currency),
            requested_minor=f.total(codes_in=[codes.WITHDRAWAL_HOLD], phases=[Phase.PENDING],
                                    credit=account),
            paid_minor=f.total(codes_in=[codes.WITHDRAWAL_PAID], phases=[Phase.POST],
                               credit=account),
            voided_minor=f.total(codes_in=codes.VOIDS, phases=[Phase.VOID], credit=account),
            reversed_minor=f.total(codes_in=[codes.WITHDRAWAL_REVERSED], debit=account),
            pending_opening_minor=w.opening.of(account).credits_pending,
            pending_closing_minor=w.closing.of(account).credits_pending,
            paid_to_date_minor=w.closing.of(account).balance,
        ))
    return tuple(lines)


def account_lines(w: Window) -> tuple[AccountLine, ...]:
    assets = {b.account: b.asset for b in (*w.opening.by_account.values(),
                                           *w.closing.by_account.values())}
    for f in w.flows.rows:
        assets.setdefault(f.debit, f.asset)
        assets.setdefault(f.credit, f.asset)
    lines = []
    for account, code in sorted(assets.items(), key=lambda item: (item[1], item[0])):
        end = w.closing.of(account)
        lines.append(AccountLine(
            account=account, asset=code, exponent=exponent_of(code),
            opening=w.opening.of(account).balance,
            debits=w.flows.total(debit=account), credits=w.flows.total(credit=account),
            closing=end.balance, pending_debits_closing=end.debits_pending,
            pending_credits_closing=end.credits_pending,
        ))
    return tuple(lines)

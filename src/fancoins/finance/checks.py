"""How the report proves that it ties to the ledger: each check compares two figures that
are computed by different routes and must be equal. Pure: no I/O."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from fancoins.finance import codes
from fancoins.finance.model import (
    AccountLine,
    Check,
    CoinsSection,
    DeferredLine,
    DiamondsSection,
    PayoutLine,
    SalesLine,
)
from fancoins.finance.sections import DIAMOND_CODES, USERS_DIAMONDS, Flows
from fancoins.journal.reports import BalanceAt
from fancoins.ledger import chart


def coin_checks(coins: CoinsSection, deferred: Sequence[DeferredLine],
                owed_replayed: int) -> list[Check]:
    lots = sum(line.closing_coins for line in deferred)
    return [
        Check("coins: opening + issued - spent (+ other) = closing", coins.closing,
              coins.opening + coins.issued - coins.spent + coins.other_net),
        Check("coins: issued to date - spent to date = outstanding", coins.closing,
              coins.issued_to_date - coins.spent_to_date),
        Check("coins: coins in purchase lots - coins owed = outstanding", coins.closing,
              lots - owed_replayed),
        Check("coins: owed by wallets below zero (ledger) = owed (lots)", coins.owed_closing,
              owed_replayed),
    ]


def diamond_checks(diamonds: DiamondsSection, flows_to_date: Flows) -> list[Check]:
    d = diamonds
    other_to_date = sum(o.amount for o in flows_to_date.other(USERS_DIAMONDS, DIAMOND_CODES))
    return [
        Check("diamonds: opening + earned - clawed back - redeemed + reversed (+ other) "
              "= closing", d.closing,
              d.opening + d.earned - d.clawed_back - d.redeemed + d.reversed + d.other_net),
        Check("diamonds: earned - redeemed - clawed back (+ other) to date = outstanding",
              d.closing,
              d.earned_to_date - d.redeemed_to_date - d.clawed_back_to_date + other_to_date),
    ]


def sales_checks(sales: Sequence[SalesLine]) -> list[Check]:
    return [
        Check(f"sales {s.currency} {s.channel}: gross - store fees - taxes = net",
              s.sales.net_minor,
              s.sales.gross_minor - s.sales.store_fees_minor - s.sales.taxes_minor)
        for s in sales
    ]


def deferred_checks(deferred: Sequence[DeferredLine], flows_to_date: Flows,
                    recognised_to_date: dict[str, int]) -> list[Check]:
    """Per line, the roll-forward; per currency, deferred revenue plus everything recognised
    since the first transfer equals net sales less net refunds since the first transfer."""
    checks = [
        Check(f"deferred {d.currency or '-'} {d.channel}: opening + added - released - "
              "refunded = closing", d.closing_minor,
              d.opening_minor + d.added_minor - d.released_minor.total
              - d.refunded_minor)
        for d in deferred
    ]
    closing: dict[str, int] = defaultdict(int)
    for d in deferred:
        if d.currency:
            closing[d.currency] += d.closing_minor
    for currency in sorted(set(closing) | set(recognised_to_date)):
        revenue = chart.revenue(currency)
        net_sales = (flows_to_date.total(codes_in=[codes.PURCHASE_REVENUE], credit=revenue)
                     - flows_to_date.total(codes_in=[codes.PURCHASE_REVENUE], debit=revenue))
        net_refunds = (flows_to_date.total(codes_in=[codes.REFUND_REVENUE], debit=revenue)
                       - flows_to_date.total(codes_in=[codes.REFUND_REVENUE], credit=revenue))
        checks.append(Check(
            f"deferred {currency}: deferred + recognised to date = net sales - net refunds "
            "to date", net_sales - net_refunds,
            closing[currency] + recognised_to_date.get(currency, 0)))
    return checks


def payout_checks(payouts: Sequence[PayoutLine]) -> list[Check]:
    return [
        Check(f"payouts {p.currency}: pending opening + requested - paid - voided "
              "= pending closing", p.pending_closing_minor,
              p.pending_opening_minor + p.requested_minor - p.paid_minor - p.voided_minor)
        for p in payouts
    ]


def account_checks(accounts: Sequence[AccountLine]) -> list[Check]:
    rolled = sum(1 for a in accounts if a.opening + a.credits - a.debits == a.closing)
    checks = [Check("accounts: opening + credits - debits = closing (accounts that roll)",
                    len(accounts), rolled)]
    per_asset: dict[str, tuple[int, int]] = {}
    for a in accounts:
        opening, closing = per_asset.get(a.asset, (0, 0))
        per_asset[a.asset] = (opening + a.opening, closing + a.closing)
    for code, (opening, closing) in sorted(per_asset.items()):
        checks.append(Check(f"zero sum {code}: opening balances", 0, opening))
        checks.append(Check(f"zero sum {code}: closing balances", 0, closing))
    return checks


def stored_check(closing: Sequence[BalanceAt], stored: Sequence[BalanceAt]) -> Check:
    """With no transfer after the period, the closing totals are the stored balances."""
    def totals(rows: Sequence[BalanceAt]) -> dict[str, tuple[int, int, int, int]]:
        return {b.account: (b.debits_posted, b.credits_posted, b.debits_pending,
                            b.credits_pending) for b in rows if any((
                                b.debits_posted, b.credits_posted, b.debits_pending,
                                b.credits_pending))}

    ours, theirs = totals(closing), totals(stored)
    same = sum(1 for account, values in theirs.items() if ours.get(account) == values)
    return Check("closing balances = stored account balances (accounts that match)",
                 max(len(theirs), len(ours)), same)

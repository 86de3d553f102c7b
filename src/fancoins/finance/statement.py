"""The report laid out for people: titled tables of formatted cells, shared by the text,
HTML and PDF renderings (so the three always show the same figures). Money is formatted
with Babel from integer minor units (`kit.money`), counts with the locale's grouping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from fancoins.finance.model import (
    DeferredLine,
    FinanceReport,
    MoneyParts,
    SalesLine,
)
from fancoins.kit.money import DEFAULT_LOCALE, format_count, format_money

NOTHING = "–"
# Lots nobody paid for carry no currency; their "channel" says where the coins came from.
UNPAID_CHANNELS = {"granted": "operator grants", "unpriced": "unpriced credits"}


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    # Index of the columns holding figures (right-aligned).
    numeric: frozenset[int] = field(default_factory=frozenset)
    note: str = ""
    # Share of the page width each column takes (printed layouts); None: equal columns.
    widths: tuple[float, ...] | None = None


LABEL_AND_TEXT = (0.2, 0.8)
LABEL_AND_FIGURE = (0.45, 0.2)


class Formatter:
    def __init__(self, locale: str = DEFAULT_LOCALE) -> None:
        self.locale = locale

    def money(self, amount_minor: int, currency: str, exponent: int) -> str:
        if not currency:
            return NOTHING if amount_minor == 0 else format_count(amount_minor, self.locale)
        return format_money(amount_minor, currency, exponent, self.locale)

    def count(self, value: int) -> str:
        return format_count(value, self.locale)


def _numeric(headers: Sequence[str], first: int) -> frozenset[int]:
    return frozenset(range(first, len(headers)))


def summary_table(report: FinanceReport) -> Table:
    generated = dt.datetime.fromtimestamp(report.generated_at_ms / 1000, dt.UTC)
    verify = report.verify
    rows = [
        ("Period", report.period.label),
        ("Generated", generated.strftime("%Y-%m-%d %H:%M:%S UTC")
         + (" (period not yet over: figures may still change)" if report.open else "")),
        ("Ties to the ledger", "yes" if report.ties else "NO: see the checks below"),
        ("fancoins verify", f"{'OK' if verify.ok else 'FAILED'}: {verify.accounts:,} accounts, "
                            f"{verify.transfers:,} transfers, {verify.errors} error(s), "
                            f"{verify.notices} notice(s)"),
        ("Breakage policy", f"{report.breakage.policy}: {report.breakage.description}"),
    ]
    return Table("Summary", ("", ""), rows, widths=LABEL_AND_TEXT)


def sales_table(report: FinanceReport, f: Formatter) -> Table:
    headers = ("Currency", "Channel", "Purchases", "Coins", "Gross sales", "Store fees",
               "Taxes", "Net revenue", "Refunded (net)", "Charged back (net)",
               "Net after refunds")
    rows = []
    for s in report.sales:
        def m(amount: int, line: SalesLine = s) -> str:
            return f.money(amount, line.currency, line.exponent)
        rows.append((s.currency, s.channel, f.count(s.sales.count), f.count(s.coins),
                     m(s.sales.gross_minor), m(s.sales.store_fees_minor),
                     m(s.sales.taxes_minor), m(s.sales.net_minor), m(s.refunds.net_minor),
                     m(s.chargebacks.net_minor), m(s.net_after_refunds_minor)))
    return Table("Sales by currency and channel", headers, rows, _numeric(headers, 2),
                 "Gross = store fees + taxes + net revenue. Net revenue is billed when coins "
                 "are bought; it is earned as they are spent (see deferred revenue).")


def refunds_table(report: FinanceReport, f: Formatter) -> Table:
    headers = ("Currency", "Channel", "Kind", "Count", "Gross", "Store fees returned",
               "Taxes returned", "Net revenue reversed")
    rows = []
    for s in report.sales:
        for kind, parts in (("refunds", s.refunds), ("chargebacks", s.chargebacks),
                            ("reversals", s.reversals)):
            if parts == MoneyParts():
                continue
            def m(amount: int, line: SalesLine = s) -> str:
                return f.money(amount, line.currency, line.exponent)
            rows.append((s.currency, s.channel, kind, f.count(parts.count), m(parts.gross_minor),
                         m(parts.store_fees_minor), m(parts.taxes_minor), m(parts.net_minor)))
    return Table("Refunds, chargebacks and reversals", headers, rows, _numeric(headers, 3),
                 "A card processor keeps its fee on a refund: the net reversed then exceeds "
                 "the purchase's net by that fee.")


def coins_table(report: FinanceReport, f: Formatter) -> Table:
    c = report.coins
    rows: Sequence[tuple[str, ...]] = [
        ("Opening coins outstanding", f.count(c.opening)),
        ("+ purchased", f.count(c.purchased)),
        (f"+ granted by operators ({c.grants})", f.count(c.granted)),
        ("- clawed back by refunds", f.count(c.clawed_back)),
        (f"- removed by operators ({c.removals})", f.count(c.removed)),
        ("- spent on gifts", f.count(c.spent_gifts)),
        ("- spent on promotions", f.count(c.spent_promotions)),
        *((f"± other: {o.code}", f.count(o.amount)) for o in c.other),
        ("= Closing coins outstanding", f.count(c.closing)),
        ("Held by running promotions (opening / closing)",
         f"{f.count(c.held_opening)} / {f.count(c.held_closing)}"),
        ("Returned from promotions", f.count(c.promotions_released)),
        ("Owed by wallets below zero (opening / closing)",
         f"{f.count(c.owed_opening)} / {f.count(c.owed_closing)}"),
        ("Issued to date / spent to date",
         f"{f.count(c.issued_to_date)} / {f.count(c.spent_to_date)}"),
    ]
    return Table("Coins", ("", "Coins"), rows, frozenset({1}),
                 "Issued - spent = outstanding. Held coins are still the users' (and still "
                 "deferred revenue) until a promotion delivers.", LABEL_AND_FIGURE)


def _deferred_row(d: DeferredLine, f: Formatter) -> tuple[str, ...]:
    def m(amount: int) -> str:
        return f.money(amount, d.currency, d.exponent)

    r = d.released_minor
    channel = UNPAID_CHANNELS.get(d.channel, d.channel) if not d.currency else d.channel
    return (d.currency or NOTHING, channel, f.count(d.opening_coins), m(d.opening_minor),
            m(d.added_minor),
            m(r.gifts + r.promotions), m(r.recovered + r.repaid), m(r.removed + r.other),
            m(d.refunded_minor), f.count(d.closing_coins), m(d.closing_minor),
            m(d.recognised_minor))


def deferred_table(report: FinanceReport, f: Formatter) -> Table:
    headers = ("Currency", "Channel", "Opening coins", "Opening deferred", "+ Bought",
               "- Spent (gifts, promotions)", "- Claw-back recovered / repaid",
               "- Removed / other", "- Refunded unspent", "Closing coins",
               "Closing deferred", "Revenue recognised")
    return Table("Deferred revenue (contract liability for unspent coins)", headers,
                 [_deferred_row(d, f) for d in report.deferred], _numeric(headers, 2),
                 "Valued at what the platform was paid (net of store fee and tax), first in "
                 "first out per wallet; revenue recognised = released - refunds of coins "
                 "already spent.")


def diamonds_table(report: FinanceReport, f: Formatter) -> Table:
    d, li = report.diamonds, report.diamonds.liability
    cash = f.money
    rows: Sequence[tuple[str, ...]] = [
        ("Opening diamonds outstanding", f.count(d.opening)),
        ("+ earned from gifts", f.count(d.earned)),
        ("- clawed back after refunds", f.count(d.clawed_back)),
        ("- redeemed (withdrawals paid)", f.count(d.redeemed)),
        ("+ returned by the payout provider", f.count(d.reversed)),
        *((f"± other: {o.code}", f.count(o.amount)) for o in d.other),
        ("= Closing diamonds outstanding", f.count(d.closing)),
        ("Held for requested withdrawals (opening / closing)",
         f"{f.count(d.held_opening)} / {f.count(d.held_closing)}"),
        ("Owed by creators below zero (closing)", f.count(d.owed_closing)),
        ("Earned / redeemed / clawed back to date",
         f"{f.count(d.earned_to_date)} / {f.count(d.redeemed_to_date)} / "
         f"{f.count(d.clawed_back_to_date)}"),
        ("Diamond value", f"{cash(li.cash_minor_per_1000_diamonds, li.currency, li.exponent)}"
                          " per 1,000"),
        ("Creator liability (opening / closing)",
         f"{cash(li.opening_minor, li.currency, li.exponent)} / "
         f"{cash(li.closing_minor, li.currency, li.exponent)}"),
        ("of which requested for withdrawal", cash(li.held_closing_minor, li.currency,
                                                   li.exponent)),
    ]
    return Table("Diamonds and creator liability", ("", "Diamonds"), rows, frozenset({1}),
                 "Earned - redeemed - clawed back = outstanding. The liability is the "
                 "outstanding diamonds at the configured value, rounded up.", LABEL_AND_FIGURE)


def payouts_table(report: FinanceReport, f: Formatter) -> Table:
    headers = ("Currency", "Pending (opening)", "Requested", "Paid", "Failed / voided",
               "Returned", "Pending (closing)", "Paid to date")
    rows = []
    for p in report.payouts:
        def m(amount: int, currency: str = p.currency, exponent: int = p.exponent) -> str:
            return f.money(amount, currency, exponent)
        rows.append((p.currency, m(p.pending_opening_minor), m(p.requested_minor),
                     m(p.paid_minor), m(p.voided_minor), m(p.reversed_minor),
                     m(p.pending_closing_minor), m(p.paid_to_date_minor)))
    return Table("Payouts to creators", headers, rows, _numeric(headers, 1))


def accounts_table(report: FinanceReport, f: Formatter) -> Table:
    headers = ("Account", "Asset", "Opening", "Debits", "Credits", "Closing",
               "Pending (closing)")
    rows = []
    for a in report.accounts:
        def v(amount: int, code: str = a.asset, exponent: int = a.exponent) -> str:
            if code in ("COIN", "DIAMOND"):
                return f.count(amount)
            return f.money(amount, code, exponent)
        held = [f"debits {v(a.pending_debits_closing)}" if a.pending_debits_closing else "",
                f"credits {v(a.pending_credits_closing)}" if a.pending_credits_closing else ""]
        pending = ", ".join(h for h in held if h) or NOTHING
        rows.append((a.account, a.asset, v(a.opening), v(a.debits), v(a.credits),
                     v(a.closing), pending))
    return Table("Ledger accounts (credit balances)", headers, rows, _numeric(headers, 2),
                 "Opening + credits - debits = closing; a negative balance is a debit "
                 "balance. Users' accounts are summed per asset.",
                 (0.22, 0.08, 0.13, 0.13, 0.13, 0.13, 0.18))


def checks_table(report: FinanceReport, f: Formatter) -> Table:
    rows = [(c.name, f.count(c.expected), f.count(c.actual), "ok" if c.ok else "MISMATCH")
            for c in report.checks]
    v = report.verify
    rows.append(("fancoins verify (balances = transfers, zero sums, flags, pendings)",
                 NOTHING, NOTHING, "ok" if v.ok else f"FAILED ({v.errors} errors)"))
    return Table("Ties to the ledger", ("Check", "Expected", "Actual", "Result"), rows,
                 frozenset({1, 2}),
                 "Every figure above is a sum of ledger transfers; these checks compare "
                 "figures reached by different routes, and `fancoins verify` (run in the "
                 "same snapshot) proves every stored balance equals its transfers.",
                 (0.64, 0.12, 0.12, 0.12))


def notes_table(report: FinanceReport) -> Table:
    return Table("Notes", ("",), [(note,) for note in report.notes], widths=(1.0,))


def tables(report: FinanceReport, locale: str = DEFAULT_LOCALE) -> list[Table]:
    f = Formatter(locale)
    return [summary_table(report), sales_table(report, f), refunds_table(report, f),
            coins_table(report, f), deferred_table(report, f), diamonds_table(report, f),
            payouts_table(report, f), accounts_table(report, f), checks_table(report, f),
            notes_table(report)]


@dataclass(frozen=True, slots=True)
class SplitBar:
    """One currency's gross sales split into store fees, taxes and net (for the charts)."""

    currency: str
    gross_label: str
    fees_minor: int
    taxes_minor: int
    net_minor: int


def sales_split(report: FinanceReport, locale: str = DEFAULT_LOCALE) -> list[SplitBar]:
    f = Formatter(locale)
    totals: dict[str, list[int]] = {}
    exponents: dict[str, int] = {}
    for s in report.sales:
        entry = totals.setdefault(s.currency, [0, 0, 0, 0])
        entry[0] += s.sales.gross_minor
        entry[1] += s.sales.store_fees_minor
        entry[2] += s.sales.taxes_minor
        entry[3] += s.sales.net_minor
        exponents[s.currency] = s.exponent
    return [SplitBar(cur, f.money(g, cur, exponents[cur]), fee, tax, net)
            for cur, (g, fee, tax, net) in sorted(totals.items()) if g > 0]

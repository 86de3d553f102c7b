"""The report as CSV for spreadsheets and ledgers: one figure a row, the integer (minor units
for money, whole coins and diamonds) beside its display form, so nothing is parsed back from
a locale's formatting."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from fancoins.finance.model import FinanceReport, MoneyParts, Released
from fancoins.finance.statement import Formatter
from fancoins.kit.money import DEFAULT_LOCALE

COLUMNS = ("section", "item", "currency", "channel", "unit", "amount", "display")
Row = tuple[str, str, str, str, str, int, str]


class _Rows:
    def __init__(self, locale: str) -> None:
        self.f = Formatter(locale)

    def money(self, section: str, item: str, currency: str, channel: str, amount: int,
              exponent: int) -> Row:
        return (section, item, currency, channel, "minor", amount,
                self.f.money(amount, currency, exponent))

    def count(self, section: str, item: str, unit: str, amount: int, channel: str = "",
              currency: str = "") -> Row:
        return (section, item, currency, channel, unit, amount, self.f.count(amount))


def _parts(r: _Rows, section: str, prefix: str, currency: str, channel: str, exponent: int,
           parts: MoneyParts) -> Iterator[Row]:
    yield r.count(section, f"{prefix}_count", "count", parts.count, channel, currency)
    for name, amount in (("gross", parts.gross_minor), ("store_fees", parts.store_fees_minor),
                         ("taxes", parts.taxes_minor), ("net", parts.net_minor)):
        yield r.money(section, f"{prefix}_{name}", currency, channel, amount, exponent)


def _released(prefix: str, released: Released) -> Iterator[tuple[str, int]]:
    for name in ("gifts", "promotions", "removed", "recovered", "repaid", "other"):
        yield f"{prefix}_{name}", getattr(released, name)


def _sales(r: _Rows, report: FinanceReport) -> Iterator[Row]:
    for s in report.sales:
        cur, ch, e = s.currency, s.channel, s.exponent
        yield r.count("sales", "coins", "coins", s.coins, ch, cur)
        yield from _parts(r, "sales", "sales", cur, ch, e, s.sales)
        yield from _parts(r, "sales", "refunds", cur, ch, e, s.refunds)
        yield from _parts(r, "sales", "chargebacks", cur, ch, e, s.chargebacks)
        yield from _parts(r, "sales", "reversals", cur, ch, e, s.reversals)
        yield r.money("sales", "net_after_refunds", cur, ch, s.net_after_refunds_minor, e)


def _coins(r: _Rows, report: FinanceReport) -> Iterator[Row]:
    c = report.coins
    for name in ("opening", "purchased", "granted", "clawed_back", "removed", "spent_gifts",
                 "spent_promotions", "closing", "held_opening", "held_closing",
                 "promotions_released", "owed_opening", "owed_closing", "issued_to_date",
                 "spent_to_date"):
        yield r.count("coins", name, "coins", getattr(c, name))
    for name in ("wallets_below_zero", "grants", "removals"):
        yield r.count("coins", name, "count", getattr(c, name))
    for other in c.other:
        yield r.count("coins", f"other:{other.code}", "coins", other.amount)


def _deferred(r: _Rows, report: FinanceReport) -> Iterator[Row]:
    for d in report.deferred:
        cur, ch, e = d.currency, d.channel, d.exponent
        for name, coins in (("opening_coins", d.opening_coins), ("added_coins", d.added_coins),
                            ("refunded_coins", d.refunded_coins),
                            ("closing_coins", d.closing_coins),
                            *_released("released_coins", d.released_coins)):
            yield r.count("deferred_revenue", name, "coins", coins, ch, cur)
        for name, amount in (("opening", d.opening_minor), ("added", d.added_minor),
                             *_released("released", d.released_minor),
                             ("refunded", d.refunded_minor), ("reversed", d.reversed_minor),
                             ("closing", d.closing_minor),
                             ("revenue_recognised", d.recognised_minor)):
            yield r.money("deferred_revenue", name, cur, ch, amount, e)


def _diamonds(r: _Rows, report: FinanceReport) -> Iterator[Row]:
    dm = report.diamonds
    for name in ("opening", "earned", "clawed_back", "redeemed", "reversed", "closing",
                 "held_opening", "held_closing", "owed_closing", "earned_to_date",
                 "clawed_back_to_date", "redeemed_to_date"):
        yield r.count("diamonds", name, "diamonds", getattr(dm, name))
    for other in dm.other:
        yield r.count("diamonds", f"other:{other.code}", "diamonds", other.amount)
    li = dm.liability
    for name, amount in (("value_per_1000_diamonds", li.cash_minor_per_1000_diamonds),
                         ("liability_opening", li.opening_minor),
                         ("liability_closing", li.closing_minor),
                         ("liability_requested", li.held_closing_minor)):
        yield r.money("diamonds", name, li.currency, "", amount, li.exponent)


def _payouts_and_accounts(r: _Rows, report: FinanceReport) -> Iterator[Row]:
    for pay in report.payouts:
        for name in ("requested", "paid", "voided", "reversed", "pending_opening",
                     "pending_closing", "paid_to_date"):
            yield r.money("payouts", name, pay.currency, "", getattr(pay, f"{name}_minor"),
                          pay.exponent)
    for a in report.accounts:
        unit = a.asset.lower() if a.asset in ("COIN", "DIAMOND") else "minor"
        for name in ("opening", "debits", "credits", "closing", "pending_debits_closing",
                     "pending_credits_closing"):
            amount = getattr(a, name)
            display = (r.f.count(amount) if unit != "minor"
                       else r.f.money(amount, a.asset, a.exponent))
            yield ("accounts", f"{a.account}:{name}", a.asset, "", unit, amount, display)


def _ties(report: FinanceReport) -> Iterator[Row]:
    yield ("breakage", report.breakage.policy, "", "", "minor",
           report.breakage.recognised_minor, report.breakage.description)
    for check in report.checks:
        yield ("checks", check.name, "", "", "difference", check.actual - check.expected,
               "ok" if check.ok else "MISMATCH")
    yield ("checks", "fancoins verify", "", "", "errors", report.verify.errors,
           "ok" if report.verify.ok else "FAILED")


def rows(report: FinanceReport, locale: str = DEFAULT_LOCALE) -> Iterator[Row]:
    r = _Rows(locale)
    p = report.period
    yield ("period", "from", "", "", "date", 0, p.first_day.isoformat())
    yield ("period", "to", "", "", "date", 0, p.last_day.isoformat())
    yield ("period", "ties", "", "", "bool", int(report.ties), "yes" if report.ties else "no")
    for section in (_sales, _coins, _deferred, _diamonds, _payouts_and_accounts):
        yield from section(r, report)
    yield from _ties(report)


def render_csv(report: FinanceReport, locale: str = DEFAULT_LOCALE) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(report, locale))
    return buffer.getvalue().encode("utf-8")

"""The simulation's figures, as plain JSON-ready values (integers; basis points for shares).

The books come from the finance report (`fancoins.finance`) of the whole run, read from the
simulation's ledger: sales, fees, taxes, refunds, deferred revenue, coins, diamonds, payouts,
its checks and `verify`. The series over the days are the ledger's stored balances at each
day's close (coins outstanding, diamonds, valued by the report's own liability rule); the
last close equals the report's closing figures. What the ledger does not hold by creator (the
earnings distribution) comes from the engine's answers to the gifts.
Nothing here depends on the wall clock or on generated ids: the same seed gives the same
bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import orjson

from fancoins.economy.payouts import diamonds_cash_value_minor
from fancoins.economy.rules import EconomyConfig
from fancoins.finance.model import FinanceReport, MoneyParts
from fancoins.finance.sections import cash_liability
from fancoins.simulate.features import FeatureTally
from fancoins.simulate.run import DayClose, Tally
from fancoins.simulate.scenario import BP, Scenario

TOP_SHARE_PER_MILLE = 10  # "the top 1%" of creators
RATE_SCALE = 1_000_000  # rates are per million minor units

Json = dict[str, Any]


def _parts(parts: MoneyParts) -> Json:
    return {"count": parts.count, "gross_minor": parts.gross_minor,
            "store_fees_minor": parts.store_fees_minor, "taxes_minor": parts.taxes_minor,
            "net_minor": parts.net_minor}


def _bp(part: int, whole: int) -> int:
    return part * BP // whole if whole else 0


def scenario_part(scenario: Scenario, economy: EconomyConfig) -> Json:
    web = {pl.country: pl.packages[0].price_minor for pl in economy.price_lists
           if pl.channel == "web"}
    return {
        "name": scenario.name, "seed": scenario.seed, "start": scenario.start.isoformat(),
        "days": scenario.days, "viewers": scenario.viewers.count,
        "creators": scenario.creators.count,
        "economy": {
            "payout_currency": economy.payouts.currency,
            "cash_minor_per_1000_diamonds": economy.payouts.cash_minor_per_1000_diamonds,
            "diamonds_per_coin": f"{economy.gifting.diamonds_per_coin_numerator}/"
                                 f"{economy.gifting.diamonds_per_coin_denominator}",
            "min_withdrawal_minor": economy.payouts.min_withdrawal_minor,
            "hold_days": economy.payouts.hold_days,
            "web_discount_bp": scenario.economy.web_discount_bp,
            "smallest_web_package_minor": dict(sorted(web.items())),
        },
    }


def activity_part(tally: Tally) -> Json:
    return {
        "streams": tally.streams, "gifts_sent": tally.gifts_sent,
        "gifts_refused": dict(sorted(tally.gifts_refused.items())),
        "coins_gifted": tally.coins_gifted, "gift_batches": tally.batches,
        "purchases": tally.purchases,
        "purchases_refused": dict(sorted(tally.purchases_refused.items())),
        "refunds": dict(sorted(tally.refunds.items())),
        "withdrawals_paid": tally.withdrawals_paid,
        "withdrawals_refused": dict(sorted(tally.withdrawals_refused.items())),
    }


def features_part(features: FeatureTally, report: FinanceReport) -> Json:
    """Videos, battles, goals and promotions: what the engine answered, and the coins the
    ledger booked to promotions."""
    f = features
    return {
        "videos": {"posted": f.videos, "gifts_sent": f.video_gifts_sent,
                   "coins_gifted": f.video_coins_gifted},
        "battles": {"started": f.battles_started, "won": f.battles_won,
                    "drawn": f.battles_drawn, "coins": f.battle_coins,
                    "refused": dict(sorted(f.battles_refused.items()))},
        "goals": {"set": f.goals_set, "completed": f.goals_completed,
                  "completed_share_bp": _bp(f.goals_completed, f.goals_set),
                  "refused": dict(sorted(f.goals_refused.items()))},
        "promotions": {"started": f.promotions_started, "purchases": f.promotion_purchases,
                       "deliveries": f.promotion_deliveries,
                       "coins_charged": f.promotion_coins_charged,
                       "ended": f.promotions_ended, "coins_returned": f.promotion_coins_returned,
                       "ledger_coins_spent": report.coins.spent_promotions,
                       "refused": dict(sorted(f.promotions_refused.items())),
                       "deliveries_refused": dict(sorted(
                           f.promotion_deliveries_refused.items()))},
    }


def sales_part(report: FinanceReport) -> list[Json]:
    return [{"currency": line.currency, "channel": line.channel, "coins": line.coins,
             "sales": _parts(line.sales), "refunds": _parts(line.refunds),
             "chargebacks": _parts(line.chargebacks),
             "net_after_refunds_minor": line.net_after_refunds_minor}
            for line in sorted(report.sales, key=lambda s: (s.currency, s.channel))]


def by_currency(report: FinanceReport) -> Json:
    out: dict[str, Json] = {}
    for line in report.sales:
        row = out.setdefault(line.currency, {
            "gross_minor": 0, "store_fees_minor": 0, "taxes_minor": 0, "net_minor": 0,
            "refunded_gross_minor": 0, "chargeback_gross_minor": 0,
            "net_after_refunds_minor": 0, "refund_net_lost_minor": 0})
        row["gross_minor"] += line.sales.gross_minor
        row["store_fees_minor"] += line.sales.store_fees_minor
        row["taxes_minor"] += line.sales.taxes_minor
        row["net_minor"] += line.sales.net_minor
        row["refunded_gross_minor"] += line.refunds.gross_minor
        row["chargeback_gross_minor"] += line.chargebacks.gross_minor
        row["refund_net_lost_minor"] += line.refunds.net_minor + line.chargebacks.net_minor
        row["net_after_refunds_minor"] += line.net_after_refunds_minor
    return dict(sorted(out.items()))


def creators_part(tally: Tally, creator_ids: Iterable[str], economy: EconomyConfig) -> Json:
    cfg = economy.payouts
    earned = sorted((diamonds_cash_value_minor(tally.diamonds_by_creator.get(c, 0), cfg)
                     for c in creator_ids), reverse=True)
    count = len(earned)
    total = sum(earned)
    top = max(1, count * TOP_SHARE_PER_MILLE // 1000)
    reaching = sum(1 for cash in earned if cash >= cfg.min_withdrawal_minor)
    cashed_out = sum(1 for v in tally.withdrawn_minor_by_creator.values() if v > 0)
    ascending = earned[::-1]
    middle = count // 2
    median = (ascending[middle] if count % 2 else
              (ascending[middle - 1] + ascending[middle]) // 2)
    return {
        "currency": cfg.currency, "count": count,
        "earning": sum(1 for cash in earned if cash > 0),
        "earned_minor_total": total, "median_minor": median, "top_minor": earned[0],
        "top_1pct_count": top, "top_1pct_share_bp": _bp(sum(earned[:top]), total),
        "reaching_threshold": reaching,
        "reaching_threshold_share_bp": _bp(reaching, count),
        "cashed_out": cashed_out,
        "withdrawn_minor_total": sum(tally.withdrawn_minor_by_creator.values()),
        "note": "earned before refund claw-backs, valued at the diamond value",
        "histogram": histogram(earned),
    }


def histogram(values: list[int]) -> list[Json]:
    """Creators per earnings band (powers of ten of minor units)."""
    bands: dict[int, int] = {}
    for value in values:
        band = 0 if value <= 0 else len(str(value))
        bands[band] = bands.get(band, 0) + 1
    return [{"from_minor": 0 if band == 0 else 10 ** (band - 1),
             "to_minor": 0 if band == 0 else 10 ** band - 1, "creators": bands[band]}
            for band in sorted(bands)]


def _converted(amounts: dict[str, int], payout_currency: str, rates: dict[str, int]
               ) -> tuple[int, list[str]]:
    total, left_out = 0, []
    for currency, amount in sorted(amounts.items()):
        if currency == payout_currency:
            total += amount
        elif currency in rates:
            total += amount * rates[currency] // RATE_SCALE
        else:
            left_out.append(currency)
    return total, left_out


def margin_part(report: FinanceReport, economy: EconomyConfig, rates: dict[str, int]) -> Json:
    """Revenue recognised in the run (coins spent, valued at what was paid for them, less
    refunds of revenue already recognised) converted at the scenario's rates, less the cash
    value of the diamonds creators kept (earned less clawed back). Unspent coins are deferred
    revenue, not margin."""
    payout_currency = economy.payouts.currency
    recognised: dict[str, int] = {}
    for line in report.deferred:
        if line.currency:
            recognised[line.currency] = recognised.get(line.currency, 0) + line.recognised_minor
    revenue, left_out = _converted(recognised, payout_currency, rates)
    net_sales, _ = _converted({c: row["net_after_refunds_minor"]
                               for c, row in by_currency(report).items()}, payout_currency, rates)
    kept = max(0, report.diamonds.earned - report.diamonds.clawed_back)
    creators_minor = diamonds_cash_value_minor(kept, economy.payouts)
    margin = revenue - creators_minor
    return {"currency": payout_currency, "recognised_revenue_minor": revenue,
            "net_sales_minor": net_sales, "creator_earnings_minor": creators_minor,
            "margin_minor": margin, "margin_bp": _bp(margin, revenue),
            "currencies_left_out": left_out}


def ledger_part(report: FinanceReport) -> Json:
    coins, diamonds = report.coins, report.diamonds
    return {
        "coins": {"opening": coins.opening, "purchased": coins.purchased,
                  "granted": coins.granted, "clawed_back": coins.clawed_back,
                  "removed": coins.removed, "issued": coins.issued,
                  "spent_gifts": coins.spent_gifts, "spent_promotions": coins.spent_promotions,
                  "spent": coins.spent, "other": coins.other_net, "outstanding": coins.closing,
                  "owed_by_wallets_below_zero": coins.owed_closing},
        "diamonds": {"opening": diamonds.opening, "earned": diamonds.earned,
                     "clawed_back": diamonds.clawed_back, "redeemed": diamonds.redeemed,
                     "reversed": diamonds.reversed, "other": diamonds.other_net,
                     "outstanding": diamonds.closing,
                     "liability_minor": diamonds.liability.closing_minor,
                     "liability_currency": diamonds.liability.currency},
        "deferred_revenue_minor": _deferred(report),
        "payouts": [{"currency": p.currency, "paid_minor": p.paid_minor,
                     "pending_minor": p.pending_closing_minor} for p in report.payouts],
        "checks": [{"name": c.name, "expected": c.expected, "actual": c.actual, "ok": c.ok}
                   for c in report.checks],
        "ties": report.ties,
    }


def _deferred(report: FinanceReport) -> dict[str, int]:
    """Deferred revenue at the close per currency: unspent coins valued at what was paid."""
    out: dict[str, int] = {}
    for line in report.deferred:
        if line.currency:
            out[line.currency] = out.get(line.currency, 0) + line.closing_minor
    return dict(sorted(out.items()))


def verify_part(report: FinanceReport) -> Json:
    v = report.verify
    return {"ok": v.ok, "accounts": v.accounts, "transfers": v.transfers, "errors": v.errors,
            "notices": v.notices,
            "findings": [f"{f.severity} {f.check} {f.subject}: {f.detail}" for f in v.findings]}


def refund_losses_part(report: FinanceReport) -> Json:
    return {
        "by_currency": {currency: {k: row[k] for k in (
            "refunded_gross_minor", "chargeback_gross_minor", "refund_net_lost_minor")}
            for currency, row in by_currency(report).items()},
        "coins_clawed_back": report.coins.clawed_back,
        "coins_owed_by_wallets_below_zero": report.coins.owed_closing,
        "diamonds_clawed_back": report.diamonds.clawed_back,
    }


def daily_part(closes: list[DayClose], economy: EconomyConfig) -> list[Json]:
    """Each day's close: the ledger's stored balances, the liability they are worth (the
    finance report's rule), and the day's activity."""
    return [{
        "day": close.day.isoformat(),
        "coins_outstanding": close.coins_outstanding,
        "wallets_below_zero": close.wallets_below_zero,
        "diamonds_outstanding": close.diamonds_outstanding,
        "liability_minor": cash_liability(close.diamonds_outstanding, economy.payouts),
        "gifts_sent": close.gifts_sent, "coins_gifted": close.coins_gifted,
        "purchases": close.purchases, "gross_sales_minor": close.gross_sales_minor,
        "payouts_paid_minor": close.payouts_paid_minor,
    } for close in closes]


def result(scenario: Scenario, economy: EconomyConfig, tally: Tally, features: FeatureTally,
           creator_ids: list[str], whole: FinanceReport, closes: list[DayClose]) -> Json:
    return {
        "scenario": scenario_part(scenario, economy),
        "activity": activity_part(tally),
        "features": features_part(features, whole),
        "sales": sales_part(whole),
        "by_currency": by_currency(whole),
        "creators": creators_part(tally, creator_ids, economy),
        "margin": margin_part(whole, economy, scenario.rates_per_million_minor),
        "refund_losses": refund_losses_part(whole),
        "ledger": ledger_part(whole),
        "daily": daily_part(closes, economy),
        "verify": verify_part(whole),
    }


def as_json(data: Json) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every scalar of the result as (dotted key, value); lists by index or by their
    currency/channel/day."""
    if isinstance(data, dict):
        out = []
        for key in sorted(data):
            out.extend(flatten(data[key], f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list):
        out = []
        for index, item in enumerate(data):
            label = _label(item, index)
            out.extend(flatten(item, f"{prefix}[{label}]"))
        return out
    return [(prefix, data)]


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        if "day" in item:
            return str(item["day"])
        if "currency" in item and "channel" in item:
            return f"{item['currency']}/{item['channel']}"
        if "name" in item:
            return str(item["name"])
        if "currency" in item:
            return str(item["currency"])
    return str(index)


def as_csv(data: Json) -> bytes:
    """The summary as `metric,value` rows (the daily series is in its own CSV)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", "value"])
    for key, value in flatten({k: v for k, v in data.items() if k != "daily"}):
        writer.writerow([key, value])
    return buffer.getvalue().encode("utf-8")


def daily_csv(data: Json) -> bytes:
    rows: list[Json] = data["daily"]
    currencies = sorted({c for row in rows for c in row["gross_sales_minor"]})
    columns = ["day", "coins_outstanding", "wallets_below_zero", "diamonds_outstanding",
               "liability_minor", "gifts_sent", "coins_gifted", "purchases",
               "payouts_paid_minor"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*columns, *(f"gross_sales_minor_{c}" for c in currencies)])
    for row in rows:
        writer.writerow([*(row[c] for c in columns),
                         *(row["gross_sales_minor"].get(c, 0) for c in currencies)])
    return buffer.getvalue().encode("utf-8")

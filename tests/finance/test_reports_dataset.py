"""Finance reports over three months of an economy made through the real flows, on SQLite
and PostgreSQL: every report ties, periods chain, a quarter is the sum of its months, the
figures match the business records and the ledger's stored balances, and deferred revenue
follows the first-in-first-out rule at each purchase's own price."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import defaultdict
from typing import Any

import pypdfium2
from PIL import Image
from sqlalchemy import select

from fancoins.db.tables.ledger import ledger_accounts
from fancoins.db.tables.purchases import purchase_refunds, purchases
from fancoins.finance.model import FinanceReport
from fancoins.finance.schemas import FinanceReportOut
from fancoins.ledger import chart
from tests.finance.conftest import Env
from tests.finance.dataset import three_months

D = dt.date
MONTHS = ((D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 2, 1), D(2026, 2, 28)),
          (D(2026, 3, 1), D(2026, 3, 31)))
QUARTER = (D(2026, 1, 1), D(2026, 3, 31))
NET_REVENUE_RGB = (0, 121, 140)  # the chart's net revenue colour, #00798c


def failing(report: FinanceReport) -> list[Any]:
    return [c for c in report.checks if not c.ok] + ([report.verify] if not report.verify.ok
                                                     else [])


def opening(r: FinanceReport) -> dict[str, Any]:
    return {
        "coins": (r.coins.opening, r.coins.held_opening, r.coins.owed_opening),
        "diamonds": (r.diamonds.opening, r.diamonds.held_opening,
                     r.diamonds.liability.opening_minor),
        "deferred": {(d.currency, d.channel): (d.opening_coins, d.opening_minor)
                     for d in r.deferred if d.opening_coins or d.opening_minor},
        "payouts": {p.currency: p.pending_opening_minor for p in r.payouts},
        "accounts": {a.account: a.opening for a in r.accounts if a.opening},
    }


def closing(r: FinanceReport) -> dict[str, Any]:
    return {
        "coins": (r.coins.closing, r.coins.held_closing, r.coins.owed_closing),
        "diamonds": (r.diamonds.closing, r.diamonds.held_closing,
                     r.diamonds.liability.closing_minor),
        "deferred": {(d.currency, d.channel): (d.closing_coins, d.closing_minor)
                     for d in r.deferred if d.closing_coins or d.closing_minor},
        "payouts": {p.currency: p.pending_closing_minor for p in r.payouts},
        "accounts": {a.account: a.closing for a in r.accounts if a.closing},
    }


def flows(r: FinanceReport) -> dict[str, Any]:
    """Everything that happened within the period (what must add up over periods)."""
    c, d = r.coins, r.diamonds
    return {
        "coins": (c.purchased, c.granted, c.clawed_back, c.removed, c.spent_gifts,
                  c.spent_promotions, c.promotions_released, c.grants, c.removals),
        "diamonds": (d.earned, d.clawed_back, d.redeemed, d.reversed),
        "sales": {(s.currency, s.channel): (s.coins, s.sales, s.refunds, s.chargebacks)
                  for s in r.sales},
        "deferred": {(x.currency, x.channel): (x.added_coins, x.added_minor, x.released_coins,
                                               x.released_minor, x.refunded_coins,
                                               x.refunded_minor, x.reversed_minor)
                     for x in r.deferred},
        "payouts": {p.currency: (p.requested_minor, p.paid_minor, p.voided_minor,
                                 p.reversed_minor) for p in r.payouts},
    }


def add(values: list[Any]) -> Any:
    """Sum equal-shaped figures: ints, tuples, dataclasses of ints, dicts of those."""
    first = values[0]
    if isinstance(first, int):
        return sum(values)
    if isinstance(first, tuple):
        return tuple(add([v[i] for v in values]) for i in range(len(first)))
    if isinstance(first, dict):
        keys = {k for v in values for k in v}
        return {k: add([v[k] for v in values if k in v]) for k in keys}
    fields = type(first).__dataclass_fields__
    return type(first)(**{f: add([getattr(v, f) for v in values]) for f in fields})


async def purchase_rows(env: Env) -> tuple[list[Any], list[Any]]:
    async with env.app.state.container.engine.connect() as connection:
        bought = (await connection.execute(select(purchases))).all()
        refunded = (await connection.execute(
            select(purchase_refunds, purchases.c.channel)
            .join(purchases, purchases.c.id == purchase_refunds.c.purchase_id))).all()
    return list(bought), list(refunded)


def in_month(at_ms: int, first: dt.date, last: dt.date) -> bool:
    moment = dt.datetime.fromtimestamp(at_ms / 1000, dt.UTC).date()
    return first <= moment <= last


def assert_matches_business_records(report: FinanceReport, bought: list[Any],
                                    refunded: list[Any]) -> None:
    """Sales and refunds per currency and channel equal the purchase and refund rows."""
    first, last = report.period.first_day, report.period.last_day
    expected: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 5)
    for p in bought:
        if p.fulfilled_at_ms is not None and in_month(p.fulfilled_at_ms, first, last):
            line = expected[(p.currency, p.channel)]
            for i, amount in enumerate((1, p.gross_minor, p.store_fee_minor, p.tax_minor,
                                        p.net_minor)):
                line[i] += amount
    refunds: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in refunded:
        if in_month(r.created_at_ms, first, last):
            kind = "chargebacks" if r.kind == "dispute" else "refunds"
            refunds[(r.currency, r.channel, kind)][0] += 1
            refunds[(r.currency, r.channel, kind)][1] += r.gross_minor
    seen_sales = {(s.currency, s.channel): [s.sales.count, s.sales.gross_minor,
                                            s.sales.store_fees_minor, s.sales.taxes_minor,
                                            s.sales.net_minor]
                  for s in report.sales if s.sales.count}
    assert seen_sales == dict(expected)
    seen_refunds = {}
    for s in report.sales:
        for kind, parts in (("refunds", s.refunds), ("chargebacks", s.chargebacks)):
            if parts.count:
                seen_refunds[(s.currency, s.channel, kind)] = [parts.count, parts.gross_minor]
    assert seen_refunds == dict(refunds)


async def assert_equals_stored_balances(env: Env, report: FinanceReport) -> None:
    """The last period's closing figures are the ledger's account balances now."""
    async with env.app.state.container.engine.connect() as connection:
        rows = (await connection.execute(select(ledger_accounts))).all()
    users: dict[str, int] = defaultdict(int)
    stored = {}
    for row in rows:
        figures = (row.credits_posted - row.debits_posted, row.debits_pending,
                   row.credits_pending)
        if row.id.startswith("user:"):
            users[row.asset] += figures[0]
        elif any(figures):
            stored[row.id] = figures
    assert report.coins.closing == users["COIN"]
    assert report.diamonds.closing == users["DIAMOND"]
    shown = {x.account: (x.closing, x.pending_debits_closing, x.pending_credits_closing)
             for x in report.accounts if not x.account.startswith("users:")}
    assert {k: v for k, v in shown.items() if any(v)} == stored
    assert stored[chart.payouts("USD")] == (report.payouts[0].paid_to_date_minor, 0,
                                            report.payouts[0].pending_closing_minor)


def assert_fifo(months: list[FinanceReport], bought: list[Any]) -> None:
    """Ann's coins, valued at what each of her Apple purchases paid, first in first out."""
    ann = sorted((p for p in bought if p.user_id == "ann"), key=lambda p: p.created_at_ms)
    first, second, third = (p.net_minor for p in ann)
    jan, feb, mar = ({(d.currency, d.channel): d for d in m.deferred} for m in months)
    # January: 1,000 of the 2,000 coins spent on gifts; half the lot's value left, rounded up.
    kept = first - first * 1000 // 2000
    assert (jan["USD", "ios"].closing_coins, jan["USD", "ios"].closing_minor) == (1000, kept)
    assert jan["USD", "ios"].released_minor.gifts == first * 1000 // 2000
    # February: the refund takes the 1,000 unspent coins (and their value) back, then the 500
    # of the next lot (recognised), and leaves 500 owed; the rest of the refund reverses
    # revenue recognised in January.
    line = feb["USD", "ios"]
    assert (line.refunded_coins, line.refunded_minor) == (1000, kept)
    assert (line.released_coins.recovered, line.released_minor.recovered) == (500, second)
    assert line.reversed_minor == first - kept
    assert (line.closing_coins, line.closing_minor) == (0, 0)
    # March: the new lot repays the 500 owed coins first (recognised at once).
    line = mar["USD", "ios"]
    assert (line.released_coins.repaid, line.released_minor.repaid) == (500, third * 500 // 2000)
    assert (line.closing_coins, line.closing_minor) == (1500, third - third * 500 // 2000)
    # Operator grants carry no value; the removal takes the granted coins.
    assert mar["", "granted"].released_coins.removed == 100
    assert mar["", "granted"].released_minor.total == 0


async def assert_http_renderings(env: Env, report: FinanceReport) -> None:
    query = {"from": report.period.first_day.isoformat(),
             "to": report.period.last_day.isoformat()}
    url = "/v1/admin/reports/finance"
    answer = await env.client.get(url, params=query, headers=env.admin())
    assert answer.status_code == 200, answer.text
    body = answer.json()
    ours = FinanceReportOut.of(report).model_dump(mode="json", by_alias=True)
    for key in ("sales", "coins", "deferred_revenue", "diamonds", "payouts", "accounts",
                "checks", "breakage"):
        assert body[key] == ours[key], key
    assert body["ties"] is True and body["verify"]["ok"] is True
    assert (body["period"]["from"], body["period"]["to"]) == (query["from"], query["to"])

    csv = await env.client.get(url, params={**query, "format": "csv"}, headers=env.admin())
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    lines = csv.text.splitlines()
    assert lines[0] == "section,item,currency,channel,unit,amount,display"
    assert f"coins,closing,,,coins,{report.coins.closing}," in "\n".join(lines)
    html = await env.client.get(url, params={**query, "format": "html"}, headers=env.admin())
    assert html.headers["content-type"].startswith("text/html")
    assert "<svg" in html.text and "ties to the ledger" in html.text
    assert "http" not in html.text.split("<body>", 1)[1].replace('xmlns="http', "")

    pdf = await env.client.get(url, params={**query, "format": "pdf"}, headers=env.admin())
    assert pdf.headers["content-type"] == "application/pdf"
    assert_pdf_renders(pdf.content)


def assert_pdf_renders(content: bytes) -> None:
    """The first page converted to PNG: landscape A4, mostly white but well inked, with the
    chart's colours on it."""
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        png = io.BytesIO()
        document[0].render(scale=1).to_pil().save(png, format="PNG")
    finally:
        document.close()
    assert png.getvalue().startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png.getvalue())).convert("RGB")
    width, height = image.size
    # A4 landscape at 72 dpi is 841.9 x 595.3 points, rounded up to whole pixels.
    assert abs(width - 842) <= 1 and abs(height - 596) <= 1, image.size
    pixels = list(image.get_flattened_data())
    inked = sum(1 for p in pixels if sum(p) < 600)
    assert 0.02 < inked / len(pixels) < 0.6, inked / len(pixels)
    assert any(all(abs(p[i] - NET_REVENUE_RGB[i]) < 12 for i in range(3)) for p in pixels)


async def test_three_months_tie_chain_and_add_up(env: Env) -> None:
    await three_months(env)
    months = [await env.report(first, last) for first, last in MONTHS]
    quarter = await env.report(*QUARTER)
    for report in (*months, quarter):
        assert report.ties, failing(report)
        assert report.coins.other == () and report.diamonds.other == ()
        assert not any("does not price" in note for note in report.notes)

    # Closing balances of one month are the opening balances of the next.
    assert opening(months[0])["accounts"] == {}
    for before, after in itertools.pairwise(months):
        assert closing(before) == opening(after)
    assert opening(quarter) == opening(months[0])
    assert closing(quarter) == closing(months[-1])
    # What happened in the quarter is what happened in its months.
    assert flows(quarter) == add([flows(m) for m in months])

    for report in months:
        c, d = report.coins, report.diamonds
        assert c.issued_to_date - c.spent_to_date == c.closing
        assert c.opening + c.issued - c.spent == c.closing
        assert d.earned_to_date - d.redeemed_to_date - d.clawed_back_to_date == d.closing
        for s in report.sales:
            assert s.sales.gross_minor - s.sales.store_fees_minor - s.sales.taxes_minor \
                == s.sales.net_minor

    bought, refunded = await purchase_rows(env)
    for report in months:
        assert_matches_business_records(report, bought, refunded)
    await assert_equals_stored_balances(env, months[-1])
    assert any(c.name.startswith("closing balances = stored") for c in months[-1].checks)
    assert_fifo(months, bought)

    # Figures the dataset makes on purpose.
    jan, feb, mar = months
    assert (jan.payouts[0].paid_minor, jan.payouts[0].voided_minor) == (2000, 1000)
    assert (feb.payouts[0].reversed_minor, feb.diamonds.reversed) == (1000, 2000)
    assert feb.diamonds.clawed_back > 0 and feb.coins.clawed_back > 0
    assert {(s.currency, s.chargebacks.count) for s in feb.sales if s.chargebacks.count} \
        == {("GBP", 1)}
    assert (mar.coins.held_closing, mar.payouts[0].pending_closing_minor) == (400, 1000)
    assert mar.diamonds.liability.closing_minor == mar.diamonds.closing * 500 // 1000  # $0.005
    assert mar.diamonds.liability.held_closing_minor == 1000

    await assert_http_renderings(env, feb)

"""The simulation report as one self-contained HTML page: inline styles and inline SVG charts
drawn here, no script and nothing fetched."""

from __future__ import annotations

from html import escape
from typing import Any

from fancoins.finance.sections import exponent_of
from fancoins.kit.money import format_money
from fancoins.simulate.compare import Row, changed_rows, headline_rows
from fancoins.simulate.results import Json

WIDTH_PX = 620
HEIGHT_PX = 200
PAD_PX = 44
BAR_PX = 20
COLOURS = ("#00798c", "#d1495b", "#edae49", "#66a182", "#2e4057", "#8d96a3")
SEGMENTS = (("store fees", "store_fees_minor", "#d1495b"), ("taxes", "taxes_minor", "#edae49"),
            ("net revenue", "net_minor", "#00798c"))

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2433;
       margin: 2rem auto; max-width: 1320px; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #d6dae3; }
table { border-collapse: collapse; margin: .5rem 0; font-size: 13px; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid #eceef3; text-align: left; }
th { background: #f5f6f9; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.up { color: #1b6b35; } td.down { color: #9b1c1c; }
p.note { color: #5a6275; font-size: .9em; }
.tie { display: inline-block; padding: .2rem .6rem; border-radius: 1rem; font-weight: 600; }
.tie.ok { background: #dff3e4; color: #1b6b35; } .tie.bad { background: #fbe1e1; color: #9b1c1c; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(600px, 1fr)); gap: 1rem; }
.card { border: 1px solid #e2e5ec; border-radius: .5rem; padding: .5rem 1rem; }
.legend span { margin-right: 1rem; font-size: 12px; } .legend i { display: inline-block;
  width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
"""


def money(amount_minor: int, currency: str) -> str:
    return format_money(amount_minor, currency, exponent_of(currency))


def _n(value: int) -> str:
    return f"{value:,}"


def percent(value: int) -> str:
    return f"{value / 100:.2f}%"


# --- charts -------------------------------------------------------------------------------


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[int]]],
               unit: str = "") -> str:
    """Lines over the days, one per series, on one scale from zero."""
    if not labels or not series:
        return ""
    top = max([1, *(v for _, values in series for v in values)])
    inner_w, inner_h = WIDTH_PX - 2 * PAD_PX, HEIGHT_PX - 2 * PAD_PX // 2 - 20
    step = inner_w / max(1, len(labels) - 1)

    def point(index: int, value: int) -> str:
        x = PAD_PX + index * step
        y = 10 + inner_h - inner_h * value / top
        return f"{x:.1f},{y:.1f}"

    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{WIDTH_PX}" '
             f'height="{HEIGHT_PX}" viewBox="0 0 {WIDTH_PX} {HEIGHT_PX}">']
    for fraction in (0, 0.5, 1):
        y = 10 + inner_h - inner_h * fraction
        parts.append(f'<line x1="{PAD_PX}" x2="{WIDTH_PX - PAD_PX}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#e2e5ec"/>')
        parts.append(f'<text x="{PAD_PX - 4}" y="{y + 4:.1f}" font-size="10" '
                     f'text-anchor="end">{escape(_short(int(top * fraction)))}</text>')
    for index in (0, len(labels) - 1):
        parts.append(f'<text x="{PAD_PX + index * step:.1f}" y="{HEIGHT_PX - 8}" '
                     f'font-size="10" text-anchor="middle">{escape(labels[index])}</text>')
    for number, (name, values) in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        points = " ".join(point(i, v) for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{points}"><title>{escape(name)}</title></polyline>')
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{COLOURS[n % len(COLOURS)]}"></i>'
                     f"{escape(name)}</span>" for n, (name, _) in enumerate(series))
    suffix = f" ({escape(unit)})" if unit else ""
    return (f'<div class="card"><h3>{escape(title)}{suffix}</h3>{"".join(parts)}'
            f'<div class="legend">{legend}</div></div>')


def _short(value: int) -> str:
    for size, mark in ((1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")):
        if abs(value) >= size:
            return f"{value / size:.1f}{mark}"
    return str(value)


def sales_chart(sales: list[Json]) -> str:
    """Each currency and channel's gross as one bar: store fees, taxes, net revenue."""
    if not sales:
        return ""
    label_px = 110
    height = len(sales) * (BAR_PX + 8) + 10
    parts = [f'<svg role="img" aria-label="sales by channel" width="{WIDTH_PX}" '
             f'height="{height}" viewBox="0 0 {WIDTH_PX} {height}">']
    by_currency_top: dict[str, int] = {}
    for line in sales:
        cur = line["currency"]
        by_currency_top[cur] = max(by_currency_top.get(cur, 1), line["sales"]["gross_minor"])
    for index, line in enumerate(sales):
        y = 5 + index * (BAR_PX + 8)
        cur = line["currency"]
        scale = (WIDTH_PX - label_px - 10) / by_currency_top[cur]
        parts.append(f'<text x="0" y="{y + 14}" font-size="11">'
                     f'{escape(cur)} {escape(line["channel"])}</text>')
        x = float(label_px)
        for name, key, colour in SEGMENTS:
            amount = line["sales"][key]
            width = amount * scale
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_PX}" '
                         f'fill="{colour}"><title>{escape(name)}: '
                         f'{escape(money(amount, cur))}</title></rect>')
            x += width
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{c}"></i>{escape(n)}</span>'
                     for n, _, c in SEGMENTS)
    return (f'<div class="card"><h3>Gross sales by channel (each currency on its own scale)'
            f'</h3>{"".join(parts)}<div class="legend">{legend}</div></div>')


def histogram_chart(bands: list[Json], currency: str) -> str:
    if not bands:
        return ""
    top = max(1, *(b["creators"] for b in bands))
    bar_w = (WIDTH_PX - 2 * PAD_PX) / len(bands)
    height = HEIGHT_PX
    parts = [f'<svg role="img" aria-label="creator earnings" width="{WIDTH_PX}" '
             f'height="{height}" viewBox="0 0 {WIDTH_PX} {height}">']
    inner_h = height - 50
    for index, band in enumerate(bands):
        h = inner_h * band["creators"] / top
        x = PAD_PX + index * bar_w
        label = ("nothing" if band["to_minor"] == 0 else
                 f"< {money(band['to_minor'] + 1, currency)}")
        parts.append(f'<rect x="{x + 2:.1f}" y="{10 + inner_h - h:.1f}" '
                     f'width="{bar_w - 4:.1f}" height="{h:.1f}" fill="#00798c">'
                     f'<title>{band["creators"]} creators</title></rect>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{inner_h + 24}" font-size="10" '
                     f'text-anchor="middle">{escape(label)}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{10 + inner_h - h - 3:.1f}" '
                     f'font-size="10" text-anchor="middle">{band["creators"]}</text>')
    parts.append("</svg>")
    return (f'<div class="card"><h3>Creators by earnings ({escape(currency)})</h3>'
            f'{"".join(parts)}</div>')


# --- sections -----------------------------------------------------------------------------


def _table(headers: list[str], body: list[list[str]], numeric_from: int = 1) -> str:
    head = "".join(f'<th{" class=n" if i >= numeric_from else ""}>{escape(h)}</th>'
                   for i, h in enumerate(headers))
    rows = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i >= numeric_from else ""}>{escape(c)}</td>'
                         for i, c in enumerate(row)) + "</tr>" for row in body)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _verdict(data: Json) -> str:
    ok = data["verify"]["ok"] and data["ledger"]["ties"]
    text = ("verify OK; every figure ties to the ledger" if ok
            else "verify or a check FAILED: see the checks below")
    return f'<span class="tie {"ok" if ok else "bad"}">{escape(text)}</span>'


def charts(data: Json) -> str:
    daily = data["daily"]
    labels = [d["day"] for d in daily]
    payout = data["creators"]["currency"]
    currencies = sorted({c for d in daily for c in d["gross_sales_minor"]})
    sales = "".join(
        line_chart(f"Gross sales per day ({c})", labels,
                   [(c, [d["gross_sales_minor"].get(c, 0) for d in daily])], "minor units")
        for c in currencies[:2])
    return '<div class="grid">' + "".join([
        sales_chart(data["sales"]),
        line_chart("Coins outstanding at each day's close", labels,
                   [("coins outstanding", [d["coins_outstanding"] for d in daily]),
                    ("coins gifted that day", [d["coins_gifted"] for d in daily])], "coins"),
        line_chart(f"Creators' liability ({payout})", labels,
                   [("diamonds liability at the close", [d["liability_minor"] for d in daily]),
                    ("paid out that day", [d["payouts_paid_minor"] for d in daily])],
                   "minor units"),
        histogram_chart(data["creators"]["histogram"], payout),
        sales,
    ]) + "</div>"


def sections(data: Json) -> str:
    activity, creators, margin = data["activity"], data["creators"], data["margin"]
    payout = creators["currency"]
    out = [charts(data), "<h2>Revenue by channel and currency</h2>", _table(
        ["currency", "channel", "purchases", "gross", "store fees", "taxes", "net",
         "refunded", "charged back", "net after refunds"],
        [[s["currency"], s["channel"], _n(s["sales"]["count"]),
          money(s["sales"]["gross_minor"], s["currency"]),
          money(s["sales"]["store_fees_minor"], s["currency"]),
          money(s["sales"]["taxes_minor"], s["currency"]),
          money(s["sales"]["net_minor"], s["currency"]),
          money(s["refunds"]["gross_minor"], s["currency"]),
          money(s["chargebacks"]["gross_minor"], s["currency"]),
          money(s["net_after_refunds_minor"], s["currency"])] for s in data["sales"]],
        numeric_from=2)]
    out += ["<h2>Creators</h2>", _table(["figure", "value"], [
        ["creators (earning anything)", f"{_n(creators['count'])} ({_n(creators['earning'])})"],
        ["earned in total", money(creators["earned_minor_total"], payout)],
        ["median creator", money(creators["median_minor"], payout)],
        ["top creator", money(creators["top_minor"], payout)],
        [f"share of the top 1% ({creators['top_1pct_count']})",
         percent(creators["top_1pct_share_bp"])],
        ["reaching the withdrawal threshold",
         f"{_n(creators['reaching_threshold'])} "
         f"({percent(creators['reaching_threshold_share_bp'])})"],
        ["cashed out (paid)", money(creators["withdrawn_minor_total"], payout)],
    ]), f'<p class="note">{escape(creators["note"])}.</p>']
    left_out = ", ".join(margin["currencies_left_out"]) or "none"
    out += ["<h2>Platform margin</h2>", _table(["figure", "value"], [
        ["net sales after refunds (converted)", money(margin["net_sales_minor"], payout)],
        ["revenue recognised: coins spent, at what was paid (converted)",
         money(margin["recognised_revenue_minor"], payout)],
        ["creators' earnings kept (diamonds at their value)",
         money(margin["creator_earnings_minor"], payout)],
        ["margin on recognised revenue",
         f"{money(margin['margin_minor'], payout)} ({percent(margin['margin_bp'])})"],
    ]), f'<p class="note">Converted at the scenario\'s rates; currencies left out: '
        f"{escape(left_out)}.</p>"]
    losses = data["refund_losses"]
    out += ["<h2>Refund losses</h2>", _table(
        ["currency", "refunded (gross)", "charged back (gross)", "net revenue lost"],
        [[c, money(v["refunded_gross_minor"], c), money(v["chargeback_gross_minor"], c),
          money(v["refund_net_lost_minor"], c)] for c, v in losses["by_currency"].items()]),
        _table(["figure", "value"], [
            ["coins clawed back", _n(losses["coins_clawed_back"])],
            ["coins owed by wallets below zero (spent before the refund)",
             _n(losses["coins_owed_by_wallets_below_zero"])],
            ["diamonds clawed back from creators", _n(losses["diamonds_clawed_back"])]])]
    ledger = data["ledger"]
    coins, diamonds = ledger["coins"], ledger["diamonds"]
    out += ["<h2>Ledger</h2>", _table(["figure", "value"], [
        ["coins issued (purchased - clawed back)", _n(coins["issued"])],
        ["coins spent", _n(coins["spent"])], ["coins outstanding", _n(coins["outstanding"])],
        ["diamonds earned", _n(diamonds["earned"])],
        ["diamonds clawed back", _n(diamonds["clawed_back"])],
        ["diamonds redeemed (paid out)", _n(diamonds["redeemed"])],
        ["diamonds outstanding", _n(diamonds["outstanding"])],
        ["creators' liability", money(diamonds["liability_minor"],
                                      diamonds["liability_currency"])],
        *([f"deferred revenue ({c}): unspent coins at what was paid", money(v, c)]
          for c, v in ledger["deferred_revenue_minor"].items()),
    ]), "<h2>Activity</h2>", _table(["figure", "value"], [
        ["LIVE streams", _n(activity["streams"])], ["gifts sent", _n(activity["gifts_sent"])],
        ["coins gifted", _n(activity["coins_gifted"])],
        ["gift batches (one commit each)", _n(activity["gift_batches"])],
        ["gifts refused", _counts(activity["gifts_refused"])],
        ["purchases", _n(activity["purchases"])],
        ["purchases refused", _counts(activity["purchases_refused"])],
        ["refunds", _counts(activity["refunds"])],
        ["withdrawals paid", _n(activity["withdrawals_paid"])],
        ["withdrawals refused", _counts(activity["withdrawals_refused"])]])]
    out += _features(data["features"])
    verify = data["verify"]
    out += ["<h2>Checks and verify</h2>", _table(
        ["check", "expected", "actual", "ok"],
        [[c["name"], _n(c["expected"]), _n(c["actual"]), "yes" if c["ok"] else "NO"]
         for c in ledger["checks"]]),
        f'<p>verify: {"OK" if verify["ok"] else "FAILED"}: {_n(verify["accounts"])} accounts, '
        f'{_n(verify["transfers"])} transfers, {verify["errors"]} errors, '
        f'{verify["notices"]} notices.</p>']
    return "\n".join(out)


def _features(features: Json) -> list[str]:
    videos, battles, goals = features["videos"], features["battles"], features["goals"]
    promoted = features["promotions"]
    return ["<h2>Videos, battles, goals and promotions</h2>", _table(["figure", "value"], [
        ["videos posted", _n(videos["posted"])],
        ["gifts on video comments", _n(videos["gifts_sent"])],
        ["coins gifted on videos", _n(videos["coins_gifted"])],
        ["battles (won, drawn)",
         f"{_n(battles['started'])} ({_n(battles['won'])}, {_n(battles['drawn'])})"],
        ["coins gifted in battles", _n(battles["coins"])],
        ["battles refused", _counts(battles["refused"])],
        ["goals set (completed)",
         f"{_n(goals['set'])} ({_n(goals['completed'])}, "
         f"{percent(goals['completed_share_bp'])})"],
        ["goals refused", _counts(goals["refused"])],
        ["promotions started (coin purchases for them)",
         f"{_n(promoted['started'])} ({_n(promoted['purchases'])})"],
        ["promotion deliveries", _n(promoted["deliveries"])],
        ["coins charged by promotions (ledger)",
         f"{_n(promoted['coins_charged'])} ({_n(promoted['ledger_coins_spent'])})"],
        ["promotions ended (coins returned)",
         f"{_n(promoted['ended'])} ({_n(promoted['coins_returned'])})"],
        ["promotions refused", _counts(promoted["refused"])],
        ["deliveries refused", _counts(promoted["deliveries_refused"])]])]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v:,}" for k, v in counts.items()) or "none"


def _head(title: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>")


def _subtitle(data: Json) -> str:
    s = data["scenario"]
    e = s["economy"]
    return (f'<p class="note">seed {s["seed"]}, {s["days"]} days from {escape(s["start"])}, '
            f'{_n(s["viewers"])} viewers, {_n(s["creators"])} creators; diamond value '
            f'{e["cash_minor_per_1000_diamonds"]} minor units per 1,000, '
            f'{escape(e["diamonds_per_coin"])} diamond per coin, withdrawal threshold '
            f'{money(e["min_withdrawal_minor"], e["payout_currency"])}.</p>')


def report_html(data: Json) -> bytes:
    name = data["scenario"]["name"]
    body = [_head(f"fancoins simulation: {name}"),
            f"<h1>Simulation: {escape(name)}</h1>", _subtitle(data), _verdict(data),
            sections(data), "</body></html>"]
    return "\n".join(body).encode("utf-8")


def cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _diff_table(rows: list[Row], a_name: str, b_name: str) -> str:
    body = []
    for row in rows:
        delta = row.delta
        shown = "" if delta is None else f"{delta:+,}"
        body.append([row.key, cell(row.a), cell(row.b), shown])
    return _table(["figure", a_name, b_name, "difference"], body)


def compare_html(a: Json, b: Json) -> bytes:
    a_name, b_name = a["scenario"]["name"], b["scenario"]["name"]
    changed = changed_rows(a, b)
    body = [_head(f"fancoins simulation: {a_name} vs {b_name}"),
            f"<h1>{escape(a_name)} vs {escape(b_name)}</h1>",
            f'<p class="note">Both with seed {a["scenario"]["seed"]}: the same viewers make the '
            "same choices; only the economy's answers differ.</p>",
            "<h2>Headline figures</h2>", _diff_table(headline_rows(a, b), a_name, b_name),
            f"<h2>Every figure that differs ({len(changed)})</h2>",
            _diff_table(changed, a_name, b_name),
            '<div class="grid">',
            f'<div><h2>{escape(a_name)}</h2>{_verdict(a)}{charts(a)}</div>',
            f'<div><h2>{escape(b_name)}</h2>{_verdict(b)}{charts(b)}</div>',
            "</div></body></html>"]
    return "\n".join(body).encode("utf-8")

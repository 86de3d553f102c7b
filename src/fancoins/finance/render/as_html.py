"""The report as one self-contained HTML page: inline styles, an inline SVG chart, no script
and nothing fetched, so it can be mailed, archived or printed as it is."""

from __future__ import annotations

from html import escape

from fancoins.finance.model import FinanceReport
from fancoins.finance.statement import SplitBar, Table, sales_split, tables
from fancoins.kit.money import DEFAULT_LOCALE

CHART_WIDTH_PX = 560
BAR_HEIGHT_PX = 22
LABEL_WIDTH_PX = 150
SEGMENTS = (("store fees", "#d1495b"), ("taxes", "#edae49"), ("net revenue", "#00798c"))

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2433;
       margin: 2rem auto; max-width: 1280px; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #d6dae3; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: 13px; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid #eceef3; text-align: left;
         vertical-align: top; }
th { background: #f5f6f9; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.note { color: #5a6275; font-size: .9em; }
.tie { display: inline-block; padding: .2rem .6rem; border-radius: 1rem; font-weight: 600; }
.tie.ok { background: #dff3e4; color: #1b6b35; } .tie.bad { background: #fbe1e1; color: #9b1c1c; }
.legend span { margin-right: 1rem; } .legend i { display: inline-block; width: .8rem;
  height: .8rem; margin-right: .3rem; vertical-align: -1px; }
"""


def _table(table: Table) -> str:
    out = [f"<h2>{escape(table.title)}</h2>", '<div class="wide"><table>']
    if any(table.headers):
        cells = "".join(f'<th{" class=n" if i in table.numeric else ""}>{escape(h)}</th>'
                        for i, h in enumerate(table.headers))
        out.append(f"<thead><tr>{cells}</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        cells = "".join(f'<td{" class=n" if i in table.numeric else ""}>{escape(c)}</td>'
                        for i, c in enumerate(row))
        out.append(f"<tr>{cells}</tr>")
    if not table.rows:
        out.append(f'<tr><td colspan="{len(table.headers)}">nothing in this period</td></tr>')
    out.append("</tbody></table></div>")
    if table.note:
        out.append(f'<p class="note">{escape(table.note)}</p>')
    return "\n".join(out)


def _chart(bars: list[SplitBar]) -> str:
    """Each currency's gross sales as one bar, split into store fees, taxes and net."""
    if not bars:
        return ""
    height = len(bars) * (BAR_HEIGHT_PX + 10) + 10
    width = LABEL_WIDTH_PX + CHART_WIDTH_PX
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="Gross sales split per currency">']
    for row, bar in enumerate(bars):
        y = 10 + row * (BAR_HEIGHT_PX + 10)
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{escape(bar.currency)} '
                     f'{escape(bar.gross_label)}</text>')
        total = max(1, bar.fees_minor + bar.taxes_minor + bar.net_minor)
        x = float(LABEL_WIDTH_PX)
        for amount, (name, colour) in zip((bar.fees_minor, bar.taxes_minor, bar.net_minor),
                                          SEGMENTS, strict=True):
            w = CHART_WIDTH_PX * max(0, amount) / total
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT_PX}" '
                         f'fill="{colour}"><title>{escape(name)}</title></rect>')
            x += w
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{colour}"></i>{escape(name)}</span>'
                     for name, colour in SEGMENTS)
    return (f'<h2>Where gross sales went</h2>{"".join(parts)}'
            f'<p class="legend">{legend}</p>')


def render_html(report: FinanceReport, locale: str = DEFAULT_LOCALE) -> bytes:
    laid_out = tables(report, locale)
    tie = ('<span class="tie ok">ties to the ledger</span>' if report.ties
           else '<span class="tie bad">does NOT tie to the ledger</span>')
    body = [
        f"<h1>Finance report: {escape(report.period.label)}</h1>",
        f"<p>{tie}</p>",
        _table(laid_out[0]),
        _chart(sales_split(report, locale)),
        *(_table(t) for t in laid_out[1:]),
    ]
    page = (f'<!DOCTYPE html>\n<html lang="{escape(locale.split("_")[0])}"><head>'
            f'<meta charset="utf-8"><title>Finance report {escape(report.period.label)}'
            f"</title><style>{STYLE}</style></head><body>\n" + "\n".join(body)
            + "\n</body></html>\n")
    return page.encode("utf-8")

"""The report as a PDF (ReportLab): the same tables as the HTML page, landscape A4, with the
sales split drawn as a chart. Blocking and CPU-bound: the API calls it off the event loop."""

from __future__ import annotations

import io
from functools import cache

from babel.numbers import get_currency_symbol
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from fancoins.finance.model import FinanceReport
from fancoins.finance.statement import SplitBar, Table, sales_split, tables
from fancoins.kit.money import DEFAULT_LOCALE
from fancoins.ledger.assets import CURRENCY_EXPONENTS

# Bitstream Vera ships with ReportLab: a TrueType font with €, £ and ¥ (the built-in PDF
# fonts have no glyph outside Latin-1 and the Windows code page).
FONT, FONT_BOLD = "Vera", "VeraBd"
TABLE_FONT_SIZE = 7
MARGIN = 12 * mm
CHART_WIDTH = 160 * mm
BAR_HEIGHT = 5 * mm
LABEL_WIDTH = 45 * mm
SEGMENTS = (("store fees", "#d1495b"), ("taxes", "#edae49"), ("net revenue", "#00798c"))
# A section title stays on the page of the table it heads.
TITLE = ParagraphStyle("h2", fontName=FONT_BOLD, fontSize=11, spaceBefore=8, spaceAfter=4,
                       keepWithNext=1)


@cache
def _fonts() -> frozenset[int]:
    """Register the fonts once; the code points the regular face can draw."""
    regular = TTFont(FONT, "Vera.ttf")
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))
    return frozenset(regular.face.charToGlyph)


def _printable(text: str, locale: str) -> str:
    """Currency symbols the font cannot draw (₹, ₩, ...) become their ISO code."""
    drawable = _fonts()
    if all(ord(ch) in drawable for ch in text):
        return text
    for code in CURRENCY_EXPONENTS:
        symbol = get_currency_symbol(code, locale)
        if symbol in text and any(ord(ch) not in drawable for ch in symbol):
            text = text.replace(symbol, f"{code} ")
    return "".join(ch if ord(ch) in drawable else "?" for ch in text)


def _table(table: Table, locale: str, width: float) -> list[Flowable]:
    style = ParagraphStyle("cell", fontName=FONT, fontSize=TABLE_FONT_SIZE,
                           leading=TABLE_FONT_SIZE + 2)
    right = ParagraphStyle("num", parent=style, alignment=2)
    head = ParagraphStyle("head", parent=style, fontName=FONT_BOLD)
    head_right = ParagraphStyle("head_num", parent=head, alignment=2)

    def cell(text: str, column: int, header: bool = False) -> Paragraph:
        numeric = column in table.numeric
        chosen = (head_right if numeric else head) if header else (right if numeric else style)
        escaped = _printable(text, locale).replace("&", "&amp;").replace("<", "&lt;")
        return Paragraph(escaped, chosen)

    data = []
    if any(table.headers):
        data.append([cell(h, i, header=True) for i, h in enumerate(table.headers)])
    data.extend([cell(c, i) for i, c in enumerate(row)] for row in table.rows)
    if not data:
        data.append([cell("nothing in this period", 0)])
    columns = len(data[0])
    shares = table.widths if table.widths and len(table.widths) == columns \
        else (1 / columns,) * columns
    grid = PdfTable(data, repeatRows=1 if any(table.headers) else 0,
                    colWidths=[width * share for share in shares], hAlign="LEFT")
    grid.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d6dae3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f2f6"))]
          if any(table.headers) else []),
    ]))
    flow: list[Flowable] = [Paragraph(_printable(table.title, locale), TITLE), grid]
    if table.note:
        note = ParagraphStyle("note", parent=style, textColor=colors.HexColor("#5a6275"))
        flow.append(Paragraph(_printable(table.note, locale), note))
    return flow


def _chart(bars: list[SplitBar], locale: str) -> list[Flowable]:
    if not bars:
        return []
    drawing = Drawing(LABEL_WIDTH + CHART_WIDTH, (len(bars) + 1) * (BAR_HEIGHT + 3 * mm))
    top = drawing.height - BAR_HEIGHT
    for row, bar in enumerate(bars):
        y = top - row * (BAR_HEIGHT + 3 * mm)
        drawing.add(String(0, y + 1.5 * mm, _printable(f"{bar.currency} {bar.gross_label}",
                                                        locale), fontName=FONT, fontSize=8))
        total = max(1, bar.fees_minor + bar.taxes_minor + bar.net_minor)
        x = LABEL_WIDTH
        for amount, (_, colour) in zip((bar.fees_minor, bar.taxes_minor, bar.net_minor),
                                       SEGMENTS, strict=True):
            width = CHART_WIDTH * max(0, amount) / total
            drawing.add(Rect(x, y, width, BAR_HEIGHT, fillColor=colors.HexColor(colour),
                             strokeColor=None))
            x += width
    legend_x = LABEL_WIDTH
    for name, colour in SEGMENTS:
        drawing.add(Rect(legend_x, 0, 3 * mm, 3 * mm, fillColor=colors.HexColor(colour),
                         strokeColor=None))
        drawing.add(String(legend_x + 4 * mm, 0.5 * mm, name, fontName=FONT, fontSize=8))
        legend_x += 35 * mm
    return [Paragraph("Where gross sales went", TITLE), drawing]


def render_pdf(report: FinanceReport, locale: str = DEFAULT_LOCALE) -> bytes:
    _fonts()
    buffer = io.BytesIO()
    page = landscape(A4)
    document = SimpleDocTemplate(
        buffer, pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=f"Finance report {report.period.label}",
        author="fancoins", invariant=True,
    )
    width = page[0] - 2 * MARGIN
    heading = ParagraphStyle("h1", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4)
    tie = ParagraphStyle("tie", fontName=FONT_BOLD, fontSize=10,
                         textColor=colors.HexColor("#1b6b35" if report.ties else "#9b1c1c"))
    laid_out = tables(report, locale)
    story: list[Flowable] = [
        Paragraph(f"Finance report: {report.period.label}", heading),
        Paragraph("Ties to the ledger" if report.ties else "Does NOT tie to the ledger", tie),
        Spacer(1, 3 * mm),
        *_table(laid_out[0], locale, width),
        *_chart(sales_split(report, locale), locale),
    ]
    for table in laid_out[1:]:
        story.extend(_table(table, locale, width))
    document.build(story)
    return buffer.getvalue()

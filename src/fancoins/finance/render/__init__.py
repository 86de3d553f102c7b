"""Renderings of a finance report: JSON (the API's default, see `schemas`), text, CSV, HTML
and PDF. Every rendering reads the same `FinanceReport`."""

from __future__ import annotations

import enum
from collections.abc import Callable

from fancoins.finance.model import FinanceReport
from fancoins.finance.render.as_csv import render_csv
from fancoins.finance.render.as_html import render_html
from fancoins.finance.render.as_pdf import render_pdf
from fancoins.finance.render.as_text import render_text


class ReportFormat(enum.StrEnum):
    JSON = "json"
    TEXT = "text"
    CSV = "csv"
    HTML = "html"
    PDF = "pdf"


MEDIA_TYPES = {
    ReportFormat.JSON: "application/json",
    ReportFormat.TEXT: "text/plain; charset=utf-8",
    ReportFormat.CSV: "text/csv; charset=utf-8",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.PDF: "application/pdf",
}
EXTENSIONS = {ReportFormat.TEXT: "txt", ReportFormat.CSV: "csv", ReportFormat.HTML: "html",
              ReportFormat.PDF: "pdf", ReportFormat.JSON: "json"}
RENDERERS: dict[ReportFormat, Callable[[FinanceReport, str], bytes]] = {
    ReportFormat.TEXT: render_text,
    ReportFormat.CSV: render_csv,
    ReportFormat.HTML: render_html,
    ReportFormat.PDF: render_pdf,
}


def render(report: FinanceReport, output: ReportFormat, locale: str) -> bytes:
    """Text, CSV, HTML or PDF bytes (JSON goes through the API schema instead)."""
    return RENDERERS[output](report, locale)


def filename(report: FinanceReport, output: ReportFormat) -> str:
    p = report.period
    return f"finance-{p.first_day.isoformat()}-to-{p.last_day.isoformat()}.{EXTENSIONS[output]}"


__all__ = ["MEDIA_TYPES", "ReportFormat", "filename", "render"]

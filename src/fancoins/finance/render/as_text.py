"""The report for a terminal (Rich tables), or as plain text into a file."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table as RichTable

from fancoins.finance.model import FinanceReport
from fancoins.finance.statement import tables
from fancoins.kit.money import DEFAULT_LOCALE

TEXT_WIDTH_CHARS = 160  # wide enough for the deferred revenue table in a file


def print_report(report: FinanceReport, console: Console,
                 locale: str = DEFAULT_LOCALE) -> None:
    verdict = "[green]ties to the ledger[/green]" if report.ties \
        else "[red]does NOT tie to the ledger[/red]"
    console.print(f"[bold]Finance report: {report.period.label}[/bold]  {verdict}")
    for table in tables(report, locale):
        shown = RichTable(title=table.title, show_header=any(table.headers),
                          title_justify="left")
        for index, header in enumerate(table.headers):
            shown.add_column(header, justify="right" if index in table.numeric else "left",
                             overflow="fold")
        for row in table.rows:
            shown.add_row(*row)
        console.print(shown)
        if table.note:
            console.print(table.note, style="dim")


def render_text(report: FinanceReport, locale: str = DEFAULT_LOCALE) -> bytes:
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=TEXT_WIDTH_CHARS, no_color=True,
                                 highlight=False), locale)
    return buffer.getvalue().encode("utf-8")

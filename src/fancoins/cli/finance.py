"""`fancoins report finance --from --to`: a period's finance report, from the ledger.

Prints it (text) or writes it as CSV, HTML or PDF. Exit status 0 when the report ties to the
ledger, 1 when it does not (a check failed or `verify` found an error), 2 for bad input.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated

import typer

from fancoins.config import Settings
from fancoins.db.engine import create_engine
from fancoins.finance.errors import LocaleUnknown, PeriodInvalid
from fancoins.finance.model import FinanceReport
from fancoins.finance.render import ReportFormat, render
from fancoins.finance.render.as_text import print_report
from fancoins.finance.service import checked_locale, finance_reports
from fancoins.kit.money import DEFAULT_LOCALE

report_app = typer.Typer(help="Reports computed from the ledger.", no_args_is_help=True)

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Overrides FANCOINS_DATABASE_URL.")
]


class Output(enum.StrEnum):
    TEXT = "text"
    CSV = "csv"
    HTML = "html"
    PDF = "pdf"


@report_app.command("finance")
def finance(
    first_day: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"],
                                                   help="First day (UTC).")],
    last_day: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"],
                                                  help="Last day, inclusive (UTC).")],
    output: Annotated[Output, typer.Option("--format")] = Output.TEXT,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    locale: Annotated[str, typer.Option(help="Money display (en_US, de_DE, ...).")]
    = DEFAULT_LOCALE,
    database_url: DatabaseUrl = None,
) -> None:
    """Sales, refunds, deferred revenue, coins, diamonds, creator liability and payouts for
    the period, tied to the ledger (and `fancoins verify` run in the same snapshot)."""
    from fancoins.cli.common import console, err, run, settings_or_exit

    chosen = ReportFormat(output.value)
    if chosen is ReportFormat.PDF and out is None:
        err.print("a PDF needs --out FILE")
        raise typer.Exit(2)
    try:
        chosen_locale = checked_locale(locale)
        report = run(_report(settings_or_exit(database_url), first_day.date(),
                             last_day.date()))
    except (PeriodInvalid, LocaleUnknown) as error:
        err.print(str(error))
        raise typer.Exit(2) from None
    if out is not None:
        out.write_bytes(render(report, chosen, chosen_locale))
        console.print(f"wrote {out} ({'ties' if report.ties else 'DOES NOT TIE'} to the ledger)")
    elif chosen is ReportFormat.TEXT:
        print_report(report, console, chosen_locale)
    else:
        typer.echo(render(report, chosen, chosen_locale).decode("utf-8"), nl=False)
    if not report.ties:
        raise typer.Exit(1)


async def _report(settings: Settings, first_day: dt.date, last_day: dt.date) -> FinanceReport:
    # A report reads a period's transfers, off the request path: verify's bound, not a request's.
    engine = create_engine(settings.database_url, timeout_s=settings.database.verify_timeout_s)
    try:
        return await finance_reports.for_period(engine, settings, first_day, last_day)
    finally:
        await engine.dispose()

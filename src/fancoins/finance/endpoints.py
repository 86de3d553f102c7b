"""GET /v1/admin/reports/finance: the finance report of a period (admin scope)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response

from fancoins.api.auth import AdminPrincipal
from fancoins.api.deps import ContainerDep
from fancoins.api.problems import problem_responses
from fancoins.finance.render import MEDIA_TYPES, ReportFormat, filename, render
from fancoins.finance.schemas import FinanceReportOut
from fancoins.finance.service import checked_locale, finance_reports
from fancoins.kit.money import DEFAULT_LOCALE

router = APIRouter(prefix="/v1/admin/reports", tags=["finance"],
                   responses=problem_responses(401, 403, 422, 503))

DOWNLOADS: dict[str, dict[str, str]] = {
    MEDIA_TYPES[f].split(";")[0]: {} for f in ReportFormat if f is not ReportFormat.JSON}


@router.get("/finance", response_model=FinanceReportOut,
            responses={200: {"content": DOWNLOADS, "description": "The report (JSON by "
                             "default; text, CSV, HTML or PDF as a download)"}})
async def get_finance_report(
    _: AdminPrincipal, container: ContainerDep,
    first_day: Annotated[dt.date, Query(alias="from", description="First day (UTC)")],
    last_day: Annotated[dt.date, Query(alias="to", description="Last day, inclusive (UTC)")],
    output: Annotated[ReportFormat, Query(alias="format")] = ReportFormat.JSON,
    locale: Annotated[str, Query(min_length=2, max_length=16, pattern=r"^[A-Za-z_]+$",
                                 description="For money in downloads (en_US, de_DE, ...)")]
    = DEFAULT_LOCALE,
) -> FinanceReportOut | Response:
    """Sales, refunds, deferred revenue, coins, diamonds and creator liability, payouts and
    the ledger's accounts for the period, with the checks that tie it to the ledger and the
    result of `verify`. Every figure is computed from ledger transfers."""
    settings = container.settings
    chosen_locale = checked_locale(locale)
    report = await finance_reports.for_period(container.engine, settings, first_day, last_day,
                                              time_limited=True)
    if output is ReportFormat.JSON:
        return FinanceReportOut.of(report)
    # PDF layout is CPU-bound: off the event loop.
    body = await asyncio.to_thread(render, report, output, chosen_locale)
    return Response(body, media_type=MEDIA_TYPES[output], headers={
        "Content-Disposition": f'attachment; filename="{filename(report, output)}"'})

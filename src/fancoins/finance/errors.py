"""Refusals of the finance report (each one problem type)."""

from __future__ import annotations

from fancoins.kit.errors import InvalidRequest, Unavailable


class PeriodInvalid(InvalidRequest):
    slug = "period-invalid"
    title = "Invalid report period"


class LocaleUnknown(InvalidRequest):
    slug = "locale-unknown"
    title = "Unknown locale"


class ReportTimedOut(Unavailable):
    """The report did not finish within `finance.report_timeout_s` (a very large ledger):
    `fancoins report finance` on the command line has no such limit."""

    slug = "report-timed-out"
    title = "The report took too long"
    retry_after_s = 60

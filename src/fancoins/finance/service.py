"""Finance reports: one period, or consecutive periods, computed from the ledger's transfers.

A report reads one consistent snapshot (`snapshot`): every sum, the replay of the wallets
and `verify` see the same committed transfers, however busy the engine is. It works on any
fancoins database (the simulator's throwaway SQLite file included): it needs a connection,
the diamond value and the breakage policy, nothing of the running app.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import BreakagePolicy, Settings
from fancoins.db.engine import is_postgres, read_only
from fancoins.economy.rules import Payouts
from fancoins.finance import checks, sections
from fancoins.finance.errors import LocaleUnknown, PeriodInvalid, ReportTimedOut
from fancoins.finance.lots import Key, Movement
from fancoins.finance.model import (
    Breakage,
    Check,
    FinanceReport,
    Finding,
    Period,
    VerifySummary,
)
from fancoins.finance.replay import (
    Checkpoint,
    PurchaseInfo,
    RefundInfo,
    Replay,
    no_limit,
    purchases_before,
    refunds_before,
    replay,
)
from fancoins.finance.sections import Balances, Flows, Window
from fancoins.ids import now_ms
from fancoins.journal import reports
from fancoins.journal.verify import Severity, VerifyReport, verify

# Findings of `verify` carried in the report (the CLI `fancoins verify` lists them all).
FINDINGS_MAX = 20
# Periods one series may hold: each costs a few grouped scans of the transfers.
SERIES_PERIODS_MAX = 400
BREAKAGE_TEXT = {
    BreakagePolicy.NONE: "No breakage is recognised: coins never expire, so every unspent "
                         "coin stays deferred revenue until it is spent.",
}
NOTES = (
    "Every figure is a sum of ledger transfers by code and account, bounded by the transfer "
    "time (UTC); balances at a moment are sums of every transfer before it.",
    "Reversals of refunds (a store refund undone, a dispute won) have no ledger code yet: "
    "their figures are zero.",
    "Chargebacks are card disputes; store refunds, revocations and voided store purchases "
    "are refunds (the ledger does not record a store's chargeback reason).",
    "Cash received from the stores is not in the ledger: a store account holds what the "
    "store owes (gross sales less refunds).",
    "The creators' liability values diamonds at today's configured diamond value, for the "
    "opening and the closing balance alike.",
    "No exchange rates: every currency is reported on its own.",
)


class PeriodsNotConsecutive(ValueError):
    """A series needs periods that follow each other without a gap."""


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What a report needs beyond the ledger."""

    payouts: Payouts  # the diamond value and the payout currency
    breakage: BreakagePolicy = BreakagePolicy.NONE
    findings_max: int = FINDINGS_MAX
    # When the report says it was made (default: now). A fixed moment makes every
    # rendering of the same ledger byte for byte the same (a seeded simulation's report).
    generated_at_ms: int | None = None
    # Give up (`ReportTimedOut`) past this many seconds; None: no limit (the CLI).
    time_limit_s: float | None = None

    @classmethod
    def of(cls, settings: Settings, *, time_limited: bool = False) -> ReportOptions:
        return cls(payouts=settings.economy.payouts, breakage=settings.finance.breakage_policy,
                   findings_max=settings.web.economy_findings_max,
                   time_limit_s=settings.finance.report_timeout_s if time_limited else None)


def _deadline(limit_s: float | None) -> Checkpoint:
    """A check the report runs between its steps. It stops the report only there, never
    inside a database call: a query cut off mid-way leaves a driver thread (SQLite) or a
    connection (PostgreSQL) still busy after the answer. One step overruns by at most one
    query."""
    if limit_s is None:
        return no_limit
    ends = time.monotonic() + limit_s

    def check() -> None:
        if time.monotonic() >= ends:
            raise ReportTimedOut(f"no report within {limit_s:g} s; run `fancoins report "
                                 "finance` on the server instead")

    return check


@asynccontextmanager
async def snapshot(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A read-only connection whose transaction sees one snapshot of the database
    (PostgreSQL: REPEATABLE READ; SQLite: a read transaction in WAL mode does already)."""
    async with read_only(engine) as connection:
        if is_postgres(connection):
            await connection.execution_options(isolation_level="REPEATABLE READ")
        async with connection.begin():
            yield connection


def period_of(first_day: dt.date, last_day: dt.date) -> Period:
    """Raises `PeriodInvalid` when the last day comes before the first."""
    if last_day < first_day:
        raise PeriodInvalid(f"the period ends ({last_day}) before it starts ({first_day})")
    return Period(first_day, last_day)


def checked_locale(locale: str) -> str:
    """A locale Babel knows (`en_US`, `de_DE`, `ja_JP`), or `LocaleUnknown`."""
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise LocaleUnknown(f"no such locale: {locale!r} (try en_US, de_DE, ja_JP)") from None
    return locale


class FinanceReports:
    async def for_period(self, engine: AsyncEngine, settings: Settings, first_day: dt.date,
                         last_day: dt.date, *, time_limited: bool = False) -> FinanceReport:
        """One period's report in its own snapshot (the API's and the CLI's entry)."""
        period = period_of(first_day, last_day)
        options = ReportOptions.of(settings, time_limited=time_limited)
        async with snapshot(engine) as connection:
            return await self.report(connection, period, options)

    async def report(self, connection: AsyncConnection, period: Period,
                     options: ReportOptions) -> FinanceReport:
        return (await self.series(connection, [period], options))[0]

    async def series(self, connection: AsyncConnection, periods: Sequence[Period],
                     options: ReportOptions) -> list[FinanceReport]:
        """Reports for consecutive periods; the wallets are replayed once for all."""
        _check_consecutive(periods)
        check = _deadline(options.time_limit_s)
        boundaries = [periods[0].start_ms, *(p.end_ms for p in periods)]
        end_ms = boundaries[-1]
        purchases = await purchases_before(connection, end_ms)
        refunds = await refunds_before(connection, end_ms)
        check()
        replayed = await replay(connection, boundaries, purchases, refunds, check)
        verified = _summary(await verify(connection), options.findings_max)
        check()
        later = await reports.transfers_from(connection, end_ms)
        stored = await reports.stored_balances(connection) if later == 0 else None
        balances = []
        for at_ms in boundaries:
            balances.append(await _balances(connection, at_ms))
            check()
        out = []
        for index, period in enumerate(periods):
            inside, to_date = await reports.flows(connection, period.start_ms, period.end_ms)
            check()
            window = Window(flows=Flows(inside), flows_to_date=Flows(to_date),
                            opening=balances[index], closing=balances[index + 1])
            last = index == len(periods) - 1
            out.append(_assemble(period, window, replayed, index, purchases, refunds, verified,
                                 options, stored if last else None))
        return out


def _check_consecutive(periods: Sequence[Period]) -> None:
    if not periods or len(periods) > SERIES_PERIODS_MAX:
        raise PeriodsNotConsecutive(f"a series holds 1 to {SERIES_PERIODS_MAX} periods")
    for before, after in itertools.pairwise(periods):
        if after.start_ms != before.end_ms:
            raise PeriodsNotConsecutive(f"{after.label} does not follow {before.label}")


async def _balances(connection: AsyncConnection, at_ms: int) -> Balances:
    return Balances(await reports.balances_at(connection, at_ms),
                    await reports.below_zero_at(connection, at_ms))


def _summary(report: VerifyReport, findings_max: int) -> VerifySummary:
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    return VerifySummary(
        ok=report.ok, accounts=report.accounts, transfers=report.transfers, errors=errors,
        notices=len(report.findings) - errors,
        asset_sums=tuple((code, posted, pending)
                         for code, (posted, pending) in sorted(report.asset_sums.items())),
        findings=tuple(Finding(f.severity.value, f.check, f.subject, f.detail)
                       for f in report.findings[:findings_max]),
    )


def _assemble(
    period: Period, window: Window, replayed: Replay, index: int,
    purchases: dict[str, PurchaseInfo], refunds: dict[str, RefundInfo],
    verified: VerifySummary, options: ReportOptions, stored: list[reports.BalanceAt] | None,
) -> FinanceReport:
    inside = range(period.start_ms, period.end_ms)
    counts: dict[Key, int] = {}
    for info in purchases.values():
        if info.created_at_ms in inside:
            counts[info.key] = counts.get(info.key, 0) + 1
    period_refunds = [r for r in refunds.values() if r.created_at_ms in inside]
    moves = replayed.moves[index]
    coins = sections.coins_section(window, owed_opening=replayed.owed_coins[index])
    deferred = sections.deferred_lines(replayed.positions[index],
                                       replayed.positions[index + 1], moves)
    sales = sections.sales_lines(window, counts, period_refunds, moves)
    diamonds = sections.diamonds_section(window, options.payouts)
    payouts = sections.payout_lines(window)
    accounts = sections.account_lines(window)
    found: list[Check] = [
        *checks.coin_checks(coins, deferred, replayed.owed_coins[index + 1]),
        *checks.diamond_checks(diamonds, window.flows_to_date),
        *checks.sales_checks(sales),
        *checks.deferred_checks(deferred, window.flows_to_date,
                                _recognised(replayed.to_date[index + 1])),
        *checks.payout_checks(payouts),
        *checks.account_checks(accounts),
    ]
    if stored is not None:
        closing = list(window.closing.by_account.values())
        found.append(checks.stored_check(closing, stored))
    return FinanceReport(
        period=period,
        generated_at_ms=now_ms() if options.generated_at_ms is None else options.generated_at_ms,
        sales=sales, coins=coins, deferred=deferred,
        diamonds=diamonds, payouts=payouts, accounts=accounts,
        breakage=Breakage(options.breakage.value, 0, BREAKAGE_TEXT[options.breakage]),
        verify=verified, checks=tuple(found), notes=_notes(replayed),
    )


def _recognised(to_date: dict[Key, Movement]) -> dict[str, int]:
    """Revenue recognised from the first transfer on, per currency."""
    out: dict[str, int] = {}
    for (currency, _), move in to_date.items():
        if currency:
            out[currency] = (out.get(currency, 0) + sum(move.released_minor.values())
                             - move.reversed_minor)
    return out


def _notes(replayed: Replay) -> tuple[str, ...]:
    extra = []
    if replayed.unpriced_codes:
        listed = ", ".join(f"{code} ({coins:,} coins)"
                           for code, coins in sorted(replayed.unpriced_codes.items()))
        extra.append(f"Coins credited by codes the report does not price, carried at no "
                     f"value: {listed}.")
    return (*NOTES, *extra)


finance_reports = FinanceReports()

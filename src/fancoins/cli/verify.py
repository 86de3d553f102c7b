"""`fancoins verify`: a short report, exit status 1 when anything is off."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from fancoins.config import Settings
from fancoins.db.engine import create_engine, read_only
from fancoins.journal.verify import Severity
from fancoins.proof import prove


async def run_verify(settings: Settings, console: Console) -> bool:
    engine = create_engine(settings.database_url)
    try:
        async with read_only(engine) as connection:
            report = await prove(connection)
    finally:
        await engine.dispose()
    console.print(f"accounts: {report.accounts}  transfers: {report.transfers}")
    sums = Table("asset", "posted sum", "pending sum", title="per-asset sums (must be 0)")
    for asset, (posted, pending) in sorted(report.asset_sums.items()):
        sums.add_row(asset, str(posted), str(pending))
    console.print(sums)
    if report.findings:
        findings = Table("severity", "check", "subject", "detail", title="findings")
        for f in report.findings[:200]:
            colour = "red" if f.severity is Severity.ERROR else "yellow"
            findings.add_row(f"[{colour}]{f.severity.value}[/{colour}]", f.check, f.subject,
                             f.detail)
        console.print(findings)
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    console.print("[green]OK[/green]: the ledger balances" if report.ok
                  else f"[red]FAILED[/red]: {errors} error(s)")
    return report.ok

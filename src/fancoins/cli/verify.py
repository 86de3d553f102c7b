"""`fancoins verify`: the proof of the books as a short report; exit status 1 when anything
is off. `--head` also prints the chain's head to store elsewhere; `--expect-head` checks the
books against one stored earlier."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fancoins.config import Settings
from fancoins.db.engine import create_engine, read_only
from fancoins.journal.verify import Finding, Severity
from fancoins.ledger.chain import AUDIT, LEDGER, ExpectedHead, format_head
from fancoins.proof import Proof, prove

# The CLI lists findings up to this many (the economy view shows fewer).
FINDINGS_SHOWN_MAX = 200


async def run_verify(settings: Settings, console: Console, *, show_head: bool = False,
                     expected_head: ExpectedHead | None = None) -> bool:
    # verify reads every transfer: it gets its own, longer, bound (never a request's).
    engine = create_engine(settings.database_url, timeout_s=settings.database.verify_timeout_s)
    try:
        async with read_only(engine) as connection:
            report = await prove(connection, expected_head=expected_head, engine=engine)
    finally:
        await engine.dispose()
    _print_report(report, console)
    if show_head:
        _print_head(report, console)
    return report.ok


def _print_report(report: Proof, console: Console) -> None:
    console.print(f"accounts: {report.accounts}  transfers: {report.transfers}  "
                  f"ledger links: {report.links.get(LEDGER, 0)}  "
                  f"audit entries: {report.links.get(AUDIT, 0)}")
    sums = Table("asset", "posted sum", "pending sum", title="per-asset sums (must be 0)")
    for asset, (posted, pending) in sorted(report.asset_sums.items()):
        sums.add_row(asset, str(posted), str(pending))
    console.print(sums)
    # One finding a line, never wrapped: subjects (ids, links) stay whole to copy and grep.
    for f in report.findings[:FINDINGS_SHOWN_MAX]:
        colour = "red" if f.severity is Severity.ERROR else "yellow"
        line = Text(f.severity.value, style=colour)
        line.append(f"  {f.check}  {f.subject}  {f.detail}", style="default")
        console.print(line, soft_wrap=True)
    if len(report.findings) > FINDINGS_SHOWN_MAX:
        console.print(f"... and {len(report.findings) - FINDINGS_SHOWN_MAX} more finding(s)")
    broken = _first_broken_link(report.findings)
    if broken is not None:
        console.print(Text(f"first broken link: {broken.subject}"), soft_wrap=True)
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    console.print("[green]OK[/green]: the books balance, the chain is whole and every record "
                  "matches its ledger legs" if report.ok
                  else f"[red]FAILED[/red]: {errors} error(s)")


def _first_broken_link(findings: list[Finding]) -> Finding | None:
    """The earliest-made broken link among the lanes' first broken links."""
    links = [f for f in findings if f.check == "chain" and f.severity is Severity.ERROR
             and f.subject.count("/") == 2]
    return min(links, key=lambda f: int(f.subject.split("/")[2]), default=None)


def _print_head(report: Proof, console: Console) -> None:
    lanes = ", ".join(f"{h.chain} lane {h.lane} at {h.seq}" for h in report.heads) or "empty"
    console.print(Text(f"position: {lanes}"), soft_wrap=True)
    console.print(Text(f"head: {format_head(report.heads)}"), soft_wrap=True)
    if not report.ok:
        console.print("[red]the books failed verification: do not store this head[/red]")

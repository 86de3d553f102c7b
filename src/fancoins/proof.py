"""The proof of the books, as `fancoins verify` and the operator's economy view give it.

Three parts, each a list of findings naming what is wrong:
1. the ledger alone (`journal.verify`): every balance recomputed from its transfers, every
   asset summing to zero, flags, pending transfers;
2. the hash chain (`journal.chain_verify`): every commit's link and every audit entry
   recomputed, the first broken link of each lane named, the heads checked, and optionally
   the books checked against a head exported earlier;
3. every business record against its legs (each domain's `reconcile`): purchases, gifts,
   withdrawals, promotions, operator adjustments.

On PostgreSQL the whole proof reads one snapshot (REPEATABLE READ), so writers committing
meanwhile never make parts disagree; given an engine, it also shares that snapshot with a
second connection (`pg_export_snapshot`) and runs the parts on both at once. The journal
knows no domain; this module, above them all, is where they meet.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from functools import partial

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.db.engine import connect
from fancoins.gifts import reconcile as gifts
from fancoins.journal.chain_verify import check_chains
from fancoins.journal.verify import VerifyReport, check_ledger, tune_for_scans
from fancoins.ledger.chain import ExpectedHead
from fancoins.operator import reconcile as adjustments
from fancoins.payouts import reconcile as withdrawals
from fancoins.promotions import reconcile as promotions
from fancoins.purchases import reconcile as purchases

Proof = VerifyReport
Part = Callable[[AsyncConnection, VerifyReport], Awaitable[None]]

RECONCILES: tuple[Part, ...] = (
    purchases.check, gifts.check, withdrawals.check, promotions.check, adjustments.check,
)
# Connections a proof runs on at once: the heaviest parts (the chain's hashing, the gifts'
# join) are single-process queries each, so two of them keep two cores busy. More would only
# queue on this machine's cores (and take connections from the pool of a serving process).
PROOF_CONNECTIONS = 2
_ONE_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


# Parts in the order their findings are reported, and the order they start in on parallel
# connections: the longest first, so the connections finish close together.
_LONGEST_FIRST = ("hash chain", "cross-check: gifts", "ledger")


def parts(expected_head: ExpectedHead | None = None) -> list[tuple[str, Part]]:
    """The proof's parts, named, in the order their findings are reported."""
    chain: Part = partial(check_chains, expected=expected_head)
    return [("ledger", check_ledger), ("hash chain", chain),
            *((f"cross-check: {check.__module__.split('.')[1]}", check)
              for check in RECONCILES)]


def _start_order(names: Sequence[str]) -> list[int]:
    rank = {name: index for index, name in enumerate(_LONGEST_FIRST)}
    return sorted(range(len(names)), key=lambda i: rank.get(names[i], len(rank)))


async def prove(connection: AsyncConnection, *, expected_head: ExpectedHead | None = None,
                engine: AsyncEngine | None = None) -> Proof:
    """Everything `verify` checks. `connection` must not have begun its transaction yet for
    the proof to read one snapshot (a connection in use reads each part as it comes);
    `engine` lets it run on `PROOF_CONNECTIONS` connections sharing that snapshot."""
    snapshot = await _one_snapshot(connection)
    named = parts(expected_head)
    reports = [VerifyReport() for _ in named]
    order = _start_order([name for name, _ in named])
    jobs = [(named[i][1], reports[i]) for i in order]
    if snapshot is None or engine is None:
        for part, report in jobs:
            await part(connection, report)
    else:
        await _in_parallel(connection, engine, snapshot, jobs)
    return _merged(reports)


async def _one_snapshot(connection: AsyncConnection) -> str | None:
    """Begin `connection`'s transaction as one read-only snapshot and export it (PostgreSQL,
    when the transaction has not begun yet); its id, else None."""
    if connection.dialect.name != "postgresql" or connection.in_transaction():
        return None
    await connection.exec_driver_sql(_ONE_SNAPSHOT)
    exported = (await connection.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
    return str(exported)


async def _in_parallel(connection: AsyncConnection, engine: AsyncEngine, snapshot: str,
                       jobs: Sequence[tuple[Part, VerifyReport]]) -> None:
    waiting = list(jobs)

    async def work(on: AsyncConnection) -> None:
        await tune_for_scans(on)
        while waiting:
            part, report = waiting.pop(0)
            await part(on, report)

    helpers = [await connect(engine) for _ in range(PROOF_CONNECTIONS - 1)]
    try:
        for helper in helpers:
            await helper.exec_driver_sql(_ONE_SNAPSHOT)
            await helper.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        await asyncio.gather(work(connection), *(work(helper) for helper in helpers))
    finally:
        for helper in helpers:
            await helper.close()


def _merged(reports: Sequence[VerifyReport]) -> Proof:
    """The parts' reports as one, findings in the parts' order."""
    proof = VerifyReport()
    for report in reports:
        proof.findings.extend(report.findings)
        proof.accounts = proof.accounts or report.accounts
        proof.transfers = proof.transfers or report.transfers
        proof.asset_sums.update(report.asset_sums)
        proof.links.update(report.links)
        proof.heads.extend(report.heads)
    return proof

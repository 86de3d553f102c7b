"""Every operator adjustment against its audit entry, set-based (part of `fancoins verify`).

An adjustment is one transfer (`operator_grant`: the issuer to the wallet, or
`operator_removal`: back) recorded in the same commit as a `coins.adjusted` audit entry that
names the transfer, its signed amount and the user. A transfer without its entry (coins that
appeared without an audited operator action), an entry whose transfer is not in the ledger,
and an entry that disagrees with its transfer are each reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables import audit_log
from fancoins.journal.legs import transfer_legs
from fancoins.journal.verify import VerifyReport
from fancoins.ledger import COIN, chart

CHECK = "adjustment"
ADJUSTED = "coins.adjusted"
GRANT, REMOVAL = "operator_grant", "operator_removal"
# Mismatches listed per query (bounded).
FINDINGS_MAX = 50


@dataclass(frozen=True, slots=True)
class _Adjustment:
    id: str
    signed: int
    wallet: str
    issuer: str
    asset: str


@dataclass(frozen=True, slots=True)
class _Entry:
    id: Any
    target: str
    amount_coins: int | None


async def check(connection: AsyncConnection, report: VerifyReport) -> None:
    """Adjustments are operator actions, so few: both sides are read in one scan each and
    matched here (a join on a JSON field made some databases rescan the transfers per
    entry)."""
    adjustments = await _adjustments(connection)
    entries = await _entries(connection)
    problems = []
    for transfer_id, adjustment in adjustments.items():
        entry = entries.pop(transfer_id, None)
        problem = _problem(adjustment, entry)
        if problem is not None:
            problems.append((transfer_id, problem))
    for transfer_id, problem in sorted(problems)[:FINDINGS_MAX]:
        report.error(CHECK, transfer_id, problem)
    for transfer_id, entry in sorted(entries.items(), key=lambda e: str(e[1].id))[:FINDINGS_MAX]:
        report.error(CHECK, f"audit entry {entry.id}",
                     f"an adjustment's audit entry whose transfer {transfer_id} is not an "
                     "adjustment in the ledger")


async def _adjustments(connection: AsyncConnection) -> dict[str, _Adjustment]:
    legs = transfer_legs()
    grant = legs.c.code == GRANT
    rows = await connection.execute(
        select(legs.c.id, case((grant, legs.c.amount), else_=-legs.c.amount).label("signed"),
               case((grant, legs.c.credit_account_id), else_=legs.c.debit_account_id)
               .label("wallet"),
               case((grant, legs.c.debit_account_id), else_=legs.c.credit_account_id)
               .label("issuer"), legs.c.asset)
        .where(legs.c.code.in_([GRANT, REMOVAL]))
    )
    return {str(r.id): _Adjustment(str(r.id), int(r.signed), r.wallet, r.issuer, r.asset)
            for r in rows}


async def _entries(connection: AsyncConnection) -> dict[str, _Entry]:
    a = audit_log.c
    rows = await connection.execute(
        select(a.id, a.target, a.data["transfer_id"].as_string().label("transfer_id"),
               a.data["amount_coins"].as_integer().label("amount_coins"))
        .where(a.action == ADJUSTED)
    )
    return {str(r.transfer_id): _Entry(r.id, r.target, r.amount_coins) for r in rows}


def _problem(adjustment: _Adjustment, entry: _Entry | None) -> str | None:
    moved = f"the ledger moved {adjustment.signed:+} coins for {adjustment.wallet}"
    if entry is None:
        return f"{moved} without an audit entry: not an audited operator action"
    if adjustment.issuer != chart.COINS_ISSUED or adjustment.asset != COIN:
        return f"{moved} against {adjustment.issuer} in {adjustment.asset}"
    if entry.amount_coins != adjustment.signed or f"{entry.target}:coins" != adjustment.wallet:
        return (f"{moved}; its audit entry {entry.id} says {entry.amount_coins} for "
                f"{entry.target}")
    return None

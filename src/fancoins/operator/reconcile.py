"""Every operator adjustment against its audit entry, set-based (part of `fancoins verify`).

An adjustment is one transfer (`operator_grant`: the issuer to the wallet, or
`operator_removal`: back) recorded in the same commit as a `coins.adjusted` audit entry that
names the transfer, its signed amount and the user. A transfer without its entry (coins that
appeared without an audited operator action), an entry whose transfer is not in the ledger,
and an entry that disagrees with its transfer are each reported.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import uuid_text
from fancoins.db.tables import audit_log
from fancoins.journal.legs import transfer_legs
from fancoins.journal.verify import VerifyReport
from fancoins.ledger import COIN, chart

CHECK = "adjustment"
ADJUSTED = "coins.adjusted"
GRANT, REMOVAL = "operator_grant", "operator_removal"
# Mismatches listed per query (bounded).
FINDINGS_MAX = 50


async def check(connection: AsyncConnection, report: VerifyReport) -> None:
    a = audit_log.c
    legs = transfer_legs()
    entry_transfer = a.data["transfer_id"].as_string()
    entries = (
        select(a.id, a.target, entry_transfer.label("transfer_id"),
               a.data["amount_coins"].as_integer().label("amount_coins"))
        .where(a.action == ADJUSTED).subquery("entries")
    )
    signed = case((legs.c.code == GRANT, legs.c.amount), else_=-legs.c.amount)
    wallet = case((legs.c.code == GRANT, legs.c.credit_account_id),
                  else_=legs.c.debit_account_id)
    issuer = case((legs.c.code == GRANT, legs.c.debit_account_id),
                  else_=legs.c.credit_account_id)
    rows = await connection.execute(
        select(legs.c.id, signed.label("signed"), wallet.label("wallet"),
               entries.c.id.label("entry_id"), entries.c.amount_coins, entries.c.target)
        .select_from(legs.outerjoin(entries, entries.c.transfer_id
                                    == uuid_text(connection, legs.c.id)))
        .where(legs.c.code.in_([GRANT, REMOVAL]),
               or_(entries.c.id.is_(None), entries.c.amount_coins != signed,
                   entries.c.target + literal(":coins") != wallet,
                   issuer != chart.COINS_ISSUED, legs.c.asset != COIN))
        .order_by(legs.c.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CHECK, str(row.id), _problem(row))
    orphans = await connection.execute(
        select(entries.c.id, entries.c.transfer_id)
        .where(~and_(entries.c.transfer_id.is_not(None), entries.c.transfer_id.in_(
            select(uuid_text(connection, legs.c.id)).where(legs.c.code.in_([GRANT, REMOVAL])))))
        .order_by(entries.c.id).limit(FINDINGS_MAX)
    )
    for entry in orphans:
        report.error(CHECK, f"audit entry {entry.id}",
                     f"an adjustment's audit entry whose transfer {entry.transfer_id} is not "
                     "an adjustment in the ledger")


def _problem(row: Any) -> str:
    if row.entry_id is None:
        return (f"{row.signed:+} coins for {row.wallet} without an audit entry: not an "
                "audited operator action")
    return (f"the ledger moved {row.signed:+} coins for {row.wallet}; its audit entry "
            f"{row.entry_id} says {row.amount_coins:+} for {row.target}")

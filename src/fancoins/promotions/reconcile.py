"""Every promotion against its ledger legs, set-based (part of `fancoins verify`).

See `legs`: the budget is held when the promotion starts (`promotion:<id>:hold`); each
delivery posts its charge of the hold and holds the rest again (`promotion-delivery:<id>`);
ending or canceling voids the hold (`promotion:<id>:<status>`). So on the books: the first
hold is the budget; the charges add up to what the promotion says it charged (and each
delivery's charge is its own row's); the voided rest is what it says it returned; and the
hold it names is still pending with exactly the budget less what was charged and returned
(with no hold, nothing is left).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import uuid_hex
from fancoins.db.tables.promotions import promotion_deliveries, promotions
from fancoins.journal.legs import transfer_legs
from fancoins.journal.verify import VerifyReport

CHECK = "promotion"
# Mismatches listed per query (bounded).
FINDINGS_MAX = 50


async def check(connection: AsyncConnection, report: VerifyReport) -> None:
    await _check_deliveries(connection, report)
    await _check_promotions(connection, report)


def _charges(connection: AsyncConnection) -> Any:
    """Each delivery's charge in the ledger."""
    d = promotion_deliveries.c
    legs = transfer_legs("charges")
    operation = literal("promotion-delivery:") + uuid_hex(connection, d.id)
    return (
        select(d.id, d.promotion_id, d.charged_coins,
               func.coalesce(func.sum(legs.c.amount), literal(0, Integer)).label("charged"))
        .select_from(promotion_deliveries.outerjoin(
            legs, and_(legs.c.operation_id == operation, legs.c.code == "promotion_charge")))
        .group_by(d.id, d.promotion_id, d.charged_coins)
        .subquery("delivery_charges")
    )


async def _check_deliveries(connection: AsyncConnection, report: VerifyReport) -> None:
    charges = _charges(connection)
    rows = await connection.execute(
        select(charges.c.id, charges.c.charged_coins, charges.c.charged)
        .where(charges.c.charged != charges.c.charged_coins)
        .order_by(charges.c.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CHECK, f"delivery:{row.id}",
                     f"charged {row.charged_coins} coins on record, {row.charged} in the ledger")


async def _check_promotions(connection: AsyncConnection, report: VerifyReport) -> None:
    p = promotions.c
    zero = literal(0, Integer)
    hex_id = uuid_hex(connection, p.id)
    first = transfer_legs("first_hold")
    released = transfer_legs("released")
    held = transfer_legs("held")
    charges = _charges(connection)
    charged = (select(charges.c.promotion_id, func.sum(charges.c.charged).label("coins"))
               .group_by(charges.c.promotion_id).subquery("charged"))
    returns = (select(released.c.operation_id, func.sum(released.c.amount).label("coins"))
               .where(released.c.code == "promotion_release")
               .group_by(released.c.operation_id).subquery("returns"))
    wallet = literal("user:") + p.user_id + literal(":coins")
    budget_held = func.coalesce(first.c.amount, zero)
    ledger_charged = func.coalesce(charged.c.coins, zero)
    ledger_returned = func.coalesce(func.sum(returns.c.coins), zero)
    still_held = func.coalesce(func.max(held.c.amount), zero)
    rows = await connection.execute(
        select(p.id, p.budget_coins, p.charged_coins, p.returned_coins, p.status,
               p.hold_transfer_id, budget_held.label("budget_held"),
               ledger_charged.label("ledger_charged"),
               ledger_returned.label("ledger_returned"), still_held.label("still_held"),
               func.max(first.c.debit_account_id).label("wallet_held"),
               wallet.label("wallet"))
        .select_from(
            promotions
            .outerjoin(first, and_(first.c.operation_id
                                   == literal("promotion:") + hex_id + literal(":hold"),
                                   first.c.code == "promotion_hold"))
            .outerjoin(charged, charged.c.promotion_id == p.id)
            .outerjoin(returns, returns.c.operation_id.like(
                literal("promotion:") + hex_id + literal(":%")))
            .outerjoin(held, and_(held.c.id == p.hold_transfer_id,
                                  held.c.pending_status == "pending",
                                  held.c.code == "promotion_hold"))
        )
        .group_by(p.id, p.budget_coins, p.charged_coins, p.returned_coins, p.status,
                  p.hold_transfer_id, first.c.amount, charged.c.coins, p.user_id)
        .having(or_(
            budget_held != p.budget_coins, ledger_charged != p.charged_coins,
            ledger_returned != p.returned_coins,
            still_held != p.budget_coins - p.charged_coins - p.returned_coins,
            and_(p.hold_transfer_id.is_not(None), func.count(held.c.id) == 0),
            func.max(first.c.debit_account_id) != wallet,
        ))
        .order_by(p.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CHECK, f"promotion:{row.id}", _problem(row))


def _problem(row: Any) -> str:
    parts = [
        f"{label} {stored} on record, {ledger} in the ledger"
        for label, stored, ledger in (
            ("budget", row.budget_coins, row.budget_held),
            ("charged", row.charged_coins, row.ledger_charged),
            ("returned", row.returned_coins, row.ledger_returned),
            ("held", row.budget_coins - row.charged_coins - row.returned_coins,
             row.still_held))
        if stored != ledger
    ]
    if row.hold_transfer_id is not None and not row.still_held:
        parts.append(f"its hold {row.hold_transfer_id} is not an open promotion hold")
    if row.wallet_held != row.wallet:
        parts.append(f"the budget was held from {row.wallet_held}, not {row.wallet}")
    return "; ".join(parts) or "its legs do not match"

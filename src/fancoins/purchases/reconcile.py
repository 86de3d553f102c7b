"""Every purchase against its ledger legs, set-based (part of `fancoins verify`).

A fulfilled purchase was recorded under the operation `purchase:<id>`: the coin leg
(`platform:coins_issued` → the buyer's wallet, the purchase's coins) and the money legs in its
currency from the store's receivable account: fee, tax and net revenue, which add up to the
gross. A purchase never fulfilled has no legs. Each claw-back (`purchase_refunds`) was
recorded under `refund:<refund id>`: its coins back and its money legs turned around, adding
up to the refund's gross; a purchase's refunded totals are the sum of its claw-backs. Legs of
a purchase or refund that does not exist are reported too.

Reads only the columns it checks, so columns added to purchases later change nothing here;
legs of codes it does not know are left to their own checks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from fancoins.db.dialect import uuid_text
from fancoins.db.tables.purchases import purchase_refunds, purchases
from fancoins.journal.legs import transfer_legs
from fancoins.journal.verify import VerifyReport
from fancoins.ledger import chart

CHECK = "purchase"
# Mismatches listed per query; `verify` names them one by one, so the list is bounded.
FINDINGS_MAX = 50
_MONEY = {"purchase_fee": "fee", "purchase_tax": "tax", "purchase_revenue": "net"}
_REFUND_MONEY = {"refund_fee": "fee", "refund_tax": "tax", "refund_revenue": "net"}


def _signed_from(legs: Subquery, prefix: str, *, towards: bool) -> ColumnElement[int]:
    """A money leg's amount, positive when it runs the way the purchase runs it (from the
    store's receivable account for a purchase, back to it for a refund)."""
    side = legs.c.credit_account_id if towards else legs.c.debit_account_id
    return case((side.like(prefix + "%"), legs.c.amount), else_=-legs.c.amount)


def _sum_code(legs: Subquery, code: str, amount: ColumnElement[int]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((legs.c.code == code, amount), else_=0)), 0)


def _by_operation(codes: dict[str, str], coin_code: str, *, refund: bool) -> Subquery:
    legs = transfer_legs()
    money: dict[str, ColumnElement[Any]] = {
        name: _sum_code(legs, code, _signed_from(legs, "store:", towards=refund))
        for code, name in codes.items()
    }
    # Coins count only when they come from (or go back to) the issuer.
    issuer = legs.c.credit_account_id if refund else legs.c.debit_account_id
    coins = case((issuer == chart.COINS_ISSUED, legs.c.amount), else_=0)
    return (
        select(
            legs.c.operation_id,
            _sum_code(legs, coin_code, coins).label("coins"),
            *(value.label(name) for name, value in money.items()),
            func.count().label("legs"),
            func.max(case((legs.c.code == coin_code,
                           legs.c.debit_account_id if refund else legs.c.credit_account_id)))
            .label("wallet"),
            func.min(case((legs.c.code != coin_code, legs.c.asset))).label("asset_min"),
            func.max(case((legs.c.code != coin_code, legs.c.asset))).label("asset_max"),
        )
        .where(legs.c.code.in_([coin_code, *codes]))
        .group_by(legs.c.operation_id)
        .subquery("by_operation")
    )


async def check(connection: AsyncConnection, report: VerifyReport) -> None:
    await _check_fulfilments(connection, report)
    await _check_refunds(connection, report)


async def _check_fulfilments(connection: AsyncConnection, report: VerifyReport) -> None:
    p = purchases.c
    ops = _by_operation(_MONEY, "purchase", refund=False)
    operation = literal("purchase:") + uuid_text(connection, p.id)
    fulfilled = p.fulfilled_at_ms.is_not(None)
    wallet = literal("user:") + p.user_id + literal(":coins")
    rows = await connection.execute(
        select(p.id, p.coins, p.gross_minor, p.store_fee_minor, p.tax_minor, p.net_minor,
               p.currency, fulfilled.label("fulfilled"), ops.c.coins.label("leg_coins"),
               ops.c.fee, ops.c.tax, ops.c.net, ops.c.legs, ops.c.wallet.label("leg_wallet"),
               wallet.label("wallet"), ops.c.asset_min, ops.c.asset_max)
        .select_from(purchases.outerjoin(ops, ops.c.operation_id == operation))
        .where(or_(
            and_(~fulfilled, ops.c.legs.is_not(None)),
            and_(fulfilled, or_(
                ops.c.legs.is_(None), ops.c.coins != p.coins, ops.c.fee != p.store_fee_minor,
                ops.c.tax != p.tax_minor, ops.c.net != p.net_minor, ops.c.wallet != wallet,
                p.store_fee_minor + p.tax_minor + p.net_minor != p.gross_minor,
                ops.c.asset_min != p.currency, ops.c.asset_max != p.currency,
            )),
        ))
        .order_by(p.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CHECK, f"purchase:{row.id}", _fulfilment_problem(row))
    orphans = await connection.execute(
        select(ops.c.operation_id)
        .where(ops.c.operation_id.like("purchase:%"),
               ~select(p.id).where(literal("purchase:") + uuid_text(connection, p.id)
                                   == ops.c.operation_id).exists())
        .order_by(ops.c.operation_id).limit(FINDINGS_MAX)
    )
    for operation_id in orphans.scalars():
        report.error(CHECK, str(operation_id), "purchase legs of a purchase that does not exist")


def _fulfilment_problem(row: Any) -> str:
    if not row.fulfilled:
        return f"never fulfilled, yet {row.legs} ledger leg(s) were recorded for it"
    if row.legs is None:
        return "fulfilled, but no ledger leg was recorded for it"
    parts = [
        f"{label} {stored} on the purchase, {leg} in the ledger"
        for label, stored, leg in (
            ("coins", row.coins, row.leg_coins), ("store fee", row.store_fee_minor, row.fee),
            ("tax", row.tax_minor, row.tax), ("net", row.net_minor, row.net))
        if stored != leg
    ]
    if row.store_fee_minor + row.tax_minor + row.net_minor != row.gross_minor:
        parts.append(f"fee + tax + net is not the gross {row.gross_minor}")
    if row.leg_wallet != row.wallet:
        parts.append(f"the coins went to {row.leg_wallet}, not {row.wallet}")
    if (row.asset_min, row.asset_max) != (row.currency, row.currency):
        parts.append(f"money legs in {row.asset_min}..{row.asset_max}, not {row.currency}")
    return "; ".join(parts)


async def _check_refunds(connection: AsyncConnection, report: VerifyReport) -> None:
    r = purchase_refunds.c
    ops = _by_operation(_REFUND_MONEY, "purchase_clawback", refund=True)
    operation = literal("refund:") + uuid_text(connection, r.id)
    money = ops.c.fee + ops.c.tax + ops.c.net
    rows = await connection.execute(
        select(r.id, r.coins_clawed_back, r.gross_minor, ops.c.coins.label("leg_coins"),
               money.label("leg_gross"), ops.c.legs)
        .select_from(purchase_refunds.outerjoin(ops, ops.c.operation_id == operation))
        .where(or_(ops.c.legs.is_(None), ops.c.coins != r.coins_clawed_back,
                   money != r.gross_minor))
        .order_by(r.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        detail = ("no ledger leg was recorded for this claw-back" if row.legs is None else
                  f"coins {row.coins_clawed_back} and gross {row.gross_minor} on the refund, "
                  f"{row.leg_coins} and {row.leg_gross} in the ledger")
        report.error(CHECK, f"refund:{row.id}", detail)
    await _check_refunded_totals(connection, report, ops)


async def _check_refunded_totals(connection: AsyncConnection, report: VerifyReport,
                                 ops: Subquery) -> None:
    p, r = purchases.c, purchase_refunds.c
    operation = literal("refund:") + uuid_text(connection, r.id)
    per_purchase = (
        select(r.purchase_id, func.sum(ops.c.coins).label("coins"),
               func.sum(ops.c.fee).label("fee"), func.sum(ops.c.tax).label("tax"),
               func.sum(ops.c.net).label("net"))
        .select_from(purchase_refunds.join(ops, ops.c.operation_id == operation))
        .group_by(r.purchase_id).subquery("refunded")
    )
    zero = literal(0, Integer)
    coins = func.coalesce(per_purchase.c.coins, zero)
    fee = func.coalesce(per_purchase.c.fee, zero)
    tax = func.coalesce(per_purchase.c.tax, zero)
    net = func.coalesce(per_purchase.c.net, zero)
    rows = await connection.execute(
        select(p.id, p.coins_clawed_back, p.fee_refunded_minor, p.tax_refunded_minor,
               p.net_refunded_minor, p.gross_refunded_minor, coins.label("leg_coins"),
               fee.label("fee"), tax.label("tax"), net.label("net"))
        .select_from(purchases.outerjoin(per_purchase, per_purchase.c.purchase_id == p.id))
        .where(or_(coins != p.coins_clawed_back, fee != p.fee_refunded_minor,
                   tax != p.tax_refunded_minor, net != p.net_refunded_minor,
                   fee + tax + net != p.gross_refunded_minor))
        .order_by(p.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CHECK, f"purchase:{row.id}", (
            f"refunded coins/fee/tax/net {row.coins_clawed_back}/{row.fee_refunded_minor}/"
            f"{row.tax_refunded_minor}/{row.net_refunded_minor} (gross "
            f"{row.gross_refunded_minor}) on the purchase, {row.leg_coins}/{row.fee}/"
            f"{row.tax}/{row.net} in its claw-backs' legs"))

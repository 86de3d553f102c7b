"""Every withdrawal and diamond claw-back against its ledger legs, set-based (part of
`fancoins verify`).

A withdrawal holds two pending transfers under ids it keeps (`legs.plan_hold`): its diamonds
from the creator to `platform:diamonds_redeemed`, its cash from revenue to payouts. Their
pending state follows the withdrawal's status: still pending while it is open, posted in full
once paid, voided (or expired) once failed or rejected; a reversed withdrawal was paid and
then given back by two new transfers of the same amounts (`withdrawal:<id>:reverse`).
A refund's diamond claw-back (`diamond_clawbacks`) takes from each creator what its rows say,
in one transfer per creator (`refund-diamonds:<refund id>`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from fancoins.db.dialect import uuid_hex
from fancoins.db.tables.payouts import diamond_clawbacks, withdrawals
from fancoins.journal.legs import transfer_legs
from fancoins.journal.verify import VerifyReport
from fancoins.ledger import DIAMOND, TransferFlags, chart
from fancoins.payouts.states import OPEN, WithdrawalStatus

CHECK = "withdrawal"
CLAWBACK_CHECK = "diamond_clawback"
# Mismatches listed per query (bounded).
FINDINGS_MAX = 50
_PAID = (WithdrawalStatus.PAID.value, WithdrawalStatus.REVERSED.value)
_VOIDED = (WithdrawalStatus.FAILED.value, WithdrawalStatus.REJECTED.value)


def _expected_state(status: ColumnElement[str]) -> ColumnElement[str]:
    """The pending state both holds must be in for a withdrawal in `status`."""
    return case(
        (status.in_([s.value for s in OPEN]), "pending"),
        (status.in_(_PAID), "posted"),
        (status.in_(_VOIDED), "voided"),
        else_="unknown",
    )


def _state_matches(
    actual: ColumnElement[Any], expected: ColumnElement[str]
) -> ColumnElement[bool]:
    # A void after the timeout is recorded as expired: the same outcome for the books.
    return or_(actual == expected, and_(expected == "voided", actual == "expired"))


async def check(connection: AsyncConnection, report: VerifyReport) -> None:
    await _check_holds(connection, report)
    await _check_reversals(connection, report)
    await _check_orphan_holds(connection, report)
    await _check_clawbacks(connection, report)


async def _check_holds(connection: AsyncConnection, report: VerifyReport) -> None:
    w = withdrawals.c
    d, c = transfer_legs("diamond_hold"), transfer_legs("cash_hold")
    expected = _expected_state(w.status)
    pending = int(TransferFlags.PENDING)
    creator = literal("user:") + w.user_id + literal(":diamonds")
    diamonds_ok = and_(
        d.c.code == "withdrawal_hold", d.c.flags.op("&")(pending) != 0,
        d.c.amount == w.diamonds, d.c.asset == DIAMOND, d.c.debit_account_id == creator,
        d.c.credit_account_id == chart.DIAMONDS_REDEEMED, _state_matches(d.c.pending_status,
                                                                         expected),
    )
    cash_ok = and_(
        c.c.code == "withdrawal_hold", c.c.flags.op("&")(pending) != 0,
        c.c.amount == w.amount_minor, c.c.asset == w.currency,
        c.c.debit_account_id == literal("platform:revenue:") + w.currency,
        c.c.credit_account_id == literal("platform:payouts:") + w.currency,
        _state_matches(c.c.pending_status, expected),
    )
    rows = await connection.execute(
        select(w.id, w.status, w.diamonds, w.amount_minor, w.currency,
               expected.label("expected"), d.c.id.label("d_id"), d.c.amount.label("d_amount"),
               d.c.pending_status.label("d_state"), c.c.id.label("c_id"),
               c.c.amount.label("c_amount"), c.c.pending_status.label("c_state"))
        .select_from(withdrawals.outerjoin(d, d.c.id == w.diamonds_pending_id)
                     .outerjoin(c, c.c.id == w.cash_pending_id))
        .where(or_(d.c.id.is_(None), c.c.id.is_(None), ~diamonds_ok, ~cash_ok))
        .order_by(w.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CHECK, f"withdrawal:{row.id}", _hold_problem(row))
    await _check_posts(connection, report)


def _hold_problem(row: Any) -> str:
    if row.d_id is None or row.c_id is None:
        return "a pending leg it names is not in the ledger"
    return (f"{row.status}: {row.diamonds} diamonds and {row.amount_minor} {row.currency} held "
            f"({row.expected}); the ledger holds {row.d_amount} diamonds ({row.d_state}) and "
            f"{row.c_amount} ({row.c_state})")


async def _check_posts(connection: AsyncConnection, report: VerifyReport) -> None:
    """A paid withdrawal posted both holds in full."""
    w = withdrawals.c
    posts = transfer_legs("posts")
    posted = (
        select(posts.c.pending_id, func.sum(posts.c.amount).label("amount"))
        .where(posts.c.flags.op("&")(int(TransferFlags.POST_PENDING)) != 0)
        .group_by(posts.c.pending_id).subquery("posted")
    )
    d, c = posted.alias("d_post"), posted.alias("c_post")
    rows = await connection.execute(
        select(w.id, w.diamonds, w.amount_minor, d.c.amount.label("d_amount"),
               c.c.amount.label("c_amount"))
        .select_from(withdrawals.outerjoin(d, d.c.pending_id == w.diamonds_pending_id)
                     .outerjoin(c, c.c.pending_id == w.cash_pending_id))
        .where(w.status.in_(_PAID),
               or_(func.coalesce(d.c.amount, 0) != w.diamonds,
                   func.coalesce(c.c.amount, 0) != w.amount_minor))
        .order_by(w.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CHECK, f"withdrawal:{row.id}",
                     f"paid {row.diamonds} diamonds and {row.amount_minor}; posted "
                     f"{row.d_amount or 0} and {row.c_amount or 0}")


async def _check_reversals(connection: AsyncConnection, report: VerifyReport) -> None:
    w = withdrawals.c
    legs = transfer_legs()
    given_back = (
        select(legs.c.operation_id,
               func.sum(case((legs.c.asset == DIAMOND, legs.c.amount), else_=0))
               .label("diamonds"),
               func.sum(case((legs.c.asset != DIAMOND, legs.c.amount), else_=0)).label("cash"))
        .where(legs.c.code == "withdrawal_reversed")
        .group_by(legs.c.operation_id).subquery("given_back")
    )
    operation = literal("withdrawal:") + uuid_hex(connection, w.id) + literal(":reverse")
    reversed_ = w.status == WithdrawalStatus.REVERSED.value
    rows = await connection.execute(
        select(w.id, w.status, w.diamonds, w.amount_minor, given_back.c.diamonds.label("back_d"),
               given_back.c.cash.label("back_c"))
        .select_from(withdrawals.outerjoin(given_back, given_back.c.operation_id == operation))
        .where(or_(
            and_(reversed_, or_(given_back.c.diamonds.is_(None),
                                given_back.c.diamonds != w.diamonds,
                                given_back.c.cash != w.amount_minor)),
            and_(~reversed_, given_back.c.diamonds.is_not(None)),
        ))
        .order_by(w.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CHECK, f"withdrawal:{row.id}",
                     f"{row.status}, {row.diamonds} diamonds and {row.amount_minor} paid out; "
                     f"given back {row.back_d or 0} and {row.back_c or 0}")


async def _check_orphan_holds(connection: AsyncConnection, report: VerifyReport) -> None:
    w = withdrawals.c
    legs = transfer_legs()
    rows = await connection.execute(
        select(legs.c.id).where(
            legs.c.code == "withdrawal_hold",
            ~select(w.id).where(or_(w.diamonds_pending_id == legs.c.id,
                                    w.cash_pending_id == legs.c.id)).exists())
        .order_by(legs.c.id).limit(FINDINGS_MAX)
    )
    for transfer_id in rows.scalars():
        report.error(CHECK, str(transfer_id), "a withdrawal hold of no withdrawal")


async def _check_clawbacks(connection: AsyncConnection, report: VerifyReport) -> None:
    k = diamond_clawbacks.c
    legs = transfer_legs()
    owed = (
        select(k.refund_id, k.creator_id, func.sum(k.diamonds).label("diamonds"))
        .group_by(k.refund_id, k.creator_id).having(func.sum(k.diamonds) > 0)
        .subquery("owed")
    )
    taken = (
        select(legs.c.operation_id, legs.c.debit_account_id,
               func.sum(legs.c.amount).label("diamonds"))
        .where(legs.c.code == "refund_diamond_clawback")
        .group_by(legs.c.operation_id, legs.c.debit_account_id).subquery("taken")
    )
    operation = literal("refund-diamonds:") + uuid_hex(connection, owed.c.refund_id)
    account = literal("user:") + owed.c.creator_id + literal(":diamonds")
    rows = await connection.execute(
        select(owed.c.refund_id, owed.c.creator_id, owed.c.diamonds,
               taken.c.diamonds.label("taken"))
        .select_from(owed.outerjoin(taken, and_(taken.c.operation_id == operation,
                                                taken.c.debit_account_id == account)))
        .where(or_(taken.c.diamonds.is_(None), taken.c.diamonds != owed.c.diamonds))
        .order_by(owed.c.refund_id, owed.c.creator_id).limit(FINDINGS_MAX)
    )
    for row in rows:
        report.error(CLAWBACK_CHECK, f"refund:{row.refund_id} {row.creator_id}",
                     f"{row.diamonds} diamonds clawed back on record, {row.taken or 0} taken "
                     "in the ledger")

"""Every gift against its ledger legs, set-based (part of `fancoins verify`).

A gift's coin leg is the transfer with the gift's own id: its coins from the sender's wallet
to `platform:coins_spent` (or one of its slots). The writer credits each creator once per
batch: in each batch (the coin legs' operation id), the diamonds of a creator's gifts add up
to the one `gift_diamonds` transfer crediting that creator's diamonds (or one of its slots).
A `gift_sent` transfer without its gift, or a diamond credit without gifts, is reported too.

Gifts are the bulk of a ledger, so this reads them once: one join of every gift with its coin
leg, summed per batch and creator, and one pass over the gift legs summed per batch. The
gifts or legs behind a mismatch are then looked up by name (only when there is one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables.gifts import gifts
from fancoins.gifts.service import DIAMONDS_CODE, GIFT_CODE
from fancoins.journal.legs import transfer_legs
from fancoins.journal.verify import VerifyReport
from fancoins.ledger import COIN, chart

CHECK = "gift"
# Gifts (or legs) named one by one behind a mismatch (a million could all be wrong).
FINDINGS_MAX = 50
# The platform's side of gift legs: the account or one of its slots (`journal.slots`).
_COINS_SPENT = (chart.COINS_SPENT, *chart.slot_accounts(chart.COINS_SPENT))
_DIAMONDS_ISSUED = (chart.DIAMONDS_ISSUED, *chart.slot_accounts(chart.DIAMONDS_ISSUED))


@dataclass(slots=True)
class _Batch:
    """One batch (operation id) as the gifts see it and as the ledger does."""

    earned: dict[str, int] = field(default_factory=dict)  # diamond account -> diamonds
    credited: dict[str, int] = field(default_factory=dict)  # diamond account -> diamonds
    coin_legs: int = 0  # gifts whose coin leg is in this batch
    ledger_coin_legs: int = 0  # `gift_sent` transfers in this batch


async def check(connection: AsyncConnection, report: VerifyReport) -> None:
    batches: dict[str | None, _Batch] = defaultdict(_Batch)
    bad = await _read_gifts(connection, batches)
    if bad:
        await _name_bad_gifts(connection, report)
    await _read_legs(connection, batches)
    for operation_id in sorted(batches, key=lambda op: op or ""):
        batch = batches[operation_id]
        if operation_id is None:
            continue  # gifts without a coin leg: named above
        _compare_diamonds(report, operation_id, batch)
        if batch.ledger_coin_legs > batch.coin_legs:
            await _name_orphan_legs(connection, report, operation_id)


async def _read_gifts(connection: AsyncConnection, batches: dict[str | None, _Batch]) -> int:
    """Every gift joined to its coin leg, summed per batch and creator. Returns how many
    gifts do not match their leg."""
    g = gifts.c
    legs = transfer_legs()
    off = or_(legs.c.id.is_(None), legs.c.code != GIFT_CODE, legs.c.amount != g.coins,
              legs.c.debit_account_id != literal("user:") + g.sender_id + literal(":coins"),
              legs.c.credit_account_id.not_in(_COINS_SPENT), legs.c.asset != COIN)
    rows = await connection.execute(
        select(legs.c.operation_id, g.recipient_id, func.sum(g.diamonds).label("diamonds"),
               func.count(legs.c.id).label("with_leg"),
               func.sum(case((off, 1), else_=0)).label("bad"))
        .select_from(gifts.outerjoin(legs, legs.c.id == g.id))
        .group_by(legs.c.operation_id, g.recipient_id)
    )
    bad = 0
    for row in rows:
        batch = batches[row.operation_id]
        if row.diamonds:
            account = chart.user_diamonds(row.recipient_id)
            batch.earned[account] = batch.earned.get(account, 0) + int(row.diamonds)
        batch.coin_legs += int(row.with_leg)
        bad += int(row.bad)
    return bad


async def _read_legs(connection: AsyncConnection, batches: dict[str | None, _Batch]) -> None:
    """The gift legs per batch: how many coin legs, and each creator's diamond credit."""
    legs = transfer_legs()
    diamonds = and_(legs.c.code == DIAMONDS_CODE,
                    legs.c.debit_account_id.in_(_DIAMONDS_ISSUED))
    rows = await connection.execute(
        select(legs.c.operation_id, legs.c.code,
               case((diamonds, legs.c.credit_account_id)).label("account_id"),
               func.count().label("legs"), func.sum(legs.c.amount).label("amount"))
        .where(or_(legs.c.code == GIFT_CODE, diamonds))
        .group_by(legs.c.operation_id, legs.c.code, case((diamonds, legs.c.credit_account_id)))
    )
    for row in rows:
        batch = batches[row.operation_id]
        if row.code == GIFT_CODE:
            batch.ledger_coin_legs += int(row.legs)
        else:
            # A batch credits a creator in one of the diamonds account's slots, or in it.
            account = chart.main_account(row.account_id)
            batch.credited[account] = batch.credited.get(account, 0) + int(row.amount)


def _compare_diamonds(report: VerifyReport, operation_id: str, batch: _Batch) -> None:
    credited = batch.credited
    for account in sorted(set(batch.earned) | set(credited)):
        earned, paid = batch.earned.get(account), credited.get(account)
        if earned == paid:
            continue
        detail = (f"{paid} diamonds credited without a gift that earned them" if earned is None
                  else f"the batch's gifts earned {earned} diamonds, {paid or 0} were credited")
        report.error(CHECK, f"{operation_id} {account}", detail)


async def _name_bad_gifts(connection: AsyncConnection, report: VerifyReport) -> None:
    g = gifts.c
    legs = transfer_legs()
    wallet = literal("user:") + g.sender_id + literal(":coins")
    rows = await connection.execute(
        select(g.id, g.coins, legs.c.id.label("leg_id"), legs.c.code, legs.c.amount,
               legs.c.debit_account_id, legs.c.credit_account_id, legs.c.asset,
               wallet.label("wallet"))
        .select_from(gifts.outerjoin(legs, legs.c.id == g.id))
        .where(or_(legs.c.id.is_(None), legs.c.code != GIFT_CODE, legs.c.amount != g.coins,
                   legs.c.debit_account_id != wallet,
                   legs.c.credit_account_id.not_in(_COINS_SPENT), legs.c.asset != COIN))
        .order_by(g.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        detail = ("no coin leg: no transfer has the gift's id" if row.leg_id is None else
                  f"{row.coins} coins from {row.wallet} on the gift; the leg is {row.code} "
                  f"{row.amount} {row.asset} from {row.debit_account_id} to "
                  f"{row.credit_account_id}")
        report.error(CHECK, f"gift:{row.id}", detail)


async def _name_orphan_legs(connection: AsyncConnection, report: VerifyReport,
                            operation_id: str) -> None:
    g = gifts.c
    legs = transfer_legs()
    rows = await connection.execute(
        select(legs.c.id).where(legs.c.operation_id == operation_id, legs.c.code == GIFT_CODE,
                                ~select(g.id).where(g.id == legs.c.id).exists())
        .order_by(legs.c.id).limit(FINDINGS_MAX)
    )
    for transfer_id in rows.scalars():
        report.error(CHECK, str(transfer_id), "a gift's coin leg whose gift does not exist")

"""Every gift against its ledger legs, set-based (part of `fancoins verify`).

A gift's coin leg is the transfer with the gift's own id: its coins from the sender's wallet
to `platform:coins_spent`. The writer credits each creator once per batch: in each batch
(the coin legs' operation id), the diamonds of a creator's gifts add up to the one
`gift_diamonds` transfer crediting that creator's diamonds. A `gift_sent` transfer without
its gift, or a diamond credit without gifts, is reported too.
"""

from __future__ import annotations

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables.gifts import gifts
from fancoins.gifts.service import DIAMONDS_CODE, GIFT_CODE
from fancoins.journal.legs import transfer_legs
from fancoins.journal.verify import VerifyReport
from fancoins.ledger import COIN, chart

CHECK = "gift"
# Mismatches listed per query (bounded: a million gifts could all be wrong).
FINDINGS_MAX = 50


async def check(connection: AsyncConnection, report: VerifyReport) -> None:
    await _check_coin_legs(connection, report)
    await _check_diamonds(connection, report)


async def _check_coin_legs(connection: AsyncConnection, report: VerifyReport) -> None:
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
                   legs.c.credit_account_id != chart.COINS_SPENT, legs.c.asset != COIN))
        .order_by(g.id).limit(FINDINGS_MAX)
    )
    for row in rows:
        detail = ("no coin leg: no transfer has the gift's id" if row.leg_id is None else
                  f"{row.coins} coins from {row.wallet} on the gift; the leg is {row.code} "
                  f"{row.amount} {row.asset} from {row.debit_account_id} to "
                  f"{row.credit_account_id}")
        report.error(CHECK, f"gift:{row.id}", detail)
    orphans = await connection.execute(
        select(legs.c.id).where(legs.c.code == GIFT_CODE,
                                ~select(g.id).where(g.id == legs.c.id).exists())
        .order_by(legs.c.id).limit(FINDINGS_MAX)
    )
    for transfer_id in orphans.scalars():
        report.error(CHECK, str(transfer_id), "a gift's coin leg whose gift does not exist")


async def _check_diamonds(connection: AsyncConnection, report: VerifyReport) -> None:
    """Per batch and creator: the gifts' diamonds against the batch's diamond credit."""
    g = gifts.c
    coin_legs = transfer_legs("coin_legs")
    earned = (
        select(coin_legs.c.operation_id,
               (literal("user:") + g.recipient_id + literal(":diamonds")).label("account_id"),
               func.sum(g.diamonds).label("diamonds"))
        .select_from(gifts.join(coin_legs, coin_legs.c.id == g.id))
        .group_by(coin_legs.c.operation_id, g.recipient_id)
        .having(func.sum(g.diamonds) > 0)
        .subquery("earned")
    )
    legs = transfer_legs()
    credited = (
        select(legs.c.operation_id, legs.c.credit_account_id.label("account_id"),
               func.sum(legs.c.amount).label("diamonds"))
        .where(legs.c.code == DIAMONDS_CODE, legs.c.debit_account_id == chart.DIAMONDS_ISSUED)
        .group_by(legs.c.operation_id, legs.c.credit_account_id)
        .subquery("credited")
    )
    same = and_(credited.c.operation_id == earned.c.operation_id,
                credited.c.account_id == earned.c.account_id)
    short = await connection.execute(
        select(earned.c.operation_id, earned.c.account_id, earned.c.diamonds,
               credited.c.diamonds.label("credited"))
        .select_from(earned.outerjoin(credited, same))
        .where(or_(credited.c.diamonds.is_(None), credited.c.diamonds != earned.c.diamonds))
        .order_by(earned.c.operation_id, earned.c.account_id).limit(FINDINGS_MAX)
    )
    for row in short:
        report.error(CHECK, f"{row.operation_id} {row.account_id}",
                     f"the batch's gifts earned {row.diamonds} diamonds, "
                     f"{row.credited or 0} were credited")
    unearned = await connection.execute(
        select(credited.c.operation_id, credited.c.account_id, credited.c.diamonds)
        .select_from(credited.outerjoin(earned, same))
        .where(earned.c.diamonds.is_(None))
        .order_by(credited.c.operation_id, credited.c.account_id).limit(FINDINGS_MAX)
    )
    for credit in unearned:
        report.error(CHECK, f"{credit.operation_id} {credit.account_id}",
                     f"{credit.diamonds} diamonds credited without a gift that earned them")

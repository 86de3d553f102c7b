"""Every query of the payouts domain: payout methods, withdrawals, PayPal webhook events."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, locks_rows
from fancoins.db.tables.payouts import (
    diamond_clawbacks,
    payout_methods,
    paypal_webhook_events,
    withdrawals,
)
from fancoins.payouts.legs import WithdrawalLegs
from fancoins.payouts.states import WithdrawalStatus

w = withdrawals


@dataclass(frozen=True, slots=True)
class Withdrawal:
    id: uuid.UUID
    user_id: str
    status: WithdrawalStatus
    amount_minor: int
    currency: str
    diamonds: int
    paypal_email: str
    sender_batch_id: str
    payout_batch_id: str | None
    payout_item_id: str | None
    submit_attempts: int
    last_error: str | None
    created_at_ms: int
    updated_at_ms: int
    diamonds_pending_id: uuid.UUID
    cash_pending_id: uuid.UUID

    @property
    def ledger_legs(self) -> WithdrawalLegs:
        return WithdrawalLegs(self.id, self.user_id, self.diamonds, self.amount_minor,
                              self.currency, self.diamonds_pending_id, self.cash_pending_id)


@dataclass(frozen=True, slots=True)
class PayoutMethod:
    user_id: str
    paypal_email: str


_WITHDRAWAL = [w.c[f.name] for f in dataclasses.fields(Withdrawal)]


def _withdrawal(row: Any) -> Withdrawal:
    values = dict(row._mapping)
    return Withdrawal(**{**values, "status": WithdrawalStatus(values["status"])})


async def upsert_payout_method(
    connection: AsyncConnection, user_id: str, paypal_email: str, at_ms: int
) -> None:
    inserted = await connection.execute(
        insert_ignoring_conflicts(connection, payout_methods)
        .values(user_id=user_id, paypal_email=paypal_email, updated_at_ms=at_ms)
        .returning(payout_methods.c.user_id)
    )
    if inserted.first() is None:
        await connection.execute(
            update(payout_methods)
            .where(payout_methods.c.user_id == user_id)
            .values(paypal_email=paypal_email, updated_at_ms=at_ms)
        )


async def get_payout_method(connection: AsyncConnection, user_id: str) -> PayoutMethod | None:
    query = select(payout_methods.c.user_id, payout_methods.c.paypal_email).where(
        payout_methods.c.user_id == user_id)
    row = (await connection.execute(query)).first()
    return None if row is None else PayoutMethod(**row._mapping)


async def lock_payout_method(connection: AsyncConnection, user_id: str) -> PayoutMethod | None:
    """The user's payout method, its row locked: withdrawals of one user run one at a time,
    so two concurrent requests cannot both pass the daily cap."""
    query = select(payout_methods.c.user_id, payout_methods.c.paypal_email).where(
        payout_methods.c.user_id == user_id)
    if locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else PayoutMethod(**row._mapping)


async def insert_withdrawal(connection: AsyncConnection, withdrawal: Withdrawal) -> None:
    values = {**dataclasses.asdict(withdrawal), "status": withdrawal.status.value}
    await connection.execute(withdrawals.insert().values(**values))


async def get_withdrawal(
    connection: AsyncConnection, withdrawal_id: uuid.UUID, *, lock: bool = False
) -> Withdrawal | None:
    query = select(*_WITHDRAWAL).where(w.c.id == withdrawal_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else _withdrawal(row)


async def find_withdrawal_id(
    connection: AsyncConnection, *, sender_batch_id: str | None, payout_batch_id: str | None
) -> uuid.UUID | None:
    for column, value in ((w.c.sender_batch_id, sender_batch_id),
                          (w.c.payout_batch_id, payout_batch_id)):
        if value:
            found = (await connection.execute(select(w.c.id).where(column == value))).first()
            if found is not None:
                return uuid.UUID(str(found.id))
    return None


async def list_withdrawals(
    connection: AsyncConnection, user_id: str | None, before_id: uuid.UUID | None, limit: int
) -> Sequence[Withdrawal]:
    """Newest first; ids are UUIDv7, so id order is time order."""
    query = select(*_WITHDRAWAL).order_by(w.c.id.desc()).limit(limit)
    if user_id is not None:
        query = query.where(w.c.user_id == user_id)
    if before_id is not None:
        query = query.where(w.c.id < before_id)
    return [_withdrawal(row) for row in await connection.execute(query)]


async def cash_since(
    connection: AsyncConnection, user_id: str, since_ms: int, statuses: Collection[str]
) -> int:
    total = await connection.execute(
        select(func.coalesce(func.sum(w.c.amount_minor), 0)).where(
            w.c.user_id == user_id, w.c.created_at_ms >= since_ms, w.c.status.in_(list(statuses))
        )
    )
    return int(total.scalar_one())


async def set_withdrawal(
    connection: AsyncConnection, withdrawal_id: uuid.UUID, expected_status: str, **values: Any
) -> bool:
    """Change a withdrawal only if it is still in `expected_status` (compare-and-set)."""
    result = await connection.execute(
        update(w).where(w.c.id == withdrawal_id, w.c.status == expected_status).values(**values)
    )
    return result.rowcount == 1


async def submittable_ids(
    connection: AsyncConnection, statuses: Collection[str], limit: int
) -> list[uuid.UUID]:
    rows = await connection.execute(
        select(w.c.id).where(w.c.status.in_(list(statuses))).order_by(w.c.created_at_ms)
        .limit(limit)
    )
    return [uuid.UUID(str(i)) for i in rows.scalars()]


async def insert_webhook_event(connection: AsyncConnection, row: dict[str, Any]) -> bool:
    """Record a PayPal event id; False if it was recorded before (a redelivery)."""
    inserted = await connection.execute(
        insert_ignoring_conflicts(connection, paypal_webhook_events).values(**row)
        .returning(paypal_webhook_events.c.event_id)
    )
    return inserted.first() is not None


async def set_webhook_outcome(
    connection: AsyncConnection, event_id: str, withdrawal_id: uuid.UUID | None, outcome: str
) -> None:
    await connection.execute(
        update(paypal_webhook_events).where(paypal_webhook_events.c.event_id == event_id)
        .values(withdrawal_id=withdrawal_id, outcome=outcome)
    )


async def count_webhook_events(connection: AsyncConnection) -> int:
    total = await connection.execute(select(func.count()).select_from(paypal_webhook_events))
    return int(total.scalar_one())


async def clawbacks_recorded(connection: AsyncConnection, refund_id: uuid.UUID) -> bool:
    found = await connection.execute(
        select(diamond_clawbacks.c.id).where(diamond_clawbacks.c.refund_id == refund_id).limit(1)
    )
    return found.first() is not None


async def clawbacks_of(connection: AsyncConnection, refund_id: uuid.UUID) -> list[Any]:
    """The diamond claw-backs one refund recorded, per gift."""
    c = diamond_clawbacks.c
    rows = await connection.execute(
        select(c.gift_event_id, c.creator_id, c.gift_created_at_ms, c.coins, c.diamonds)
        .where(c.refund_id == refund_id).order_by(c.gift_created_at_ms, c.gift_event_id)
    )
    return list(rows)


async def coins_attributed(
    connection: AsyncConnection, gift_event_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, int]:
    if not gift_event_ids:
        return {}
    c = diamond_clawbacks.c
    rows = await connection.execute(
        select(c.gift_event_id, func.sum(c.coins).label("coins"))
        .where(c.gift_event_id.in_(list(gift_event_ids))).group_by(c.gift_event_id)
    )
    return {uuid.UUID(str(row.gift_event_id)): int(row.coins) for row in rows}


async def insert_clawbacks(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(diamond_clawbacks.insert(), list(rows))


async def diamonds_clawed_from_gifts_since(
    connection: AsyncConnection, creator_id: str, since_ms: int
) -> int:
    """Diamonds clawed back from gifts `creator_id` received at or after `since_ms`."""
    c = diamond_clawbacks.c
    total = await connection.execute(
        select(func.coalesce(func.sum(c.diamonds), 0))
        .where(c.creator_id == creator_id, c.gift_created_at_ms >= since_ms)
    )
    return int(total.scalar_one())

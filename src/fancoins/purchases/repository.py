"""Every query on the purchase tables. Rows in, rows out; the service decides."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, locks_rows
from fancoins.db.tables.purchases import (
    price_list_overrides,
    purchase_events,
    purchase_refunds,
    purchases,
)

# --- price list overrides ---


async def list_overrides(connection: AsyncConnection) -> Sequence[Row[Any]]:
    query = select(price_list_overrides).order_by(
        price_list_overrides.c.country, price_list_overrides.c.channel
    )
    return (await connection.execute(query)).all()


async def upsert_override(connection: AsyncConnection, values: dict[str, Any]) -> None:
    table = price_list_overrides
    await connection.execute(
        delete(table).where(
            table.c.country == values["country"], table.c.channel == values["channel"]
        )
    )
    await connection.execute(table.insert().values(**values))


async def delete_override(connection: AsyncConnection, country: str, channel: str) -> bool:
    table = price_list_overrides
    result = await connection.execute(
        delete(table).where(table.c.country == country, table.c.channel == channel)
    )
    return bool(result.rowcount)


# --- purchases ---


async def insert_purchase(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    """Insert unless the id or the provider's id exists already; True when inserted."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, purchases).values(**values)
        .returning(purchases.c.id)
    )
    return result.first() is not None


async def get_purchase(
    connection: AsyncConnection, purchase_id: uuid.UUID, *, lock: bool = False
) -> Row[Any] | None:
    query = select(purchases).where(purchases.c.id == purchase_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    return (await connection.execute(query)).first()


async def find_by_provider_ref(
    connection: AsyncConnection, provider: str, provider_ref: str
) -> Row[Any] | None:
    query = select(purchases).where(
        purchases.c.provider == provider, purchases.c.provider_ref == provider_ref
    )
    return (await connection.execute(query)).first()


async def find_by_payment_ref(
    connection: AsyncConnection, provider: str, payment_ref: str
) -> Row[Any] | None:
    query = (
        select(purchases)
        .where(purchases.c.provider == provider, purchases.c.payment_ref == payment_ref)
        .order_by(purchases.c.created_at_ms)
        .limit(1)
    )
    return (await connection.execute(query)).first()


async def mark_fulfilled(
    connection: AsyncConnection, purchase_id: uuid.UUID, at_ms: int, payment_ref: str | None
) -> None:
    await connection.execute(
        update(purchases)
        .where(purchases.c.id == purchase_id)
        .values(status="fulfilled", fulfilled_at_ms=at_ms, payment_ref=payment_ref)
    )


async def set_refunded_totals(
    connection: AsyncConnection, purchase_id: uuid.UUID, values: dict[str, Any]
) -> None:
    await connection.execute(
        update(purchases).where(purchases.c.id == purchase_id).values(**values)
    )


async def bought_since_minor(
    connection: AsyncConnection, user_id: str, currency: str, since_ms: int
) -> int:
    """What the user bought (or has an open checkout for) in `currency` since `since_ms`."""
    query = select(func.coalesce(func.sum(purchases.c.gross_minor), 0)).where(
        purchases.c.user_id == user_id,
        purchases.c.currency == currency,
        purchases.c.created_at_ms >= since_ms,
    )
    return int((await connection.execute(query)).scalar_one())


# --- refunds ---


async def insert_refund(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    result = await connection.execute(
        insert_ignoring_conflicts(connection, purchase_refunds).values(**values)
        .returning(purchase_refunds.c.id)
    )
    return result.first() is not None


async def refund_exists(connection: AsyncConnection, provider: str, refund_ref: str) -> bool:
    query = select(purchase_refunds.c.id).where(
        purchase_refunds.c.provider == provider, purchase_refunds.c.refund_ref == refund_ref
    )
    return (await connection.execute(query)).first() is not None


async def refunds_since(
    connection: AsyncConnection, since_ms: int, after_id: uuid.UUID | None, limit: int
) -> Sequence[Row[Any]]:
    query = (
        select(purchase_refunds)
        .where(purchase_refunds.c.created_at_ms >= since_ms)
        .order_by(purchase_refunds.c.id)
        .limit(limit)
    )
    if after_id is not None:
        query = query.where(purchase_refunds.c.id > after_id)
    return (await connection.execute(query)).all()


# --- provider events ---


async def claim_event(
    connection: AsyncConnection, provider: str, event_id: str, event_type: str, at_ms: int
) -> bool:
    """Record the event as being handled; False when it was handled before."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, purchase_events)
        .values(provider=provider, event_id=event_id, event_type=event_type[:64],
                outcome="processing", purchase_id=None, created_at_ms=at_ms)
        .returning(purchase_events.c.event_id)
    )
    return result.first() is not None


async def event_outcome(connection: AsyncConnection, provider: str, event_id: str) -> str:
    query = select(purchase_events.c.outcome).where(
        purchase_events.c.provider == provider, purchase_events.c.event_id == event_id
    )
    return str((await connection.execute(query)).scalar_one())


async def finish_event(
    connection: AsyncConnection, provider: str, event_id: str, outcome: str,
    purchase_id: uuid.UUID | None,
) -> None:
    await connection.execute(
        update(purchase_events)
        .where(purchase_events.c.provider == provider, purchase_events.c.event_id == event_id)
        .values(outcome=outcome, purchase_id=purchase_id)
    )

"""Every query on the purchase tables. Typed rows out; the service decides."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, locks_rows
from fancoins.db.sets import one_of
from fancoins.db.tables.payouts import diamond_clawbacks
from fancoins.db.tables.purchases import (
    price_list_overrides,
    purchase_claims,
    purchase_events,
    purchase_holds,
    purchase_refunds,
    purchases,
)
from fancoins.db.tables.safety import refund_marks, restrictions
from fancoins.purchases.models import ClaimEffects, ClaimRow, Hold, Purchase, RefundStep
from fancoins.purchases.states import PurchaseStatus

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


def _purchase(row: Row[Any] | None) -> Purchase | None:
    return None if row is None else Purchase(**row._asdict())


async def insert_purchase(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    """Insert unless the id or the provider's id exists already; True when inserted."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, purchases).values(**values)
        .returning(purchases.c.id)
    )
    return result.first() is not None


async def insert_purchases(connection: AsyncConnection,
                           rows: Sequence[dict[str, Any]]) -> set[uuid.UUID]:
    """`insert_purchase` for many rows in one statement; the ids inserted."""
    if not rows:
        return set()
    result = await connection.execute(
        insert_ignoring_conflicts(connection, purchases).returning(purchases.c.id), rows)
    return {row.id for row in result}


async def get_purchase(
    connection: AsyncConnection, purchase_id: uuid.UUID, *, lock: bool = False
) -> Purchase | None:
    query = select(purchases).where(purchases.c.id == purchase_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    return _purchase((await connection.execute(query)).first())


async def find_by_provider_ref(
    connection: AsyncConnection, provider: str, provider_ref: str
) -> Purchase | None:
    query = select(purchases).where(
        purchases.c.provider == provider, purchases.c.provider_ref == provider_ref
    )
    return _purchase((await connection.execute(query)).first())


async def find_by_provider_refs(
    connection: AsyncConnection, provider: str, provider_refs: Collection[str]
) -> dict[str, Purchase]:
    """The purchases of `provider` under any of `provider_refs`, by that id."""
    if not provider_refs:
        return {}
    query = select(purchases).where(purchases.c.provider == provider,
                                    one_of(connection, purchases.c.provider_ref, provider_refs))
    return {row.provider_ref: Purchase(**row._asdict())
            for row in await connection.execute(query)}


async def find_by_refs(
    connection: AsyncConnection, provider: str, refs: Collection[str]
) -> Purchase | None:
    """The purchase any of `refs` names: its provider id, payment id or (Stripe) our id."""
    if not refs:
        return None
    refs = [stored_ref(r) for r in refs]
    c = purchases.c
    ids = [uuid.UUID(r.removeprefix("purchase:")) for r in refs if _is_our_id(r)]
    query = (
        select(purchases)
        .where(c.provider == provider,
               or_(c.provider_ref.in_(list(refs)), c.payment_ref.in_(list(refs)),
                   c.id.in_(ids)))
        .order_by(c.created_at_ms, c.id)
        .limit(1)
    )
    return _purchase((await connection.execute(query)).first())


# Store ids are stored whole up to this length; longer ones (Google purchase tokens can be)
# by their digest, the same way wherever they are stored or looked up.
REF_CHARS_MAX = 255


def stored_ref(ref: str) -> str:
    if len(ref) <= REF_CHARS_MAX:
        return ref
    return "sha256:" + hashlib.sha256(ref.encode()).hexdigest()


async def lock_refs(connection: AsyncConnection, provider: str, refs: Collection[str]) -> None:
    """Serialise, until the transaction ends, everyone recording a purchase or a claim under
    any of these store ids, so a purchase and a claim against it arriving at once each see
    the other (PostgreSQL: advisory locks, taken in one order; SQLite's writer already holds
    the database's write lock)."""
    if not locks_rows(connection):
        return
    for key in sorted({f"{provider}:{stored_ref(r)}" for r in refs if r}):
        await connection.execute(select(func.pg_advisory_xact_lock(
            func.hashtextextended(key, 0))))


def our_ref(purchase_id: uuid.UUID) -> str:
    """How a store event names one of our purchases by our own id (Stripe metadata)."""
    return f"purchase:{purchase_id}"


def _is_our_id(ref: str) -> bool:
    if not ref.startswith("purchase:"):
        return False
    try:
        uuid.UUID(ref.removeprefix("purchase:"))
    except ValueError:
        return False
    return True


async def update_purchase(
    connection: AsyncConnection, purchase_id: uuid.UUID, values: dict[str, Any]
) -> None:
    await connection.execute(
        update(purchases).where(purchases.c.id == purchase_id).values(**values)
    )


async def bought_since_minor(
    connection: AsyncConnection, user_id: str, currency: str, since_ms: Sequence[int]
) -> list[int]:
    """What the user bought (or has an open checkout for) since each of `since_ms`, at the
    price list's quote in `currency` (caps are per price-list currency): one query for every
    window a purchase is checked against."""
    c = purchases.c
    earliest = min(since_ms)
    query = select(*[
        func.coalesce(func.sum(case((c.created_at_ms >= start, c.quoted_gross_minor),
                                    else_=0)), 0)
        for start in since_ms
    ]).where(c.user_id == user_id, c.quoted_currency == currency, c.created_at_ms >= earliest)
    return [int(total) for total in (await connection.execute(query)).one()]


async def bought_by_currency(
    connection: AsyncConnection, user_id: str, since_ms: Sequence[int]
) -> dict[str, list[int]]:
    """`bought_since_minor` for every price-list currency the user bought in since the
    earliest of `since_ms`."""
    c = purchases.c
    query = select(c.quoted_currency, *[
        func.coalesce(func.sum(case((c.created_at_ms >= start, c.quoted_gross_minor),
                                    else_=0)), 0)
        for start in since_ms
    ]).where(c.user_id == user_id, c.created_at_ms >= min(since_ms)).group_by(
        c.quoted_currency).order_by(c.quoted_currency)
    return {row[0]: [int(total) for total in row[1:]]
            for row in await connection.execute(query)}


async def purchases_of_user(
    connection: AsyncConnection, user_id: str, before: tuple[int, str] | None, limit: int
) -> list[Purchase]:
    """One user's purchases, newest first."""
    return await _newest_first(connection, purchases.c.user_id == user_id, before, limit)


async def bought_since_minor_many(
    connection: AsyncConnection, user_ids: Collection[str], since_ms: Sequence[int]
) -> dict[tuple[str, str], list[int]]:
    """`bought_since_minor` for many users at once, per (user, price-list currency); a
    pair bought nothing in when it is missing."""
    if not user_ids:
        return {}
    c = purchases.c
    earliest = min(since_ms)
    query = select(c.user_id, c.quoted_currency, *[
        func.coalesce(func.sum(case((c.created_at_ms >= start, c.quoted_gross_minor),
                                    else_=0)), 0)
        for start in since_ms
    ]).where(one_of(connection, c.user_id, user_ids), c.created_at_ms >= earliest
             ).group_by(c.user_id, c.quoted_currency)
    return {(row[0], row[1]): [int(total) for total in row[2:]]
            for row in await connection.execute(query)}


async def mismatched(
    connection: AsyncConnection, before: tuple[int, str] | None, limit: int
) -> list[Purchase]:
    """Purchases whose store price differs from the quote, newest first."""
    return await _newest_first(connection, purchases.c.price_mismatch.is_(True), before, limit)


async def _newest_first(connection: AsyncConnection, where: ColumnElement[bool],
                        before: tuple[int, str] | None, limit: int) -> list[Purchase]:
    """The purchases that match `where`, newest first, a page after the cursor `before`."""
    c = purchases.c
    query = select(purchases).where(where)
    if before is not None:
        at_ms, purchase_id = before
        query = query.where(or_(c.created_at_ms < at_ms,
                                (c.created_at_ms == at_ms) & (c.id < uuid.UUID(purchase_id))))
    query = query.order_by(c.created_at_ms.desc(), c.id.desc()).limit(limit)
    return [Purchase(**row._asdict()) for row in await connection.execute(query)]


# --- claims and their steps ---


def _claim(row: Row[Any]) -> ClaimRow:
    return ClaimRow(**row._asdict())


async def find_claim(
    connection: AsyncConnection, provider: str, purchase_ref: str, claim_ref: str
) -> ClaimRow | None:
    c = purchase_claims.c
    query = select(purchase_claims).where(
        c.provider == provider, c.purchase_ref == stored_ref(purchase_ref),
        c.claim_ref == stored_ref(claim_ref))
    if locks_rows(connection):
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else _claim(row)


async def insert_claim(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    result = await connection.execute(
        insert_ignoring_conflicts(connection, purchase_claims).values(**values)
        .returning(purchase_claims.c.id)
    )
    return result.first() is not None


async def update_claim(
    connection: AsyncConnection, claim_id: uuid.UUID, values: dict[str, Any]
) -> None:
    await connection.execute(
        update(purchase_claims).where(purchase_claims.c.id == claim_id).values(**values)
    )


async def match_claims(
    connection: AsyncConnection, provider: str, refs: Collection[str], purchase_id: uuid.UUID
) -> None:
    """Attach to `purchase_id` the claims recorded before it under any of `refs`."""
    c = purchase_claims.c
    refs = [stored_ref(r) for r in refs]
    await connection.execute(
        update(purchase_claims)
        .where(c.provider == provider, c.purchase_id.is_(None),
               or_(c.purchase_ref.in_(list(refs)), c.alt_ref.in_(list(refs))))
        .values(purchase_id=purchase_id)
    )


async def waiting_claim_refs(
    connection: AsyncConnection, provider: str, refs: Collection[str]
) -> set[str]:
    """Which of `refs` (stored form) claims recorded before their purchase name."""
    if not refs:
        return set()
    c = purchase_claims.c
    stored = [stored_ref(r) for r in refs]
    query = select(c.purchase_ref, c.alt_ref).where(
        c.provider == provider, c.purchase_id.is_(None),
        or_(one_of(connection, c.purchase_ref, stored), one_of(connection, c.alt_ref, stored)))
    return {ref for row in await connection.execute(query) for ref in row if ref is not None}


async def claims_of(connection: AsyncConnection, purchase_id: uuid.UUID) -> list[ClaimRow]:
    c = purchase_claims.c
    query = (select(purchase_claims).where(c.purchase_id == purchase_id)
             .order_by(c.created_at_ms, c.id))
    if locks_rows(connection):
        query = query.with_for_update()
    return [_claim(row) for row in await connection.execute(query)]


async def insert_step(connection: AsyncConnection, values: dict[str, Any]) -> None:
    await connection.execute(purchase_refunds.insert().values(**values))


async def steps_of_claim(connection: AsyncConnection, claim_id: uuid.UUID) -> list[RefundStep]:
    c = purchase_refunds.c
    query = select(purchase_refunds).where(c.claim_id == claim_id).order_by(c.created_at_ms)
    return [RefundStep(**row._asdict()) for row in await connection.execute(query)]


async def steps_since(
    connection: AsyncConnection, since_ms: int, after_id: uuid.UUID | None, limit: int
) -> list[RefundStep]:
    query = (
        select(purchase_refunds)
        .where(purchase_refunds.c.created_at_ms >= since_ms)
        .order_by(purchase_refunds.c.id)
        .limit(limit)
    )
    if after_id is not None:
        query = query.where(purchase_refunds.c.id > after_id)
    return [RefundStep(**row._asdict()) for row in await connection.execute(query)]


# --- store events ---


async def record_event(
    connection: AsyncConnection, provider: str, event_id: str, event_type: str, at_ms: int
) -> bool:
    """Record a store event by its own id; False when it was recorded before."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, purchase_events)
        .values(provider=provider, event_id=event_id, event_type=event_type[:64],
                outcome="recorded", purchase_id=None, created_at_ms=at_ms)
        .returning(purchase_events.c.event_id)
    )
    return result.first() is not None


async def event_outcome(connection: AsyncConnection, provider: str, event_id: str) -> str | None:
    query = select(purchase_events.c.outcome).where(
        purchase_events.c.provider == provider, purchase_events.c.event_id == event_id
    )
    found = (await connection.execute(query)).scalar_one_or_none()
    return None if found is None else str(found)


async def finish_event(
    connection: AsyncConnection, provider: str, event_id: str, outcome: str,
    purchase_id: uuid.UUID | None,
) -> None:
    await connection.execute(
        update(purchase_events)
        .where(purchase_events.c.provider == provider, purchase_events.c.event_id == event_id)
        .values(outcome=outcome, purchase_id=purchase_id)
    )


# --- velocity holds ---

# Not paid (an open checkout), or paid and given back without credit (a declined hold).
_NOT_COUNTED = (PurchaseStatus.OPEN.value, PurchaseStatus.DECLINED.value)


async def paid_since(
    connection: AsyncConnection, user_id: str, currency: str, since_ms: int
) -> tuple[int, int, int]:
    """The user's paid purchases since `since_ms` on every channel (credited or held; a
    refund later does not undo the payment): how many, their coins, and their money in
    `currency`. A purchase counts from when it was paid: held, else fulfilled."""
    p, h = purchases.c, purchase_holds.c
    paid_at = func.coalesce(h.held_at_ms, p.fulfilled_at_ms)
    in_currency = case((p.currency == currency, p.gross_minor), else_=0)
    query = (
        select(func.count(), func.coalesce(func.sum(p.coins), 0),
               func.coalesce(func.sum(in_currency), 0))
        .select_from(purchases.outerjoin(purchase_holds, h.purchase_id == p.id))
        .where(p.user_id == user_id, p.status.not_in(_NOT_COUNTED), paid_at >= since_ms)
    )
    count, coins, amount = (await connection.execute(query)).one()
    return int(count), int(coins), int(amount)


def _hold(row: Row[Any] | None) -> Hold | None:
    return None if row is None else Hold(**row._asdict())


async def insert_hold(connection: AsyncConnection, values: dict[str, Any]) -> None:
    await connection.execute(purchase_holds.insert().values(**values))


async def get_hold(connection: AsyncConnection, purchase_id: uuid.UUID, *,
                   lock: bool = False) -> Hold | None:
    query = select(purchase_holds).where(purchase_holds.c.purchase_id == purchase_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    return _hold((await connection.execute(query)).first())


async def decide_hold(connection: AsyncConnection, purchase_id: uuid.UUID,
                      values: dict[str, Any]) -> None:
    await connection.execute(
        update(purchase_holds).where(purchase_holds.c.purchase_id == purchase_id)
        .values(**values))


async def holds_page(
    connection: AsyncConnection, *, pending: bool, after: tuple[int, str] | None, limit: int
) -> list[tuple[Purchase, Hold]]:
    """Holds oldest first (a review queue): only those waiting for a decision, or all."""
    h = purchase_holds.c
    query = select(purchases, purchase_holds).join(
        purchase_holds, h.purchase_id == purchases.c.id)
    if pending:
        query = query.where(h.decision.is_(None))
    if after is not None:
        at_ms, purchase_id = after
        query = query.where(or_(h.held_at_ms > at_ms,
                                and_(h.held_at_ms == at_ms,
                                     h.purchase_id > uuid.UUID(purchase_id))))
    query = query.order_by(h.held_at_ms, h.purchase_id).limit(limit)
    purchase_names = list(purchases.c.keys())
    hold_names = list(purchase_holds.c.keys())
    found = []
    for row in await connection.execute(query):
        values = list(row)
        purchase = Purchase(**dict(zip(purchase_names, values[:len(purchase_names)],
                                       strict=True)))
        hold = Hold(**dict(zip(hold_names, values[len(purchase_names):], strict=True)))
        found.append((purchase, hold))
    return found


# --- the operator's list of claims ---

CLAIM_STATES = ("pending", "withdrawn", "applied", "reversed")
REVERSAL_KIND = "reversal"


def _claim_state(state: str) -> Any:
    c = purchase_claims.c
    return {
        "pending": and_(c.applied.is_(False), c.reversal_seen.is_(False)),
        "withdrawn": and_(c.applied.is_(False), c.reversal_seen.is_(True)),
        "applied": and_(c.applied.is_(True), c.reversal_applied.is_(False)),
        "reversed": c.reversal_applied.is_(True),
    }[state]


async def claims_page(
    connection: AsyncConnection, *, kind: str | None, state: str | None,
    before: tuple[int, uuid.UUID] | None, limit: int,
) -> list[tuple[ClaimRow, Purchase | None]]:
    """Claims newest first (by when they were first recorded), with their purchase when it
    is known, continuing below `before`."""
    c = purchase_claims.c
    query = select(purchase_claims, purchases).outerjoin(purchases,
                                                         purchases.c.id == c.purchase_id)
    if kind is not None:
        query = query.where(c.kind == kind)
    if state is not None:
        query = query.where(_claim_state(state))
    if before is not None:
        at_ms, claim_id = before
        query = query.where(or_(c.created_at_ms < at_ms,
                                and_(c.created_at_ms == at_ms, c.id < claim_id)))
    query = query.order_by(c.created_at_ms.desc(), c.id.desc()).limit(limit)
    claim_names = list(purchase_claims.c.keys())
    purchase_names = list(purchases.c.keys())
    found: list[tuple[ClaimRow, Purchase | None]] = []
    for row in await connection.execute(query):
        values = list(row)
        claim = ClaimRow(**dict(zip(claim_names, values[:len(claim_names)], strict=True)))
        rest = values[len(claim_names):]
        purchase = None if rest[0] is None else Purchase(
            **dict(zip(purchase_names, rest, strict=True)))
        found.append((claim, purchase))
    return found


async def claim_effects(
    connection: AsyncConnection, claims: Sequence[ClaimRow]
) -> dict[uuid.UUID, ClaimEffects]:
    """What each claim did: coins and money clawed back and restored, creators' diamonds
    taken back, whether it counted as a refund, and the buying block its count placed."""
    if not claims:
        return {}
    ids = [claim.id for claim in claims]
    r = purchase_refunds.c
    taken = r.kind != REVERSAL_KIND
    steps = await connection.execute(
        select(r.claim_id,
               func.coalesce(func.sum(case((taken, r.coins_clawed_back), else_=0)), 0),
               func.coalesce(func.sum(case((taken, 0), else_=-r.coins_clawed_back)), 0),
               func.coalesce(func.sum(case((taken, r.gross_minor), else_=0)), 0),
               func.coalesce(func.sum(case((taken, 0), else_=-r.gross_minor)), 0))
        .where(r.claim_id.in_(ids)).group_by(r.claim_id))
    totals = {row[0]: tuple(int(v) for v in row[1:]) for row in steps}
    d = diamond_clawbacks.c
    diamonds = {row[0]: int(row[1]) for row in await connection.execute(
        select(r.claim_id, func.coalesce(func.sum(d.diamonds), 0))
        .join(diamond_clawbacks, d.refund_id == r.id)
        .where(r.claim_id.in_(ids), taken).group_by(r.claim_id))}
    marks = {row[0]: (str(row[1]), int(row[2])) for row in await connection.execute(
        select(refund_marks.c.id, refund_marks.c.user_id, refund_marks.c.at_ms)
        .where(refund_marks.c.id.in_([i.hex for i in ids])))}
    # A block is placed in the transaction that counts a claim: it belongs to the user's
    # last claim counted at or before it.
    placed: dict[str, uuid.UUID] = {}
    users = sorted({user for user, _ in marks.values()})
    if users:
        s, m = restrictions.c, refund_marks.c
        for user, block_id, created_ms in (await connection.execute(
                select(s.user_id, s.id, s.created_at_ms)
                .where(s.user_id.in_(users), s.source == "refund_abuse"))).all():
            counted_by = (await connection.execute(
                select(m.id).where(m.user_id == user, m.at_ms <= created_ms)
                .order_by(m.at_ms.desc(), m.id.desc()).limit(1))).scalar()
            if counted_by is not None:
                placed[str(counted_by)] = block_id
    effects = {}
    for claim in claims:
        clawed, restored, gross, gross_restored = totals.get(claim.id, (0, 0, 0, 0))
        counted = claim.id.hex in marks
        block = placed.get(claim.id.hex) if counted else None
        effects[claim.id] = ClaimEffects(
            coins_clawed_back=clawed, coins_restored=restored, gross_refunded_minor=gross,
            gross_restored_minor=gross_restored,
            diamonds_clawed_back=diamonds.get(claim.id, 0), counted=counted,
            restriction_id=block)
    return effects

"""Every query on battles, their participants and their supporters."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, delete, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, locks_rows
from fancoins.db.sets import driver_connection, one_of
from fancoins.db.tables.contests import battle_participants, battle_supporters, battles

INVITED = "invited"
RUNNING = "running"
ENDED = "ended"
DECLINED = "declined"
EXPIRED = "expired"

_B = battles.c
_P = battle_participants.c
_S = battle_supporters.c


async def insert_battle(connection: AsyncConnection, values: dict[str, Any]) -> None:
    await connection.execute(battles.insert().values(**values))


async def insert_participant(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    """False when the creator already holds an open battle (its open key is taken)."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, battle_participants).values(**values)
        .returning(_P.creator_id))
    return result.first() is not None


async def open_participations(connection: AsyncConnection, creator_ids: Collection[str]
                              ) -> list[Row[Any]]:
    if not creator_ids:
        return []
    query = select(battle_participants).where(one_of(connection, _P.open_key, creator_ids))
    return list((await connection.execute(query)).all())


async def get_battle(connection: AsyncConnection, battle_id: str, *, lock: bool = False
                     ) -> Row[Any] | None:
    query = select(battles).where(_B.id == battle_id)
    if lock and locks_rows(connection):
        query = query.with_for_update()
    return (await connection.execute(query)).first()


async def participants(connection: AsyncConnection, battle_ids: Collection[str]
                       ) -> list[Row[Any]]:
    if not battle_ids:
        return []
    query = (select(battle_participants).where(one_of(connection, _P.battle_id, battle_ids))
             .order_by(_P.battle_id, _P.side, _P.creator_id))
    return list((await connection.execute(query)).all())


async def set_status(connection: AsyncConnection, battle_id: str, from_status: str,
                     values: dict[str, Any]) -> bool:
    """Move a battle on from `from_status`; False when it is no longer there (exactly once)."""
    result = await connection.execute(
        update(battles).where(_B.id == battle_id, _B.status == from_status)
        .values(**values).returning(_B.id))
    return result.first() is not None


async def update_participant(connection: AsyncConnection, battle_id: str, creator_id: str,
                             values: dict[str, Any]) -> None:
    await connection.execute(
        update(battle_participants)
        .where(_P.battle_id == battle_id, _P.creator_id == creator_id).values(**values))


async def release(connection: AsyncConnection, battle_ids: Collection[str]) -> None:
    """The battles' creators may join another battle."""
    if battle_ids:
        await connection.execute(
            update(battle_participants).where(one_of(connection, _P.battle_id, battle_ids))
            .values(open_key=None))


async def running_in_streams(connection: AsyncConnection, stream_ids: Collection[str]
                             ) -> list[Any]:
    """Participants of running battles in these streams, with their battle's window."""
    if not stream_ids:
        return []
    query = (
        select(_P.battle_id, _P.creator_id, _P.side, _P.stream_id, _B.started_at_ms,
               _B.ends_at_ms)
        .select_from(battle_participants.join(battles, _B.id == _P.battle_id))
        .where(one_of(connection, _P.stream_id, stream_ids), _B.status == RUNNING)
        .order_by(_P.battle_id, _P.creator_id)
    )
    return list((await connection.execute(query)).all())


async def lock_running(connection: AsyncConnection, battle_ids: Collection[str]) -> set[str]:
    """Those of the battles still running, share-locked (PostgreSQL) until the transaction
    ends: a battle being ended elsewhere is waited for (and then left out), and cannot end
    while scores are added to it."""
    if not battle_ids:
        return set()
    query = (select(_B.id).where(one_of(connection, _B.id, battle_ids), _B.status == RUNNING)
             .order_by(_B.id))
    if locks_rows(connection):
        query = query.with_for_update(read=True)
    return {row.id for row in (await connection.execute(query)).all()}


async def add_scores(connection: AsyncConnection, deltas: Sequence[tuple[str, str, int]]
                     ) -> None:
    """Add (battle, creator, coins) to running scores (participants of open battles only)."""
    if not deltas:
        return
    statement = (
        update(battle_participants)
        .where(and_(_P.battle_id == bindparam("b"), _P.creator_id == bindparam("c"),
                    _P.open_key.is_not(None)))
        .values(score_coins=_P.score_coins + bindparam("d"))
    )
    await connection.execute(statement, [{"b": b, "c": c, "d": d} for b, c, d in deltas])


_PG_ADD_SUPPORTERS = """
INSERT INTO battle_supporters (battle_id, side, sender_id, sender_display_name, coins)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
ON CONFLICT (battle_id, side, sender_id) DO UPDATE
SET coins = battle_supporters.coins + excluded.coins,
    sender_display_name = excluded.sender_display_name
"""
_SQLITE_ADD_SUPPORTERS = """
INSERT INTO battle_supporters (battle_id, side, sender_id, sender_display_name, coins)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (battle_id, side, sender_id) DO UPDATE
SET coins = coins + excluded.coins, sender_display_name = excluded.sender_display_name
"""


async def add_supporters(connection: AsyncConnection,
                         rows: Sequence[tuple[str, str, str, str, int]]) -> None:
    """Add coins to each (battle, side, sender, name, coins), set-based on the driver
    connection: hundreds of senders per flush, where per-row parameter processing would
    cost more than the writes."""
    if not rows:
        return
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        await raw.execute(_PG_ADD_SUPPORTERS, *(list(column) for column in zip(*rows,
                                                                               strict=True)))
        return
    await raw.executemany(_SQLITE_ADD_SUPPORTERS, list(rows))


async def replace_supporters(connection: AsyncConnection, battle_id: str,
                             rows: Sequence[dict[str, Any]]) -> None:
    await connection.execute(delete(battle_supporters).where(_S.battle_id == battle_id))
    if rows:
        await connection.execute(battle_supporters.insert(), list(rows))


async def top_supporters(connection: AsyncConnection, battle_id: str, side: str, limit: int
                         ) -> list[Row[Any]]:
    query = (select(battle_supporters).where(_S.battle_id == battle_id, _S.side == side)
             .order_by(_S.coins.desc(), _S.sender_id).limit(limit))
    return list((await connection.execute(query)).all())


async def due_to_end(connection: AsyncConnection, ends_before_ms: int, limit: int
                     ) -> list[Row[Any]]:
    """Running battles whose end is before `ends_before_ms`, locked; another process sweeping
    at the same time skips the rows this one holds."""
    query = (select(battles).where(_B.status == RUNNING, _B.ends_at_ms < ends_before_ms)
             .order_by(_B.ends_at_ms).limit(limit))
    if locks_rows(connection):
        query = query.with_for_update(skip_locked=True)
    return list((await connection.execute(query)).all())


async def expire_invitations(connection: AsyncConnection, at_ms: int, limit: int) -> list[str]:
    """Invitations past their expiry become expired; returns their ids (ended once each)."""
    query = (select(_B.id).where(_B.status == INVITED, _B.invite_expires_at_ms <= at_ms)
             .order_by(_B.invite_expires_at_ms).limit(limit))
    if locks_rows(connection):
        query = query.with_for_update(skip_locked=True)
    ids = [row.id for row in (await connection.execute(query)).all()]
    if not ids:
        return []
    result = await connection.execute(
        update(battles).where(one_of(connection, _B.id, ids), _B.status == INVITED)
        .values(status=EXPIRED, ended_at_ms=at_ms).returning(_B.id))
    return [row.id for row in result.all()]


async def battles_of(connection: AsyncConnection, creator_id: str, status: str | None,
                     before: tuple[int, str] | None, limit: int) -> list[Row[Any]]:
    """A creator's battles, newest invitation first."""
    query = (
        select(battles)
        .where(_B.id.in_(select(_P.battle_id).where(_P.creator_id == creator_id)))
        .order_by(_B.invited_at_ms.desc(), _B.id.desc()).limit(limit)
    )
    if status is not None:
        query = query.where(_B.status == status)
    if before is not None:
        at_ms, battle_id = before
        query = query.where((_B.invited_at_ms < at_ms)
                            | ((_B.invited_at_ms == at_ms) & (_B.id < battle_id)))
    return list((await connection.execute(query)).all())

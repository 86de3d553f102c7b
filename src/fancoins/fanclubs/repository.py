"""Every query on fan club memberships."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.sets import one_of, pair_in
from fancoins.db.tables.fan_clubs import fan_club_members

_M = fan_club_members.c


async def memberships(connection: AsyncConnection, pairs: Collection[tuple[str, str]]
                      ) -> list[Row[Any]]:
    """The memberships of these (creator, member) pairs that exist."""
    if not pairs:
        return []
    query = select(fan_club_members).where(pair_in(connection, _M.creator_id, _M.member_id,
                                                   pairs))
    return list((await connection.execute(query)).all())


async def members_of(connection: AsyncConnection, creator_id: str, member_ids: Collection[str]
                     ) -> list[Row[Any]]:
    if not member_ids:
        return []
    query = select(fan_club_members).where(_M.creator_id == creator_id,
                                           one_of(connection, _M.member_id, member_ids))
    return list((await connection.execute(query)).all())


async def save(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace memberships (every column given)."""
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(fan_club_members)
    columns = ("member_display_name", "joined_at_ms", "last_active_ms", "points", "gift_coins",
               "watch_minutes")
    statement = insert.on_conflict_do_update(
        index_elements=[_M.creator_id, _M.member_id],
        set_={c: getattr(insert.excluded, c) for c in columns})
    await connection.execute(statement, list(rows))


async def credit_watch(connection: AsyncConnection, credits: Sequence[dict[str, Any]],
                       active_since_ms: int, at_ms: int, points_per_minute: int) -> None:
    """Add watch minutes (and their points) to active memberships; keys: c, m, minutes."""
    if not credits:
        return
    statement = (
        update(fan_club_members)
        .where(and_(_M.creator_id == bindparam("c"), _M.member_id == bindparam("m"),
                    _M.last_active_ms > active_since_ms))
        .values(watch_minutes=_M.watch_minutes + bindparam("minutes"),
                points=_M.points + bindparam("minutes") * points_per_minute,
                last_active_ms=at_ms)
    )
    await connection.execute(statement, list(credits))


async def club_members(connection: AsyncConnection, creator_id: str, active_since_ms: int | None,
                       after: tuple[int, str] | None, limit: int) -> list[Row[Any]]:
    """A club's members, most points first (`active_since_ms`: only those active since)."""
    query = (select(fan_club_members).where(_M.creator_id == creator_id)
             .order_by(_M.points.desc(), _M.member_id).limit(limit))
    if active_since_ms is not None:
        query = query.where(_M.last_active_ms > active_since_ms)
    if after is not None:
        points, member_id = after
        query = query.where((_M.points < points)
                            | ((_M.points == points) & (_M.member_id > member_id)))
    return list((await connection.execute(query)).all())


async def clubs_of(connection: AsyncConnection, member_id: str, limit: int) -> list[Row[Any]]:
    query = (select(fan_club_members).where(_M.member_id == member_id)
             .order_by(_M.last_active_ms.desc(), _M.creator_id).limit(limit))
    return list((await connection.execute(query)).all())

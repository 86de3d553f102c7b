"""Every query on streams, videos and comments."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts
from fancoins.db.sets import one_of
from fancoins.db.tables.streams import comments, streams, videos

LIVE = "live"
ENDED = "ended"


async def insert_stream(connection: AsyncConnection, values: dict[str, Any]) -> bool:
    """Insert a live stream; False when the creator is already live (the one-live-stream
    index refused it, also when another start raced this one)."""
    result = await connection.execute(
        insert_ignoring_conflicts(connection, streams).values(**values).returning(streams.c.id)
    )
    return result.first() is not None


async def get_stream(connection: AsyncConnection, stream_id: str) -> Row[Any] | None:
    return (await connection.execute(select(streams).where(streams.c.id == stream_id))).first()


async def live_stream_of(connection: AsyncConnection, creator_id: str) -> Row[Any] | None:
    query = select(streams).where(streams.c.creator_id == creator_id, streams.c.status == LIVE)
    return (await connection.execute(query.limit(1))).first()


async def live_streams(
    connection: AsyncConnection, before: tuple[int, str] | None, limit: int
) -> Sequence[Row[Any]]:
    """Live streams, newest first; `before` is the (started_at_ms, id) a page continues below."""
    query = (
        select(streams).where(streams.c.status == LIVE)
        .order_by(streams.c.started_at_ms.desc(), streams.c.id.desc()).limit(limit)
    )
    if before is not None:
        started_ms, stream_id = before
        query = query.where(
            (streams.c.started_at_ms < started_ms)
            | ((streams.c.started_at_ms == started_ms) & (streams.c.id < stream_id))
        )
    return (await connection.execute(query)).all()


async def creator_streams(
    connection: AsyncConnection, creator_id: str, before: tuple[int, str] | None, limit: int
) -> Sequence[Row[Any]]:
    """One creator's streams, live or ended, newest first; `before` as for `live_streams`."""
    s = streams.c
    query = (select(streams).where(s.creator_id == creator_id)
             .order_by(s.started_at_ms.desc(), s.id.desc()).limit(limit))
    if before is not None:
        started_ms, stream_id = before
        query = query.where((s.started_at_ms < started_ms)
                            | ((s.started_at_ms == started_ms) & (s.id < stream_id)))
    return (await connection.execute(query)).all()


async def end_stream(connection: AsyncConnection, stream_id: str, at_ms: int) -> bool:
    """Mark a live stream ended; False when it was not live (ended before)."""
    result = await connection.execute(
        update(streams).where(streams.c.id == stream_id, streams.c.status == LIVE)
        .values(status=ENDED, ended_at_ms=at_ms)
        .returning(streams.c.id)
    )
    return result.first() is not None


async def raise_peak_viewers(connection: AsyncConnection, counts: Mapping[str, int]) -> None:
    s = streams.c
    for stream_id, count in sorted(counts.items()):  # one lock order across processes
        await connection.execute(
            update(streams)
            .where(s.id == stream_id, or_(s.peak_viewers.is_(None), s.peak_viewers < count))
            .values(peak_viewers=count))


async def streams_by_id(connection: AsyncConnection, ids: Collection[str]) -> list[Any]:
    if not ids:
        return []
    query = select(streams.c.id, streams.c.creator_id, streams.c.status)
    return list((await connection.execute(query.where(one_of(connection, streams.c.id, ids))))
                .all())


async def insert_video(connection: AsyncConnection, values: dict[str, Any]) -> None:
    await connection.execute(videos.insert().values(**values))


async def get_video(connection: AsyncConnection, video_id: str) -> Row[Any] | None:
    return (await connection.execute(select(videos).where(videos.c.id == video_id))).first()


async def videos_by_id(connection: AsyncConnection, ids: Collection[str]) -> list[Any]:
    if not ids:
        return []
    query = select(videos.c.id, videos.c.creator_id)
    return list((await connection.execute(query.where(one_of(connection, videos.c.id, ids))))
                .all())


async def insert_comments(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(comments.insert(), list(rows))


async def comments_page(connection: AsyncConnection, video_id: str,
                        before: tuple[int, str] | None, limit: int) -> Sequence[Row[Any]]:
    """A video's comments, newest first; `before` is the (created_at_ms, id) a page
    continues below."""
    c = comments.c
    query = (select(comments).where(c.video_id == video_id)
             .order_by(c.created_at_ms.desc(), c.id.desc()).limit(limit))
    if before is not None:
        at_ms, comment_id = before
        query = query.where((c.created_at_ms < at_ms)
                            | ((c.created_at_ms == at_ms) & (c.id < comment_id)))
    return (await connection.execute(query)).all()


async def comments_count(connection: AsyncConnection, video_id: str) -> int:
    query = select(func.count()).where(comments.c.video_id == video_id)
    return int((await connection.execute(query)).scalar_one())


async def videos_page(connection: AsyncConnection, creator_id: str | None,
                      before: tuple[int, str] | None, limit: int) -> Sequence[Row[Any]]:
    """Videos newest first (one creator's, or everybody's)."""
    v = videos.c
    query = select(videos).order_by(v.created_at_ms.desc(), v.id.desc()).limit(limit)
    if creator_id is not None:
        query = query.where(v.creator_id == creator_id)
    if before is not None:
        at_ms, video_id = before
        query = query.where((v.created_at_ms < at_ms)
                            | ((v.created_at_ms == at_ms) & (v.id < video_id)))
    return (await connection.execute(query)).all()

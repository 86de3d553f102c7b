"""LIVE streams and videos: a creator starts and ends a LIVE, posts a video."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from fancoins.accounts.schemas import iso
from fancoins.api.auth import CurrentPrincipal, Scope, acting_for, reading_user
from fancoins.api.deps import ContainerDep, ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey
from fancoins.api.pagination import Cursor, Limit, decode_cursor, encode_cursor, page_size
from fancoins.api.problems import Problem, problem_responses
from fancoins.gifts.service import StreamSummary, gifts_service
from fancoins.identity.schemas import UserId
from fancoins.identity.service import users
from fancoins.kit import pagination
from fancoins.kit.clock import MS_PER_SECOND, now_ms
from fancoins.kit.errors import InsufficientScope
from fancoins.streams.schemas import (
    CommentGiftOut,
    CommentOut,
    CommentPage,
    StreamGifterOut,
    StreamIn,
    StreamOut,
    StreamPage,
    StreamSummaryOut,
    StreamSummaryPage,
    VideoDetailOut,
    VideoIn,
    VideoOut,
    VideoPage,
)
from fancoins.streams.service import Stream, streams

router = APIRouter(tags=["streams"], responses=problem_responses(400, 401, 403, 404, 409, 422))

StreamId = Annotated[str, Path(min_length=1, max_length=64)]
VideoId = Annotated[str, Path(min_length=1, max_length=64)]
NO_GIFTS_YET = (0, 0)  # a LIVE that just started: (gifts, diamonds)
# A summary names the few who carried the LIVE; the whole board is the stream's own.
SUMMARY_TOP_GIFTERS = 3


@router.post("/v1/streams", response_model=StreamOut, status_code=201)
async def start_stream(
    body: StreamIn, principal: CurrentPrincipal, uow: UnitDep, idempotency_key: IdempotencyKey,
    settings: SettingsDep,
) -> StreamOut:
    """Go LIVE: a creator old enough to host where they live, not frozen or banned from
    gifting. A retry with the same Idempotency-Key returns the same stream."""
    creator_id = acting_for(principal, body.creator_id, Scope.STREAMS_WRITE)
    answer = await streams.start(uow, creator_id, body.title, idempotency_key,
                                 settings.economy)
    return StreamOut.of(answer.value, NO_GIFTS_YET)


@router.post("/v1/streams/{stream_id}/end", response_model=StreamOut)
async def end_stream(stream_id: StreamId, principal: CurrentPrincipal, uow: UnitDep) -> StreamOut:
    """End a LIVE (its creator, or an operator). Ending it again answers the ended stream."""
    operator = principal.is_admin or (
        principal.user_id is None and principal.has(Scope.STREAMS_WRITE))
    if principal.user_id is None and not operator:
        raise InsufficientScope(Scope.STREAMS_WRITE)
    ended = await streams.end(uow, stream_id, None if operator else principal.user_id)
    return StreamOut.of(ended, await gifts_service.stream_totals(await uow.connect(), stream_id))


@router.get("/v1/streams", response_model=StreamPage)
async def list_live_streams(
    _: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    container: ContainerDep, cursor: Cursor = None, limit: Limit = None,
) -> StreamPage:
    """Streams that are LIVE now, newest first, with how many watch each."""
    position = decode_cursor(cursor)
    before = None
    if position is not None:
        started_ms, stream_id = position.get("started_ms"), position.get("id")
        if not isinstance(started_ms, int) or not isinstance(stream_id, str):
            raise Problem(400, "cursor-invalid", "Invalid cursor",
                          "pass back the next_cursor of a previous page")
        before = (started_ms, stream_id)
    size = page_size(settings, limit)
    found = await streams.live(connection, before, size + 1)
    items = found[:size]
    totals = await gifts_service.stream_totals_many(connection, [s.id for s in items])
    watching = (await container.live.watching([s.id for s in items])
                if container.live is not None else {})
    next_cursor = (
        encode_cursor({"started_ms": items[-1].started_at_ms, "id": items[-1].id})
        if len(found) > size else None
    )
    return StreamPage(items=[StreamOut.of(s, totals[s.id], watching.get(s.id)) for s in items],
                      next_cursor=next_cursor)


@router.get("/v1/streams/{stream_id}", response_model=StreamOut)
async def get_stream(
    stream_id: StreamId, _: CurrentPrincipal, connection: ReadConnection
) -> StreamOut:
    """A stream, with the gifts and diamonds it has received so far."""
    stream = await streams.get(connection, stream_id)
    return StreamOut.of(stream, await gifts_service.stream_totals(connection, stream_id))


@router.get("/v1/creators/{creator_id}/streams", response_model=StreamSummaryPage)
async def creator_streams(
    creator_id: UserId, principal: CurrentPrincipal, connection: ReadConnection,
    settings: SettingsDep, cursor: Cursor = None, limit: Limit = None,
) -> StreamSummaryPage:
    """A creator's LIVEs, running or ended, newest first, each summed up: how long it ran,
    the gifts, coins and diamonds it received and its top gifters. The creator reads their
    own; reading another's needs `users:read`."""
    reading_user(principal, creator_id)
    await users.get(connection, creator_id)
    size = page_size(settings, limit)
    found = await streams.of_creator(connection, creator_id, _before(cursor), size + 1)
    page = pagination.page_of(found, size,
                              lambda s: pagination.Position(s.started_at_ms, s.id))
    summaries = await gifts_service.stream_summaries(
        connection, [s.id for s in page.items], SUMMARY_TOP_GIFTERS)
    at_ms = now_ms()
    return StreamSummaryPage(items=[_summary(s, summaries[s.id], at_ms) for s in page.items],
                             next_cursor=page.next_cursor)


def _summary(stream: Stream, summary: StreamSummary, at_ms: int) -> StreamSummaryOut:
    until_ms = stream.ended_at_ms if stream.ended_at_ms is not None else at_ms
    return StreamSummaryOut(
        **StreamOut.of(stream, (summary.sends, summary.diamonds)).model_dump(),
        coins=summary.coins,
        duration_s=max(0, until_ms - stream.started_at_ms) // MS_PER_SECOND,
        top_gifters=[StreamGifterOut(user_id=g.user_id, display_name=g.display_name,
                                     coins=g.coins, gifts=g.gifts) for g in summary.top_gifters],
    )


@router.post("/v1/videos", response_model=VideoOut, status_code=201)
async def create_video(
    body: VideoIn, principal: CurrentPrincipal, uow: UnitDep, idempotency_key: IdempotencyKey
) -> VideoOut:
    """Post a video viewers can gift on (with a comment)."""
    creator_id = acting_for(principal, body.creator_id, Scope.STREAMS_WRITE)
    answer = await streams.create_video(uow, creator_id, body.caption, idempotency_key)
    return VideoOut.of(answer.value)


def _before(cursor: str | None) -> tuple[int, str] | None:
    position = pagination.decode_cursor(cursor)
    if position is None:
        return None
    if not isinstance(position.key, int):
        raise pagination.CursorInvalid()
    return position.key, position.id


@router.get("/v1/videos", response_model=VideoPage)
async def list_videos(
    _: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    creator_id: Annotated[UserId | None, Query(description="one creator's videos")] = None,
    cursor: Cursor = None, limit: Limit = None,
) -> VideoPage:
    """Videos, newest first."""
    size = page_size(settings, limit)
    found = await streams.videos(connection, creator_id, _before(cursor), size + 1)
    page = pagination.page_of(found, size,
                              lambda v: pagination.Position(v.created_at_ms, v.id))
    return VideoPage(items=[VideoOut.of(v) for v in page.items], next_cursor=page.next_cursor)


@router.get("/v1/videos/{video_id}", response_model=VideoDetailOut)
async def get_video(video_id: VideoId, _: CurrentPrincipal, connection: ReadConnection
                    ) -> VideoDetailOut:
    """A video with what its comments received in gifts."""
    video = await streams.get_video(connection, video_id)
    gifts_count, coins, diamonds = await gifts_service.video_totals(connection, video_id)
    creator = await users.find(connection, video.creator_id)
    return VideoDetailOut(**VideoOut.of(video).model_dump(),
                          creator_name=creator.display_name if creator else video.creator_id,
                          comments_count=await streams.comments_count(connection, video_id),
                          gifts_count=gifts_count, coins=coins, diamonds=diamonds)


@router.get("/v1/videos/{video_id}/comments", response_model=CommentPage)
async def video_comments(video_id: VideoId, _: CurrentPrincipal, connection: ReadConnection,
                         settings: SettingsDep, cursor: Cursor = None, limit: Limit = None
                         ) -> CommentPage:
    """A video's comments, newest first, each with the gift it came with."""
    size = page_size(settings, limit)
    found = await streams.comments(connection, video_id, _before(cursor), size + 1)
    page = pagination.page_of(found, size,
                              lambda c: pagination.Position(c.created_at_ms, c.id))
    gifts = await gifts_service.gifts_on_comments(connection, video_id,
                                                  [c.id for c in page.items])
    names = {u.id: u.display_name for u in await users.get_many(
        connection, {c.author_id for c in page.items})}
    return CommentPage(items=[CommentOut(
        id=c.id, author_id=c.author_id, author_name=names.get(c.author_id, c.author_id),
        text=c.text, created_at=iso(c.created_at_ms),
        gift=None if c.id not in gifts else CommentGiftOut(
            id=gifts[c.id].id, gift_id=gifts[c.id].gift_id, count=gifts[c.id].count,
            coins=gifts[c.id].coins, diamonds=gifts[c.id].diamonds),
    ) for c in page.items], next_cursor=page.next_cursor)

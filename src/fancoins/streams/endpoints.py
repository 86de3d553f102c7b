"""LIVE streams and videos: a creator starts and ends a LIVE, posts a video."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from fancoins.api.auth import CurrentPrincipal, Scope, acting_for
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey
from fancoins.api.pagination import Cursor, Limit, decode_cursor, encode_cursor, page_size
from fancoins.api.problems import Problem, problem_responses
from fancoins.gifts.service import gifts_service
from fancoins.kit.errors import InsufficientScope
from fancoins.streams.schemas import StreamIn, StreamOut, StreamPage, VideoIn, VideoOut
from fancoins.streams.service import (
    streams,
)

router = APIRouter(tags=["streams"], responses=problem_responses(400, 401, 403, 404, 409, 422))

StreamId = Annotated[str, Path(min_length=1, max_length=64)]
NO_GIFTS_YET = (0, 0)  # a LIVE that just started: (gifts, diamonds)


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
    cursor: Cursor = None, limit: Limit = None,
) -> StreamPage:
    """Streams that are LIVE now, newest first."""
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
    next_cursor = (
        encode_cursor({"started_ms": items[-1].started_at_ms, "id": items[-1].id})
        if len(found) > size else None
    )
    return StreamPage(items=[StreamOut.of(s, totals[s.id]) for s in items],
                      next_cursor=next_cursor)


@router.get("/v1/streams/{stream_id}", response_model=StreamOut)
async def get_stream(
    stream_id: StreamId, _: CurrentPrincipal, connection: ReadConnection
) -> StreamOut:
    """A stream, with the gifts and diamonds it has received so far."""
    stream = await streams.get(connection, stream_id)
    return StreamOut.of(stream, await gifts_service.stream_totals(connection, stream_id))


@router.post("/v1/videos", response_model=VideoOut, status_code=201)
async def create_video(
    body: VideoIn, principal: CurrentPrincipal, uow: UnitDep, idempotency_key: IdempotencyKey
) -> VideoOut:
    """Post a video viewers can gift on (with a comment)."""
    creator_id = acting_for(principal, body.creator_id, Scope.STREAMS_WRITE)
    answer = await streams.create_video(uow, creator_id, body.caption, idempotency_key)
    return VideoOut.of(answer.value)

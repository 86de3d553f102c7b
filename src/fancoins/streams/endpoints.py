"""LIVE streams and videos: a creator starts and ends a LIVE, posts a video."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from fancoins.api.auth import CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, SettingsDep, UowDep
from fancoins.api.errors import IdempotencyKey, ledger_problem
from fancoins.api.pagination import Cursor, Limit, decode_cursor, encode_cursor, page_size
from fancoins.api.problems import Problem, problem_responses
from fancoins.gifts.runtime import stream_feed_of
from fancoins.gifts.service import gifts_service
from fancoins.identity.service import UserNotFound
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.streams.schemas import StreamIn, StreamOut, StreamPage, VideoIn, VideoOut
from fancoins.streams.service import (
    NotACreator,
    NotStreamOwner,
    StreamAlreadyLive,
    StreamNotFound,
    streams,
)

router = APIRouter(tags=["streams"], responses=problem_responses(400, 401, 403, 404, 409, 422))

StreamId = Annotated[str, Path(min_length=1, max_length=64)]


def _acting_creator(principal: Principal, creator_id: str | None) -> str:
    """A user acts for themselves; an API key with streams:write names the creator."""
    if principal.user_id is not None and creator_id in (None, principal.user_id):
        return principal.user_id
    if principal.kind == "api_key" and principal.has(Scope.STREAMS_WRITE) and creator_id:
        return creator_id
    raise Problem(403, "insufficient-scope", "Insufficient scope",
                  "act for yourself with a user token, or name creator_id with streams:write")


def _stream_not_found(stream_id: str) -> Problem:
    return Problem(404, "stream-not-found", "Stream not found", f"no stream {stream_id}")


@router.post("/v1/streams", response_model=StreamOut, status_code=201)
async def start_stream(
    body: StreamIn, principal: CurrentPrincipal, uow: UowDep, idempotency_key: IdempotencyKey
) -> StreamOut:
    """Go LIVE. A retry with the same Idempotency-Key returns the same stream."""
    creator_id = _acting_creator(principal, body.creator_id)
    try:
        async with uow() as connection:
            stream = await streams.start(connection, creator_id, body.title, idempotency_key)
    except UserNotFound:
        raise Problem(404, "user-not-found", "User not found", creator_id) from None
    except NotACreator:
        raise Problem(403, "not-a-creator", "Not a creator", "only creators go LIVE") from None
    except StreamAlreadyLive as error:
        raise Problem(409, "stream-already-live", "Already live",
                      f"stream {error.stream_id} is live; end it first",
                      stream_id=error.stream_id) from None
    except IdempotencyConflict as error:
        raise ledger_problem(error) from None
    return StreamOut.of(stream)


@router.post("/v1/streams/{stream_id}/end", response_model=StreamOut)
async def end_stream(
    stream_id: StreamId, principal: CurrentPrincipal, uow: UowDep, request: Request
) -> StreamOut:
    """End a LIVE (its creator, or an operator). Ending it again answers the ended stream."""
    operator = principal.user_id is None and principal.has(Scope.STREAMS_WRITE)
    if principal.user_id is None and not operator:
        raise Problem(403, "insufficient-scope", "Insufficient scope", "needs streams:write")
    try:
        async with uow() as connection:
            stream, event = await streams.end(
                connection, stream_id, None if operator else principal.user_id
            )
    except (StreamNotFound, NotStreamOwner):
        raise _stream_not_found(stream_id) from None
    if event is not None:  # after the commit: nothing is announced that did not happen
        await stream_feed_of(request.app).publish(event)
    return StreamOut.of(stream)


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
    next_cursor = (
        encode_cursor({"started_ms": items[-1].started_at_ms, "id": items[-1].id})
        if len(found) > size else None
    )
    return StreamPage(items=[StreamOut.of(s) for s in items], next_cursor=next_cursor)


@router.get("/v1/streams/{stream_id}", response_model=StreamOut)
async def get_stream(
    stream_id: StreamId, _: CurrentPrincipal, connection: ReadConnection
) -> StreamOut:
    """A stream, with the gifts and diamonds it has received so far."""
    try:
        stream = await streams.get(connection, stream_id)
    except StreamNotFound:
        raise _stream_not_found(stream_id) from None
    return StreamOut.of(stream, await gifts_service.stream_totals(connection, stream_id))


@router.post("/v1/videos", response_model=VideoOut, status_code=201)
async def create_video(
    body: VideoIn, principal: CurrentPrincipal, uow: UowDep, idempotency_key: IdempotencyKey
) -> VideoOut:
    """Post a video viewers can gift on (with a comment)."""
    creator_id = _acting_creator(principal, body.creator_id)
    try:
        async with uow() as connection:
            video = await streams.create_video(connection, creator_id, body.caption,
                                               idempotency_key)
    except UserNotFound:
        raise Problem(404, "user-not-found", "User not found", creator_id) from None
    except NotACreator:
        raise Problem(403, "not-a-creator", "Not a creator", "only creators post videos") from None
    except IdempotencyConflict as error:
        raise ledger_problem(error) from None
    return VideoOut.of(video)

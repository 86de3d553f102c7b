"""LIVE endpoints: the viewer WebSocket and the boards. Thin: convert, call, answer.

WebSocket `GET /v1/streams/{stream_id}/events` — authenticate with, in this order:
1. an `Authorization: Bearer <token>` header (server-side clients);
2. the subprotocol `bearer.<token>` in `Sec-WebSocket-Protocol`, offered next to
   `fancoins.v1` (browsers cannot set headers; the server answers `fancoins.v1` and never
   echoes the token);
3. the `token` query parameter (simplest; URLs may end up in logs, so prefer 1 or 2).
The token is a user JWT, an API key, or an overlay credential (`fco_...`, for its own
creator's streams only: `fancoins.api.auth.overlay_access` checks it). The first frame is the
stream's last events (history) and a snapshot; live events follow, numbered (`seq`) from the
snapshot's `next_seq` on. See `fancoins.live.frames` for the events and
`fancoins.realtime.protocol` for frames and close codes.
"""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Path, Query, WebSocket

from fancoins.api.auth import CurrentPrincipal, Principal, overlay_access, principal_from_token
from fancoins.api.deps import ContainerDep, ReadConnection, SettingsDep, container_of
from fancoins.api.problems import error_response, problem_responses
from fancoins.api.socket_gifts import SocketGifts
from fancoins.db.engine import database_unavailable, read_only
from fancoins.economy.boards import Period
from fancoins.identity.overlay import is_overlay_token
from fancoins.ids import now_ms
from fancoins.kit.errors import DatabaseUnavailable, FancoinsError, Unauthenticated, Unavailable
from fancoins.live.engine import LiveEngine
from fancoins.live.schemas import BoardOut, GifterOut
from fancoins.live.service import BoardCache, live
from fancoins.realtime.connection import ViewerConnection
from fancoins.streams.service import StreamNotFound

log = structlog.get_logger(__name__)
router = APIRouter(tags=["live"])

SUBPROTOCOL = "fancoins.v1"
TOKEN_SUBPROTOCOL_PREFIX = "bearer."

StreamId = Annotated[str, Path(min_length=1, max_length=64)]
UserId = Annotated[str, Path(min_length=1, max_length=128)]
Limit = Annotated[int | None, Query(ge=1, le=1000, description="entries (bounded by config)")]


class StreamGone(FancoinsError):
    """The LIVE ended: there is nothing more to watch."""

    status = 410
    slug = "stream-ended"
    title = "Stream ended"
    stored = False


class ViewersFull(Unavailable):
    slug = "viewers-full"
    title = "Too many viewers"


class LiveNotRunning(Unavailable):
    """This process serves no LIVE events now (it is starting or shutting down): another
    process, or this one in a moment, will."""

    slug = "live-not-running"
    title = "LIVE events not served here now"


def _live(websocket: WebSocket) -> LiveEngine:
    engine = container_of(websocket).live
    if engine is None:
        raise LiveNotRunning("this process serves no LIVE events now; reconnect")
    return engine


def _boards(container: ContainerDep) -> BoardCache:
    boards = container.boards
    if boards is None:
        raise RuntimeError("LIVE is not running in this process")
    return boards


def _limit(settings: SettingsDep, limit: int | None) -> int:
    return min(limit or settings.live.stream_board_size, settings.live.board_size_max)


# --- the viewer WebSocket ------------------------------------------------------------------


def _offered_token(websocket: WebSocket) -> str | None:
    header = websocket.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    for offered in websocket.scope.get("subprotocols", []):
        if offered.startswith(TOKEN_SUBPROTOCOL_PREFIX):
            return str(offered[len(TOKEN_SUBPROTOCOL_PREFIX):])
    return websocket.query_params.get("token") or None


async def _authenticate(websocket: WebSocket, stream_id: str) -> Principal:
    """A user token or API key; or an overlay credential, for its own creator's streams."""
    token = _offered_token(websocket)
    if token is None:
        raise Unauthenticated("send a user token or API key (header, subprotocol or ?token=)")
    if not is_overlay_token(token):
        return await principal_from_token(container_of(websocket), token)
    async with read_only(container_of(websocket).engine) as connection:
        access = await overlay_access(websocket, connection, token, stream_id)
    return Principal("overlay", f"overlay:{access.grant.creator_id}", None, frozenset())


async def _check_stream(engine: LiveEngine, stream_id: str) -> None:
    if not await engine.is_live(stream_id):  # from memory for a stream served here
        raise StreamGone(f"stream {stream_id} is not live")


async def _refuse(websocket: WebSocket, error: FancoinsError) -> None:
    """Answer the upgrade request with problem+json (servers that cannot: close 1008)."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(error_response(error))
    else:
        await websocket.close(1008, error.slug)


@router.websocket("/v1/streams/{stream_id}/events")
async def stream_events(websocket: WebSocket, stream_id: str) -> None:
    """A viewer's live events for one stream (see the module docstring)."""
    try:
        engine = _live(websocket)
        settings = engine.settings
        if not 1 <= len(stream_id) <= 64:
            raise StreamNotFound(stream_id[:64])
        principal = await _authenticate(websocket, stream_id)
        await _check_stream(engine, stream_id)
        if engine.viewers_local >= settings.live.viewers_per_process_max:
            raise ViewersFull("this server holds as many viewers as it may; retry another")
        # What the first frame reads, before the upgrade is accepted: a database that cannot
        # answer is a refusal with a retry hint, never a socket closed after it opened.
        await engine.prepare(stream_id)
    except FancoinsError as error:  # the upgrade is answered, not raised: no handler here
        await _refuse(websocket, error)
        return
    except Exception as error:  # the database busy, or a process shutting down
        if database_unavailable(error):  # a clear retry hint, not a fault
            log.warning("live_upgrade_database_unavailable", stream_id=stream_id[:64])
            await _refuse(websocket, DatabaseUnavailable(
                "the database did not answer in time; reconnect"))
            return
        log.exception("live_upgrade_failed", stream_id=stream_id[:64])
        await _refuse(websocket, LiveNotRunning("this process cannot serve LIVE events now; "
                                                "reconnect"))
        return
    offered = websocket.scope.get("subprotocols", [])
    await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
    gifts = SocketGifts(websocket, principal, stream_id, settings.live.ws_gifts_in_flight_max)
    viewer = ViewerConnection(websocket, principal.subject,
                              settings.live.viewer_queue_frames_max,
                              settings.live.viewer_close_timeout_s,
                              settings.live.ws_message_bytes_max, on_text=gifts.on_text)
    gifts.viewer = viewer
    try:
        await engine.join(stream_id, viewer)  # its first frame: history, then a snapshot
        await viewer.run()
    finally:
        engine.leave(stream_id, viewer)
        await gifts.drain(settings.gifts.commit_timeout_s)


# --- boards and levels ---------------------------------------------------------------------

_READ_PROBLEMS = problem_responses(401, 404, 422)


@router.get("/v1/streams/{stream_id}/leaderboard", response_model=BoardOut,
            responses=_READ_PROBLEMS)
async def stream_leaderboard(
    stream_id: StreamId, _: CurrentPrincipal, container: ContainerDep,
    connection: ReadConnection, settings: SettingsDep, limit: Limit = None,
) -> BoardOut:
    """A stream's top gifters by coins (its `leaderboard.updated` events, as one read)."""
    size = _limit(settings, limit)

    async def load() -> BoardOut:
        board = await live.stream_board(connection, stream_id, size, settings.economy.levels,
                                        now_ms(), settings.economy.fan_club)
        return BoardOut.of(board)

    return await _boards(container).get(("stream", stream_id, size), load)


@router.get("/v1/creators/{creator_id}/supporters", response_model=BoardOut,
            responses=_READ_PROBLEMS)
async def creator_supporters(
    creator_id: UserId, _: CurrentPrincipal, container: ContainerDep,
    connection: ReadConnection, settings: SettingsDep, period: Period = Period.WEEK,
    limit: Limit = None,
) -> BoardOut:
    """A creator's top supporters by coins given today, this week or all time (UTC)."""
    size = _limit(settings, limit)

    async def load() -> BoardOut:
        board = await live.creator_board(connection, creator_id, period, size,
                                         settings.economy.levels, now_ms(),
                                         settings.economy.fan_club)
        return BoardOut.of(board)

    return await _boards(container).get(("creator", creator_id, period, size), load)


@router.get("/v1/leaderboards/creators", response_model=BoardOut,
            responses=problem_responses(401, 422))
async def top_creators(
    _: CurrentPrincipal, container: ContainerDep, connection: ReadConnection,
    settings: SettingsDep, period: Period = Period.WEEK, limit: Limit = None,
) -> BoardOut:
    """Creators by diamonds received (default: this week, UTC, from Monday)."""
    size = _limit(settings, limit)

    async def load() -> BoardOut:
        return BoardOut.of(await live.creators_board(connection, period, size, now_ms()))

    return await _boards(container).get(("creators", period, size), load)


@router.get("/v1/users/{user_id}/gifter", response_model=GifterOut, responses=_READ_PROBLEMS)
async def gifter_profile(
    user_id: UserId, principal: CurrentPrincipal, connection: ReadConnection,
    settings: SettingsDep,
) -> GifterOut:
    """A user's gifter level (1 to 50, from lifetime coins spent) and tier badge, for anyone.
    The exact lifetime spend (and the coins to the next level, which would tell it) only to
    the user themself and operators; `null` for everybody else."""
    gifter = await live.gifter(connection, user_id, settings.economy.levels, now_ms())
    return GifterOut.of(gifter, exact=principal.may_see_user(user_id))

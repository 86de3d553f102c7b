"""Gifts a viewer sends on its LIVE socket: each one sent exactly as `POST /v1/gifts/send`
sends it (same checks, refusals, idempotency key space and rate limits: `api.gift_sends`), to
the socket's stream and as the connected user, and answered on that socket by a
`gift.answer` event after its batch committed. A viewer spares a request per gift; nothing
about the gift itself differs.

Each message is handled in a task of its own, so the socket keeps reading; how many may wait
for their answer at once is bounded (`live.ws_gifts_in_flight_max`), past which a message is
answered 429 at once. A viewer that leaves before its answer loses only the answer: its gift
commits or not as over HTTP, and the same key (on a new socket or over HTTP) tells which.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import structlog
from pydantic import ValidationError
from starlette.websockets import WebSocket

from fancoins.api.auth import Principal
from fancoins.api.gift_sends import send_one
from fancoins.api.ratelimit import count as count_rate
from fancoins.gifts.errors import GiftOutcomeUnknown
from fancoins.gifts.schemas import GiftBatchItemIn, GiftSentOut
from fancoins.ids import new_id, now_ms
from fancoins.kit.errors import FancoinsError, InvalidRequest, RateLimited
from fancoins.live import frames
from fancoins.live.contract import GiftSendMessage
from fancoins.realtime.connection import ViewerConnection
from fancoins.realtime.protocol import encode_frame
from fancoins.safety.rates import RateClass

log = structlog.get_logger(__name__)


class GiftsInFlight(RateLimited):
    slug = "gifts-in-flight"
    title = "Too many gifts awaiting their answer"


class SocketMessageInvalid(InvalidRequest):
    slug = "socket-message-invalid"
    title = "Unreadable socket message"


class SocketGifts:
    """The gifts of one viewer's socket."""

    def __init__(self, websocket: WebSocket, principal: Principal, stream_id: str,
                 in_flight_max: int) -> None:
        self._websocket = websocket
        self._principal = principal
        self._stream_id = stream_id
        self._in_flight_max = in_flight_max
        self._tasks: set[asyncio.Task[None]] = set()
        self.viewer: ViewerConnection | None = None  # set once the connection exists

    def on_text(self, text: str) -> None:
        """A message from the viewer (called by its connection's reader: never waits)."""
        if len(self._tasks) >= self._in_flight_max:
            self._answer_error(_request_id_of(text), GiftsInFlight(
                f"at most {self._in_flight_max} gifts may await their answer on one socket; "
                "nothing was sent: send it again once an answer came"))
            return
        task = asyncio.create_task(self._handle(text), name="socket-gift")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout_s: float) -> None:
        """Let the gifts already handed over finish (their commit is under way) before the
        connection's handler returns; past `timeout_s` they are cancelled (unanswered)."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=timeout_s)
        for task in pending:
            task.cancel()

    async def _handle(self, text: str) -> None:
        try:
            message = GiftSendMessage.model_validate_json(text)
            item = GiftBatchItemIn(idempotency_key=message.idempotency_key,
                                   gift_id=message.gift_id, count=message.count,
                                   stream_id=self._stream_id, message=message.message)
        except ValidationError as invalid:
            self._answer_error(_request_id_of(text), SocketMessageInvalid(
                "send {\"type\": \"gift.send\", \"request_id\", \"idempotency_key\", "
                f"\"gift_id\", \"count\"}}: {_first_error(invalid)}; nothing was sent"))
            return
        try:
            limited = await count_rate(self._websocket, self._principal, RateClass.GIFTS)
            result = await send_one(self._websocket, self._principal, item, limited)
        except Exception:  # never leave the viewer without an answer it can act on
            log.exception("socket_gift_failed", stream_id=self._stream_id)
            unknown = GiftOutcomeUnknown("the gift may or may not have been sent; send it "
                                         "again with the same idempotency_key to learn its "
                                         "outcome")
            self._offer(message.request_id, message.idempotency_key, unknown.status_code,
                        problem=unknown.body())
            return
        self._offer(message.request_id, result.idempotency_key, result.status,
                    gift=result.gift, problem=result.problem, replayed=result.replayed)

    def _answer_error(self, request_id: str | None, error: FancoinsError) -> None:
        """A message refused before it was read as a gift (its key is not known)."""
        self._offer(request_id, None, error.status_code, problem=error.body())

    def _offer(self, request_id: str | None, key: str | None, status: int, *,
               gift: GiftSentOut | None = None, problem: dict[str, Any] | None = None,
               replayed: bool = False) -> None:
        viewer = self.viewer
        if viewer is None:
            return
        event = frames.base_event(frames.EventType.GIFT_ANSWER, new_id(), self._stream_id,
                                  now_ms())
        event.update(request_id=request_id, idempotency_key=key, status=status,
                     gift=gift.model_dump(mode="json") if gift else None, problem=problem,
                     replayed=replayed)
        viewer.offer(encode_frame([event]))


def _request_id_of(text: str) -> str | None:
    """The `request_id` of a message that failed validation, when one can be read."""
    try:
        parsed: Any = orjson.loads(text)
    except ValueError:
        return None
    found = parsed.get("request_id") if isinstance(parsed, dict) else None
    return found[:64] if isinstance(found, str) and found else None


def _first_error(invalid: ValidationError) -> str:
    error = invalid.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "message"
    return f"{where}: {error['msg']}"

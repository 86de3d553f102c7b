"""One viewer's WebSocket: a bounded queue of frames and the task that writes them.

Publishing never waits on a viewer: `offer` writes the frame's prepared bytes straight to the
socket when nothing is queued and the socket takes them without buffering past its high mark
(see `wire.py`), else appends it to the queue or, when the queue is full, marks the viewer too
slow; the connection's own task then closes it with 4008. A slow viewer therefore costs the
others and the gift path nothing but one failed append.

Every close is bounded: the close frame gets `close_timeout_s` to be written and answered;
a viewer that has not taken it by then (it stopped reading: its socket buffers are full) has
its transport aborted, which frees the socket at once — a polite close would wait for those
buffers to drain, for as long as the peer holds the connection open. What a viewer sends is
bounded too (`message_bytes_max`, enforced by the server from the frame header and checked
again here): a bigger message closes the connection with 1009.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable

import structlog
from starlette.websockets import WebSocket, WebSocketDisconnect

from fancoins.observability import VIEWERS_DROPPED
from fancoins.realtime.protocol import CLOSE_REASONS, CloseCode, Frame
from fancoins.realtime.wire import direct_sink, transport_of

log = structlog.get_logger(__name__)

# What a viewer may send in one message when the caller does not say (the setting is
# `live.ws_message_bytes_max`): viewers listen, ping, close and send small commands (a gift).
MESSAGE_BYTES_MAX = 8 * 1024
_DROPPED_AS = {CloseCode.VIEWER_TOO_SLOW: "slow", CloseCode.MESSAGE_TOO_BIG: "message_too_big"}


class ViewerConnection:
    """A viewer of one stream. `run()` serves it until it leaves, lags or the stream ends."""

    def __init__(self, websocket: WebSocket, user_id: str, queue_frames_max: int,
                 close_timeout_s: float, message_bytes_max: int = MESSAGE_BYTES_MAX,
                 on_text: Callable[[str], None] | None = None) -> None:
        self.websocket = websocket
        self.user_id = user_id
        self._frames: deque[Frame] = deque()
        self._frames_max = queue_frames_max
        self._close_timeout_s = close_timeout_s
        self._wakeup = asyncio.Event()
        self._done = asyncio.Event()
        self.close_code: CloseCode | None = None
        self._final_queued = False
        self._message_bytes_max = message_bytes_max
        self._on_text = on_text  # what the viewer sends (a command); None: ignored
        # None: frames go through ASGI `send` (another server, or compression negotiated).
        self._sink = direct_sink(websocket)
        self._transport = transport_of(websocket)  # to abort it; None: the server closes

    @property
    def direct(self) -> bool:
        """Whether frames may go straight to the socket (else through ASGI `send`)."""
        return self._sink is not None

    @property
    def closing(self) -> bool:
        return self.close_code is not None

    def offer(self, frame: Frame, *, final: bool = False) -> None:
        """Send or queue `frame` without waiting. `final` frames close the connection once
        sent."""
        if self.closing or self._final_queued:
            return
        sink = self._sink
        if sink is not None and not self._frames and sink.ready:
            sink.write(frame.wire)  # in order: nothing is queued before it
            if final:
                self._final_queued = True
                self._wakeup.set()  # the writer task closes the connection
            return
        if len(self._frames) >= self._frames_max:
            self.close_soon(CloseCode.VIEWER_TOO_SLOW)
            return
        self._frames.append(frame)
        if final:
            self._final_queued = True
        self._wakeup.set()

    def close_soon(self, code: CloseCode) -> None:
        """Stop sending (pending frames are dropped) and close with `code`."""
        if self.close_code is None:
            self.close_code = code
            self._frames.clear()
            self._done.set()

    async def run(self) -> None:
        writer = asyncio.create_task(self._write(), name="viewer-writer")
        reader = asyncio.create_task(self._read(), name="viewer-reader")
        done = asyncio.create_task(self._done.wait())
        try:
            await asyncio.wait({writer, reader, done}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (writer, reader, done):
                task.cancel()
            # The writer may be parked waiting for the transport to drain: cancelling it there
            # is safe (uvicorn writes a frame whole or not at all).
            await asyncio.gather(writer, reader, done, return_exceptions=True)
        if self.close_code is not None:
            await self._close(self.close_code)

    async def _write(self) -> None:
        frames, send, sink = self._frames, self.websocket.send, self._sink
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while frames:
                if sink is None:
                    await send({"type": "websocket.send", "text": frames[0].text})
                else:
                    await sink.wait_writable()
                    if not sink.open:
                        return  # the reader sees the disconnect
                    sink.write(frames[0].wire)
                # Popped once sent: a frame is never lost between the queue and the socket,
                # and `offer` never writes past one still queued.
                if frames:
                    frames.popleft()
            if self._final_queued and not frames:
                self.close_soon(CloseCode.STREAM_ENDED)
                return

    async def _read(self) -> None:
        """What the viewer sends is read (so pings and closes work), up to
        `message_bytes_max` a message; text goes to `on_text` (which must not wait), the rest
        is ignored."""
        with contextlib.suppress(WebSocketDisconnect):
            while True:
                message = await self.websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
                text = message.get("text")
                if self._too_big(text, message.get("bytes")):
                    self.close_soon(CloseCode.MESSAGE_TOO_BIG)
                    return
                if text is not None and self._on_text is not None:
                    self._on_text(text)

    def _too_big(self, text: str | None, data: bytes | None) -> bool:
        limit = self._message_bytes_max
        if data is not None:
            return len(data) > limit
        # A character is one to four bytes in UTF-8: encode only when it could matter.
        return text is not None and len(text) > limit // 4 and len(text.encode()) > limit

    async def _close(self, code: CloseCode) -> None:
        reason = _DROPPED_AS.get(code)
        if reason is not None:
            VIEWERS_DROPPED.labels(reason).inc()
            log.info("viewer_dropped", reason=reason, user_id=self.user_id)
        sent = False
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self._close_timeout_s):
                await self.websocket.close(int(code), CLOSE_REASONS[code])
                sent = True
        transport = self._transport
        if transport is None:
            return
        if sent:  # the peer has as long again to answer it, then it is cut
            asyncio.get_running_loop().call_later(self._close_timeout_s, _abort_if_open,
                                                  transport, self.user_id)
        else:  # it did not even take the close frame: cut now
            _abort_if_open(transport, self.user_id)


def _abort_if_open(transport: asyncio.Transport, user_id: str) -> None:
    """Abort a connection still open, or still flushing to a peer that does not read: its
    descriptor is freed now instead of when the peer goes away."""
    if transport.is_closing() and not transport.get_write_buffer_size():
        return  # closed (or closing with nothing left to write): nothing held
    VIEWERS_DROPPED.labels("aborted").inc()
    log.info("viewer_aborted", user_id=user_id)
    transport.abort()

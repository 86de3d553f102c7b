"""One viewer's WebSocket: a bounded queue of frames and the task that writes them.

Publishing never waits on a viewer: `offer` writes the frame's prepared bytes straight to the
socket when nothing is queued and the socket takes them without buffering past its high mark
(see `wire.py`), else appends it to the queue or, when the queue is full, marks the viewer too
slow; the connection's own task then closes it with 4008. A slow viewer therefore costs the
others and the gift path nothing but one failed append.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque

import structlog
from starlette.websockets import WebSocket, WebSocketDisconnect

from fancoins.realtime.protocol import CLOSE_REASONS, CloseCode, Frame
from fancoins.realtime.wire import direct_sink

log = structlog.get_logger(__name__)


class ViewerConnection:
    """A viewer of one stream. `run()` serves it until it leaves, lags or the stream ends."""

    def __init__(self, websocket: WebSocket, user_id: str, queue_frames_max: int,
                 close_timeout_s: float) -> None:
        self.websocket = websocket
        self.user_id = user_id
        self._frames: deque[Frame] = deque()
        self._frames_max = queue_frames_max
        self._close_timeout_s = close_timeout_s
        self._wakeup = asyncio.Event()
        self._done = asyncio.Event()
        self.close_code: CloseCode | None = None
        self._final_queued = False
        # None: frames go through ASGI `send` (another server, or compression negotiated).
        self._sink = direct_sink(websocket)

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
        """Viewers only listen; what they send is read (so pings and closes work) and ignored."""
        with contextlib.suppress(WebSocketDisconnect):
            while True:
                message = await self.websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return

    async def _close(self, code: CloseCode) -> None:
        if code is CloseCode.VIEWER_TOO_SLOW:
            log.info("viewer_dropped_slow", user_id=self.user_id)
        # A viewer that never reads may keep the close frame waiting: bounded, then given up
        # (uvicorn's keep-alive ping timeout then drops the transport).
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self._close_timeout_s):
                await self.websocket.close(int(code), CLOSE_REASONS[code])

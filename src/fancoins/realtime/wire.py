"""Writing a prepared frame straight to a viewer's socket, when the server allows it.

Every viewer of a stream gets the same frame; with permessage-deflate off, the same bytes.
Sending through ASGI costs, per viewer and per frame, a task wake-up and the Starlette,
uvicorn and websockets layers re-framing the same text (measured: most of the fan-out's CPU
with 2,000 viewers). Under uvicorn's `websockets-sansio` protocol (what `fancoins serve` and
the benchmarks run) a `DirectSink` instead writes the `Frame.wire` bytes built once per frame
to the connection's transport, which is what uvicorn itself does after framing.

It is used only while that is exactly equivalent: the handshake is done, no extension was
negotiated (no compression, so the bytes are the same for everyone), the connection is open
and no close frame was sent, and the transport is not paused (its buffer is below the high
water mark). Otherwise the connection falls back to its bounded queue and ASGI `send`, so the
slow-viewer rule is unchanged. Any other server (or protocol) uses ASGI `send` only.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.websockets import WebSocket

try:  # the server's side of the connection, when uvicorn serves it
    from uvicorn.protocols.websockets.websockets_sansio_impl import (
        WebSocketsSansIOProtocol as _SansIO,
    )
    from websockets.protocol import State as _State
except ImportError:  # pragma: no cover - uvicorn or websockets missing: ASGI send only
    _SansIO = None  # type: ignore[assignment,misc]


class DirectSink:
    """Writes whole WebSocket messages to one uvicorn sans-io connection's transport."""

    __slots__ = ("_protocol", "_transport", "_writable", "write")

    def __init__(self, protocol: Any) -> None:
        self._protocol = protocol
        self._transport: asyncio.Transport = protocol.transport
        self._writable: asyncio.Event = protocol.writable
        self.write = self._transport.write  # whole messages only

    @property
    def open(self) -> bool:
        """No close frame sent (by us: uvicorn's `close_sent`; on a keep-alive timeout or a
        protocol error uvicorn sets it too) and the transport not closing (uvicorn closes it
        once the peer's close frame arrives, and it is closing once the connection is lost).
        Checked per viewer per frame, so only these two cheap reads."""
        return not self._protocol.close_sent and not self._transport.is_closing()

    @property
    def ready(self) -> bool:
        """Open, and its transport takes more bytes without buffering past its high mark."""
        return self._writable.is_set() and self.open

    async def wait_writable(self) -> None:
        await self._writable.wait()  # set again on resume_writing and on connection_lost


def direct_sink(websocket: WebSocket) -> DirectSink | None:
    """The connection's `DirectSink`, or None when frames must go through ASGI `send`.

    Call it after `accept()`. uvicorn hands the app its protocol's bound `receive`; the
    middleware in between passes WebSocket `receive` through unchanged."""
    if _SansIO is None:
        return None  # pragma: no cover
    protocol = getattr(getattr(websocket, "_receive", None), "__self__", None)
    if not isinstance(protocol, _SansIO) or not protocol.handshake_complete:
        return None
    if protocol.conn.state is not _State.OPEN:
        return None
    if protocol.conn.extensions:  # e.g. permessage-deflate: bytes differ per connection
        return None
    return DirectSink(protocol)

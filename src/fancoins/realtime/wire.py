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

This reads uvicorn's internals, which a uvicorn release may rename: whatever shape it finds
that it does not know, it falls back to ASGI `send` with one warning — a viewer's connect
never fails for it. `check_wire()` runs at start-up and logs which path is active.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import re
from typing import Any

import structlog
from starlette.websockets import WebSocket

log = structlog.get_logger(__name__)

try:  # the server's side of the connection, when uvicorn serves it
    from uvicorn.protocols.websockets.websockets_sansio_impl import (
        WebSocketsSansIOProtocol as _SansIO,
    )
    from websockets.protocol import State as _State
except ImportError:  # uvicorn or websockets missing or reorganised: ASGI send only
    _SansIO = None  # type: ignore[assignment,misc]

# The uvicorn WebSocket implementation the direct path knows; `fancoins serve` names it.
WEBSOCKET_IMPLEMENTATION = "websockets-sansio"
# What the direct path reads of uvicorn's protocol object: every one must be there.
_PROTOCOL_ATTRIBUTES = ("transport", "writable", "close_sent", "handshake_complete", "conn")
_ASSIGNED = re.compile(r"self\.(\w+)\s*[:=]")
_warned: set[str] = set()


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
    middleware in between passes WebSocket `receive` through unchanged. Never raises: a shape
    it does not know is a warning and ASGI `send`."""
    try:
        return _direct_sink(websocket)
    except Exception as error:  # an unknown uvicorn shape must never fail a viewer's connect
        _warn_once("wire_direct_unavailable", error=repr(error))
        return None


def _direct_sink(websocket: WebSocket) -> DirectSink | None:
    if _SansIO is None:
        return None
    protocol = getattr(getattr(websocket, "_receive", None), "__self__", None)
    if not isinstance(protocol, _SansIO):
        return None  # another server or protocol: ASGI send, as designed
    missing = [name for name in _PROTOCOL_ATTRIBUTES if not hasattr(protocol, name)]
    if missing:
        _warn_once("wire_direct_unavailable", missing=missing)
        return None
    if not protocol.handshake_complete or protocol.conn.state is not _State.OPEN:
        return None
    if protocol.conn.extensions:  # e.g. permessage-deflate: bytes differ per connection
        return None
    transport = protocol.transport
    if not callable(getattr(transport, "write", None)) or \
            not callable(getattr(transport, "is_closing", None)):
        _warn_once("wire_direct_unavailable", missing=["transport.write"])
        return None
    return DirectSink(protocol)


def transport_of(websocket: WebSocket) -> asyncio.Transport | None:
    """The connection's transport under uvicorn's sans-io protocol, whatever the write path
    (to abort a viewer that does not take its close frame: a polite close would wait for it
    forever); None under another server. Never raises."""
    try:
        protocol = getattr(getattr(websocket, "_receive", None), "__self__", None)
        if _SansIO is None or not isinstance(protocol, _SansIO):
            return None
        transport = getattr(protocol, "transport", None)
        if callable(getattr(transport, "abort", None)) and \
                callable(getattr(transport, "get_write_buffer_size", None)):
            return transport
    except Exception as error:  # an unknown shape: no abort, never a failed connect
        _warn_once("wire_abort_unavailable", error=repr(error))
    return None


def _warn_once(event: str, **fields: Any) -> None:
    key = f"{event}:{sorted(fields.items())}"
    if key not in _warned:
        _warned.add(key)
        log.warning(event, fallback="asgi-send", **fields)


def check_wire() -> str:
    """Which path viewers' frames take in this process, logged at start-up: "direct" when
    uvicorn's sans-io protocol still assigns every attribute the direct path reads, else
    "asgi-send" (with the reason)."""
    if _SansIO is None:
        log.warning("wire_path", path="asgi-send", reason="uvicorn sans-io protocol not found")
        return "asgi-send"
    missing = sorted(set(_PROTOCOL_ATTRIBUTES) - _protocol_names(_SansIO))
    if missing:
        log.warning("wire_path", path="asgi-send", reason="uvicorn protocol changed",
                    missing=missing)
        return "asgi-send"
    log.info("wire_path", path="direct", protocol=f"{_SansIO.__module__}.{_SansIO.__name__}")
    return "direct"


@functools.cache  # parsing the class's source costs more than the rest of a start
def _protocol_names(protocol_class: type) -> set[str]:
    """The attributes a protocol class declares or assigns (`self.x = ...`) in its code."""
    names = set(dir(protocol_class))
    try:
        source = inspect.getsource(protocol_class)
    except (OSError, TypeError):  # no source shipped: trust what the class declares
        return names
    return names | set(_ASSIGNED.findall(source))

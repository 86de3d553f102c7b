"""The direct write path never fails a viewer's connect: an unknown uvicorn shape falls back
to ASGI `send` with a warning, and the start-up self-check says which path is active."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from fancoins.realtime import wire


def _websocket_on(protocol: Any) -> Any:
    """A WebSocket as Starlette holds it: its `receive` is the protocol's bound method."""
    return SimpleNamespace(_receive=protocol.receive)


class _Renamed(WebSocketsSansIOProtocol):
    """uvicorn's protocol as a release that renamed what the direct path reads would be."""

    def __init__(self) -> None:  # no uvicorn state at all: every attribute is missing
        pass


class _Broken(WebSocketsSansIOProtocol):
    """A protocol whose attributes exist but fail when read."""

    def __init__(self) -> None:
        self.transport = object()
        self.writable = object()
        self.close_sent = False

    @property
    def handshake_complete(self) -> bool:
        raise RuntimeError("not this shape")

    @property
    def conn(self) -> Any:
        raise RuntimeError("not this shape")


def test_an_unknown_protocol_shape_falls_back_to_asgi_send_with_a_warning() -> None:
    wire._warned.clear()
    assert wire.direct_sink(_websocket_on(_Renamed())) is None
    assert wire.direct_sink(_websocket_on(_Broken())) is None
    # One warning per shape (the logger may be cached by an app configured earlier, so the
    # record of what was warned is checked rather than a captured log).
    assert len(wire._warned) == 2
    assert any("missing" in w for w in wire._warned) and any("error" in w for w in wire._warned)


def test_another_server_uses_asgi_send_quietly() -> None:
    wire._warned.clear()
    assert wire.direct_sink(SimpleNamespace(_receive=lambda: None)) is None
    assert wire.direct_sink(SimpleNamespace()) is None
    assert not wire._warned


def test_the_self_check_names_the_active_path() -> None:
    assert wire.check_wire() == "direct"
    # What it reads of a protocol class: a class without those attributes is found out.
    assert set(wire._PROTOCOL_ATTRIBUTES) <= wire._protocol_names(WebSocketsSansIOProtocol)
    assert not set(wire._PROTOCOL_ATTRIBUTES) <= wire._protocol_names(object)


def test_serve_names_its_websocket_implementation() -> None:
    import inspect

    from fancoins.cli import main

    assert "ws=WEBSOCKET_IMPLEMENTATION" in inspect.getsource(main.serve)
    assert wire.WEBSOCKET_IMPLEMENTATION == "websockets-sansio"

"""A frame is serialized once and its WebSocket bytes built once: they must be exactly what
the websockets library frames for a server's text message, at every length encoding."""

from __future__ import annotations

import pytest
from websockets.frames import Frame as WsFrame
from websockets.frames import Opcode

from fancoins.realtime.protocol import Frame, encode_frame


@pytest.mark.parametrize("size", [0, 1, 125, 126, 65_535, 65_536, 200_000])
def test_wire_bytes_are_a_server_text_frame(size: int) -> None:
    payload = b"x" * size
    expected = WsFrame(Opcode.TEXT, payload).serialize(mask=False)
    assert Frame(payload).wire == expected


def test_frame_text_and_coercions() -> None:
    frame = encode_frame([{"type": "viewers.updated", "count": 3, "name": "Zoë"}])
    assert frame.text == '[{"type":"viewers.updated","count":3,"name":"Zoë"}]'
    assert frame.payload == frame.text.encode()
    assert Frame.of(frame) is frame
    assert Frame.of(frame.text).wire == frame.wire == Frame.of(frame.payload).wire

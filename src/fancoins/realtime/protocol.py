"""Frames on the wire and close codes: how LIVE events travel, not what they say.

A viewer receives text frames; each frame is a JSON array of events for one stream, in order
(the events themselves are LIVE's: see `fancoins.live.frames`). Most frames are numbered: the
stream's log gave their events consecutive numbers (`first_seq`..`last_seq`, each event
carrying its own `seq`), and every process delivers them in that order, each once (see
`lines.py`); the others (viewer counts, resync markers) are state, not history.

Close codes a viewer may see (RFC 6455 section 7.4.2 reserves 4000-4999 for applications):
- 1000 `stream ended`: the LIVE ended (after the `stream.ended` event).
- 1001 `server shutting down`: this API process is stopping; reconnect to another one.
- 1009 `message too big`: the viewer sent a message over `live.ws_message_bytes_max`
  (viewers send little; the server refuses a bigger one from its header, unread).
- 4008 `viewer too slow`: the viewer's bounded queue overflowed (it read more slowly than
  events arrived); reconnect to get the stream's last events and a fresh snapshot. A viewer
  that does not even take the close frame within `live.viewer_close_timeout_s` has its
  connection aborted.
Before the upgrade, a refused connection gets an HTTP problem+json answer instead (401 token
missing or invalid, 404 stream not found, 410 stream not live, 503 with Retry-After when the
process cannot serve it now: full, starting or stopping, or its database did not answer).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

import orjson


class CloseCode(enum.IntEnum):
    STREAM_ENDED = 1000
    GOING_AWAY = 1001
    MESSAGE_TOO_BIG = 1009
    VIEWER_TOO_SLOW = 4008


CLOSE_REASONS: dict[CloseCode, str] = {
    CloseCode.STREAM_ENDED: "stream ended",
    CloseCode.GOING_AWAY: "server shutting down",
    CloseCode.MESSAGE_TOO_BIG: "message too big",
    CloseCode.VIEWER_TOO_SLOW: "viewer too slow",
}


_TEXT_FIN = 0x81  # FIN, opcode 1 (text): a whole message in one frame
_LEN_16, _LEN_64 = 126, 127


class Frame:
    """One frame for every viewer of a stream: its JSON serialized once, and its WebSocket
    bytes (RFC 6455 section 5.2: server frames are not masked) built once, on first use, then
    written as they are to every viewer whose connection allows it (see `connection.py`).

    A numbered frame (`last_seq` > 0) holds the stream's events `first_seq`..`last_seq`;
    `final` ones end the stream (viewers are closed after them); `committed_ms` is when its
    oldest gift committed (for the fan-out lag), 0 when it carries none."""

    __slots__ = ("__weakref__", "_text", "_wire", "committed_ms", "final", "first_seq",
                 "last_seq", "payload")

    def __init__(self, payload: bytes, *, first_seq: int = 0, last_seq: int = 0,
                 final: bool = False, committed_ms: int = 0) -> None:
        self.payload = payload  # UTF-8 JSON
        self.first_seq = first_seq
        self.last_seq = last_seq
        self.final = final
        self.committed_ms = committed_ms
        self._text: str | None = None
        self._wire: bytes | None = None

    @property
    def numbered(self) -> bool:
        return self.last_seq > 0

    @classmethod
    def merged(cls, frames: Sequence[Frame]) -> Frame:
        """One frame holding the events of consecutive `frames`, in order: their JSON arrays
        joined as bytes (no parsing), numbered first to last."""
        if len(frames) == 1:
            return frames[0]
        payload = b"[" + b",".join(f.payload[1:-1] for f in frames) + b"]"
        committed = [f.committed_ms for f in frames if f.committed_ms]
        return cls(payload, first_seq=frames[0].first_seq, last_seq=frames[-1].last_seq,
                   final=frames[-1].final, committed_ms=min(committed, default=0))

    @classmethod
    def of(cls, frame: Frame | str | bytes) -> Frame:
        if isinstance(frame, Frame):
            return frame
        return cls(frame.encode() if isinstance(frame, str) else frame)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.payload.decode()
        return self._text

    @property
    def wire(self) -> bytes:
        """The whole WebSocket text message, header included, as a server sends it."""
        if self._wire is None:
            size = len(self.payload)
            if size < _LEN_16:
                header = bytes((_TEXT_FIN, size))
            elif size < 1 << 16:
                header = bytes((_TEXT_FIN, _LEN_16)) + size.to_bytes(2, "big")
            else:
                header = bytes((_TEXT_FIN, _LEN_64)) + size.to_bytes(8, "big")
            self._wire = header + self.payload
        return self._wire

    def __repr__(self) -> str:
        numbers = f", seq {self.first_seq}-{self.last_seq}" if self.numbered else ""
        return f"Frame({self.payload[:60]!r}, {len(self.payload)} bytes{numbers})"


def encode_frame(events: Sequence[dict[str, Any]]) -> Frame:
    """One frame: a JSON array of events, encoded once and sent to every viewer as is."""
    return Frame(orjson.dumps(list(events)))

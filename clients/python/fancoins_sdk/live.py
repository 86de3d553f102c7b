"""Follow a LIVE stream's events over the WebSocket, reconnecting when the server asks for it.

    async for event in live_events("https://api.example.com", stream_id, token):
        if event["type"] == "gift.sent": ...

Each event is a dict as documented in docs/websocket.md (and /asyncapi.json). The token (a
user token or an API key) goes in the `bearer.<token>` subprotocol, never in the URL. After a
reconnect the first frame is a fresh snapshot (`leaderboard.updated` with `snapshot: true`):
replace your board with it; events in between are not replayed.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

SUBPROTOCOL = "fancoins.v1"
STREAM_ENDED = 1000
# Close codes after which reconnecting gets the stream again (going away, viewer too slow,
# connection dropped without a close frame).
RECONNECT_CODES = frozenset({1001, 1006, 1011, 1012, 1013, 4008})


class LiveRefused(Exception):
    """The server refused the connection (HTTP status and problem+json body)."""

    def __init__(self, status: int, problem: Any) -> None:
        super().__init__(f"{status}: {problem}")
        self.status = status
        self.problem = problem


class LiveClosed(Exception):
    """The connection closed with a code that a reconnect cannot fix, or too many times."""

    def __init__(self, code: int | None, reason: str) -> None:
        super().__init__(f"closed {code}: {reason}")
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Backoff:
    """Reconnect delays: `first_s` doubling up to `max_s`, with full jitter."""

    first_s: float = 0.5
    max_s: float = 30.0
    attempts_max: int = 10  # consecutive failed connections before giving up
    stable_s: float = 60.0  # a connection that lasted this long resets the count

    def delay_s(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_s, self.first_s * 2 ** attempt))


def events_url(base_url: str, stream_id: str) -> str:
    scheme, rest = base_url.rstrip("/").split("://", 1)
    ws = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    return f"{ws}://{rest}/v1/streams/{stream_id}/events"


def parse_frame(raw: str | bytes) -> list[dict[str, Any]]:
    """One server message: a JSON array of events, in order."""
    frame = json.loads(raw)
    if not isinstance(frame, list):
        raise ValueError("a LIVE frame is a JSON array of events")
    return frame


async def live_events(base_url: str, stream_id: str, token: str, *,
                      backoff: Backoff | None = None, open_timeout_s: float = 10.0,
                      reconnect: bool = True) -> AsyncIterator[dict[str, Any]]:
    """Yield the stream's events until it ends (`stream.ended`, close code 1000).

    Reconnects after 1001 (server shutting down), 4008 (too slow) or a dropped connection,
    with jittered exponential back-off; raises LiveRefused for a refused upgrade (401, 404,
    410...) and LiveClosed when giving up."""
    backoff = backoff or Backoff()
    url = events_url(base_url, stream_id)
    failures = 0
    while True:
        try:
            async with connect(url, subprotocols=[SUBPROTOCOL, f"bearer.{token}"],  # type: ignore[list-item]
                               open_timeout=open_timeout_s) as websocket:
                opened = time.monotonic()
                async for message in websocket:
                    for event in parse_frame(message):
                        yield event
                        if event.get("type") == "stream.ended":
                            return
            code, reason = websocket.close_code, websocket.close_reason or ""
            if time.monotonic() - opened >= backoff.stable_s:
                failures = 0
        except InvalidStatus as refused:
            response = refused.response
            status = response.status_code
            if status != 503:  # viewers-full: another process may take us
                raise LiveRefused(status, _body(response.body)) from None
            code, reason = None, "server full"
        except (ConnectionClosed, OSError, TimeoutError) as dropped:
            code, reason = 1006, str(dropped)
        if code == STREAM_ENDED:
            return
        if not reconnect or (code is not None and code not in RECONNECT_CODES):
            raise LiveClosed(code, reason)
        if failures >= backoff.attempts_max:
            raise LiveClosed(code, f"gave up after {failures} attempts: {reason}")
        await asyncio.sleep(backoff.delay_s(failures))
        failures += 1


def _body(raw: bytes | None) -> Any:
    try:
        return json.loads(raw or b"")
    except ValueError:
        return (raw or b"").decode(errors="replace")

"""Event hubs: how a frame published for a stream reaches every viewer of that stream.

`LocalHub` (the embedded default) delivers inside this process. `RedisHub` (see
`redis_hub.py`) also relays it through Redis pub/sub so that a frame published by one API
process reaches viewers connected to any process. Both deliver to local viewers through
`Rooms` (see `lines.py`: numbered frames once and in order, repaired from the stream's log).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from fancoins.ids import now_ms
from fancoins.realtime.lines import LineLimits, Rooms
from fancoins.realtime.protocol import Frame


@dataclass(frozen=True, slots=True)
class FanoutHealth:
    """How frames reach the viewers of other processes: `local` (no Redis configured: one
    process, or others' frames read from the log), `redis` (up), or degraded (Redis
    configured but unreachable: fan-out is local and others' frames come from the log)."""

    mode: str  # "local" | "redis"
    up: bool
    reason: str = ""
    since_ms: int = 0

    @property
    def degraded(self) -> bool:
        return self.mode == "redis" and not self.up


class Hub(Protocol):
    rooms: Rooms

    @property
    def health(self) -> FanoutHealth: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def publish(self, stream_id: str, frame: Frame | str, *, final: bool = False
                      ) -> None:
        """Deliver `frame` to every viewer of `stream_id`, on every process; never raises
        and never waits on Redis."""

    async def viewers_total(self, stream_id: str) -> int:
        """Viewers of `stream_id` on every process, after recording this process's count."""


class LocalHub:
    """One process: publishing is delivering."""

    def __init__(self, limits: LineLimits | None = None) -> None:
        self.rooms = Rooms(limits)
        self._health = FanoutHealth("local", True, "", now_ms())

    @property
    def health(self) -> FanoutHealth:
        return self._health

    async def start(self) -> None:
        self.rooms.start()

    async def stop(self) -> None:
        await self.rooms.stop()

    async def publish(self, stream_id: str, frame: Frame | str, *, final: bool = False
                      ) -> None:
        self.rooms.deliver(stream_id, Frame.of(frame), final=final)

    async def viewers_total(self, stream_id: str) -> int:
        return self.rooms.count(stream_id)

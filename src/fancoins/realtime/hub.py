"""Event hubs: how a frame published for a stream reaches every viewer of that stream.

`LocalHub` (the embedded default) delivers inside this process. `RedisHub` (see
`redis_hub.py`) publishes through Redis pub/sub so that a frame published by one API process
reaches viewers connected to any process. Both deliver to local viewers through `Rooms`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol

from fancoins.realtime.connection import ViewerConnection
from fancoins.realtime.protocol import Frame


class Rooms:
    """The viewers connected to this process, by stream."""

    def __init__(self) -> None:
        self._rooms: defaultdict[str, set[ViewerConnection]] = defaultdict(set)

    def join(self, stream_id: str, viewer: ViewerConnection) -> int:
        room = self._rooms[stream_id]
        room.add(viewer)
        return len(room)

    def leave(self, stream_id: str, viewer: ViewerConnection) -> int:
        room = self._rooms.get(stream_id)
        if room is None:
            return 0
        room.discard(viewer)
        if not room:
            del self._rooms[stream_id]
        return len(room)

    def count(self, stream_id: str) -> int:
        return len(self._rooms.get(stream_id, ()))

    def stream_ids(self) -> list[str]:
        return list(self._rooms)

    def deliver(self, stream_id: str, frame: Frame, *, final: bool = False) -> int:
        """Offer `frame` (the same object, serialized once) to every local viewer of the
        stream; never waits. Returns how many."""
        room = self._rooms.get(stream_id)
        if not room:
            return 0
        for viewer in tuple(room):
            viewer.offer(frame, final=final)
        return len(room)

    def all_viewers(self) -> list[ViewerConnection]:
        return [viewer for room in self._rooms.values() for viewer in room]


class Hub(Protocol):
    rooms: Rooms

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def publish(self, stream_id: str, frame: Frame | str, *, final: bool = False
                      ) -> None:
        """Deliver `frame` to every viewer of `stream_id`, on every process."""

    async def viewers_total(self, stream_id: str) -> int:
        """Viewers of `stream_id` on every process, after recording this process's count."""


class LocalHub:
    """One process: publishing is delivering."""

    def __init__(self) -> None:
        self.rooms = Rooms()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, stream_id: str, frame: Frame | str, *, final: bool = False
                      ) -> None:
        self.rooms.deliver(stream_id, Frame.of(frame), final=final)

    async def viewers_total(self, stream_id: str) -> int:
        return self.rooms.count(stream_id)

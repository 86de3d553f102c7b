"""Viewer presence: who watches which stream in this process, and whose count changed."""

from __future__ import annotations

from fancoins.realtime.connection import ViewerConnection
from fancoins.realtime.hub import Hub


class ViewerPresence:
    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._changed: set[str] = set()

    def join(self, stream_id: str, viewer: ViewerConnection) -> None:
        self._hub.rooms.join(stream_id, viewer)
        self._changed.add(stream_id)

    def leave(self, stream_id: str, viewer: ViewerConnection) -> None:
        self._hub.rooms.leave(stream_id, viewer)
        self._changed.add(stream_id)

    @property
    def local(self) -> int:
        """Viewers connected to this process."""
        return self._hub.rooms.viewers

    def take_changed(self) -> set[str]:
        """The streams whose viewers came or went since the last call."""
        changed, self._changed = self._changed, set()
        return changed

    async def total(self, stream_id: str) -> int:
        """Viewers of the stream on every process."""
        return await self._hub.viewers_total(stream_id)

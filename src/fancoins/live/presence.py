"""Viewer presence: who watches which stream in this process, and whose count changed."""

from __future__ import annotations

import time
from collections.abc import Mapping

from fancoins.realtime.connection import ViewerConnection
from fancoins.realtime.hub import Hub

# Streams whose last total is remembered (for joining viewers' snapshots): bounded memory.
TOTALS_MAX = 10_000


class ViewerPresence:
    def __init__(self, hub: Hub, totals_max_age_s: float) -> None:
        self._hub = hub
        self._changed: set[str] = set()
        self._max_age_s = totals_max_age_s
        self._totals: dict[str, tuple[float, int]] = {}
        # The peak viewers this process last wrote per stream: a count no higher writes nothing.
        self._peaks: dict[str, int] = {}

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

    def watched(self) -> list[str]:
        """The streams with viewers in this process."""
        return self._hub.rooms.stream_ids()

    def take_changed(self) -> set[str]:
        """The streams whose viewers came or went since the last call."""
        changed, self._changed = self._changed, set()
        return changed

    async def total(self, stream_id: str) -> int:
        """Viewers of the stream on every process (and this process's count recorded)."""
        count = await self._hub.viewers_total(stream_id)
        if stream_id not in self._totals and len(self._totals) >= TOTALS_MAX:
            self._totals.clear()
        self._totals[stream_id] = (time.monotonic(), count)
        return count

    async def recent_total(self, stream_id: str) -> int:
        """The total counted at most `totals_max_age_s` ago (a burst of joins asks once:
        with Redis, counting is three round trips)."""
        known = self._totals.get(stream_id)
        if known is not None and time.monotonic() - known[0] < self._max_age_s:
            return known[1]
        return await self.total(stream_id)

    def new_peaks(self, counts: Mapping[str, int]) -> dict[str, int]:
        """The counts above the peak this process last recorded for their stream."""
        return {s: n for s, n in counts.items() if n > self._peaks.get(s, 0)}

    def peaks_recorded(self, peaks: Mapping[str, int]) -> None:
        if len(self._peaks) + len(peaks) > TOTALS_MAX:
            self._peaks.clear()  # bounded: a forgotten peak is only written again
        self._peaks.update(peaks)

    def forget_peak(self, stream_id: str) -> None:
        self._peaks.pop(stream_id, None)

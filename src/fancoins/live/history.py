"""History on join: a viewer's first events are the stream's last ones.

Taken from the frames the stream's line delivered in this process (primed from the log when
the line opened), at the very moment the viewer is added to the line: every event numbered up
to the line's position is history, every later one comes live — nothing twice, nothing
between. Only kinds shown in history are picked (`EventKind.in_history`: gifts, combos,
moments of other parts); state (boards, scores, counts) comes in the viewer's snapshot.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import orjson

from fancoins.live.frames import Event, kind_of
from fancoins.realtime.lines import StreamLine
from fancoins.realtime.protocol import Frame


class History:
    def __init__(self, events_max: int) -> None:
        self._events_max = events_max
        # Per frame, its events shown in history (parsed once, whoever joins).
        self._shown: WeakKeyDictionary[Frame, list[Event]] = WeakKeyDictionary()
        # Per line, the last answer and the position it was taken at: joins in a burst
        # share it until the line moves.
        self._last: WeakKeyDictionary[StreamLine, tuple[int, list[Event]]] = \
            WeakKeyDictionary()

    def last_events(self, line: StreamLine) -> list[Event]:
        """The stream's last `events_max` events shown in history, up to the line's
        position, oldest first."""
        if self._events_max <= 0:
            return []
        cached = self._last.get(line)
        if cached is not None and cached[0] == line.delivered:
            return cached[1]
        picked: list[Event] = []
        for frame in reversed(line.recent):
            shown = self._shown_in(frame)
            picked.extend(reversed(shown[-(self._events_max - len(picked)):]))
            if len(picked) >= self._events_max:
                break
        picked.reverse()
        self._last[line] = (line.delivered, picked)
        return picked

    def _shown_in(self, frame: Frame) -> list[Event]:
        shown = self._shown.get(frame)
        if shown is None:
            events: list[Event] = orjson.loads(frame.payload)
            shown = [e for e in events if kind_of(e["type"]).in_history]
            self._shown[frame] = shown
        return shown

"""Time: the one clock every service reads, and the constants for its units.

`now_ms()` reads the process clock, which is the system's unless a test replaced it
(`use_clock`): expiries, cooling-off periods, lapses and holds can then be crossed by moving
the test clock instead of sleeping. Durations are integers in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

MS_PER_SECOND = 1_000
MS_PER_MINUTE = 60 * MS_PER_SECOND
MS_PER_HOUR = 60 * MS_PER_MINUTE
MS_PER_DAY = 24 * MS_PER_HOUR
MS_PER_WEEK = 7 * MS_PER_DAY


class Clock(Protocol):
    def now_ms(self) -> int: ...


class SystemClock:
    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000


class ManualClock:
    """A clock a test sets and moves; it never moves by itself."""

    def __init__(self, at_ms: int | None = None) -> None:
        self._at_ms = at_ms if at_ms is not None else SystemClock().now_ms()

    def now_ms(self) -> int:
        return self._at_ms

    def set(self, at_ms: int) -> None:
        self._at_ms = at_ms

    def advance(self, *, ms: int = 0, s: float = 0, days: float = 0) -> int:
        self._at_ms += ms + int(s * MS_PER_SECOND) + int(days * MS_PER_DAY)
        return self._at_ms


class OffsetClock:
    """The system clock moved by an offset a test sets: time still passes (timeouts, ticks
    and waits behave), and a test can jump over a day or a week."""

    def __init__(self) -> None:
        self.offset_ms = 0

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000 + self.offset_ms

    def advance(self, *, ms: int = 0, s: float = 0, days: float = 0) -> int:
        self.offset_ms += ms + int(s * MS_PER_SECOND) + int(days * MS_PER_DAY)
        return self.now_ms()


_clock: Clock = SystemClock()


def now_ms() -> int:
    return _clock.now_ms()


def current_clock() -> Clock:
    return _clock


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    """Replace the process clock for the block (tests only: it is process-wide)."""
    global _clock
    previous, _clock = _clock, clock
    try:
        yield clock
    finally:
        _clock = previous


def utc_day(at_ms: int) -> dt.date:
    return dt.datetime.fromtimestamp(at_ms / MS_PER_SECOND, tz=dt.UTC).date()


def day_start_ms(at_ms: int) -> int:
    return at_ms - at_ms % MS_PER_DAY


def iso(at_ms: int | None) -> str | None:
    """Milliseconds since the epoch as an ISO 8601 UTC timestamp (None stays None)."""
    if at_ms is None:
        return None
    moment = dt.datetime.fromtimestamp(at_ms / MS_PER_SECOND, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

"""The cyclic garbage collector of a serving process: long-lived objects kept out of its
passes, and every pause measured.

CPython's collector walks every object it tracks on a full (generation 2) pass. A process
serving thousands of LIVE viewers tracks hundreds of thousands: each viewer's connection is a
few hundred objects (its protocol, parser, tasks, events, queue). Measured with 2,000 viewers
on a loaded machine: ~500k objects, full passes of 0.3-2 s while the viewers joined and as a
gift storm began — each one longer than a viewer's whole delay budget, and each finding
almost nothing (those objects live as long as their viewers).

`Collector` freezes (`gc.freeze()`) what survives a young collection, every
`live.gc_freeze_interval_s`: frozen objects are never walked, so the automatic passes walk
only what was made since. Reference counting is untouched: an object nothing refers to is
freed at once as ever (most objects, and every object of a leaving viewer that is in no
cycle). What freezing can hold back is cyclic garbage: objects in a reference cycle, frozen
while in use, that became garbage later (a viewer that left, whose connection objects refer
to each other). That is bounded: once `live.gc_thaw_after_viewers_left` viewers left since
the last thaw, or `live.gc_thaw_interval_s` passed, the collector thaws (`gc.unfreeze()`),
runs one full pass (a pause, measured as every other) and freezes again. Frozen garbage is
therefore at most what that many viewers, or that much time, left behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog

from fancoins.observability import GC_FROZEN, GC_PAUSE, GC_THAWS

log = structlog.get_logger(__name__)

# Generations CPython has (0 young .. 2 full): one pause series each, made once.
_PAUSES = tuple(GC_PAUSE.labels(str(generation)) for generation in range(3))
_pass_started_s = 0.0


def _on_pass(phase: str, info: dict[str, Any]) -> None:
    """Times every pass. Passes never overlap (CPython runs one at a time, whichever thread
    triggers it), so one start time is enough."""
    global _pass_started_s
    if phase == "start":
        _pass_started_s = time.perf_counter()
    else:
        _PAUSES[min(2, int(info["generation"]))].observe(time.perf_counter() - _pass_started_s)


def watch_pauses() -> None:
    """Measure every collector pause from now on (`fancoins_gc_pause_seconds`), once per
    process however often it is called."""
    if _on_pass not in gc.callbacks:
        gc.callbacks.append(_on_pass)
        # Counting frozen objects walks them all (measured: the main cost of a round with
        # 300k frozen): counted when metrics are read, never on a round.
        GC_FROZEN.set_function(gc.get_freeze_count)


@dataclass(frozen=True, slots=True)
class CollectorPolicy:
    freeze_interval_s: float  # 0: the collector runs as CPython ships it
    thaw_after_viewers_left: int
    thaw_interval_s: float

    @property
    def freezing(self) -> bool:
        return self.freeze_interval_s > 0


class Collector:
    """Freezes long-lived objects on a timer and thaws them within its bounds (see the module
    docstring). `viewers_left` counts the viewers that ever left this process."""

    def __init__(self, policy: CollectorPolicy, viewers_left: Callable[[], int]) -> None:
        self._policy = policy
        self._viewers_left = viewers_left
        self._left_at_thaw = 0
        self._thawed_at_s = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Measure pauses; when freezing, freeze what the start-up built and keep on."""
        watch_pauses()
        if not self._policy.freezing or self._task is not None:
            return
        self._left_at_thaw, self._thawed_at_s = self._viewers_left(), time.monotonic()
        self._freeze()
        self._task = asyncio.create_task(self._run(), name="gc-collector")

    async def stop(self) -> None:
        """Stop freezing; what was frozen is the collector's again."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        gc.unfreeze()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._policy.freeze_interval_s)
            try:
                self.step(time.monotonic())
            except Exception:  # never expected; the next round tries again
                log.exception("gc_collector_failed")

    def step(self, now_s: float) -> bool:
        """One round: thaw and collect everything when a bound is reached (True), else
        freeze what survived since the last round (False)."""
        left = self._viewers_left()
        if (left - self._left_at_thaw >= self._policy.thaw_after_viewers_left
                or now_s - self._thawed_at_s >= self._policy.thaw_interval_s):
            self._thaw(now_s, left)
            return True
        self._freeze()
        return False

    def _freeze(self) -> None:
        # Young cyclic garbage is collected first (a young pass is short): only what is
        # still in use is frozen.
        gc.collect(1)
        gc.freeze()

    def _thaw(self, now_s: float, left: int) -> None:
        frozen = gc.get_freeze_count()
        gc.unfreeze()
        started_s = time.perf_counter()
        collected = gc.collect()
        pause_ms = round((time.perf_counter() - started_s) * 1000)
        gc.freeze()
        GC_THAWS.inc()
        log.info("gc_thawed", frozen_before=frozen, frozen_after=gc.get_freeze_count(),
                 collected=collected, pause_ms=pause_ms,
                 viewers_left=left - self._left_at_thaw)
        self._left_at_thaw, self._thawed_at_s = left, now_s

"""LIVE's loops stop, and their owners stop them within a bound, even when a library swallowed
a cancellation (redis-py 8.1 may lose one that lands mid-command while the task still counts
it: `Task.cancelling()`)."""

from __future__ import annotations

import asyncio
import time

import pytest
from structlog.testing import capture_logs

from fancoins.kit.tasks import cancel_all
from fancoins.live.tick import _every


class _Library:
    """A library call that swallows the first cancellation landing in it and lets the next
    through."""

    def __init__(self) -> None:
        self.swallowed = 0

    async def call(self, *_: object) -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            if self.swallowed:
                raise
            self.swallowed += 1


async def test_a_loop_whose_step_swallowed_its_cancellation_still_stops() -> None:
    loop = asyncio.create_task(_every(_Library().call, 10))
    await asyncio.sleep(0.05)
    loop.cancel()
    try:
        with pytest.raises(asyncio.CancelledError):
            async with asyncio.timeout(2):
                await loop
    finally:
        loop.cancel()  # a loop that went on ends at this second cancellation


async def test_a_task_that_does_not_stop_is_waited_for_within_the_bound_and_logged() -> None:
    library = _Library()

    async def stubborn() -> None:
        while True:
            await library.call()

    task = asyncio.create_task(stubborn(), name="stubborn")
    await asyncio.sleep(0)
    started = time.monotonic()
    with capture_logs() as logs:
        await cancel_all([task], "test", wait_s=0.2)
    assert 0.2 <= time.monotonic() - started < 2
    assert [e for e in logs if e["event"] == "task_did_not_stop"] == [
        {"event": "task_did_not_stop", "log_level": "error", "what": "test",
         "task": "stubborn", "waited_s": 0.2}]
    with pytest.raises(asyncio.CancelledError):
        await task  # the second cancellation ended it
    assert library.swallowed == 1

"""One read per key at a time, shared by every caller that asks meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class SharedReads(Generic[K, V]):
    """Callers asking for the same key while its read runs await that read instead of
    starting another (many viewers joining one LIVE at once read its state once). A caller
    that gives up does not cancel the read the others wait on."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._reads: dict[K, asyncio.Task[V]] = {}

    async def get(self, key: K, read: Callable[[], Awaitable[V]]) -> V:
        task = self._reads.get(key)
        if task is None:
            task = asyncio.create_task(_run(read), name=self._name)
            self._reads[key] = task
            task.add_done_callback(lambda _: self._reads.pop(key, None))
        return await asyncio.shield(task)

    async def cancel(self) -> None:
        reads = list(self._reads.values())
        for read in reads:
            read.cancel()
        await asyncio.gather(*reads, return_exceptions=True)


async def _run(read: Callable[[], Awaitable[V]]) -> V:
    return await read()

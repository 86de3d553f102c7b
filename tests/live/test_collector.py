"""The garbage collector of a serving process: long-lived objects are frozen out of its
passes, what freezing holds back is freed once its bound is reached, and every pause is
measured."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fancoins.kit.collector import Collector, CollectorPolicy, watch_pauses
from fancoins.observability import GC_PAUSE
from tests.live.helpers import (
    api_process,
    live_settings,
    seed,
    server_thread,
    user_token,
    viewer,
)
from tests.support.api import bearer
from tests.support.api import user_token as scoped_token

THAW_INTERVAL_S = 600.0
ROUNDS = 5
VIEWERS = 250
JOIN_TIMEOUT_S = 30.0
CONNECTING_MAX = 50  # viewers connecting at once (a few hundred at once only queue)
# After the first round (one-time state: pools, caches, compiled statements), what stays
# frozen and the server's memory come back to within these after every round.
FROZEN_GROWTH_MAX = 10_000  # objects: ~40 per viewer of one round
RSS_GROWTH_MAX_BYTES = 16 * 1024 * 1024


class Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def thawed() -> Iterator[None]:
    yield
    gc.unfreeze()  # this test process's collector as it was


def _frozen_garbage() -> weakref.ref[Cycle]:
    cycle = Cycle()
    return weakref.ref(cycle)  # alive only in its cycle once this returns


@pytest.mark.usefixtures("thawed")
def test_a_frozen_cycle_is_freed_once_enough_viewers_left() -> None:
    left = 0
    collector = Collector(CollectorPolicy(1.0, thaw_after_viewers_left=3,
                                          thaw_interval_s=THAW_INTERVAL_S), lambda: left)
    holder = [Cycle()]
    cycle = weakref.ref(holder[0])
    assert collector.step(0.0) is False  # frozen while in use
    holder.clear()  # a viewer that left: its objects are cyclic garbage now
    gc.collect()
    assert cycle() is not None, "frozen: no pass walks it"
    left = 2
    assert collector.step(1.0) is False
    gc.collect()
    assert cycle() is not None, "under the bound: still held"
    left = 3
    assert collector.step(2.0) is True  # thawed and fully collected
    assert cycle() is None


@pytest.mark.usefixtures("thawed")
def test_a_frozen_cycle_is_freed_once_the_thaw_interval_passed() -> None:
    collector = Collector(CollectorPolicy(1.0, thaw_after_viewers_left=1_000,
                                          thaw_interval_s=THAW_INTERVAL_S), lambda: 0)
    holder = [Cycle()]
    cycle = weakref.ref(holder[0])
    collector.step(0.0)
    holder.clear()
    assert collector.step(THAW_INTERVAL_S - 1) is False
    assert cycle() is not None
    assert collector.step(THAW_INTERVAL_S) is True
    assert cycle() is None


@pytest.mark.usefixtures("thawed")
def test_young_cyclic_garbage_is_collected_before_a_freeze() -> None:
    collector = Collector(CollectorPolicy(1.0, thaw_after_viewers_left=1_000,
                                          thaw_interval_s=THAW_INTERVAL_S), lambda: 0)
    collector.step(0.0)
    garbage = _frozen_garbage()  # garbage already when the next round comes
    collector.step(1.0)
    assert garbage() is None, "collected by the young pass, never frozen"


def test_every_pass_is_measured_by_generation() -> None:
    watch_pauses()
    watch_pauses()  # once per process however often it is called
    full = GC_PAUSE.labels("2")
    before = _count(full)
    gc.collect()
    assert _count(full) == before + 1


def _count(child: object) -> float:
    for metric in child.collect():  # type: ignore[attr-defined]
        for sample in metric.samples:
            if sample.name.endswith("_count"):
                return float(sample.value)
    return 0.0


async def test_collector_metrics_are_exposed(database_url: str) -> None:
    await seed(database_url, viewers=0)
    settings = live_settings(database_url, live__gc_freeze_interval_s=0.05)
    admin = bearer(scoped_token(settings, "ops", scope="admin"))
    with server_thread(settings) as server:
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            await asyncio.sleep(0.2)  # a few rounds
            body = (await client.get("/metrics", headers=admin)).text
    assert 'fancoins_gc_pause_seconds_count{generation="1"}' in body
    frozen = _sample(body, "fancoins_gc_frozen_objects")
    assert frozen > 10_000, "start-up's heap (modules, routes, models) is frozen"
    assert "fancoins_gc_thaws_total" in body


def _sample(body: str, name: str) -> float:
    line = next(line for line in body.splitlines() if line.startswith(name + " "))
    return float(line.split()[-1])


def _rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


async def test_viewers_joining_and_leaving_leave_frozen_objects_and_memory_bounded(
    database_url: str
) -> None:
    """5 rounds of 250 viewers joining (each gets its first frame) and leaving: each round's
    leavers reach the thaw bound, and what stays frozen and the server's memory come back
    to where they were after the first round."""
    seeded = await seed(database_url, viewers=0)
    settings = live_settings(database_url)
    admin = bearer(scoped_token(settings, "ops", scope="admin"))
    tokens = [user_token(settings, f"watcher{n}") for n in range(VIEWERS)]
    env = {"FANCOINS_DATABASE_URL": database_url, "FANCOINS_MODE": "test",
           "FANCOINS_LIVE__GC_FREEZE_INTERVAL_S": "0.1",
           "FANCOINS_LIVE__GC_THAW_AFTER_VIEWERS_LEFT": str(VIEWERS)}
    gate = asyncio.Semaphore(CONNECTING_MAX)
    frozen: list[float] = []
    rss: list[int] = []
    with api_process(env) as api:
        async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:

            async def metric(name: str) -> float:
                return _sample((await client.get("/metrics", headers=admin)).text, name)

            for round_ in range(1, ROUNDS + 1):
                async with contextlib.AsyncExitStack() as watching:  # then they all leave

                    async def join(token: str, watching: contextlib.AsyncExitStack) -> None:
                        async with gate:
                            watcher = await watching.enter_async_context(
                                viewer(api.ws_url, seeded.stream_id, token))
                            await watcher.read_frame(JOIN_TIMEOUT_S)

                    await asyncio.gather(*(join(token, watching) for token in tokens))
                for _ in range(300):  # the server saw them leave and thawed
                    if await metric("fancoins_gc_thaws_total") >= round_:
                        break
                    await asyncio.sleep(0.1)
                assert await metric("fancoins_gc_thaws_total") == round_
                frozen.append(await metric("fancoins_gc_frozen_objects"))
                rss.append(_rss_bytes(api.pid))
    print(f"frozen objects after each round: {frozen}; RSS MiB: {[r >> 20 for r in rss]}")
    assert max(frozen[1:]) - frozen[0] <= FROZEN_GROWTH_MAX, frozen
    assert max(rss[1:]) - rss[0] <= RSS_GROWTH_MAX_BYTES, rss

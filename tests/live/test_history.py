"""History on join: a viewer who joins gets the stream's last events, then the live ones,
with no duplicate and no gap at the seam; every numbered event once, in order. Other LIVE
parts (goals, battles) publish through the same path and join history and snapshots."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.gifts.events import GiftSent
from fancoins.ids import new_id
from fancoins.live.frames import Event, base_event, event_kind
from tests.live.helpers import (
    GIFT_KINDS,
    GiftStorm,
    Viewer,
    assert_in_order_once,
    committed_gifts,
    economy_with_combo_window,
    gifts_seen,
    live_settings,
    read_until_closed,
    seed,
    send_gift,
    sequenced,
    server_thread,
    user_token,
    viewer,
)

HISTORY = 3
# Longer than the whole test: the gifts' combos never end meanwhile. With the default 5 s, a
# loaded machine took longer than that to get from the first gift to the late viewer's join,
# and the combos' ends (shown in history too) took the gifts' places in the history.
COMBO_WINDOW_S = 600


def _snapshot_next_seq(frame: list[Event]) -> int:
    board = next(e for e in frame if e["type"] == "leaderboard.updated" and e["snapshot"])
    return int(board["next_seq"])


async def _drain(v: Viewer, quiet_s: float) -> None:
    while True:
        try:
            await v.read_frame(timeout_s=quiet_s)
        except TimeoutError:
            return


def _live_part(v: Viewer, first: list[Event]) -> list[Event]:
    return v.events[len(first):]


async def test_a_joining_viewer_gets_the_last_events_then_the_live_ones(
    database_url: str, tmp_path: Path,
) -> None:
    seeded = await seed(database_url, viewers=8)
    settings = live_settings(database_url, live__history_events=HISTORY,
                             economy_file=economy_with_combo_window(tmp_path, COMBO_WINDOW_S))
    tokens = {v: user_token(settings, v) for v in [*seeded.viewer_ids, seeded.creator_id]}
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, seeded.stream_id, tokens["viewer7"]) as early,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await early.read_frame()
            before = [await send_gift(client, tokens[f"viewer{n}"], seeded.stream_id, "panda",
                                      1, f"before{n}") for n in range(5)]
            await early.until(lambda evs: sum(e["type"] == "gift.sent" for e in evs) == 5)
            await early.until(lambda evs: any(
                e["type"] == "leaderboard.updated" and not e["snapshot"] for e in evs))
            await asyncio.sleep(settings.live.board_interval_ms / 1000 + 0.3)  # quiet now
            await _drain(early, quiet_s=0.5)
            async with viewer(server.ws_url, seeded.stream_id, tokens["viewer6"]) as late:
                first = await late.read_frame()
                history = [e for e in first if "seq" in e]
                # The last three gifts, as the early viewer saw them (same ids, same numbers).
                assert [e["event_id"] for e in history] == [g["id"] for g in before[-3:]]
                seen = {e["event_id"]: e["seq"] for e in early.events if "seq" in e}
                assert [e["seq"] for e in history] == [seen[e["event_id"]] for e in history]
                next_seq = _snapshot_next_seq(first)
                assert next_seq == max(seen.values()) + 1
                # Not streakable: each its own `gift.sent` (no combo with the pandas).
                after = [await send_gift(client, tokens[f"viewer{n}"], seeded.stream_id,
                                         "concert", 1, f"after{n}") for n in range(2)]
                await late.until(lambda evs: sum(
                    e["type"] == "gift.sent" for e in evs) == HISTORY + 2)
                live = _live_part(late, first)
                assert [e["event_id"] for e in live if e["type"] == "gift.sent"] == [
                    g["id"] for g in after]
                assert sequenced(live)[0] == next_seq
                assert_in_order_once(live)


async def test_viewers_joining_during_a_storm_see_no_duplicate_and_no_gap(
    database_url: str, engine: AsyncEngine
) -> None:
    seeded = await seed(database_url, viewers=6)
    settings = live_settings(database_url, live__history_events=10, live__tick_ms=30)
    tokens = {v: user_token(settings, v) for v in [*seeded.viewer_ids, seeded.creator_id]}
    rng = random.Random(5)
    with server_thread(settings) as server:
        async with viewer(server.ws_url, seeded.stream_id, tokens["viewer5"]) as first_viewer:
            await first_viewer.read_frame()
            storm = GiftStorm([server.base_url], [tokens[f"viewer{n}"] for n in range(3)],
                              seeded.stream_id, rate_per_s=40)
            sending = asyncio.create_task(storm.run())
            joiners: list[tuple[Viewer, list[Event]]] = []
            contexts = []
            watchers = [asyncio.create_task(read_until_closed(first_viewer))]
            for _ in range(5):
                await asyncio.sleep(rng.uniform(0.1, 0.5))
                context = viewer(server.ws_url, seeded.stream_id, tokens["viewer4"])
                joined = await context.__aenter__()
                contexts.append(context)
                joiners.append((joined, await joined.read_frame()))
                watchers.append(asyncio.create_task(read_until_closed(joined)))
            await asyncio.sleep(0.5)
            storm.stop()
            await sending
            async with httpx.AsyncClient(base_url=server.base_url) as client:
                ended = await client.post(
                    f"/v1/streams/{seeded.stream_id}/end",
                    headers={"Authorization": f"Bearer {tokens[seeded.creator_id]}"})
                assert ended.status_code == 200
            await asyncio.gather(*watchers)
            for context in contexts:
                await context.__aexit__(None, None, None)
    total = await committed_gifts(database_url, seeded.stream_id)
    assert gifts_seen(first_viewer.events) == total == storm.sent
    assert_in_order_once(first_viewer.events)
    for joined, first in joiners:
        live = _live_part(joined, first)
        assert sequenced(live)[0] == _snapshot_next_seq(first)
        assert_in_order_once(live)
        ids = [e["event_id"] for e in joined.events if e["type"] in GIFT_KINDS]
        assert len(ids) == len(set(ids))  # nothing twice at the seam
        # What came live is exactly what the first viewer saw from that number on.
        from_seq = sequenced(live)[0]
        assert gifts_seen(live) == gifts_seen(
            [e for e in first_viewer.events if e.get("seq", 0) >= from_seq])


# --- another LIVE part publishing through the same path ------------------------------------

GOAL_PROGRESS = event_kind("test.goal.progress", in_history=False)
GOAL_REACHED = event_kind("test.goal.reached", in_history=True)


class RoseGoal:
    """A goal of `target` roses per stream: progress with each tick's roses, reached once."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.roses: defaultdict[str, int] = defaultdict(int)

    def _progress(self, stream_id: str, at_ms: int) -> Event:
        event = base_event(GOAL_PROGRESS, new_id(), stream_id, at_ms)
        event.update(count=self.roses[stream_id], target=self.target)
        return event

    async def on_gifts(self, gifts: Sequence[GiftSent], at_ms: int
                       ) -> Mapping[str, Sequence[Event]]:
        events: defaultdict[str, list[Event]] = defaultdict(list)
        for gift in gifts:
            if gift.stream_id is None or gift.gift_id != "rose":
                continue
            before = self.roses[gift.stream_id]
            self.roses[gift.stream_id] += gift.count
            if before < self.target <= self.roses[gift.stream_id]:
                events[gift.stream_id].append(
                    base_event(GOAL_REACHED, new_id(), gift.stream_id, at_ms))
        for stream_id in events.keys() | {g.stream_id for g in gifts if g.stream_id}:
            events[stream_id].insert(0, self._progress(stream_id, at_ms))
        return events

    async def snapshot(self, stream_id: str, at_ms: int) -> Sequence[Event]:
        return [self._progress(stream_id, at_ms)]


async def test_other_parts_publish_through_the_feed_and_join_history(database_url: str) -> None:
    seeded = await seed(database_url, viewers=3)
    settings = live_settings(database_url, live__history_events=10)
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_thread(settings) as server:
        engine = server.app.state.container.live
        server.loop.call_soon_threadsafe(engine.add_part, RoseGoal(target=3))
        async with (viewer(server.ws_url, seeded.stream_id, tokens["viewer2"]) as early,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            first = await early.read_frame()
            assert any(e["type"] == "test.goal.progress" and e["count"] == 0 for e in first)
            for n in range(3):
                await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 1, f"r{n}")
            await early.until(lambda evs: any(e["type"] == "test.goal.reached" for e in evs))
            progress = [e for e in early.events if e["type"] == "test.goal.progress"]
            assert progress[-1]["count"] == 3 and all("seq" in e for e in progress[1:])
            # Published at any other time, through the same feed: numbered and logged too.
            note = base_event(GOAL_REACHED, new_id(), seeded.stream_id, 0)
            await asyncio.to_thread(server.call, engine.feed.publish(seeded.stream_id, [note]))
            await early.until(lambda evs: any(e.get("event_id") == note["event_id"]
                                              for e in evs))
            async with viewer(server.ws_url, seeded.stream_id, tokens["viewer1"]) as late:
                joined = await late.read_frame()
                kinds = [e["type"] for e in joined]
                # In history: the moments (gifts, the goal reached); not the progress states,
                # which the snapshot carries as they are now.
                history = [e for e in joined if "seq" in e]
                assert "test.goal.progress" not in [e["type"] for e in history]
                assert [e["type"] for e in history].count("test.goal.reached") == 2
                assert any(k in GIFT_KINDS for k in kinds)
                state = [e for e in joined if e["type"] == "test.goal.progress"]
                assert [e["count"] for e in state] == [3] and "seq" not in state[0]
    assert_in_order_once(early.events[len(first):])

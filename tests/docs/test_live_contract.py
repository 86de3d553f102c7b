"""Every frame the LIVE engine emits in a real WebSocket session validates against the
contract models and against the published AsyncAPI document: a snapshot, gifts, a growing
combo, a summary, board updates, viewer counts, a battle, goals, a fan club join, the combo's
end and the stream's end."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from fancoins.api.asyncapi import build_asyncapi
from fancoins.live import contract
from fancoins.live.frames import EventType
from fancoins.realtime.protocol import CloseCode
from tests.docs.test_asyncapi import frame_validator
from tests.live.helpers import (
    go_live,
    live_settings,
    seed,
    send_gift,
    server_thread,
    user_token,
)
from tests.support.servers import free_port

SESSION_TIMEOUT_S = 60
BURST_TRIES_MAX = 20


class Recorder:
    """Reads raw frames; each one is checked against both descriptions as it arrives."""

    def __init__(self) -> None:
        self.validator = frame_validator(build_asyncapi())
        self.types: list[str] = []
        self.frames = 0

    def check(self, raw: str | bytes) -> None:
        events = contract.parse_frame(raw)  # the models (unknown fields refused)
        errors = list(self.validator.iter_errors(orjson.loads(raw)))
        assert errors == [], [e.message for e in errors]
        self.frames += 1
        self.types += [e.type for e in events]


async def test_every_emitted_frame_matches_the_contract(database_url: str) -> None:
    seeded = await seed(database_url, viewers=4)
    # One gift event per frame, so that a burst of different gifts folds into a summary.
    # Redis configured and unreachable: fan-out is degraded, and the first frame says so
    # with a `resync` (every event type the engine emits then shows up in one session).
    settings = live_settings(database_url, live__frame_gift_events_max=1, live__tick_ms=200,
                             battles__duration_min_s=1, battles__settle_grace_ms=0,
                             redis_url=f"redis://127.0.0.1:{free_port()}/0",
                             live__redis_timeout_s=0.5)
    rival = await go_live(database_url, "rival")
    tokens = {v: user_token(settings, v)
              for v in [*seeded.viewer_ids, seeded.creator_id, "rival"]}
    recorder = Recorder()
    with server_thread(settings) as server:
        url = f"{server.ws_url}/v1/streams/{seeded.stream_id}/events"
        async with (
            connect(url, subprotocols=["fancoins.v1", f"bearer.{tokens['viewer3']}"]) as ws,
            httpx.AsyncClient(base_url=server.base_url) as client,
        ):
            assert ws.subprotocol == "fancoins.v1"

            async def read_until(kind: str) -> None:
                while kind not in recorder.types:
                    recorder.check(await asyncio.wait_for(ws.recv(), SESSION_TIMEOUT_S))

            await read_until(EventType.VIEWERS_UPDATED)  # the snapshot
            await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 2, "r1")
            await read_until(EventType.GIFT_SENT)
            async def drain() -> None:
                await asyncio.sleep(0.3)
                while True:
                    try:
                        recorder.check(await asyncio.wait_for(ws.recv(), 0.2))
                    except TimeoutError:
                        return

            # More roses from the same sender extend its combo. On a loaded machine a send may
            # land after the combo window, or a tick may go out without combos (the database
            # did not answer it): then another rose is sent. The contract is about the
            # frames' shape; combo semantics have their own tests.
            for attempt in range(BURST_TRIES_MAX):
                if EventType.COMBO_UPDATED in recorder.types:
                    break
                await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 3,
                                f"r2:{attempt}")
                await drain()
            await read_until(EventType.COMBO_UPDATED)
            for attempt in range(BURST_TRIES_MAX):
                if EventType.GIFT_SUMMARY in recorder.types:
                    break
                await asyncio.gather(*(
                    send_gift(client, tokens[f"viewer{i}"], seeded.stream_id, gift, 1,
                              f"burst{attempt}:{i}:{gift}")
                    for i, gift in ((1, "panda"), (2, "italian_hand"), (1, "rose"))))
                await drain()
            await read_until(EventType.GIFT_SUMMARY)
            # The watching viewer sends a gift on its socket: its answer comes on it.
            await ws.send('{"type": "gift.send", "request_id": "s1", '
                          '"idempotency_key": "socket-1", "gift_id": "rose"}')
            await read_until(EventType.GIFT_ANSWER)
            await _battle_and_goals(client, tokens, seeded.stream_id, rival, read_until)
            ended = await client.post(f"/v1/streams/{seeded.stream_id}/end",
                                      headers={"Authorization":
                                               f"Bearer {tokens[seeded.creator_id]}"})
            assert ended.status_code == 200, ended.text
            try:
                while True:
                    recorder.check(await asyncio.wait_for(ws.recv(), SESSION_TIMEOUT_S))
            except ConnectionClosed:
                pass
            assert ws.close_code == CloseCode.STREAM_ENDED
    assert set(recorder.types) == {t.value for t in EventType}, recorder.types
    assert recorder.types[-1] == EventType.STREAM_ENDED


async def _battle_and_goals(client: httpx.AsyncClient, tokens: dict[str, str], stream_id: str,
                            rival_stream_id: str, read_until: Any) -> None:
    """A two-second battle against another LIVE with a gift in it, a goal that completes and
    one whose deadline passes."""
    def auth(user: str, key: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[user]}", **({"Idempotency-Key": key}
                                                                if key else {})}

    invited = await client.post("/v1/battles", json={"opponents": ["rival"], "duration_s": 2},
                                headers=auth("creator", "battle"))
    assert invited.status_code == 201, invited.text
    accepted = await client.post(f"/v1/battles/{invited.json()['id']}/accept",
                                 headers=auth("rival"))
    assert accepted.status_code == 200, accepted.text
    await read_until(EventType.BATTLE_STARTED)
    await send_gift(client, tokens["viewer1"], stream_id, "panda", 1, "battle-gift")
    await read_until(EventType.BATTLE_UPDATED)
    goal = await client.post(f"/v1/streams/{stream_id}/goals", json={
        "title": "three roses", "kind": "gift_count", "gift_id": "rose", "target": 3},
        headers=auth("creator", "goal-1"))
    assert goal.status_code == 201, goal.text
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    late = await client.post(f"/v1/streams/{stream_id}/goals", json={
        "title": "too late", "kind": "coins", "target": 10**6, "deadline": soon.isoformat()},
        headers=auth("creator", "goal-2"))
    assert late.status_code == 201, late.text
    await send_gift(client, tokens["viewer2"], stream_id, "rose", 3, "goal-gift")
    await read_until(EventType.GOAL_COMPLETED)
    await read_until(EventType.GOAL_EXPIRED)
    await read_until(EventType.BATTLE_ENDED)
    del rival_stream_id

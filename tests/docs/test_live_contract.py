"""Every frame the LIVE engine emits in a real WebSocket session validates against the
contract models and against the published AsyncAPI document: a snapshot, gifts, a growing
combo, a summary, board updates, viewer counts, the combo's end and the stream's end."""

from __future__ import annotations

import asyncio

import httpx
import orjson
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from fancoins.api.asyncapi import build_asyncapi
from fancoins.live import contract
from fancoins.live.frames import EventType
from fancoins.realtime.protocol import CloseCode
from tests.docs.test_asyncapi import frame_validator
from tests.live.helpers import live_settings, seed, send_gift, server_thread, user_token
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
    settings = live_settings(database_url, live_frame_gift_events_max=1, live_tick_ms=200,
                             redis_url=f"redis://127.0.0.1:{free_port()}/0",
                             live_redis_timeout_s=0.5)
    tokens = {v: user_token(settings, v) for v in [*seeded.viewer_ids, seeded.creator_id]}
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
            await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose", 3, "r2")
            await read_until(EventType.COMBO_UPDATED)
            for attempt in range(BURST_TRIES_MAX):
                if EventType.GIFT_SUMMARY in recorder.types:
                    break
                await asyncio.gather(*(
                    send_gift(client, tokens[f"viewer{i}"], seeded.stream_id, gift, 1,
                              f"burst{attempt}:{i}:{gift}")
                    for i, gift in ((1, "panda"), (2, "italian_hand"), (1, "rose"))))
                await asyncio.sleep(0.3)
                while True:
                    try:
                        recorder.check(await asyncio.wait_for(ws.recv(), 0.2))
                    except TimeoutError:
                        break
            await read_until(EventType.GIFT_SUMMARY)
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

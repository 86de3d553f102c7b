"""Gifts sent on the LIVE socket: sent exactly as `POST /v1/gifts/send` sends them (same
refusals, same key space), answered on that socket after commit, through a real server and
real WebSocket clients, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.api.problems import PROBLEM_BASE
from fancoins.ledger import chart
from fancoins.live.contract import parse_frame
from tests.gifts.helpers import balance
from tests.live.helpers import Viewer, live_settings, seed, server_thread, user_token, viewer
from tests.support.api import make_api_key


async def _send(v: Viewer, request_id: str, key: str, gift_id: str = "rose", count: int = 1,
                **extra: Any) -> dict[str, Any]:
    await v.websocket.send(orjson.dumps({"type": "gift.send", "request_id": request_id,
                                         "idempotency_key": key, "gift_id": gift_id,
                                         "count": count, **extra}).decode())
    return await _answer(v, request_id)


async def _answer(v: Viewer, request_id: str | None) -> dict[str, Any]:
    def answered(events: list[dict[str, Any]]) -> bool:
        return any(e["type"] == "gift.answer" and e["request_id"] == request_id for e in events)

    await v.until(answered)
    found = [e for e in v.of_type("gift.answer") if e["request_id"] == request_id]
    parse_frame(orjson.dumps(found))  # the published contract describes it
    return found[-1]


def _slug(answer: dict[str, Any]) -> str:
    return str(answer["problem"]["type"]).removeprefix(PROBLEM_BASE)


async def test_a_gift_on_the_socket_is_a_gift_like_over_http(
    database_url: str, engine: AsyncEngine,
) -> None:
    seeded = await seed(database_url, viewers=2, coins_each=100)
    settings = live_settings(database_url)
    alice = seeded.viewer_ids[0]
    token = user_token(settings, alice)
    with server_thread(settings) as server:
        async with (viewer(server.ws_url, seeded.stream_id, token) as v,
                    httpx.AsyncClient(base_url=server.base_url) as client):
            await v.read_frame()
            sent = await _send(v, "r1", "k1", "rose", 3)
            assert (sent["status"], sent["idempotency_key"], sent["replayed"]) == (201, "k1", False)
            assert sent["gift"]["coins"] == 3 and sent["gift"]["balance_coins"] == 97
            await v.until(lambda evs: any(e["type"] == "gift.sent" and e["event_id"]
                                          == sent["gift"]["id"] for e in evs))
            # The same key again, on the socket and over HTTP: the first answer.
            again = await _send(v, "r2", "k1", "rose", 3)
            assert again["replayed"] and again["gift"]["id"] == sent["gift"]["id"]
            http = await client.post(
                "/v1/gifts/send", json={"gift_id": "rose", "count": 3,
                                        "stream_id": seeded.stream_id},
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k1"})
            assert http.status_code == 201 and http.json()["id"] == sent["gift"]["id"]
            # A refusal is the one HTTP gives, with the same problem type and status.
            poor = await _send(v, "r3", "k2", "concert", 1)
            over_http = await client.post(
                "/v1/gifts/send", json={"gift_id": "concert", "count": 1,
                                        "stream_id": seeded.stream_id},
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k3"})
            assert poor["status"] == over_http.status_code == 409
            assert poor["problem"]["type"] == over_http.json()["type"]
            assert _slug(poor) == "insufficient-coins"
            reused = await _send(v, "r4", "k1", "panda", 1)
            assert _slug(reused) == "idempotency-key-reused"
    assert await balance(engine, chart.user_coins(alice)) == 97


async def test_unreadable_messages_and_callers_without_a_user_are_answered(
    database_url: str, engine: AsyncEngine,
) -> None:
    seeded = await seed(database_url, viewers=1, coins_each=100)
    settings = live_settings(database_url, live__ws_gifts_in_flight_max=1)
    token = user_token(settings, seeded.viewer_ids[0])
    with server_thread(settings) as server:
        async with viewer(server.ws_url, seeded.stream_id, token) as v:
            await v.read_frame()
            await v.websocket.send("not json")
            unreadable = await _answer(v, None)
            assert (unreadable["status"], _slug(unreadable)) == (422, "socket-message-invalid")
            bad_count = await _send(v, "r1", "k1", "rose", 0)
            assert bad_count["status"] == 422 and "count" in bad_count["problem"]["detail"]
            # One gift may await its answer: the two sent right behind it are told so.
            for n in range(3):
                await v.websocket.send(orjson.dumps({
                    "type": "gift.send", "request_id": f"burst{n}",
                    "idempotency_key": f"burst{n}", "gift_id": "rose"}).decode())
            answers = [await _answer(v, f"burst{n}") for n in range(3)]
            assert [a["status"] for a in answers] == [201, 429, 429]
            assert _slug(answers[1]) == "gifts-in-flight"
        # A host backend's key watches streams, but has no user to send gifts as.
        backend = server.call(make_api_key(server.app, "gifts:write"))
        async with viewer(server.ws_url, seeded.stream_id, backend) as v:
            await v.read_frame()
            keyed = await _send(v, "r1", "k9")
            assert (keyed["status"], _slug(keyed)) == (403, "insufficient-scope")
    assert await balance(engine, chart.user_coins(seeded.viewer_ids[0])) == 99


"""The app under granian (the other ASGI server `fancoins bench http --server` measures):
HTTP gifts and the LIVE socket work, frames going through ASGI send (the direct write path
knows uvicorn's protocol only)."""

from __future__ import annotations

import secrets

import httpx
import jwt

from fancoins.bench.http import Server, production_server
from tests.live.helpers import assert_in_order_once, gifts_seen, seed, send_gift, viewer


def _token(user_id: str, secret: str) -> str:
    return jwt.encode({"sub": user_id, "exp": 2_000_000_000}, secret, algorithm="HS256")


async def test_a_viewer_under_granian_gets_every_committed_gift(database_url: str) -> None:
    seeded = await seed(database_url, viewers=2)
    secret = secrets.token_urlsafe(48)
    sender, watcher = (_token(user_id, secret) for user_id in seeded.viewer_ids)
    with production_server(database_url, secret, server=Server.GRANIAN) as port:
        base_url = f"http://127.0.0.1:{port}"
        async with viewer(base_url.replace("http://", "ws://"), seeded.stream_id,
                          watcher) as watching, httpx.AsyncClient(base_url=base_url) as client:
            for n, gift_id in enumerate(("rose", "rose", "panda")):
                await send_gift(client, sender, seeded.stream_id, gift_id, 1, f"granian-{n}")
            await watching.until(lambda events: gifts_seen(events) >= 3)
    assert gifts_seen(watching.events) == 3
    assert_in_order_once(watching.events)

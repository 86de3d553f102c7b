"""Messages on LIVE gifts: blocked terms and the host's signed moderation hook (a real local
HTTP receiver) are asked before a gift is queued, so a refused message charges nothing; an
allowed message travels with the gift to viewers and the statement; its length follows the
gift's tier; a hook that cannot answer fails closed (or open, when set so)."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from standardwebhooks.webhooks import Webhook

from fancoins.db.engine import unit_of_work
from fancoins.db.tables.gifts import gifts
from fancoins.journal.verify import verify
from tests.battles.helpers import auth, of_type
from tests.live.helpers import live_settings, seed, server_thread, user_token, viewer
from tests.support.http_fake import FakeHttpServer, Reply, Request, json_reply
from tests.web.helpers import coins_of

SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()


@dataclass
class Moderator:
    """The host's moderation receiver: verifies every request's signature, refuses messages
    containing "nope"."""

    delay_s: float = 0.0
    asked: list[dict[str, Any]] = field(default_factory=list)

    def handle(self, request: Request) -> Reply:
        body = Webhook(SECRET).verify(request.body, request.headers)  # raises if unsigned
        self.asked.append(body)
        allow = "nope" not in body["message"]
        return json_reply(200, {"allow": allow, "reason": None if allow else
                                "not on this stream"}, delay_s=self.delay_s)


@contextmanager
def moderator(delay_s: float = 0.0) -> Iterator[tuple[Moderator, str]]:
    fake = Moderator(delay_s)
    with FakeHttpServer(fake.handle) as server:
        yield fake, server.base_url + "/moderate"
        assert server.handler_errors == []


async def _gift_rows(engine: AsyncEngine, sender_id: str) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).where(gifts.c.sender_id == sender_id)
        return int((await connection.execute(query)).scalar_one())


async def _send(client: httpx.AsyncClient, token: str, key: str, **body: Any) -> httpx.Response:
    return await client.post("/v1/gifts/send", json=body, headers=auth(token, key))


async def test_the_hook_refuses_with_nothing_charged_and_allowed_messages_travel(
    database_url: str, engine: AsyncEngine,
) -> None:
    seeded = await seed(database_url, viewers=2)
    stream = seeded.stream_id
    with moderator() as (fake, url):
        settings = live_settings(database_url, moderation__webhook_url=url,
                                 moderation__webhook_secret=SECRET)
        tokens = {u: user_token(settings, u) for u in seeded.viewer_ids}
        before = await coins_of(engine, "viewer0")
        with server_thread(settings) as server:
            async with (viewer(server.ws_url, stream, tokens["viewer1"]) as watcher,
                        httpx.AsyncClient(base_url=server.base_url) as client):
                await watcher.read_frame()
                refused = await _send(client, tokens["viewer0"], "m1", gift_id="concert",
                                      stream_id=stream, message="nope, not this")
                assert refused.status_code == 422, refused.text
                problem = refused.json()
                assert problem["type"] == "urn:fancoins:problem:gift-message-refused"
                assert problem["detail"] == "not on this stream"
                assert await coins_of(engine, "viewer0") == before
                assert await _gift_rows(engine, "viewer0") == 0
                sent = await _send(client, tokens["viewer0"], "m2", gift_id="concert",
                                   stream_id=stream, message="Hello Maya! 🎉")
                assert sent.status_code == 201, sent.text
                assert sent.json()["message"] == "Hello Maya! 🎉"
                asked = len(fake.asked)
                again = await _send(client, tokens["viewer0"], "m2", gift_id="concert",
                                    stream_id=stream, message="Hello Maya! 🎉")
                assert again.status_code == 201 and again.json()["id"] == sent.json()["id"]
                assert len(fake.asked) == asked  # a retry answers its first answer, unasked
                await watcher.until(lambda evs: bool(of_type(evs, "gift.sent")))
                statement = (await client.get("/v1/wallet/statement",
                                              headers=auth(tokens["viewer0"]))).json()
    event = of_type(watcher.events, "gift.sent")[0]
    assert event["tier"] == "stage"
    assert event["message"] == {"text": "Hello Maya! 🎉", "pin_s": 120}
    assert [a["message"] for a in fake.asked] == ["nope, not this", "Hello Maya! 🎉"]
    assert fake.asked[1]["stream_id"] == stream and fake.asked[1]["sender_id"] == "viewer0"
    gift_lines = [line for line in statement["items"] if line["code"] == "gift_sent"]
    assert [line["details"].get("message") for line in gift_lines] == ["Hello Maya! 🎉"]
    assert await coins_of(engine, "viewer0") == before - 500
    async with unit_of_work(engine) as connection:
        assert (await verify(connection)).ok


async def test_blocked_terms_tiers_and_text_rules(database_url: str, engine: AsyncEngine
                                                  ) -> None:
    seeded = await seed(database_url, viewers=1)
    stream = seeded.stream_id
    with moderator() as (fake, url):
        settings = live_settings(database_url, moderation__webhook_url=url,
                                 moderation__webhook_secret=SECRET)
        token = user_token(settings, "viewer0")
        before = await coins_of(engine, "viewer0")
        with server_thread(settings) as server:
            async with httpx.AsyncClient(base_url=server.base_url) as client:
                blocked = await _send(client, token, "b", gift_id="rose", stream_id=stream,
                                      message="get FREE   coins here")
                assert blocked.status_code == 422
                assert blocked.json()["type"] == "urn:fancoins:problem:gift-message-refused"
                assert fake.asked == []  # refused before the host is asked
                long = "x" * 41  # a rose is a "pop" gift: 40 characters
                too_long = await _send(client, token, "l", gift_id="rose", stream_id=stream,
                                       message=long)
                assert too_long.status_code == 422
                assert too_long.json()["type"] == "urn:fancoins:problem:gift-message-too-long"
                assert await coins_of(engine, "viewer0") == before
                banner = await _send(client, token, "l2", gift_id="love_bang",
                                     stream_id=stream, message=long)
                assert banner.status_code == 201, banner.text
                for key, body in (("c", {"message": "bell\x07"}),
                                  ("v", {"message": "hi", "video_id": "v"}),
                                  ("e", {"message": ""})):
                    target = {} if "video_id" in body else {"stream_id": stream}
                    bad = await _send(client, token, key, gift_id="rose", **target, **body)
                    assert bad.status_code == 422, (key, bad.text)
    assert await coins_of(engine, "viewer0") == before - 25
    assert await _gift_rows(engine, "viewer0") == 1


@pytest.mark.parametrize("fail_open", [False, True])
async def test_a_hook_that_does_not_answer_in_time(database_url: str, engine: AsyncEngine,
                                                   fail_open: bool) -> None:
    seeded = await seed(database_url, viewers=1)
    with moderator(delay_s=1.0) as (_, url):
        settings = live_settings(database_url, moderation__webhook_url=url,
                                 moderation__webhook_secret=SECRET, moderation__timeout_s=0.2,
                                 moderation__fail_open=fail_open)
        token = user_token(settings, "viewer0")
        before = await coins_of(engine, "viewer0")
        with server_thread(settings) as server:
            async with httpx.AsyncClient(base_url=server.base_url) as client:
                answer = await _send(client, token, "t", gift_id="rose",
                                     stream_id=seeded.stream_id, message="hi")
    if fail_open:
        assert answer.status_code == 201, answer.text
        assert await coins_of(engine, "viewer0") == before - 1
    else:
        assert answer.status_code == 503
        assert answer.json()["type"] == "urn:fancoins:problem:moderation-unavailable"
        assert "retry-after" in answer.headers
        assert await coins_of(engine, "viewer0") == before
        assert await _gift_rows(engine, "viewer0") == 0


def test_a_hook_without_a_valid_secret_is_refused_at_start() -> None:
    from fancoins.config import ConfigError, load_settings

    with pytest.raises(ConfigError, match="MODERATION__WEBHOOK_SECRET"):
        load_settings(moderation__webhook_url="https://host.example/moderate")
    with pytest.raises(ConfigError, match="MODERATION__WEBHOOK_SECRET"):
        load_settings(moderation__webhook_url="https://host.example/moderate",
                      moderation__webhook_secret="not base64 !")
    with pytest.raises(ConfigError, match="MODERATION__WEBHOOK_URL"):
        load_settings(mode="production", jwt__secret="x" * 40,
                      moderation__webhook_url="http://host.example/moderate",
                      moderation__webhook_secret=SECRET)

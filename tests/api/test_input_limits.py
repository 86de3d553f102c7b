"""Bounded, clean input: the body limit is enforced on the stream before parsing and before
authentication, nothing past it is buffered, and control characters in a path are a 422."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.api.test_auth import assert_problem
from tests.support.api import bearer, make_user, running_app, settings_for, user_token

CHUNK_BYTES = 64 * 1024


class Chunks:
    """A request body streamed in chunks, counting how many the server pulled."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.count):
            self.pulled += 1
            yield b"x" * CHUNK_BYTES


async def test_an_oversized_body_is_refused_before_authentication(database_url: str) -> None:
    settings = settings_for(database_url, http__request_body_max_bytes=256 * 1024)
    async with running_app(settings) as (_, client):
        declared = await client.post("/v1/gifts/send", content=b"x" * (512 * 1024),
                                     headers={"Idempotency-Key": "k"})
        assert_problem(declared, 413, "payload-too-large")  # not a 401: no auth was tried
        body = Chunks(200)  # 12.5 MiB offered without a declared length
        streamed = await client.post("/v1/gifts/send", content=body,
                                     headers={"Idempotency-Key": "k"})
        assert_problem(streamed, 413, "payload-too-large")
        # Reading stopped at the limit: 256 KiB is four chunks, the fifth passes it.
        assert body.pulled <= 256 * 1024 // CHUNK_BYTES + 1


async def test_notification_routes_have_their_own_smaller_limit(database_url: str) -> None:
    settings = settings_for(database_url)
    async with running_app(settings) as (_, client):
        paypal = await client.post("/v1/webhooks/paypal", content=b"{" + b" " * 200_000 + b"}",
                                   headers={"content-type": "application/json"})
        assert_problem(paypal, 413, "payload-too-large")
        ordinary = await client.post("/v1/gifts/send", content=b"{" + b" " * 200_000 + b"}",
                                     headers={"content-type": "application/json"})
        assert ordinary.status_code == 401  # under the app-wide limit: it reached auth


@pytest.mark.parametrize("path", ["/v1/streams/a%00b", "/v1/users/x%01y/gifter",
                                  "/v1/streams/%C2%85"])
async def test_control_characters_in_a_path_are_refused(database_url: str, path: str) -> None:
    settings = settings_for(database_url)
    async with running_app(settings) as (app, client):
        await make_user(app, "alice")
        answer = await client.get(path, headers=bearer(user_token(settings, "alice")))
        assert_problem(answer, 422, "validation-error")

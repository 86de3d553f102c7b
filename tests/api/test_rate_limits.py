"""Rate limits: per user, per API key and per client address, per operation class; over a
limit the answer is 429 `rate-limited` with Retry-After and nothing is applied. Shared by two
real API processes through a real Redis."""

from __future__ import annotations

import uuid

import httpx
import pytest

from fancoins.ledger import chart
from tests.gifts.helpers import balance, make_user, running_api
from tests.live.helpers import live_settings, seed, server_processes, user_token


def _refused(response: httpx.Response, rate_class: str, limited_by: str) -> None:
    assert response.status_code == 429, response.text
    body = response.json()
    assert body["type"] == "urn:fancoins:problem:rate-limited"
    assert body["rate_class"] == rate_class and body["limited_by"] == limited_by
    assert 1 <= int(response.headers["Retry-After"]) <= 60


async def test_gifts_past_the_user_limit_answer_429_and_apply_nothing(
    database_url: str,
) -> None:
    async with running_api(database_url, rate_limits__gifts_per_user="2/minute") as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        await make_user(api.engine, "bob", coins=100)
        live = await api.go_live("maya")
        for key in ("a1", "a2"):
            sent = await api.send("alice", key, gift_id="love_bang", stream_id=live)
            assert sent.status_code == 201, sent.text
        before = await balance(api.engine, chart.user_coins("alice"))
        assert before < 100
        over = await api.send("alice", "a3", gift_id="love_bang", stream_id=live)
        _refused(over, "gifts", "user")
        assert await balance(api.engine, chart.user_coins("alice")) == before
        # Another user is counted on their own.
        assert (await api.send("bob", "b1", gift_id="love_bang", stream_id=live)
                ).status_code == 201


async def test_api_keys_are_limited_per_key_not_per_user(database_url: str) -> None:
    async with running_api(database_url, rate_limits__gifts_per_key="3/minute",
                           rate_limits__gifts_per_user="1/minute") as api:
        await make_user(api.engine, "maya", creator=True)
        for viewer in ("v1", "v2"):
            await make_user(api.engine, viewer, coins=100)
        live = await api.go_live("maya")
        key = await api.admin_headers()
        # The host's backend relays many users' gifts: its key is the unit, not each user.
        statuses = []
        for index in range(4):
            response = await api.client.post(
                "/v1/gifts/send", headers={**key, "Idempotency-Key": f"k{index}"},
                json={"gift_id": "love_bang", "stream_id": live,
                      "sender_id": ("v1", "v2")[index % 2]})
            statuses.append(response.status_code)
        assert statuses[:3] == [201, 201, 201], statuses
        _refused(response, "gifts", "key")


async def test_failed_authentications_lock_the_address_out(database_url: str) -> None:
    async with running_api(database_url, rate_limits__auth_failures_per_address="3/minute",
                           http__trusted_proxies=("127.0.0.1/32",)) as api:
        await make_user(api.engine, "alice", coins=10)
        bad = {"Authorization": "Bearer not-a-token"}
        for _ in range(3):
            assert (await api.client.get("/v1/wallet", headers=bad)).status_code == 401
        # Past the limit, even a good credential from that address is refused for a while.
        _refused(await api.client.get("/v1/wallet", headers=api.headers("alice")),
                 "auth_failures", "address")
        # Through a trusted proxy, the forwarded client is counted, not the proxy.
        other = {**api.headers("alice"), "X-Forwarded-For": "203.0.113.9"}
        assert (await api.client.get("/v1/wallet", headers=other)).status_code == 200
        # A client's own claim further left is not believed: the proxy's hop decides.
        spoofed = {**bad, "X-Forwarded-For": "198.51.100.1, 203.0.113.10"}
        for _ in range(3):
            assert (await api.client.get("/v1/wallet", headers=spoofed)).status_code == 401
        _refused(await api.client.get("/v1/wallet", headers={
            **api.headers("alice"), "X-Forwarded-For": "192.0.2.1, 203.0.113.10"}),
            "auth_failures", "address")


async def test_untrusted_peers_cannot_choose_their_address(database_url: str) -> None:
    async with running_api(database_url, rate_limits__auth_failures_per_address="2/minute") as api:
        await make_user(api.engine, "alice")
        for index in range(2):
            response = await api.client.get("/v1/wallet", headers={
                "Authorization": "Bearer nope", "X-Forwarded-For": f"203.0.113.{index}"})
            assert response.status_code == 401
        _refused(await api.client.get("/v1/wallet", headers={
            **api.headers("alice"), "X-Forwarded-For": "203.0.113.77"}),
            "auth_failures", "address")


@pytest.mark.slow
@pytest.mark.redis
async def test_limits_are_shared_by_two_processes_through_redis(
    database_url: str, redis_url: str,
) -> None:
    seeded = await seed(database_url, viewers=1)
    env = {
        "FANCOINS_DATABASE_URL": database_url, "FANCOINS_REDIS_URL": redis_url,
        "FANCOINS_MODE": "test", "FANCOINS_LIVE__REDIS_PREFIX": f"t{uuid.uuid4().hex[:8]}:",
        "FANCOINS_RATE_LIMITS__REDIS_PREFIX": f"r{uuid.uuid4().hex[:8]}",
        "FANCOINS_RATE_LIMITS__GIFTS_PER_USER": "3/minute",
    }
    token = user_token(live_settings(database_url), "viewer0")
    headers = {"Authorization": f"Bearer {token}"}
    body = {"gift_id": "rose", "count": 1, "stream_id": seeded.stream_id}
    with server_processes(env, env) as (base_a, base_b):
        async with (httpx.AsyncClient(base_url=base_a) as a,
                    httpx.AsyncClient(base_url=base_b) as b):
            statuses = []
            for index, client in enumerate((a, b, a, b)):
                response = await client.post("/v1/gifts/send", json=body, headers={
                    **headers, "Idempotency-Key": f"g{index}"})
                statuses.append(response.status_code)
            # Three gifts in all went through, whichever process took them; the fourth, on
            # process B, is refused by the count process A helped fill.
            assert statuses[:3] == [201, 201, 201], statuses
            _refused(response, "gifts", "user")


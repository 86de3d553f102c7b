"""Authentication and visibility through the real ASGI app, on both databases."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from fancoins.api.problems import PROBLEM_BASE, PROBLEM_JSON
from fancoins.db.engine import unit_of_work
from fancoins.db.uow import unit
from fancoins.operator.service import operator
from tests.support.api import bearer, make_api_key, make_user, running_app, settings_for, user_token


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert body["type"] == PROBLEM_BASE + slug
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    return dict(body)


@pytest.fixture
async def api(database_url: str):  # type: ignore[no-untyped-def]
    settings = settings_for(database_url)
    async with running_app(settings) as (app, client):
        await make_user(app, "alice", display_name="Alice")
        await make_user(app, "bob", display_name="Bob")
        async with unit(app.state.container.engine) as uow:
            await operator.adjust_coins(uow, actor="test", user_id="alice",
                                        amount_coins=250, reason="test grant",
                                        idempotency_key="grant-alice")
        yield settings, app, client


async def test_no_token_is_401_with_challenge(api) -> None:  # type: ignore[no-untyped-def]
    _, _, client = api
    response = await client.get("/v1/accounts")
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_expired_token(api) -> None:  # type: ignore[no-untyped-def]
    settings, _, client = api
    token = user_token(settings, "alice", ttl_s=-3600)
    assert_problem(await client.get("/v1/accounts", headers=bearer(token)), 401, "token-expired")


async def test_wrong_signature(api) -> None:  # type: ignore[no-untyped-def]
    settings, _, client = api
    token = user_token(settings, "alice", secret="another-secret-of-the-same-length-xx")
    assert_problem(await client.get("/v1/accounts", headers=bearer(token)), 401, "token-invalid")


async def test_unaccepted_algorithm_and_garbage(api) -> None:  # type: ignore[no-untyped-def]
    _, _, client = api
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rs_token = jwt.encode({"sub": "alice", "exp": int(time.time()) + 60}, key, algorithm="RS256")
    assert_problem(await client.get("/v1/accounts", headers=bearer(rs_token)), 401,
                   "token-invalid")
    assert_problem(await client.get("/v1/accounts", headers=bearer("not.a.jwt")), 401,
                   "token-invalid")
    assert_problem(await client.get("/v1/accounts", headers=bearer("fck_nope_nope")), 401,
                   "api-key-invalid")


async def test_token_without_exp_is_refused(api) -> None:  # type: ignore[no-untyped-def]
    settings, _, client = api
    token = jwt.encode({"sub": "alice"}, settings.jwt.secret.get_secret_value(), "HS256")
    assert_problem(await client.get("/v1/accounts", headers=bearer(token)), 401, "token-invalid")


async def test_owner_sees_own_account_not_others(api) -> None:  # type: ignore[no-untyped-def]
    settings, _, client = api
    alice = bearer(user_token(settings, "alice"))
    bob = bearer(user_token(settings, "bob"))
    own = await client.get("/v1/accounts/user:alice:coins", headers=alice)
    assert own.status_code == 200
    assert own.json()["balance"] == 250
    assert_problem(await client.get("/v1/accounts/user:alice:coins", headers=bob), 404,
                   "account-not-found")
    listed = (await client.get("/v1/accounts", headers=bob)).json()
    assert {a["id"] for a in listed["items"]} == {"user:bob:coins", "user:bob:diamonds"}
    page = (await client.get("/v1/accounts/user:alice:coins/transfers", headers=alice)).json()
    assert [t["amount"] for t in page["items"]] == [250]
    transfer_id = page["items"][0]["id"]
    assert (await client.get(f"/v1/transfers/{transfer_id}", headers=alice)).status_code == 200
    assert_problem(await client.get(f"/v1/transfers/{transfer_id}", headers=bob), 404,
                   "transfer-not-found")
    assert_problem(await client.get("/v1/accounts/user:alice:coins/transfers", headers=bob), 404,
                   "account-not-found")


async def test_admin_sees_everything(api) -> None:  # type: ignore[no-untyped-def]
    settings, app, client = api
    admin = bearer(user_token(settings, "ops", scope="admin"))
    response = await client.get("/v1/accounts/user:alice:coins", headers=admin)
    assert response.status_code == 200
    key = bearer(await make_api_key(app, "ledger:read"))
    listed = (await client.get("/v1/accounts?limit=3", headers=key)).json()
    assert len(listed["items"]) == 3 and listed["next_cursor"]
    seen = [a["id"] for a in listed["items"]]
    cursor = listed["next_cursor"]
    while cursor:
        page = (await client.get(f"/v1/accounts?limit=3&cursor={cursor}", headers=key)).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen))
    assert {"user:alice:coins", "user:bob:coins", "platform:coins_issued"} <= set(seen)


async def test_wrong_scope(api) -> None:  # type: ignore[no-untyped-def]
    settings, app, client = api
    reader = bearer(await make_api_key(app, "ledger:read"))
    response = await client.put("/v1/users/carol", json={"display_name": "Carol"}, headers=reader)
    assert_problem(response, 403, "insufficient-scope")
    user = bearer(user_token(settings, "alice"))
    response = await client.post(
        "/v1/admin/adjustments", json={"user_id": "alice", "amount_coins": 5, "reason": "why"},
        headers={**user, "Idempotency-Key": "k"},
    )
    assert_problem(response, 403, "insufficient-scope")
    writer = bearer(await make_api_key(app, "users:write"))
    created = await client.put("/v1/users/carol", json={"display_name": "Carol"}, headers=writer)
    assert created.status_code == 200 and created.json()["id"] == "carol"


async def test_revoked_api_key_is_refused(api) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from fancoins.db.tables import api_keys

    _, app, client = api
    token = await make_api_key(app, "ledger:read")
    assert (await client.get("/v1/accounts", headers=bearer(token))).status_code == 200
    async with unit_of_work(app.state.container.engine) as connection:
        await connection.execute(update(api_keys).values(revoked=True))
    assert_problem(await client.get("/v1/accounts", headers=bearer(token)), 401,
                   "api-key-invalid")


async def test_api_key_secret_is_stored_hashed(api) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from fancoins.db.tables import api_keys

    _, app, _ = api
    token = await make_api_key(app, "ledger:read")
    async with app.state.container.engine.connect() as connection:
        stored = (await connection.execute(select(api_keys.c.secret_hash))).scalars().all()
    assert token not in stored and all(len(h) == 64 for h in stored)

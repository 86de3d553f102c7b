"""Every error is problem+json with a stable type, declared in the OpenAPI schema."""

from __future__ import annotations

import pytest

from fancoins.api.problems import PROBLEM_JSON
from tests.api.test_auth import assert_problem
from tests.support.api import bearer, make_api_key, make_user, running_app, settings_for, user_token


@pytest.fixture
async def api(database_url: str):  # type: ignore[no-untyped-def]
    settings = settings_for(database_url)
    async with running_app(settings) as (app, client):
        yield settings, app, client


async def test_malformed_json_is_400(api) -> None:  # type: ignore[no-untyped-def]
    _, app, client = api
    key = bearer(await make_api_key(app, "users:write"))
    response = await client.put(
        "/v1/users/zed", content=b"{not json", headers={**key, "content-type": "application/json"}
    )
    assert_problem(response, 400, "malformed-json")


async def test_validation_error_is_422_with_errors(api) -> None:  # type: ignore[no-untyped-def]
    _, app, client = api
    key = bearer(await make_api_key(app, "users:write"))
    response = await client.put("/v1/users/zed", json={"display_name": ""}, headers=key)
    body = assert_problem(response, 422, "validation-error")
    assert body["errors"][0]["loc"] == ["body", "display_name"]  # type: ignore[index]
    bad_id = await client.put("/v1/users/a:b", json={"display_name": "x"}, headers=key)
    assert_problem(bad_id, 422, "validation-error")


async def test_unknown_route_and_method(api) -> None:  # type: ignore[no-untyped-def]
    _, _, client = api
    assert_problem(await client.get("/v1/nope"), 404, "not-found")
    assert_problem(await client.delete("/healthz"), 405, "method-not-allowed")


async def test_bad_cursor(api) -> None:  # type: ignore[no-untyped-def]
    settings, app, client = api
    await make_user(app, "alice")
    token = bearer(user_token(settings, "alice"))
    assert_problem(await client.get("/v1/accounts?cursor=%%%", headers=token), 400,
                   "cursor-invalid")
    assert_problem(
        await client.get("/v1/accounts/user:alice:coins/transfers?cursor=eyJiZWZvcmUiOjF9",
                         headers=token),
        400, "cursor-invalid",
    )


async def test_adjustment_errors(api) -> None:  # type: ignore[no-untyped-def]
    settings, app, client = api
    await make_user(app, "alice")
    admin = {**bearer(user_token(settings, "ops", scope="admin")), "Idempotency-Key": "a-1"}
    missing_key = await client.post(
        "/v1/admin/adjustments", json={"user_id": "alice", "amount_coins": 5, "reason": "why"},
        headers=bearer(user_token(settings, "ops", scope="admin")),
    )
    assert_problem(missing_key, 422, "validation-error")
    grant = await client.post("/v1/admin/adjustments",
                              json={"user_id": "alice", "amount_coins": 5, "reason": "why"},
                              headers=admin)
    assert grant.status_code == 201
    replay = await client.post("/v1/admin/adjustments",
                               json={"user_id": "alice", "amount_coins": 5, "reason": "why"},
                               headers=admin)
    assert replay.status_code == 201 and replay.json() == grant.json()
    reused = await client.post("/v1/admin/adjustments",
                               json={"user_id": "alice", "amount_coins": 6, "reason": "why"},
                               headers=admin)
    assert_problem(reused, 409, "idempotency-key-reused")
    overdraw = await client.post(
        "/v1/admin/adjustments", json={"user_id": "alice", "amount_coins": -6, "reason": "why"},
        headers={**admin, "Idempotency-Key": "a-2"},
    )
    assert_problem(overdraw, 409, "insufficient-balance")
    nobody = await client.post(
        "/v1/admin/adjustments", json={"user_id": "nobody", "amount_coins": 1, "reason": "why"},
        headers={**admin, "Idempotency-Key": "a-3"},
    )
    assert_problem(nobody, 404, "user-not-found")
    wallet = await client.get("/v1/accounts/user:alice:coins",
                              headers=bearer(user_token(settings, "alice")))
    assert wallet.json()["balance"] == 5


async def test_openapi_declares_problem_responses(api) -> None:  # type: ignore[no-untyped-def]
    _, _, client = api
    schema = (await client.get("/openapi.json")).json()
    assert "ProblemBody" in schema["components"]["schemas"]
    put_user = schema["paths"]["/v1/users/{user_id}"]["put"]["responses"]
    for status in ("400", "401", "403", "422"):
        assert PROBLEM_JSON in put_user[status]["content"], status
    assert (await client.get("/docs")).status_code == 200
    health = await client.get("/healthz")
    assert health.json() == {"status": "ok", "database": "ok"}


async def test_unknown_query_parameter(api) -> None:  # type: ignore[no-untyped-def]
    settings, app, client = api
    await make_user(app, "alice")
    token = bearer(user_token(settings, "alice"))
    body = assert_problem(await client.get("/v1/accounts?limt=5", headers=token), 422,
                          "unknown-query-parameter")
    assert "limt" in str(body["detail"])
    assert (await client.get("/v1/accounts?limit=5", headers=token)).status_code == 200

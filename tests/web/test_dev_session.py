"""The development sign-in and the web app's mount: tokens that work against the real API,
nothing of it in production mode, the app itself served with its headers."""

from __future__ import annotations

import jwt
import pytest

from fancoins.config import load_settings
from fancoins.demo import DEMO_USERS, load_demo
from tests.support.api import bearer, running_app, settings_for
from tests.web.helpers import assert_verified, coins_of

PRODUCTION_SECRET = "a-production-secret-that-is-long-enough-0123456789"


async def test_dev_session_signs_in_demo_users_and_the_operator(database_url: str) -> None:
    settings = settings_for(database_url)
    async with running_app(settings) as (app, client):
        await load_demo(app.state.container.engine)
        people = (await client.get("/v1/dev/users")).json()
        assert [p["id"] for p in people] == [u.id for u in DEMO_USERS] + ["operator"]
        assert {p["id"]: p["adult"] for p in people}["teen-tim"] is False

        answer = await client.post("/v1/dev/session", json={"user_id": "alice"})
        assert answer.status_code == 200, answer.text
        token = answer.json()["token"]
        claims = jwt.decode(token, settings.jwt.secret.get_secret_value(), algorithms=["HS256"])
        assert claims["sub"] == "alice" and "scope" not in claims
        wallet = await client.get("/v1/wallet", headers=bearer(token))
        assert wallet.status_code == 200
        assert wallet.json()["coins"] == await coins_of(app.state.container.engine, "alice")
        # A user token is not an operator's.
        refused = await client.get("/v1/admin/economy", headers=bearer(token))
        assert refused.status_code == 403
        assert refused.json()["type"].endswith(":insufficient-scope")

        operator = await client.post("/v1/dev/session",
                                     json={"user_id": "operator", "role": "operator"})
        assert operator.json()["scopes"] == ["admin"]
        economy = await client.get("/v1/admin/economy",
                                   headers=bearer(operator.json()["token"]))
        assert economy.status_code == 200 and economy.json()["verify"]["ok"] is True
        await assert_verified(app.state.container.engine)


async def test_dev_session_refuses_bad_input_as_problems(database_url: str) -> None:
    async with running_app(settings_for(database_url)) as (_, client):
        for body in ({"user_id": "user:with:colons"}, {"user_id": "alice", "role": "root"},
                     {"user_id": "alice", "extra": 1}, {}):
            answer = await client.post("/v1/dev/session", json=body)
            assert answer.status_code == 422, body
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["type"].endswith(":validation-error")


@pytest.mark.parametrize("path", ["/v1/dev/session", "/v1/dev/users"])
async def test_dev_sign_in_does_not_exist_in_production(database_url: str, path: str) -> None:
    settings = load_settings(database_url=database_url, mode="production",
                             jwt__secret=PRODUCTION_SECRET)
    async with running_app(settings) as (app, client):
        assert (await client.post(path, json={"user_id": "alice"})).status_code in (404, 405)
        assert (await client.get(path)).status_code in (404, 405)
        assert not [p for p in app.openapi()["paths"] if p.startswith("/v1/dev")]
        # The web app itself is still served: production users sign in through the host.
        assert (await client.get("/app/")).status_code == 200


async def test_root_redirects_to_the_app_keeping_the_query(database_url: str) -> None:
    async with running_app(settings_for(database_url)) as (app, client):
        answer = await client.get("/?checkout=success")
        assert answer.status_code == 302
        assert answer.headers["location"] == "/app/?checkout=success"
        assert (await client.get("/")).headers["location"] == "/app/"
        page = await client.get("/app/")
        assert page.status_code == 200 and 'src="js/main.js"' in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["referrer-policy"] == "no-referrer"
        script = await client.get("/app/js/main.js")
        assert script.status_code == 200
        assert "javascript" in script.headers["content-type"]
        assert (await client.get("/app/overlay.html")).status_code == 200
        # The API keeps its paths: nothing under /v1 is shadowed by the web app.
        assert (await client.get("/healthz")).json()["status"] == "ok"
        assert "/" not in app.openapi()["paths"]

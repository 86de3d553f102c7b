"""Prometheus metrics: counted by route template, readable by operators only."""

from __future__ import annotations

from tests.api.test_auth import assert_problem
from tests.support.api import bearer, running_app, settings_for, user_token


async def test_metrics_count_requests_by_route(database_url: str) -> None:
    settings = settings_for(database_url)
    async with running_app(settings) as (_, client):
        await client.get("/healthz")
        await client.get("/v1/accounts/user:someone:coins",
                         headers=bearer(user_token(settings, "x")))
        assert_problem(await client.get("/metrics", headers=bearer(user_token(settings, "x"))),
                       403, "insufficient-scope")
        admin = bearer(user_token(settings, "ops", scope="admin"))
        body = (await client.get("/metrics", headers=admin)).text
    assert 'fancoins_http_requests_total{method="GET",route="/healthz",status="200"}' in body
    assert 'route="/v1/accounts/{account_id}",status="404"' in body
    assert "user:someone" not in body

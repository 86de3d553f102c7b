"""A request to a parameterless API path reaches the route the router's own scan would
choose (the route remembered per path answers exactly as the scan did): every such path and
method, wrong methods (405) and unknown paths (404) included, asked twice."""

from __future__ import annotations

from pathlib import Path

import httpx

from fancoins.api.routing import KnownPaths
from tests.conftest import fresh_sqlite_url
from tests.support.api import bearer, make_user, running_app, settings_for, user_token

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


async def test_every_parameterless_path_answers_as_the_routers_scan_does(
        sqlite_template: Path, tmp_path: Path) -> None:
    settings = settings_for(fresh_sqlite_url(sqlite_template, tmp_path))
    plain_settings = settings_for(fresh_sqlite_url(sqlite_template, tmp_path))
    async with running_app(settings) as (app, client), \
            running_app(plain_settings) as (plain, plain_client):
        assert isinstance(app.router.routes[0], KnownPaths)
        plain.router.routes.pop(0)  # the same routes, scanned for every request
        await make_user(app, "alice")
        await make_user(plain, "alice")
        paths = [path for path in app.openapi()["paths"] if "{" not in path]
        assert "/v1/gifts/send" in paths and "/v1/ping" in paths
        asked = 0
        for path in [*paths, "/v1/no-such-path"]:
            for method in METHODS:
                want = await plain_client.request(
                    method, path, headers=bearer(user_token(plain_settings, "alice")))
                for _ in range(2):  # found, then remembered
                    got = await client.request(
                        method, path, headers=bearer(user_token(settings, "alice")))
                    assert (got.status_code, _problem(got)) == (
                        want.status_code, _problem(want)), (method, path)
                    asked += 1
        assert asked > 300


def _problem(response: httpx.Response) -> str | None:
    """The problem type of an error answer (the rest may carry per-request ids)."""
    if response.status_code < 400 or not response.content:
        return None
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    return body.get("type") if isinstance(body, dict) else None

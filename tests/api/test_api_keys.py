"""API keys an operator manages over the admin API: listed, revoked at once, rotated with an
overlap window, every change audited; authentication stays one read per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, select

from fancoins.config import Settings
from fancoins.db.tables import audit_log
from fancoins.kit.clock import OffsetClock, use_clock
from tests.support.api import bearer, make_api_key, running_app, settings_for, user_token

OVERLAP_S = 3_600


@dataclass
class Env:
    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings

    def admin(self, key: str | None = None) -> dict[str, str]:
        headers = bearer(user_token(self.settings, "ops", scope="admin"))
        return {**headers, "Idempotency-Key": key} if key else headers

    async def create(self, name: str, *scopes: str, key: str | None = None) -> dict[str, Any]:
        answer = await self.client.post("/v1/admin/api-keys", headers=self.admin(key or name),
                                        json={"name": name, "scopes": list(scopes)})
        assert answer.status_code == 201, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def listed(self) -> dict[str, dict[str, Any]]:
        answer = await self.client.get("/v1/admin/api-keys", headers=self.admin())
        assert answer.status_code == 200, answer.text
        return {key["name"]: key for key in answer.json()["items"]}

    async def works(self, token: str) -> bool:
        answer = await self.client.get("/v1/accounts", headers=bearer(token))
        assert answer.status_code in (200, 401), answer.text
        if answer.status_code == 401:
            assert answer.json()["type"].endswith(":api-key-invalid")
        return answer.status_code == 200

    async def audited(self) -> list[tuple[str, str, str]]:
        async with self.app.state.container.engine.connect() as connection:
            rows = (await connection.execute(
                select(audit_log.c.action, audit_log.c.actor, audit_log.c.reason)
                .where(audit_log.c.action.like("api_key.%")).order_by(audit_log.c.id))).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]


@pytest.fixture
async def env(database_url: str) -> AsyncIterator[Env]:
    settings = settings_for(database_url, api_keys__rotation_overlap_s=OVERLAP_S)
    async with running_app(settings) as (app, client):
        yield Env(app, client, settings)


async def test_keys_are_listed_with_their_use(env: Env) -> None:
    created = await env.create("ad-server", "promotions:write", "ledger:read")
    token = created["token"]
    assert token.startswith("fck_")
    before = (await env.listed())["ad-server"]
    assert before["scopes"] == ["ledger:read", "promotions:write"]
    assert before["last_used_at"] is None and before["revoked_at"] is None
    assert before["created_at"] and before["id"] == created["key"]["id"]
    assert "token" not in before and "secret_hash" not in before
    assert await env.works(token)
    after = (await env.listed())["ad-server"]
    assert after["last_used_at"] is not None
    # A retried create answers the same key; its secret was shown once and is never stored.
    again = await env.client.post("/v1/admin/api-keys", headers=env.admin("ad-server"),
                                  json={"name": "ad-server",
                                        "scopes": ["promotions:write", "ledger:read"]})
    assert again.status_code == 201
    assert again.json()["key"]["id"] == created["key"]["id"] and again.json()["token"] is None
    assert len(await env.listed()) == 1


async def test_a_revoked_key_is_refused_on_its_next_request(env: Env) -> None:
    created = await env.create("backend", "ledger:read")
    assert await env.works(created["token"])
    path = f"/v1/admin/api-keys/{created['key']['id']}"
    revoked = await env.client.delete(path, params={"reason": "leaked in a log"},
                                      headers=env.admin())
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] is not None
    assert not await env.works(created["token"])
    again = await env.client.delete(path, params={"reason": "again"}, headers=env.admin())
    assert again.status_code == 200
    assert again.json()["revoked_at"] == revoked.json()["revoked_at"]  # revoked once
    assert await env.audited() == [("api_key.created", "ops", ""),
                                   ("api_key.revoked", "ops", "leaked in a log")]


async def test_rotation_keeps_the_old_secret_until_the_window_ends(env: Env) -> None:
    created = await env.create("backend", "ledger:read")
    old = created["token"]
    path = f"/v1/admin/api-keys/{created['key']['id']}/rotate"
    with use_clock(OffsetClock()) as clock:
        rotated = await env.client.post(path, json={"reason": "yearly rotation"},
                                        headers=env.admin("rotate-1"))
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()["token"]
        assert new != old and rotated.json()["key"]["id"] == created["key"]["id"]
        assert rotated.json()["key"]["previous_secret_expires_at"] is not None
        assert await env.works(old) and await env.works(new)
        clock.advance(s=OVERLAP_S - 60)
        assert await env.works(old)
        clock.advance(s=120)
        assert not await env.works(old)
        assert await env.works(new)
    retry = await env.client.post(path, json={"reason": "yearly rotation"},
                                  headers=env.admin("rotate-1"))
    assert retry.json()["token"] is None and retry.json()["key"]["id"] == created["key"]["id"]
    assert await env.works(new)  # the retry rotated nothing
    assert [a for a, _, _ in await env.audited()] == ["api_key.created", "api_key.rotated"]


async def test_only_operators_manage_keys(env: Env) -> None:
    user = bearer(user_token(env.settings, "alice"))
    key = bearer(await make_api_key(env.app, "users:write"))
    for headers in (user, key):
        listed = await env.client.get("/v1/admin/api-keys", headers=headers)
        assert listed.status_code == 403
        assert listed.json()["type"].endswith(":insufficient-scope")
    unknown = await env.client.post("/v1/admin/api-keys", headers=env.admin("bad"),
                                    json={"name": "x", "scopes": ["root"]})
    assert unknown.status_code == 422
    nul = await env.client.post("/v1/admin/api-keys", headers=env.admin("nul"),
                                json={"name": "x\x00y", "scopes": ["admin"]})
    assert nul.status_code == 422 and nul.json()["errors"][0]["loc"] == ["body", "name"]
    missing = await env.client.delete(
        "/v1/admin/api-keys/01a2208c-7c01-7078-92d4-489b386e29cb", headers=env.admin())
    assert missing.status_code == 404 and missing.json()["type"].endswith(":api-key-not-found")


async def test_authentication_does_not_write_per_request(env: Env) -> None:
    token = (await env.create("busy", "ledger:read"))["token"]
    writes: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE API_KEYS"):
            writes.append(statement)

    engine = env.app.state.container.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(20):
            assert await env.works(token)
        await env.listed()  # flushes what this process noted
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(writes) <= 1

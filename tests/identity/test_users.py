"""Users over HTTP on both databases: who may read them, retries, clean text, creator status."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from fancoins.config import Settings
from tests.support.api import bearer, make_api_key, running_app, settings_for, user_token

ADULT = "1990-05-17"


@dataclass
class Env:
    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings

    def token(self, user_id: str, scope: str = "") -> dict[str, str]:
        return bearer(user_token(self.settings, user_id, scope=scope))

    async def key(self, *scopes: str) -> dict[str, str]:
        return bearer(await make_api_key(self.app, *scopes))


@pytest.fixture
async def env(database_url: str) -> AsyncIterator[Env]:
    settings = settings_for(database_url)
    async with running_app(settings) as (app, client):
        yield Env(app, client, settings)


def assert_problem(answer: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = answer.json()
    assert body["type"] == f"urn:fancoins:problem:{slug}"
    return body


async def put_user(env: Env, headers: dict[str, str], user_id: str, key: str | None = None,
                   **fields: Any) -> httpx.Response:
    fields.setdefault("display_name", user_id.capitalize())
    if key is not None:
        headers = {**headers, "Idempotency-Key": key}
    return await env.client.put(f"/v1/users/{user_id}", json=fields, headers=headers)


async def test_a_missing_scope_is_a_403_naming_the_scope(env: Env) -> None:
    writer = await env.key("users:write")
    assert (await put_user(env, writer, "alice")).status_code == 200
    reader_of_ledger = await env.key("ledger:read")
    refused = assert_problem(await env.client.get("/v1/users/alice", headers=reader_of_ledger),
                             403, "insufficient-scope")
    assert refused["scope"] == "users:read"
    # Another user's token is refused the same way; the user reads themselves.
    assert_problem(await env.client.get("/v1/users/alice", headers=env.token("bob")), 403,
                   "insufficient-scope")
    assert (await env.client.get("/v1/users/alice", headers=env.token("alice"))).json()[
        "display_name"] == "Alice"
    # With the scope, a user that does not exist is (and only then) a 404.
    users_reader = await env.key("users:read")
    assert_problem(await env.client.get("/v1/users/nobody", headers=users_reader), 404,
                   "user-not-found")


async def test_a_key_that_writes_users_reads_them_back(env: Env) -> None:
    backend = await env.key("users:write", "gifts:write")  # the README's example key
    created = await put_user(env, backend, "carol", birth_date=ADULT)
    assert created.status_code == 200, created.text
    read = await env.client.get("/v1/users/carol", headers=backend)
    assert read.status_code == 200, read.text
    assert read.json() == created.json()


async def test_a_retried_put_answers_its_first_answer(env: Env) -> None:
    writer = await env.key("users:write")
    first = await put_user(env, writer, "dana", key="put-1", display_name="Dana")
    assert first.status_code == 200, first.text
    changed = await put_user(env, writer, "dana", key="put-2", display_name="Dana Renamed")
    assert changed.json()["display_name"] == "Dana Renamed"
    # A fresh decision would set the name back; the retry answers what the first call did.
    retry = await put_user(env, writer, "dana", key="put-1", display_name="Dana")
    assert retry.status_code == 200
    assert retry.json() == first.json()
    now = await env.client.get("/v1/users/dana", headers=writer)
    assert now.json()["display_name"] == "Dana Renamed"
    assert_problem(await put_user(env, writer, "dana", key="put-1", display_name="Other"), 409,
                   "idempotency-key-reused")


@pytest.mark.parametrize("name", ["Al\x00ice", "Al\x07ice", "Alice\n", "Al\u0085ice"])
async def test_control_characters_in_a_display_name_are_a_422_naming_it(
    env: Env, name: str
) -> None:
    writer = await env.key("users:write")
    body = assert_problem(await put_user(env, writer, "erin", display_name=name), 422,
                          "validation-error")
    assert body["errors"][0]["loc"] == ["body", "display_name"]
    assert_problem(await env.client.get("/v1/users/erin", headers=writer), 404,
                   "user-not-found")


async def test_a_creator_who_loses_creator_status_goes_off_air(env: Env) -> None:
    writer = await env.key("users:write")
    assert (await put_user(env, writer, "maya", birth_date=ADULT, is_creator=True)
            ).status_code == 200
    started = await env.client.post("/v1/streams", json={"title": "Hello"},
                                    headers={**env.token("maya"), "Idempotency-Key": "s-1"})
    assert started.status_code == 201, started.text
    stream_id = started.json()["id"]
    demoted = await put_user(env, writer, "maya", birth_date=ADULT, is_creator=False)
    assert demoted.status_code == 200 and demoted.json()["is_creator"] is False
    shown = await env.client.get(f"/v1/streams/{stream_id}", headers=env.token("alice"))
    assert shown.json()["status"] == "ended"
    assert shown.json()["ended_at"] is not None
    live = await env.client.get("/v1/streams", headers=env.token("alice"))
    assert live.json()["items"] == []
    # Setting other fields of a creator leaves their LIVE alone.
    assert (await put_user(env, writer, "leo", birth_date=ADULT, is_creator=True)
            ).status_code == 200
    other = await env.client.post("/v1/streams", json={"title": "Leo"},
                                  headers={**env.token("leo"), "Idempotency-Key": "s-2"})
    renamed = await put_user(env, writer, "leo", display_name="Leo Plays", birth_date=ADULT,
                             is_creator=True)
    assert renamed.status_code == 200
    still = await env.client.get(f"/v1/streams/{other.json()['id']}", headers=env.token("leo"))
    assert still.json()["status"] == "live"
    assert dt.datetime.fromisoformat(still.json()["started_at"])

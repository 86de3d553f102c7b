"""Operator actions over HTTP on both databases: every retry answers its first answer, reasons
are clean text, and each action is audited once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from fancoins.config import Settings
from fancoins.db.tables import audit_log
from tests.support.api import bearer, make_user, running_app, settings_for, user_token


@dataclass
class Env:
    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings

    def admin(self, key: str | None = None) -> dict[str, str]:
        headers = bearer(user_token(self.settings, "ops", scope="admin"))
        return {**headers, "Idempotency-Key": key} if key else headers

    async def adjust(self, user_id: str, amount_coins: int, key: str,
                     reason: str = "support case") -> httpx.Response:
        return await self.client.post(
            "/v1/admin/adjustments", headers=self.admin(key),
            json={"user_id": user_id, "amount_coins": amount_coins, "reason": reason})

    async def freeze(self, user_id: str, frozen: bool, key: str | None = None,
                     reason: str = "support case") -> httpx.Response:
        return await self.client.post(f"/v1/admin/users/{user_id}/freeze", headers=self.admin(key),
                                      json={"frozen": frozen, "reason": reason})

    async def coins(self, user_id: str) -> int:
        answer = await self.client.get(f"/v1/accounts/user:{user_id}:coins", headers=self.admin())
        return int(answer.json()["balance"])

    async def audited(self) -> list[tuple[str, str]]:
        async with self.app.state.container.engine.connect() as connection:
            rows = (await connection.execute(
                select(audit_log.c.action, audit_log.c.target).order_by(audit_log.c.id))).all()
        return [(row.action, row.target) for row in rows]


@pytest.fixture
async def env(database_url: str) -> AsyncIterator[Env]:
    settings = settings_for(database_url)
    async with running_app(settings) as (app, client):
        await make_user(app, "alice")
        yield Env(app, client, settings)


def assert_problem(answer: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    assert body["type"] == f"urn:fancoins:problem:{slug}"
    return body


async def test_an_accepted_adjustment_replays_after_the_balance_changed(env: Env) -> None:
    assert (await env.adjust("alice", 500, "grant")).status_code == 201
    first = await env.adjust("alice", -500, "take")
    assert first.status_code == 201, first.text
    assert await env.coins("alice") == 0
    # Taking 500 again would now be refused: the retry answers the first answer instead.
    retry = await env.adjust("alice", -500, "take")
    assert retry.status_code == 201 and retry.json() == first.json()
    assert await env.coins("alice") == 0


async def test_a_refused_adjustment_replays_its_refusal_after_a_grant(env: Env) -> None:
    assert (await env.adjust("alice", 500, "grant")).status_code == 201
    refused = await env.adjust("alice", -600, "take-too-much")
    assert_problem(refused, 409, "insufficient-balance")
    assert (await env.adjust("alice", 1_000, "grant-more")).status_code == 201
    # 1,500 coins now: a fresh decision would take 600. The key's answer stays the refusal.
    retry = await env.adjust("alice", -600, "take-too-much")
    assert_problem(retry, 409, "insufficient-balance")
    assert retry.json() == refused.json()
    assert await env.coins("alice") == 1_500
    assert [a for a, _ in await env.audited()] == ["coins.adjusted", "coins.adjusted"]


async def test_a_retried_freeze_answers_its_first_answer(env: Env) -> None:
    assert (await env.freeze("alice", True, key="freeze-1")).status_code == 204
    assert (await env.freeze("alice", False, key="unfreeze-1")).status_code == 204
    # Freezing again would freeze her; the retry of the first call applies nothing.
    assert (await env.freeze("alice", True, key="freeze-1")).status_code == 204
    user = await env.client.get("/v1/users/alice", headers=env.admin())
    assert user.json()["frozen"] is False
    assert await env.audited() == [("user.frozen", "user:alice"), ("user.unfrozen", "user:alice")]
    assert_problem(await env.freeze("alice", False, key="freeze-1"), 409,
                   "idempotency-key-reused")


@pytest.mark.parametrize("reason", ["fraud\x00check", "fraud\x1bcheck"])
async def test_control_characters_in_a_reason_are_a_422_naming_it(env: Env, reason: str) -> None:
    adjusted = assert_problem(await env.adjust("alice", 5, "nul", reason=reason), 422,
                              "validation-error")
    assert adjusted["errors"][0]["loc"] == ["body", "reason"]
    frozen = assert_problem(await env.freeze("alice", True, reason=reason), 422,
                            "validation-error")
    assert frozen["errors"][0]["loc"] == ["body", "reason"]
    assert await env.coins("alice") == 0
    assert await env.audited() == []
    # Line breaks are fine in a reason.
    assert (await env.adjust("alice", 5, "multi", reason="ticket 12\nrefund")).status_code == 201

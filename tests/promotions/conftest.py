"""A running app, a promoter with coins, and the host's API key for delivery reports."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from fancoins.config import Settings
from fancoins.db.uow import unit
from fancoins.journal.verify import verify
from fancoins.operator.service import operator
from tests.support.api import bearer, make_api_key, make_user, running_app, settings_for
from tests.support.api import user_token as mint_token

ADULT_BIRTH_DATE = dt.date(1992, 3, 4)
FUNDED_COINS = 10_000


@dataclass
class Env:
    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings
    host_key: dict[str, str]  # the host's backend: promotions:write

    def token(self, user_id: str, scope: str = "") -> dict[str, str]:
        return bearer(mint_token(self.settings, user_id, scope=scope))

    async def coins(self, account_id: str) -> dict[str, Any]:
        answer = await self.client.get(f"/v1/accounts/{account_id}",
                                       headers=self.token("ops", "admin"))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def verify_ok(self) -> None:
        async with self.app.state.container.engine.connect() as connection:
            report = await verify(connection)
        assert report.ok, report.findings


@pytest.fixture
async def env(database_url: str) -> AsyncIterator[Env]:
    settings = settings_for(database_url)
    async with running_app(settings) as (app, client):
        key = await make_api_key(app, "promotions:write", name="ad-server")
        running = Env(app, client, settings, bearer(key))
        yield running
        await running.verify_ok()  # coins conserved, every balance right, after every test


async def make_promoter(env: Env, user_id: str = "pia", coins: int = FUNDED_COINS,
                        **fields: Any) -> None:
    fields.setdefault("birth_date", ADULT_BIRTH_DATE)
    await make_user(env.app, user_id, **fields)
    if coins:
        async with unit(env.app.state.container.engine) as uow:
            await operator.adjust_coins(
                uow, actor="test", user_id=user_id, amount_coins=coins,
                reason="test funding", idempotency_key=f"fund-{uuid.uuid4()}",
            )


def promotion_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"video_id": "video-1", "budget_coins": 1_000, "days": 3,
                            "objective": "views"}
    body.update(overrides)
    return body


async def promote(env: Env, user_id: str = "pia", key: str | None = None,
                  **overrides: Any) -> httpx.Response:
    headers = {**env.token(user_id), "Idempotency-Key": key or f"p-{uuid.uuid4()}"}
    return await env.client.post("/v1/promotions", headers=headers,
                                 json=promotion_body(**overrides))


async def deliver(env: Env, promotion_id: str, cost_coins: int, *, views: int = 0,
                  key: str | None = None) -> httpx.Response:
    headers = {**env.host_key, "Idempotency-Key": key or f"d-{uuid.uuid4()}"}
    return await env.client.post(f"/v1/promotions/{promotion_id}/deliveries", headers=headers,
                                 json={"views": views, "cost_coins": cost_coins})

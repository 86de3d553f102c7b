"""A small whole economy to prove and to tamper with: the demo (users, audited grants, gifts in
a LIVE), a paid web purchase, a promotion that delivered and was canceled, and a withdrawal
rejected (voided legs) beside one still open (pending legs). Every record is written through
the real services and endpoints."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.tables.streams import streams
from fancoins.db.uow import unit
from fancoins.demo import load_demo
from fancoins.gifts.demo import DEMO_CREATOR
from fancoins.gifts.service import SendRequest, SentGift, gifts_service
from fancoins.identity.service import users
from fancoins.ids import now_ms
from fancoins.kit.clock import MS_PER_DAY, ManualClock, use_clock
from fancoins.operator.service import operator
from fancoins.payouts.service import payouts
from fancoins.payouts.states import WithdrawalStatus
from fancoins.proof import Proof, prove
from tests.support.api import bearer, make_api_key, running_app, settings_for, user_token

BUYER = "alice"
PROMOTER = "bob"
WITHDRAWAL_DIAMONDS = 20_000  # $100 at $0.005 a diamond: the smallest withdrawal
HOLD_PASSED_DAYS = 8  # the gifts that earn them are older than the 7-day hold


@dataclass
class Books:
    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings
    purchase_id: uuid.UUID
    promotion_id: uuid.UUID
    rejected_withdrawal_id: uuid.UUID
    open_withdrawal_id: uuid.UUID

    @property
    def engine(self) -> AsyncEngine:
        engine: AsyncEngine = self.app.state.container.engine
        return engine

    def auth(self, user_id: str, scope: str = "") -> dict[str, str]:
        return bearer(user_token(self.settings, user_id, scope=scope))

    async def prove(self) -> Proof:
        async with self.engine.connect() as connection:
            return await prove(connection)

    async def tamper(self, *statements: str, **params: Any) -> None:
        """Raw SQL, as someone with write access to the database would run it."""
        async with self.engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement), params)

    async def scalar(self, query: Any) -> Any:
        async with self.engine.connect() as connection:
            return (await connection.execute(query)).scalar_one()


@asynccontextmanager
async def demo_books(database_url: str, tmp_path: Path) -> AsyncIterator[Books]:
    del tmp_path
    settings = settings_for(database_url, purchases__demo_checkout=True, jobs__enabled=False)
    async with running_app(settings) as (app, client):
        engine = app.state.container.engine
        await load_demo(engine)
        purchase_id = await _buy(client, settings)
        promotion_id = await _promote(app, client, settings)
        rejected, still_open = await _withdrawals(engine, settings)
        yield Books(app, client, settings, purchase_id, promotion_id, rejected, still_open)


async def _buy(client: httpx.AsyncClient, settings: Settings) -> uuid.UUID:
    headers = bearer(user_token(settings, BUYER))
    session = await client.post("/v1/checkout/sessions", json={"coins": 500},
                                headers={**headers, "Idempotency-Key": "books-buy"})
    assert session.status_code == 200, session.text
    paid = await client.post(session.json()["checkout_url"] + "/complete")
    assert paid.json()["outcome"] == "fulfilled", paid.text
    return uuid.UUID(session.json()["id"])


async def _promote(app: FastAPI, client: httpx.AsyncClient, settings: Settings) -> uuid.UUID:
    host = bearer(await make_api_key(app, "promotions:write", name="ad-server"))
    created = await client.post(
        "/v1/promotions", headers={**bearer(user_token(settings, PROMOTER)),
                                   "Idempotency-Key": "books-promo"},
        json={"video_id": "video-1", "budget_coins": 600, "days": 3, "objective": "views"})
    assert created.status_code == 201, created.text
    promotion_id = created.json()["id"]
    for index, cost in enumerate((120, 80)):
        delivered = await client.post(
            f"/v1/promotions/{promotion_id}/deliveries", json={"views": 10, "cost_coins": cost},
            headers={**host, "Idempotency-Key": f"books-delivery-{index}"})
        assert delivered.status_code in (200, 201), delivered.text
    canceled = await client.post(f"/v1/promotions/{promotion_id}/cancel",
                                 headers=bearer(user_token(settings, PROMOTER)))
    assert canceled.status_code == 200, canceled.text
    return uuid.UUID(promotion_id)


async def _withdrawals(engine: AsyncEngine, settings: Settings) -> tuple[uuid.UUID, uuid.UUID]:
    """Enough aged diamonds for two withdrawals: one rejected, one left open."""
    economy = settings.economy
    stream_id = await _stream_of(engine)
    async with unit(engine) as uow:
        await operator.adjust_coins(uow, actor="books", user_id=BUYER,
                                    amount_coins=2 * WITHDRAWAL_DIAMONDS,
                                    reason="retraits — café ☕", idempotency_key="books-diamonds")
    with use_clock(ManualClock(now_ms() - HOLD_PASSED_DAYS * MS_PER_DAY)):
        async with unit(engine) as uow:
            sent = await gifts_service.apply_batch(uow, [
                SendRequest(BUYER, "drama_queen", 4, f"books-gift-{i}", stream_id=stream_id)
                for i in range(2)
            ], economy, now_ms())
    assert all(isinstance(o, SentGift) for o in sent.outcomes), sent.outcomes
    async with unit(engine) as uow:
        await users.update(uow, DEMO_CREATOR, age_verified=True)
        await payouts.set_payout_method(uow, DEMO_CREATOR, "maya@example.com")
        first = (await payouts.request(uow, user_id=DEMO_CREATOR, amount_minor=10_000,
                                       idempotency_key="books-w1", economy=economy)).value
        await payouts.review(uow, actor="ops", withdrawal_id=first.id,
                             target=WithdrawalStatus.REJECTED, reason="books")
        second = (await payouts.request(uow, user_id=DEMO_CREATOR, amount_minor=10_000,
                                        idempotency_key="books-w2", economy=economy)).value
    return first.id, second.id


async def _stream_of(engine: AsyncEngine) -> str:
    async with engine.connect() as connection:
        found = (await connection.execute(
            select(streams.c.id).where(streams.c.creator_id == DEMO_CREATOR,
                                       streams.c.status == "live"))).scalar_one()
    return str(found)

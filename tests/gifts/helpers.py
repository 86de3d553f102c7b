"""A running app over a test database, users made through the services, and ledger snapshots."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.api.app import create_app
from fancoins.config import Settings, load_settings
from fancoins.db.tables.gifts import gifts
from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.db.tables.safety import spend_totals
from fancoins.db.tables.streams import comments
from fancoins.db.uow import unit
from fancoins.economy.restrictions import RestrictionScope
from fancoins.identity.service import users
from fancoins.ids import new_id
from fancoins.journal.service import journal
from fancoins.journal.verify import verify
from fancoins.ledger import COIN, TransferFlags, TransferRequest, chart
from fancoins.operator.service import operator
from fancoins.safety.restrictions import restrictions
from tests.support.limits import RATE_LIMITS_OUT_OF_REACH

ADULT = dt.date(1990, 5, 17)
MINOR = dt.date.today().replace(year=dt.date.today().year - 15, day=1)


@dataclass
class Api:
    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings
    engine: AsyncEngine

    def headers(self, user_id: str, key: str | None = None) -> dict[str, str]:
        claims = {"sub": user_id, "exp": int(time.time()) + 600}
        token = jwt.encode(claims, self.settings.jwt.secret.get_secret_value(), algorithm="HS256")
        headers = {"Authorization": f"Bearer {token}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return headers

    async def admin_headers(self) -> dict[str, str]:
        from fancoins.identity.service import api_keys

        async with unit(self.engine) as uow:
            issued = await api_keys.create(uow, actor="test", name="test-admin", scopes=["admin"])
        return {"Authorization": f"Bearer {issued.token}"}

    async def go_live(self, creator_id: str, title: str = "live") -> str:
        response = await self.client.post("/v1/streams", json={"title": title},
                                          headers=self.headers(creator_id, new_id().hex))
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def send(self, sender_id: str, key: str, **body: Any) -> httpx.Response:
        return await self.client.post("/v1/gifts/send", json=body,
                                      headers=self.headers(sender_id, key))


@asynccontextmanager
async def running_api(database_url: str, **overrides: Any) -> AsyncIterator[Api]:
    """The app with its lifespan (engine, gift writer) and an HTTP client on it."""
    settings = load_settings(database_url=database_url, mode="test",
                             **{**RATE_LIMITS_OUT_OF_REACH, **overrides})
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Api(app, client, settings, app.state.container.engine)


async def make_user(
    engine: AsyncEngine, user_id: str, *, coins: int = 0, birth_date: dt.date | None = ADULT,
    creator: bool = False, country: str = "US",
) -> None:
    async with unit(engine) as uow:
        await users.upsert(uow, user_id, display_name=user_id.title(), country=country,
                           birth_date=birth_date, is_creator=creator)
        if coins:
            await operator.adjust_coins(uow, actor="test", user_id=user_id,
                                        amount_coins=coins, reason="test funds",
                                        idempotency_key=f"fund:{user_id}:{new_id().hex}")


async def freeze(engine: AsyncEngine, user_id: str) -> None:
    async with unit(engine) as uow:
        await operator.set_frozen(uow, actor="test", user_id=user_id, frozen=True,
                                  reason="test")


async def freeze_keeping_live(engine: AsyncEngine, user_id: str) -> None:
    """A freeze written without the operator's step that ends the creator's LIVE: the stream
    row still says live, as it would for a freeze committed while a gift batch was deciding."""
    async with unit(engine) as uow:
        await restrictions.restrict(uow, user_id=user_id, scope=RestrictionScope.ALL,
                                    reason="test", until_ms=None, actor="test")


async def age_keeping_live(engine: AsyncEngine, user_id: str, birth_date: dt.date) -> None:
    """A birth date changed without the step that ends a now too young creator's LIVE."""
    async with unit(engine) as uow:
        await users.update(uow, user_id, birth_date=birth_date)


async def claw_back(engine: AsyncEngine, user_id: str, coins: int) -> None:
    """A refund claw-back: takes coins even past zero (the account is then restricted)."""
    request = TransferRequest(id=new_id(), code="refund_clawback",
                              debit_account_id=chart.user_coins(user_id),
                              credit_account_id=chart.COINS_ISSUED, asset=COIN, amount=coins,
                              flags=TransferFlags.ALLOW_OVERDRAFT)
    async with engine.begin() as connection:
        await journal.record(connection, [request], idempotency_key=f"claw:{new_id().hex}")


async def balance(engine: AsyncEngine, account_id: str) -> int:
    a = ledger_accounts.c
    async with engine.connect() as connection:
        row = (await connection.execute(
            select(a.credits_posted, a.debits_posted).where(a.id == account_id))).one()
    return int(row.credits_posted - row.debits_posted)


async def snapshot(engine: AsyncEngine) -> tuple[int, ...]:
    """Everything a gift writes: rows in gifts, transfers, comments, spend totals, and the
    sums of posted totals. Equal snapshots: nothing was written."""
    a = ledger_accounts.c
    async with engine.connect() as connection:
        counts = [
            (await connection.execute(select(func.count()).select_from(table))).scalar_one()
            for table in (gifts, ledger_transfers, comments, spend_totals)
        ]
        sums = (await connection.execute(
            select(func.coalesce(func.sum(a.debits_posted), 0),
                   func.coalesce(func.sum(a.credits_posted), 0)))).one()
    return (*[int(c) for c in counts], int(sums[0]), int(sums[1]))


async def assert_verified(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        report = await verify(connection)
    assert report.ok, report.findings


async def seed_catalog(engine: AsyncEngine, settings: Settings) -> None:
    """The catalog a serving process seeds at start-up (for tests that run a bare writer)."""
    from fancoins.db.uow import unit
    from fancoins.gifts.service import gifts_service

    async with unit(engine) as uow:
        await gifts_service.seed_catalog(uow, settings.economy)


async def three_gifts_from_each_of_200_viewers(api: Api) -> list[int]:
    """Maya LIVE, 200 viewers with 10 coins each sending three 5-coin gifts at once: exactly
    two of each viewer's are sent (201), the third finds 0 coins (409). Sorted statuses."""
    await make_user(api.engine, "maya", creator=True)
    viewers = [f"viewer-{i:03d}" for i in range(200)]
    for viewer in viewers:
        await make_user(api.engine, viewer, coins=10)
    live = await api.go_live("maya")
    responses = await asyncio.gather(*(
        api.send(v, f"{v}-{n}", gift_id="panda", stream_id=live)
        for v in viewers for n in range(3)))
    return sorted(r.status_code for r in responses)

"""Every retry answers its first answer: a gift sent is answered sent even when no coins are
left, a refusal decided from the books is answered again even after coins arrive. With user
tokens and API keys, small and large gifts, within one batch and across batches."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import load_settings
from fancoins.db.uow import unit
from fancoins.gifts.service import (
    GiftNotSent,
    KeyReused,
    RefusalReplayed,
    SendRequest,
    SentGift,
    gifts_service,
)
from fancoins.identity.service import api_keys
from fancoins.ids import now_ms
from fancoins.ledger import chart
from tests.gifts.helpers import Api, assert_verified, balance, make_user, running_api, snapshot

GIFT_PRICES = {"rainbow_puke": 100, "drama_queen": 5000}


class Sender:
    """Sends as a user: with the user's own token, or with an API key naming the user."""

    def __init__(self, api: Api, kind: str, api_key: str | None) -> None:
        self.api, self.kind, self.api_key = api, kind, api_key

    async def send(self, user_id: str, key: str, **body: Any) -> httpx.Response:
        if self.kind == "user-token":
            return await self.api.send(user_id, key, **body)
        headers = {"Authorization": f"Bearer {self.api_key}", "Idempotency-Key": key}
        return await self.api.client.post("/v1/gifts/send", headers=headers,
                                          json={**body, "sender_id": user_id})


async def _sender(api: Api, kind: str) -> Sender:
    if kind == "user-token":
        return Sender(api, kind, None)
    async with unit(api.engine) as uow:
        issued = await api_keys.create(uow, actor="test", name="host-backend",
                                       scopes=["gifts:write"])
    return Sender(api, kind, issued.token)


async def _grant(engine: AsyncEngine, user_id: str, coins: int) -> None:
    await make_user(engine, user_id, coins=coins)


@pytest.mark.parametrize("gift_id", ["rainbow_puke", "drama_queen"])
@pytest.mark.parametrize("kind", ["user-token", "api-key"])
async def test_a_retry_of_a_gift_that_spent_every_coin_answers_the_gift(
    database_url: str, kind: str, gift_id: str,
) -> None:
    async with running_api(database_url) as api:
        sender = await _sender(api, kind)
        price = GIFT_PRICES[gift_id]
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=price)
        live = await api.go_live("maya")
        first = await sender.send("alice", "K", gift_id=gift_id, stream_id=live)
        assert first.status_code == 201, first.text
        before = await snapshot(api.engine)
        again = await sender.send("alice", "K", gift_id=gift_id, stream_id=live)
        assert again.status_code == 201, again.text
        assert again.json() == first.json()
        assert again.headers["Idempotent-Replayed"] == "true"
        assert await snapshot(api.engine) == before
        assert await balance(api.engine, chart.user_coins("alice")) == 0
        await assert_verified(api.engine)


@pytest.mark.parametrize("gift_id", ["rainbow_puke", "drama_queen"])
@pytest.mark.parametrize("kind", ["user-token", "api-key"])
async def test_a_retry_of_a_refused_gift_answers_the_refusal_even_after_coins_arrive(
    database_url: str, kind: str, gift_id: str,
) -> None:
    async with running_api(database_url) as api:
        sender = await _sender(api, kind)
        price = GIFT_PRICES[gift_id]
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=price - 1)
        live = await api.go_live("maya")
        refused = await sender.send("alice", "R", gift_id=gift_id, stream_id=live)
        assert refused.status_code == 409, refused.text
        assert refused.json()["type"].endswith("insufficient-coins")
        await _grant(api.engine, "alice", price)  # now a fresh decision would send it
        before = await snapshot(api.engine)
        again = await sender.send("alice", "R", gift_id=gift_id, stream_id=live)
        assert again.status_code == 409, again.text
        assert again.json() == refused.json()
        assert await snapshot(api.engine) == before
        changed = await sender.send("alice", "R", gift_id=gift_id, count=2, stream_id=live)
        assert changed.status_code == 409
        assert changed.json()["type"].endswith("idempotency-key-reused")
        fresh = await sender.send("alice", "R2", gift_id=gift_id, stream_id=live)
        assert fresh.status_code == 201, fresh.text
        await assert_verified(api.engine)


async def test_a_refusal_that_decided_nothing_is_decided_afresh(database_url: str) -> None:
    """`gift-not-found` is not a key's answer (as in `journal.idempotency`): once the gift
    exists, the same key sends it."""
    async with running_api(database_url) as api:
        admin = await api.admin_headers()
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=50)
        live = await api.go_live("maya")
        missing = await api.send("alice", "N", gift_id="maple", stream_id=live)
        assert missing.status_code == 404
        added = await api.client.post("/v1/admin/gifts", headers=admin, json={
            "id": "maple", "name": "Maple", "price_coins": 2, "image": "gifts/maple.webp"})
        assert added.status_code == 201
        sent = await api.send("alice", "N", gift_id="maple", stream_id=live)
        assert sent.status_code == 201, sent.text


async def _batch(engine: AsyncEngine, requests: list[SendRequest]) -> list[object]:
    economy = load_settings(mode="test").economy
    async with unit(engine) as uow:
        await gifts_service.seed_catalog(uow, economy)
        result = await gifts_service.apply_batch(uow, requests, economy, now_ms())
    return list(result.outcomes)


async def _live(api: Api) -> str:
    return await api.go_live("maya")


async def test_replays_within_one_batch_and_across_batches(database_url: str) -> None:
    async with running_api(database_url) as api:
        engine = api.engine
        await make_user(engine, "maya", creator=True)
        await make_user(engine, "alice", coins=100)
        await make_user(engine, "bob", coins=99)
        live = await _live(api)

        def send(sender: str, key: str, gift: str = "rainbow_puke") -> SendRequest:
            return SendRequest(sender, gift, 1, key, stream_id=live)

        # One batch: alice's K spends all she has, its replay is the gift (not "no coins");
        # bob's R is refused and its replay is the same refusal.
        first = await _batch(engine, [send("alice", "K"), send("alice", "K"),
                                      send("bob", "R"), send("bob", "R")])
        assert isinstance(first[0], SentGift) and not first[0].replayed
        assert isinstance(first[1], SentGift) and first[1].replayed and first[1].id == first[0].id
        assert first[2] == first[3] and isinstance(first[2], GiftNotSent)
        await make_user(engine, "bob", coins=1)  # bob could send it now
        # Later batches: both keys answer their first answer, before anything is decided.
        later = await _batch(engine, [send("bob", "R"), send("alice", "K"), send("bob", "B2"),
                                      send("bob", "R", "rose")])
        assert isinstance(later[0], RefusalReplayed)
        assert later[0].error().slug == "insufficient-coins"
        assert isinstance(later[1], SentGift) and later[1].replayed and later[1].id == first[0].id
        assert isinstance(later[2], SentGift) and later[2].balance_after_coins == 0
        assert isinstance(later[3], KeyReused)
        assert await balance(engine, chart.user_coins("alice")) == 0
        assert await balance(engine, chart.user_coins("bob")) == 0
        assert await balance(engine, chart.user_diamonds("maya")) == 200
        await assert_verified(engine)


async def test_concurrent_retries_through_the_writer_all_answer_the_first_answer(
    database_url: str,
) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        live = await api.go_live("maya")
        answers = await asyncio.gather(*(
            api.send("alice", "K", gift_id="rainbow_puke", stream_id=live) for _ in range(20)))
        assert {a.status_code for a in answers} == {201}
        assert len({a.json()["id"] for a in answers}) == 1
        assert await balance(api.engine, chart.user_diamonds("maya")) == 100
        await assert_verified(api.engine)

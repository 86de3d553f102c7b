"""A running app wired to the local PayPal fake (real HTTP) and the test PKI for webhooks."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from fancoins.config import Settings
from fancoins.db.engine import unit_of_work
from fancoins.db.uow import unit
from fancoins.ids import new_id
from fancoins.journal.service import journal
from fancoins.journal.verify import verify
from fancoins.ledger import DIAMOND, TransferRequest, chart
from fancoins.operator.service import operator
from fancoins.payouts.paypal import paypal_config, webhook_authenticator
from fancoins.payouts.tasks import SubmitReport, submit_due
from fancoins.providers.paypal import PayPalPayouts
from tests.support import paypal_fake
from tests.support.api import bearer, make_user, running_app, settings_for, user_token
from tests.support.paypal_fake import CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID, PayPalFake

# Long enough that a loaded machine still connects to the local fake in time (0.3 s was not
# always: a refused 500 then read as a connect timeout); the fake's slow reply is longer, so
# "slow" is still a timeout.
CLIENT_TIMEOUT_S = 1.0
SLOW_REPLY_S = 3 * CLIENT_TIMEOUT_S
PAYPAL_EMAIL = "cara@example.com"
ADULT_BIRTH_DATE = dt.date(1990, 5, 17)


@pytest.fixture
def paypal() -> Iterator[PayPalFake]:
    with PayPalFake(slow_reply_s=SLOW_REPLY_S) as fake:
        yield fake
        assert fake.handler_errors == []


@pytest.fixture
def settings(database_url: str, paypal: PayPalFake, tmp_path: Path) -> Settings:
    roots = tmp_path / "paypal-roots.pem"
    roots.write_bytes(paypal_fake.trusted_pki().root_pem)
    return settings_for(
        database_url, paypal__client_id=CLIENT_ID, paypal__client_secret=CLIENT_SECRET,
        paypal__api_base=paypal.base_url, paypal__webhook_id=WEBHOOK_ID,
        paypal__trusted_roots_file=roots, paypal__timeout_s=CLIENT_TIMEOUT_S,
    )


@dataclass
class Env:
    """The app, a client speaking HTTP to it, PayPal (fake) and the payout task's client."""

    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings
    paypal: PayPalFake
    payouts: PayPalPayouts

    async def submit(self) -> SubmitReport:
        return await submit_due(self.app.state.container.engine, self.settings, self.payouts)

    def token(self, user_id: str, scope: str = "") -> dict[str, str]:
        return bearer(user_token(self.settings, user_id, scope=scope))

    async def verify_ok(self) -> None:
        async with self.app.state.container.engine.connect() as connection:
            report = await verify(connection)
        assert report.ok, report.findings

    async def account(self, account_id: str) -> dict[str, Any]:
        answer = await self.client.get(f"/v1/accounts/{account_id}",
                                       headers=self.token("ops", "admin"))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body


@pytest.fixture
async def env(settings: Settings, paypal: PayPalFake) -> AsyncIterator[Env]:
    async with running_app(settings) as (app, client):
        # Webhook certificates are served by the test kit (the URL is PayPal's, not reachable).
        fetch, _ = paypal_fake.cert_fetcher()
        app.state.container.paypal_webhooks = webhook_authenticator(settings, fetch_cert=fetch)
        async with PayPalPayouts(paypal_config(settings)) as payouts:
            running = Env(app, client, settings, paypal, payouts)
            yield running
            await running.verify_ok()  # the ledger is whole after every test


async def grant_aged_diamonds(app: FastAPI, user_id: str, diamonds: int) -> None:
    """Diamonds earned before the hold period (no gift row, so none of them is on hold)."""
    async with unit_of_work(app.state.container.engine) as connection:
        await journal.record(connection, [TransferRequest(
            id=new_id(), code="gift", debit_account_id=chart.DIAMONDS_ISSUED,
            credit_account_id=chart.user_diamonds(user_id), asset=DIAMOND, amount=diamonds,
        )], idempotency_key=f"test-grant-{uuid.uuid4()}")


async def make_creator(env: Env, user_id: str = "cara", diamonds: int = 100_000,
                       **fields: Any) -> None:
    """An adult, verified creator with a PayPal email and `diamonds` off hold."""
    fields.setdefault("birth_date", ADULT_BIRTH_DATE)
    fields.setdefault("age_verified", True)
    await make_user(env.app, user_id, is_creator=True, **fields)
    if diamonds:
        await grant_aged_diamonds(env.app, user_id, diamonds)
    answer = await env.client.put("/v1/creator/payout-method", headers=env.token(user_id),
                                  json={"paypal_email": PAYPAL_EMAIL})
    assert answer.status_code == 200, answer.text


async def withdraw(env: Env, amount_minor: int, user_id: str = "cara",
                   key: str | None = None) -> httpx.Response:
    headers = {**env.token(user_id), "Idempotency-Key": key or f"w-{uuid.uuid4()}"}
    return await env.client.post("/v1/withdrawals", headers=headers,
                                 json={"amount_minor": amount_minor})


def item_resource(withdrawal: dict[str, Any], batch_id: str, status: str) -> dict[str, Any]:
    """A Payouts item webhook resource for `withdrawal`, as PayPal sends it."""
    return {
        "payout_item_id": f"{batch_id}-ITEM1", "transaction_id": "TX-1",
        "transaction_status": status, "payout_batch_id": batch_id,
        "sender_batch_id": withdrawal["sender_batch_id"],
        "payout_item": {
            "recipient_type": "EMAIL", "receiver": withdrawal["paypal_email"],
            "sender_item_id": withdrawal["id"], "note": "Your creator earnings",
            "amount": {"value": withdrawal["amount"], "currency": withdrawal["currency"]},
        },
    }


async def send_webhook(env: Env, event: dict[str, Any], **sign: Any) -> httpx.Response:
    headers, body = paypal_fake.signed_webhook(event, **sign)
    return await env.client.post("/v1/webhooks/paypal", headers=headers, content=body)


async def item_event(env: Env, withdrawal: dict[str, Any], event_type: str,
                     *, event_id: str | None = None) -> httpx.Response:
    """A signed item event for `withdrawal` (its batch as PayPal has it)."""
    batch_id = env.paypal.by_sender_batch_id[withdrawal["sender_batch_id"]]
    status = event_type.rsplit(".", 1)[-1]
    resource = item_resource(withdrawal, batch_id, status)
    event = paypal_fake.payout_event(event_type, resource,
                                     event_id=event_id or f"WH-{uuid.uuid4().hex[:20]}")
    return await send_webhook(env, event)


async def fund_coins(app: FastAPI, user_id: str, coins: int) -> None:
    """An audited operator grant (one of the two ways coins may appear)."""
    async with unit(app.state.container.engine) as uow:
        await operator.adjust_coins(
            uow, actor="test", user_id=user_id, amount_coins=coins,
            reason="test funding", idempotency_key=f"test-fund-{uuid.uuid4()}",
        )


async def send_live_gifts(env: Env, creator_id: str, gift_id: str, count: int,
                          viewer_id: str = "vic") -> dict[str, Any]:
    """A real LIVE and a real gift through the gift writer: diamonds earned now (on hold)."""
    await make_user(env.app, viewer_id, birth_date=ADULT_BIRTH_DATE)
    await fund_coins(env.app, viewer_id, 10 * 5000 * count)
    stream = await env.client.post(
        "/v1/streams", json={"title": "live"},
        headers={**env.token(creator_id), "Idempotency-Key": f"s-{uuid.uuid4()}"})
    assert stream.status_code == 201, stream.text
    sent = await env.client.post(
        "/v1/gifts/send", json={"gift_id": gift_id, "count": count,
                                "stream_id": stream.json()["id"]},
        headers={**env.token(viewer_id), "Idempotency-Key": f"g-{uuid.uuid4()}"})
    assert sent.status_code == 201, sent.text
    body: dict[str, Any] = sent.json()
    return body

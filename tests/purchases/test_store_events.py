"""Store events in any order: refunds and revocations seen before their purchase, revoked
transactions, unpaid Google purchases, reversals that restore exactly what a refund took,
and Apple's consumption request answered through Apple's own API client (a local fake)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from fancoins.config import load_settings
from fancoins.db.tables import audit_log
from fancoins.ledger import chart
from fancoins.purchases.service import store_account_token
from tests.purchases.conftest import Env, provider_settings
from tests.purchases.helpers import (
    apple_jws,
    apple_notify,
    buy_apple,
    charge_refunded,
    checkout,
    deliver,
    dispute,
    paid,
    spend,
)
from tests.support import apple_api_fake, apple_keys
from tests.support.api import running_app
from tests.support.apple_api_fake import AppleApiFake
from tests.support.google_fake import GooglePlayFake

PRODUCT = "coins.500"
PRODUCTION_SECRET = "a-production-secret-that-is-long-enough-1234"


async def money_legs(env: Env, channel: str, currency: str) -> list[int]:
    return [await env.balance(account) for account in (
        chart.store_receivable(channel, currency), chart.store_fees(currency),
        chart.taxes(currency), chart.revenue(currency))]


async def restricted(env: Env, user_id: str) -> bool:
    wallet = await env.client.get("/v1/wallet", headers=env.auth(user_id))
    assert wallet.status_code == 200, wallet.text
    answer: bool = wallet.json()["restricted"]
    return answer


async def gift_all(env: Env, viewer: str, creator: str, coins: int) -> None:
    """`viewer` sends `coins` worth of Rainbow Puke (100 coins each) on `creator`'s LIVE."""
    stream = await env.client.post("/v1/streams", json={"title": "live"}, headers={
        **env.auth(creator), "Idempotency-Key": f"s-{uuid.uuid4()}"})
    assert stream.status_code == 201, stream.text
    sent = await env.client.post("/v1/gifts/send", json={
        "gift_id": "rainbow_puke", "count": coins // 100, "stream_id": stream.json()["id"]},
        headers={**env.auth(viewer), "Idempotency-Key": f"g-{uuid.uuid4()}"})
    assert sent.status_code == 201, sent.text


# --- 1. a refund that arrives before fulfilment is remembered ---


async def test_apple_refund_before_its_purchase_claws_back_at_fulfilment(env: Env) -> None:
    await env.user("ann")
    original = apple_jws("ann", productId="coins.10000", transactionId="t-early")
    refunded = apple_jws("ann", productId="coins.10000", transactionId="t-early",
                         revocationDate=apple_keys.now_ms(), revocationReason=0)
    early = await apple_notify(env, "REFUND", refunded)
    assert early.status_code == 200 and early.json()["outcome"] == "unknown_purchase"
    bought = await buy_apple(env, "ann", original)
    assert bought.status_code == 200, bought.text
    body = bought.json()
    assert (body["status"], body["coins_clawed_back"]) == ("refunded", 10_000)
    assert await env.coins("ann") == 0
    assert await money_legs(env, "ios", "USD") == [0, 0, 0, 0]
    await env.verify_ok()


async def test_stripe_refund_before_completion_claws_back_at_fulfilment(env: Env) -> None:
    await env.user("web")
    session = (await checkout(env, "web")).json()
    early = await deliver(env, charge_refunded(session, 499, event_id="evt_refund_first"))
    assert early.status_code == 200 and early.json()["outcome"] == "not_fulfilled"
    completed = await deliver(env, paid(session))
    assert completed.json()["outcome"] == "fulfilled"
    assert await env.coins("web") == 0
    purchase = await env.client.get(f"/v1/purchases/{session['id']}", headers=env.auth("web"))
    assert purchase.json()["status"] == "refunded"
    assert await env.balance(chart.store_receivable("web", "USD")) == 0
    await env.verify_ok()


# --- 2. revoked Apple transactions are never credited ---


async def test_revoked_apple_transaction_is_never_credited(env: Env) -> None:
    await env.user("ann")
    revoked = apple_jws("ann", transactionId="t-revoked", revocationDate=apple_keys.now_ms(),
                        revocationReason=1)
    refused = await buy_apple(env, "ann", revoked)
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("purchase-revoked")
    assert await env.coins("ann") == 0
    # The revocation is remembered: the transaction as first signed credits nothing either.
    original = await buy_apple(env, "ann", apple_jws("ann", transactionId="t-revoked"))
    assert original.status_code == 200 and original.json()["status"] == "refunded"
    assert await env.coins("ann") == 0
    await env.verify_ok()


def production_apple(database_url: str, apple_root: Path, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "database_url": database_url, "mode": "production", "jwt__secret": PRODUCTION_SECRET,
        "google__voided_poll_interval_s": 0, "apple__bundle_id": apple_keys.BUNDLE_ID,
        "apple__app_apple_id": apple_keys.APP_APPLE_ID, "apple__environment": "Production",
        "apple__root_certificate_files": (apple_root,), "apple__online_checks": False,
    }
    values.update(overrides)
    return load_settings(**values)


async def test_revoked_apple_transaction_is_refused_in_production_mode(
    database_url: str, apple_root_file: Path
) -> None:
    settings = production_apple(database_url, apple_root_file)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        await env.user("ann")
        revoked = apple_jws("ann", transactionId="t-prod", environment="Production",
                            revocationDate=apple_keys.now_ms(), revocationReason=0)
        refused = await buy_apple(env, "ann", revoked)
        assert refused.status_code == 409, refused.text
        assert await env.coins("ann") == 0


async def test_production_refuses_sandbox_unless_a_setting_accepts_it_without_revenue(
    database_url: str, apple_root_file: Path
) -> None:
    settings = production_apple(database_url, apple_root_file)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        await env.user("ann")
        sandbox = await buy_apple(env, "ann", apple_jws("ann", transactionId="t-sb"))
        assert sandbox.status_code == 422
        assert sandbox.json()["type"].endswith("receipt-wrong-environment")
    accepting = production_apple(database_url, apple_root_file,
                                 apple__accept_sandbox_in_production=True)
    async with running_app(accepting) as (app, client):
        env = Env(app, client, accepting)
        accepted = await buy_apple(env, "ann", apple_jws("ann", transactionId="t-sb"))
        assert accepted.status_code == 200, accepted.text
        body = accepted.json()
        assert (body["revenue_source"], body["price_minor"]) == ("test", 0)
        assert await env.coins("ann") == 100
        assert await money_legs(env, "ios", "USD") == [0, 0, 0, 0]
        production = await buy_apple(env, "ann", apple_jws(
            "ann", transactionId="t-live", environment="Production"))
        assert production.json()["revenue_source"] == "store"


# --- 3. Google promo-code and rewarded purchases are not paid revenue ---


async def google_buy(env: Env, user_id: str, token: str) -> Any:
    return await env.client.post("/v1/purchases/google", json={
        "product_id": PRODUCT, "purchase_token": token}, headers=env.auth(user_id))


async def test_google_promo_and_rewarded_purchases_are_refused(
    env: Env, google_play: GooglePlayFake
) -> None:
    await env.user("gia")
    for purchase_type, token in ((1, "tok-promo"), (2, "tok-rewarded")):
        google_play.add_purchase(PRODUCT, token, purchaseType=purchase_type,
                                 obfuscatedExternalAccountId=store_account_token("gia"))
        refused = await google_buy(env, "gia", token)
        assert refused.status_code == 422, refused.text
        assert refused.json()["type"].endswith("purchase-not-paid")
        assert google_play.purchases[(PRODUCT, token)]["consumptionState"] == 0
    assert await env.coins("gia") == 0
    assert await money_legs(env, "android", "USD") == [0, 0, 0, 0]


async def test_google_promo_purchases_accepted_by_setting_are_audited_grants(
    database_url: str, tmp_path: Path, google_play: GooglePlayFake
) -> None:
    settings = provider_settings(database_url, None, tmp_path, google_play,
                                 google__accept_promo_purchases=True)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        await env.user("gia")
        google_play.add_purchase(PRODUCT, "tok-promo", purchaseType=1,
                                 obfuscatedExternalAccountId=store_account_token("gia"))
        granted = await google_buy(env, "gia", "tok-promo")
        assert granted.status_code == 200, granted.text
        body = granted.json()
        assert (body["revenue_source"], body["price_minor"], body["coins"]) == ("grant", 0, 500)
        assert await env.coins("gia") == 500
        assert await money_legs(env, "android", "USD") == [0, 0, 0, 0]
        async with app.state.container.engine.connect() as connection:
            audited = (await connection.execute(select(audit_log).where(
                audit_log.c.action == "purchase.granted"))).all()
        assert [(a.target, a.data["purchase_id"]) for a in audited] == [
            ("user:gia", body["id"])]
        await env.verify_ok()


# --- 4. reversals restore exactly what the refund took ---


@pytest.mark.parametrize("reversal_first", [False, True])
async def test_apple_refund_reversed_restores_coins_and_diamonds(
    env: Env, reversal_first: bool
) -> None:
    await env.user("ann")
    await env.user("cara", is_creator=True)
    bought = await buy_apple(env, "ann", apple_jws("ann", transactionId="t-rr"))
    assert bought.status_code == 200
    await gift_all(env, "ann", "cara", 100)
    assert await env.balance(chart.user_diamonds("cara")) == 100
    revoked = apple_jws("ann", transactionId="t-rr", revocationDate=apple_keys.now_ms(),
                        revocationReason=0)
    if reversal_first:
        # The reversal waits for its refund; the refund then applies and is reversed at once.
        early = await apple_notify(env, "REFUND_REVERSED", revoked)
        assert early.json()["outcome"] == "recorded"
        assert (await apple_notify(env, "REFUND", revoked)).json()["outcome"] == "restored"
    else:
        assert (await apple_notify(env, "REFUND", revoked)).json()["outcome"] == "clawed_back"
        assert await env.coins("ann") == -100 and await restricted(env, "ann")
        assert await env.balance(chart.user_diamonds("cara")) == 0
        reversed_ = await apple_notify(env, "REFUND_REVERSED", revoked)
        assert reversed_.json()["outcome"] == "restored"
    assert await env.coins("ann") == 0 and not await restricted(env, "ann")
    assert await env.balance(chart.user_diamonds("cara")) == 100
    assert await money_legs(env, "ios", "USD") == [-129, 39, 0, 90]
    purchase = await env.client.get(f"/v1/purchases/{bought.json()['id']}",
                                    headers=env.auth("ann"))
    assert purchase.json()["status"] == "reversed"
    await env.verify_ok()


async def test_stripe_dispute_won_restores_and_lifts_the_restriction(env: Env) -> None:
    await env.user("web")
    session = (await checkout(env, "web")).json()
    assert (await deliver(env, paid(session))).json()["outcome"] == "fulfilled"
    await spend(env, "web", 400, "spend-1")
    opened = await deliver(env, dispute("charge.dispute.created", session, event_id="evt_d1"))
    assert opened.json()["outcome"] == "clawed_back"
    assert await env.coins("web") == -400 and await restricted(env, "web")
    won = await deliver(env, dispute("charge.dispute.closed", session, event_id="evt_d2",
                                     status="won"))
    assert won.json()["outcome"] == "restored"
    assert await env.coins("web") == 100 and not await restricted(env, "web")
    assert await money_legs(env, "web", "USD") == [-499, 44, 0, 455]
    await env.verify_ok()


@asynccontextmanager
async def with_apple_api(database_url: str, apple_root: Path, tmp_path: Path,
                         fake: AppleApiFake, **overrides: Any) -> AsyncIterator[Env]:
    key_file = tmp_path / "apple-api-key.p8"
    key_file.write_bytes(apple_api_fake.private_key_pem())
    settings = provider_settings(
        database_url, apple_root, tmp_path, apple__api_key_file=key_file,
        apple__api_key_id=apple_api_fake.KEY_ID, apple__api_issuer_id=apple_api_fake.ISSUER_ID,
        apple__api_base_url=fake.base_url, **overrides)
    async with running_app(settings) as (app, client):
        yield Env(app, client, settings)


async def test_apple_consumption_request_is_answered_from_our_records(
    database_url: str, apple_root_file: Path, tmp_path: Path
) -> None:
    with AppleApiFake() as fake:
        async with with_apple_api(database_url, apple_root_file, tmp_path, fake) as env:
            await env.user("ann")
            jws = apple_jws("ann", transactionId="t-cons")
            assert (await buy_apple(env, "ann", jws)).status_code == 200
            await spend(env, "ann", 60, "spend-c")
            payload = apple_keys.notification_payload(
                "CONSUMPTION_REQUEST", signed_transaction=jws, consumptionRequestReason=
                "UNINTENDED_PURCHASE")
            signed = {"signedPayload": apple_keys.sign_notification(payload)}
            answered = await env.client.post("/v1/notifications/apple", json=signed)
            assert answered.status_code == 200, answered.text
            assert answered.json()["outcome"] == "consumption_sent"
            again = await env.client.post("/v1/notifications/apple", json=signed)
            assert again.json()["outcome"] == "consumption_sent"
        assert [(c.transaction_id, c.body) for c in fake.consumption] == [("t-cons", {
            "customerConsented": True, "sampleContentProvided": False,
            "deliveryStatus": "DELIVERED", "consumptionPercentage": 60_000})]
        assert fake.handler_errors == []


async def test_consumption_answers_can_be_switched_off_and_apple_down_is_retried(
    database_url: str, apple_root_file: Path, tmp_path: Path
) -> None:
    with AppleApiFake() as fake:
        async with with_apple_api(database_url, apple_root_file, tmp_path, fake,
                                  apple__consumption_answers=False) as env:
            jws = apple_keys.sign_transaction(apple_keys.transaction_payload())
            off = await apple_notify(env, "CONSUMPTION_REQUEST", jws)
            assert off.json()["outcome"] == "recorded" and fake.consumption == []
        fake.delay_s = 2.0
        async with with_apple_api(database_url, apple_root_file, tmp_path, fake,
                                  apple__timeout_s=0.5) as env:
            slow = await apple_notify(env, "CONSUMPTION_REQUEST", jws)
            assert slow.status_code == 503 and slow.headers["Retry-After"] == "30"
            assert slow.json()["type"].endswith("provider-unavailable")


async def test_a_refund_and_its_payment_arriving_at_once_still_claw_back(env: Env) -> None:
    """Both commit, each unaware of the other, unless one waits for the other: it must."""
    sessions = []
    for index in range(8):
        await env.user(f"web-{index}")
        opened = await checkout(env, f"web-{index}", key=f"race-{index}")
        sessions.append(opened.json())
    answers = await asyncio.gather(*(
        deliver(env, event) for index, session in enumerate(sessions) for event in (
            paid(session, event_id=f"evt_paid_{index}", intent=f"pi_race_{index}"),
            charge_refunded(session, 499, event_id=f"evt_refund_{index}",
                            intent=f"pi_race_{index}"))))
    assert {a.status_code for a in answers} == {200}
    assert [await env.coins(f"web-{index}") for index in range(8)] == [0] * 8
    await env.verify_ok()

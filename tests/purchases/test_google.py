"""Google Play purchases through the real client and the local Android Publisher fake,
real-time notifications with OIDC push tokens, and the voided-purchases poll."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from fancoins.purchases.service import store_account_token
from fancoins.purchases.tasks import poll_google_voided
from tests.purchases.conftest import Env, provider_settings
from tests.support import google_fake
from tests.support.api import running_app
from tests.support.google_fake import GooglePlayFake

PRODUCT = "coins.500"


async def buy(env: Env, user_id: str, token: str, product: str = PRODUCT) -> Any:
    return await env.client.post(
        "/v1/purchases/google", json={"product_id": product, "purchase_token": token},
        headers=env.auth(user_id),
    )


async def push(env: Env, notification: dict[str, Any], *, token: str | None = None,
               message_id: str = "m-1", package: str = google_fake.PACKAGE_NAME) -> Any:
    body = google_fake.rtdn_push_body(notification, package_name=package, message_id=message_id)
    bearer = token if token is not None else google_fake.mint_push_token()
    return await env.client.post("/v1/notifications/google", content=body, headers={
        "Authorization": f"Bearer {bearer}", "Content-Type": "application/json"})


def voided(order_id: str, token: str) -> dict[str, Any]:
    return {"voidedPurchaseNotification": {"purchaseToken": token, "orderId": order_id,
                                           "productType": 2, "refundType": 1}}


async def test_purchase_is_verified_fulfilled_once_and_consumed(
    env: Env, google_play: GooglePlayFake
) -> None:
    await env.user("gia")
    bought = google_play.add_purchase(
        PRODUCT, "tok-1", obfuscatedExternalAccountId=store_account_token("gia"))
    first = await buy(env, "gia", "tok-1")
    assert first.status_code == 200, first.text
    assert first.json()["coins"] == 500 and first.json()["channel"] == "android"
    assert await env.coins("gia") == 500
    assert google_play.purchases[(PRODUCT, "tok-1")]["consumptionState"] == 1
    again = await buy(env, "gia", "tok-1")
    assert again.json()["replayed"] is True and again.json()["id"] == first.json()["id"]
    assert await env.coins("gia") == 500
    assert bought["orderId"].startswith("GPA.")
    await env.verify_ok()


async def test_rejected_purchases_grant_nothing(env: Env, google_play: GooglePlayFake) -> None:
    await env.user("gia")
    google_play.add_purchase(PRODUCT, "tok-other",
                             obfuscatedExternalAccountId=store_account_token("someone-else"))
    google_play.add_purchase(PRODUCT, "tok-none")
    google_play.add_purchase(PRODUCT, "tok-pending", purchaseState=2,
                             obfuscatedExternalAccountId=store_account_token("gia"))
    google_play.add_purchase(PRODUCT, "tok-test", purchaseType=0,
                             obfuscatedExternalAccountId=store_account_token("gia"))
    google_play.add_purchase("coins.123", "tok-odd",
                             obfuscatedExternalAccountId=store_account_token("gia"))
    cases = [
        ("tok-other", PRODUCT, 403, "purchase-account-mismatch"),
        ("tok-none", PRODUCT, 403, "purchase-account-mismatch"),
        ("tok-pending", PRODUCT, 422, "purchase-not-completed"),
        ("tok-test", PRODUCT, 422, "receipt-wrong-environment"),
        ("tok-unknown", PRODUCT, 422, "purchase-token-invalid"),
        ("tok-odd", "coins.123", 422, "product-unknown"),
        ("tok-other", "gems.100", 422, "product-unknown"),
    ]
    for token, product, status, slug in cases:
        response = await buy(env, "gia", token, product)
        assert response.status_code == status, (token, response.text)
        assert response.json()["type"].endswith(slug)
    assert await env.coins("gia") == 0
    assert google_play.purchases[(PRODUCT, "tok-other")]["consumptionState"] == 0


async def test_voided_notification_claws_back_once(
    env: Env, google_play: GooglePlayFake
) -> None:
    await env.user("gia")
    order = google_play.add_purchase(
        PRODUCT, "tok-v", obfuscatedExternalAccountId=store_account_token("gia"))["orderId"]
    assert (await buy(env, "gia", "tok-v")).status_code == 200
    first = await push(env, voided(order, "tok-v"))
    assert first.status_code == 200 and first.json()["outcome"] == "clawed_back"
    assert await env.coins("gia") == 0
    redelivered = await push(env, voided(order, "tok-v"))
    assert redelivered.json()["outcome"] == "clawed_back"  # same message id: first answer
    other_message = await push(env, voided(order, "tok-v"), message_id="m-2")
    assert other_message.json()["outcome"] == "duplicate"
    assert await env.coins("gia") == 0
    await env.verify_ok()


async def test_forged_or_foreign_notifications_are_refused(
    env: Env, google_play: GooglePlayFake
) -> None:
    await env.user("gia")
    order = google_play.add_purchase(
        PRODUCT, "tok-f", obfuscatedExternalAccountId=store_account_token("gia"))["orderId"]
    assert (await buy(env, "gia", "tok-f")).status_code == 200
    forged = await push(env, voided(order, "tok-f"),
                        token=google_fake.mint_push_token(key=google_fake.stranger_key()))
    assert forged.status_code == 400, forged.text
    other_audience = await push(env, voided(order, "tok-f"),
                                token=google_fake.mint_push_token(audience="https://evil"))
    assert other_audience.status_code == 401
    other_package = await push(env, voided(order, "tok-f"), package="com.example.other")
    assert other_package.status_code == 400
    missing = await env.client.post("/v1/notifications/google", content=b"{}")
    assert missing.status_code == 401
    assert await env.coins("gia") == 500


async def test_voided_for_unknown_purchase_changes_nothing(env: Env) -> None:
    response = await push(env, voided("GPA.0000-unknown", "tok-x"))
    assert response.status_code == 200 and response.json()["outcome"] == "unknown_purchase"
    await env.verify_ok()


async def test_voided_poll_is_a_safety_net(env: Env, google_play: GooglePlayFake) -> None:
    await env.user("gia")
    orders = []
    for token in ("tok-p1", "tok-p2", "tok-p3"):
        orders.append(google_play.add_purchase(
            PRODUCT, token, obfuscatedExternalAccountId=store_account_token("gia"))["orderId"])
        assert (await buy(env, "gia", token)).status_code == 200
    now = int(time.time() * 1000)
    google_play.add_voided("tok-p1", orders[0], now - 1000, voided_reason=7)
    google_play.add_voided("tok-p2", orders[1], now - 500)
    google_play.add_voided("tok-unknown", "GPA.unknown", now - 400)
    container = env.app.state.container
    poll = (container.unit, container.engine, container.purchase_clients, env.settings)
    assert await poll_google_voided(*poll) == 2
    assert await env.coins("gia") == 500
    assert await poll_google_voided(*poll) == 0
    # The notification for an order the poll already clawed back adds nothing.
    late = await push(env, voided(orders[0], "tok-p1"), message_id="late")
    assert late.json()["outcome"] == "duplicate"
    assert await env.coins("gia") == 500
    await env.verify_ok()


async def test_other_notifications_are_recorded(env: Env) -> None:
    response = await push(env, {"oneTimeProductNotification": {
        "version": "1.0", "notificationType": 1, "purchaseToken": "t", "sku": PRODUCT}})
    assert response.json()["outcome"] == "recorded"
    assert json.loads(google_fake.rtdn_push_body({"testNotification": {}}))["message"]


async def test_the_app_runs_the_poll_on_its_schedule(
    database_url: str, tmp_path: Path, google_play: GooglePlayFake
) -> None:
    settings = provider_settings(database_url, None, tmp_path, google_play)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        await env.user("gia")
        order = google_play.add_purchase(
            PRODUCT, "tok-s", obfuscatedExternalAccountId=store_account_token("gia"))["orderId"]
        assert (await buy(env, "gia", "tok-s")).status_code == 200
    google_play.add_voided("tok-s", order, int(time.time() * 1000))
    scheduled = provider_settings(database_url, None, tmp_path, google_play,
                                  google__voided_poll_interval_s=3600)
    async with running_app(scheduled) as (app, client):
        env = Env(app, client, scheduled)
        for _ in range(100):  # the first run starts with the app
            if await env.coins("gia") == 0:
                break
            await asyncio.sleep(0.05)
        assert await env.coins("gia") == 0
        await env.verify_ok()

"""Apple purchases and App Store Server Notifications, with JWS signed by the test PKI."""

from __future__ import annotations

import base64
import json
from typing import Any

from fancoins.ledger import chart
from fancoins.purchases.service import store_account_token
from tests.purchases.conftest import Env
from tests.purchases.helpers import purchase_payload
from tests.support import apple_keys
from tests.support.api import bearer, make_api_key


def signed_purchase(user_id: str, **overrides: Any) -> str:
    """A transaction as Apple signs it: the price is the US list's, for the quantity."""
    return apple_keys.sign_transaction(purchase_payload(user_id, **overrides))


def tampered(jws: str, **changes: Any) -> str:
    header, payload, signature = jws.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{body}.{signature}"


async def buy(env: Env, user_id: str, jws: str) -> Any:
    return await env.client.post("/v1/purchases/apple", json={"signed_transaction": jws},
                                 headers=env.auth(user_id))


async def notify(env: Env, notification_type: str, transaction_jws: str) -> Any:
    payload = apple_keys.notification_payload(notification_type,
                                              signed_transaction=transaction_jws)
    return await env.client.post("/v1/notifications/apple", json={
        "signedPayload": apple_keys.sign_notification(payload)})


async def test_purchase_posts_coins_and_money_legs_once(env: Env) -> None:
    await env.user("ann")
    jws = signed_purchase("ann", productId="coins.500", transactionId="t-500")
    first = await buy(env, "ann", jws)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["coins"], body["price_minor"], body["currency"]) == (500, 649, "USD")
    assert body["replayed"] is False and body["status"] == "fulfilled"
    assert await env.coins("ann") == 500
    # $6.49 gross: 30% fee 195 (rounded half up from 194.7), no US VAT, net 454.
    assert await env.balance(chart.store_receivable("ios", "USD")) == -649
    assert await env.balance(chart.store_fees("USD")) == 195
    assert await env.balance(chart.revenue("USD")) == 454
    again = await buy(env, "ann", jws)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"] and again.json()["replayed"] is True
    assert await env.coins("ann") == 500
    await env.verify_ok()


async def test_quantity_multiplies_coins_and_price(env: Env) -> None:
    await env.user("qty")
    response = await buy(env, "qty", signed_purchase("qty", quantity=3, transactionId="t-q"))
    assert response.status_code == 200, response.text
    assert (response.json()["coins"], response.json()["price_minor"]) == (300, 387)
    assert await env.coins("qty") == 300


async def test_rejected_receipts_grant_nothing(env: Env) -> None:
    await env.user("eve")
    await env.user("bob")
    wrong_root = apple_keys.sign_transaction(
        apple_keys.transaction_payload(appAccountToken=store_account_token("eve")),
        apple_keys.wrong_root_chain(),
    )
    good = signed_purchase("eve", transactionId="t-good")
    cases = [
        (wrong_root, 422, "receipt-signature-invalid"),
        (tampered(good, productId="coins.10000"), 422, "receipt-signature-invalid"),
        (signed_purchase("eve", bundleId="com.example.other"), 422, "receipt-wrong-app"),
        (signed_purchase("eve", environment="Production"), 422, "receipt-wrong-environment"),
        (signed_purchase("bob"), 403, "purchase-account-mismatch"),
        (signed_purchase("eve", appAccountToken=None), 403, "purchase-account-mismatch"),
        (signed_purchase("eve", productId="coins.123"), 422, "product-unknown"),
        (signed_purchase("eve", productId="gems.100"), 422, "product-unknown"),
        ("not.a.jws", 422, "receipt-signature-invalid"),
    ]
    for jws, status, slug in cases:
        response = await buy(env, "eve", jws)
        assert response.status_code == status, (slug, response.text)
        assert response.json()["type"].endswith(slug), response.json()
        assert response.headers["content-type"] == "application/problem+json"
    assert await env.coins("eve") == 0
    await env.verify_ok()


async def test_someone_elses_fulfilled_transaction_is_refused(env: Env) -> None:
    await env.user("ann")
    await env.user("mallory")
    jws = signed_purchase("ann", transactionId="t-shared")
    assert (await buy(env, "ann", jws)).status_code == 200
    stolen = await buy(env, "mallory", jws)
    assert stolen.status_code == 403
    assert await env.coins("mallory") == 0


async def test_minors_and_frozen_accounts_cannot_buy(env: Env) -> None:
    await env.user("kid", birth_date="2015-05-05")
    await env.user("ice", frozen=True)
    await env.user("unknown-age", birth_date=None)
    kid = await buy(env, "kid", signed_purchase("kid", transactionId="t-kid"))
    assert kid.status_code == 403 and kid.json()["type"].endswith("age-restricted")
    ice = await buy(env, "ice", signed_purchase("ice", transactionId="t-ice"))
    assert ice.status_code == 403 and ice.json()["type"].endswith("account-frozen")
    unknown = await buy(env, "unknown-age", signed_purchase("unknown-age", transactionId="t-u"))
    assert unknown.status_code == 403
    verified = await env.user("verified", birth_date=None, age_verified=True)
    assert verified
    ok = await buy(env, "verified", signed_purchase("verified", transactionId="t-v"))
    assert ok.status_code == 200
    assert [await env.coins(u) for u in ("kid", "ice", "unknown-age")] == [0, 0, 0]


async def test_refund_claws_back_once_even_below_zero(env: Env) -> None:
    await env.user("ann")
    jws = signed_purchase("ann", transactionId="t-refund")
    assert (await buy(env, "ann", jws)).status_code == 200
    # Spend 60 of the 100 coins (an operator removal stands in for a gift here).
    removal = await env.client.post(
        "/v1/admin/adjustments", json={"user_id": "ann", "amount_coins": -60, "reason": "spent"},
        headers={**env.auth_admin(), "Idempotency-Key": "spend-1"},
    )
    assert removal.status_code == 201, removal.text
    revoked = apple_keys.sign_transaction(apple_keys.transaction_payload(
        transactionId="t-refund", appAccountToken=store_account_token("ann"),
        revocationDate=apple_keys.now_ms(), revocationReason=0))
    first = await notify(env, "REFUND", revoked)
    assert first.status_code == 200 and first.json()["outcome"] == "clawed_back"
    assert await env.coins("ann") == -60
    wallet = await env.client.get("/v1/wallet", headers=env.auth("ann"))
    assert wallet.json()["restricted"] is True
    # The same refund again, and a REVOKE of the same transaction: nothing more.
    assert (await notify(env, "REFUND", revoked)).json()["outcome"] == "duplicate"
    assert (await notify(env, "REVOKE", revoked)).json()["outcome"] == "duplicate"
    assert await env.coins("ann") == -60
    # Every money leg is reversed: Apple returns its commission on a refund.
    for account in (chart.store_receivable("ios", "USD"), chart.store_fees("USD"),
                    chart.revenue("USD")):
        assert await env.balance(account) == 0
    await env.verify_ok()
    # A new purchase repays the debt and lifts the restriction.
    assert (await buy(env, "ann", signed_purchase("ann", transactionId="t-2"))).status_code == 200
    assert await env.coins("ann") == 40
    wallet = await env.client.get("/v1/wallet", headers=env.auth("ann"))
    assert wallet.json()["restricted"] is False


async def test_refund_for_unknown_purchase_changes_nothing(env: Env) -> None:
    await env.user("ann")
    unknown = apple_keys.sign_transaction(apple_keys.transaction_payload(
        transactionId="never-bought", appAccountToken=store_account_token("ann")))
    response = await notify(env, "REFUND", unknown)
    assert response.status_code == 200
    assert response.json()["outcome"] == "unknown_purchase"
    assert await env.coins("ann") == 0
    await env.verify_ok()


async def test_other_notifications_are_recorded_and_forged_ones_refused(env: Env) -> None:
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload())
    recorded = await notify(env, "CONSUMPTION_REQUEST", jws)
    assert recorded.json()["outcome"] == "recorded"
    forged = apple_keys.sign_jws(
        apple_keys.notification_payload("REFUND", signed_transaction=jws),
        apple_keys.wrong_root_chain(),
    )
    response = await env.client.post("/v1/notifications/apple", json={"signedPayload": forged})
    assert response.status_code == 400
    assert response.json()["type"].endswith("notification-invalid")


async def test_host_backend_buys_for_a_user_with_its_api_key(env: Env) -> None:
    await env.user("ann")
    key = await make_api_key(env.app, "purchases:write")
    weak = await make_api_key(env.app, "users:read", name="weak")
    jws = signed_purchase("ann", transactionId="t-key")
    missing_user = await env.client.post("/v1/purchases/apple",
                                         json={"signed_transaction": jws}, headers=bearer(key))
    assert missing_user.status_code == 422
    no_scope = await env.client.post("/v1/purchases/apple", json={
        "signed_transaction": jws, "user_id": "ann"}, headers=bearer(weak))
    assert no_scope.status_code == 403
    other = await env.client.post("/v1/purchases/apple", json={
        "signed_transaction": jws, "user_id": "bob"}, headers=env.auth("ann"))
    assert other.status_code == 403
    ok = await env.client.post("/v1/purchases/apple", json={
        "signed_transaction": jws, "user_id": "ann"}, headers=bearer(key))
    assert ok.status_code == 200, ok.text
    assert await env.coins("ann") == 100
    seen = await env.client.get(f"/v1/purchases/{ok.json()['id']}", headers=env.auth("bob"))
    assert seen.status_code == 404

"""Shared helpers for purchase tests: store payloads as the stores sign them, and the calls
that deliver them through the real HTTP API."""

from __future__ import annotations

from typing import Any

from fancoins.purchases.service import store_account_token
from tests.purchases.conftest import Env
from tests.support import apple_keys, stripe_fake

# What the default US lists charge (minor units); Apple signs milliunits of the same.
US_IOS_PRICES_MINOR = {"coins.100": 129, "coins.500": 649, "coins.2000": 2699,
                       "coins.5000": 6699, "coins.10000": 13499}
MILLI_PER_MINOR_USD = 10  # 1 cent = 10 milliunits of a dollar


def purchase_payload(user_id: str, **overrides: Any) -> dict[str, Any]:
    payload = apple_keys.transaction_payload(appAccountToken=store_account_token(user_id))
    payload.update(overrides)
    if "price" not in overrides:
        unit_minor = US_IOS_PRICES_MINOR.get(payload["productId"], 129)
        payload["price"] = unit_minor * MILLI_PER_MINOR_USD * int(payload["quantity"])
    return payload


def apple_jws(user_id: str, **overrides: Any) -> str:
    return apple_keys.sign_transaction(purchase_payload(user_id, **overrides))


async def buy_apple(env: Env, user_id: str, jws: str, *, key: str | None = None) -> Any:
    headers = env.auth(user_id)
    if key is not None:
        headers["Idempotency-Key"] = key
    return await env.client.post("/v1/purchases/apple", json={"signed_transaction": jws},
                                 headers=headers)


async def apple_notify(env: Env, notification_type: str, transaction_jws: str,
                       **data: Any) -> Any:
    payload = apple_keys.notification_payload(notification_type,
                                              signed_transaction=transaction_jws, **data)
    return await env.client.post("/v1/notifications/apple", json={
        "signedPayload": apple_keys.sign_notification(payload)})


async def checkout(env: Env, user_id: str, coins: int = 500, key: str = "k-1") -> Any:
    return await env.client.post("/v1/checkout/sessions", json={"coins": coins},
                                 headers={**env.auth(user_id), "Idempotency-Key": key})


async def deliver(env: Env, event: dict[str, Any]) -> Any:
    body, signature = stripe_fake.signed_webhook(event)
    return await env.client.post("/v1/webhooks/stripe", content=body, headers={
        "Stripe-Signature": signature, "Content-Type": "application/json"})


def paid(session: dict[str, Any], *, event_id: str = "evt_paid",
         intent: str = "pi_1") -> dict[str, Any]:
    return stripe_fake.event("checkout.session.completed", {
        "id": session["session_id"], "object": "checkout.session", "payment_status": "paid",
        "amount_total": session["price_minor"], "currency": session["currency"].lower(),
        "payment_intent": intent, "metadata": {"purchase_id": session["id"]},
    }, event_id=event_id)


def charge_refunded(session: dict[str, Any], refunded_minor: int, *, event_id: str,
                    intent: str = "pi_1") -> dict[str, Any]:
    return stripe_fake.event("charge.refunded", {
        "id": "ch_1", "object": "charge", "amount": session["price_minor"],
        "amount_refunded": refunded_minor, "currency": session["currency"].lower(),
        "payment_intent": intent, "metadata": {"purchase_id": session["id"]},
    }, event_id=event_id)


def dispute(event_type: str, session: dict[str, Any], *, event_id: str,
            status: str = "needs_response", intent: str = "pi_1",
            dispute_id: str = "dp_1") -> dict[str, Any]:
    return stripe_fake.event(event_type, {
        "id": dispute_id, "object": "dispute", "amount": session["price_minor"],
        "currency": session["currency"].lower(), "charge": "ch_1", "status": status,
        "payment_intent": intent,
    }, event_id=event_id)


async def spend(env: Env, user_id: str, coins: int, key: str) -> None:
    """Take coins out of a wallet (an operator removal stands in for spending them)."""
    removal = await env.client.post(
        "/v1/admin/adjustments", json={"user_id": user_id, "amount_coins": -coins,
                                       "reason": "spent"},
        headers={**env.auth_admin(), "Idempotency-Key": key})
    assert removal.status_code == 201, removal.text

"""Three months of an economy, made through the real flows: Apple purchases with signed
transactions, web purchases through Stripe Checkout and its signed webhook, gifts on LIVE
streams through the gift writer, an Apple refund, a partial card refund and a dispute (with
the creators' diamonds clawed back), promotions held, charged and settled, operator grants and
a removal, and withdrawals paid, failed, returned and still pending at the end."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from fancoins.purchases.service import store_account_token
from tests.finance.conftest import Env, stripe_paid
from tests.support import apple_keys, paypal_fake, stripe_fake

PAYPAL_EMAIL = "creator@example.com"


@dataclass
class Dataset:
    streams: dict[str, str] = field(default_factory=dict)  # creator -> LIVE stream id
    apple: dict[str, str] = field(default_factory=dict)  # label -> signed transaction
    withdrawals: dict[str, dict[str, Any]] = field(default_factory=dict)


# What the App Store signs for these buyers' purchases: their storefront, its currency and the
# package's price there (the default iOS price lists), in Apple's milliunits.
APP_STORE = {"ann": ("USA", "USD", {500: 649, 2000: 2699}), "dora": ("DEU", "EUR", {500: 699})}
MILLI_PER_MINOR = 10


async def buy_apple(env: Env, data: Dataset, user_id: str, coins: int, label: str) -> None:
    storefront, currency, prices = APP_STORE[user_id]
    payload = apple_keys.transaction_payload(
        appAccountToken=store_account_token(user_id), productId=f"coins.{coins}",
        transactionId=f"tx-{label}", originalTransactionId=f"tx-{label}",
        storefront=storefront, currency=currency, price=prices[coins] * MILLI_PER_MINOR)
    jws = apple_keys.sign_transaction(payload)
    bought = await env.post("/v1/purchases/apple", {"signed_transaction": jws},
                            env.auth(user_id))
    assert bought["status"] == "fulfilled", bought
    data.apple[label] = jws


async def buy_web(env: Env, user_id: str, coins: int, intent: str) -> None:
    session = await env.post("/v1/checkout/sessions", {"coins": coins}, env.auth(user_id))
    outcome = await stripe_event(env, stripe_paid(session, intent))
    assert outcome == "fulfilled", outcome


async def stripe_event(env: Env, event: dict[str, Any]) -> str:
    body, signature = stripe_fake.signed_webhook(event)
    answer = await env.client.post("/v1/webhooks/stripe", content=body, headers={
        "Stripe-Signature": signature, "Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text
    env.tick()
    outcome: str = answer.json()["outcome"]
    return outcome


async def apple_refund(env: Env, data: Dataset, label: str) -> None:
    payload = apple_keys.notification_payload("REFUND", signed_transaction=data.apple[label])
    answer = await env.client.post("/v1/notifications/apple", json={
        "signedPayload": apple_keys.sign_notification(payload)})
    assert answer.status_code == 200 and answer.json()["outcome"] == "clawed_back", answer.text
    env.tick()


async def go_live(env: Env, data: Dataset, creator_id: str) -> None:
    stream = await env.post("/v1/streams", {"title": "live"}, env.auth(creator_id), 201)
    data.streams[creator_id] = stream["id"]
    answer = await env.client.put("/v1/creator/payout-method", headers=env.auth(creator_id),
                                  json={"paypal_email": PAYPAL_EMAIL})
    assert answer.status_code == 200, answer.text


async def gift(env: Env, data: Dataset, sender: str, creator: str, gift_id: str,
               count: int) -> None:
    await env.post("/v1/gifts/send", {"gift_id": gift_id, "count": count,
                                      "stream_id": data.streams[creator]}, env.auth(sender), 201)


async def adjust(env: Env, user_id: str, coins: int, reason: str) -> None:
    await env.post("/v1/admin/adjustments", {"user_id": user_id, "amount_coins": coins,
                                             "reason": reason}, env.admin(), 201)


async def promote(env: Env, user_id: str, budget: int, days: int) -> str:
    started = await env.post("/v1/promotions", {
        "video_id": f"video-{user_id}", "budget_coins": budget, "days": days,
        "objective": "views"}, env.auth(user_id), 201)
    return str(started["id"])


async def deliver(env: Env, promotion_id: str, cost_coins: int) -> None:
    await env.post(f"/v1/promotions/{promotion_id}/deliveries",
                   {"views": cost_coins * 3, "cost_coins": cost_coins}, env.host_key, 201)


async def withdraw(env: Env, data: Dataset, creator: str, amount_minor: int,
                   label: str) -> dict[str, Any]:
    body = await env.post("/v1/withdrawals", {"amount_minor": amount_minor},
                          env.auth(creator), 201)
    data.withdrawals[label] = body
    return body


async def paypal_says(env: Env, data: Dataset, label: str, status: str) -> str:
    withdrawal = data.withdrawals[label]
    batch_id = env.paypal.by_sender_batch_id[withdrawal["sender_batch_id"]]
    resource = {
        "payout_item_id": f"{batch_id}-ITEM1", "transaction_id": f"TX-{label}",
        "transaction_status": status, "payout_batch_id": batch_id,
        "sender_batch_id": withdrawal["sender_batch_id"],
        "payout_item": {
            "recipient_type": "EMAIL", "receiver": withdrawal["paypal_email"],
            "sender_item_id": withdrawal["id"], "note": "Your creator earnings",
            "amount": {"value": withdrawal["amount"], "currency": withdrawal["currency"]},
        },
    }
    event = paypal_fake.payout_event(f"PAYMENT.PAYOUTS-ITEM.{status}", resource,
                                     event_id=f"WH-{uuid.uuid4().hex[:20]}")
    headers, body = paypal_fake.signed_webhook(event)
    answer = await env.client.post("/v1/webhooks/paypal", headers=headers, content=body)
    assert answer.status_code == 200, answer.text
    env.tick()
    outcome: str = answer.json()["outcome"]
    return outcome


async def january(env: Env, data: Dataset) -> None:
    env.at(2026, 1, 5)
    for user_id, country in (("ann", "US"), ("bob", "US"), ("gus", "GB"), ("dora", "DE")):
        await env.user(user_id, country=country)
    for creator in ("cara", "cole"):
        await env.user(creator, creator=True)
    await buy_apple(env, data, "ann", 2000, "ann-1")
    await buy_web(env, "bob", 10000, "pi_bob_1")
    await buy_web(env, "bob", 10000, "pi_bob_2")
    await buy_web(env, "gus", 2000, "pi_gus_1")
    await buy_apple(env, data, "dora", 500, "dora-1")
    env.at(2026, 1, 6)
    await go_live(env, data, "cara")
    await go_live(env, data, "cole")
    await gift(env, data, "ann", "cara", "concert", 2)  # 1,000 coins
    await gift(env, data, "bob", "cara", "drama_queen", 2)  # 10,000 coins
    await gift(env, data, "gus", "cole", "love_bang", 20)  # 500 coins
    env.at(2026, 1, 7)
    await adjust(env, "dora", 300, "goodwill after a failed stream")
    env.at(2026, 1, 8)
    promotion = await promote(env, "bob", 1000, 3)
    await deliver(env, promotion, 400)
    env.at(2026, 1, 20)
    assert len(await env.settle_promotions()) == 1  # 600 coins back to bob
    await withdraw(env, data, "cara", 2000, "cara-paid")  # $20.00: 4,000 diamonds
    await env.submit_payouts()
    assert await paypal_says(env, data, "cara-paid", "SUCCEEDED") == "paid"
    env.at(2026, 1, 25)
    await withdraw(env, data, "cara", 1000, "cara-failed")
    await env.submit_payouts()
    assert await paypal_says(env, data, "cara-failed", "FAILED") == "failed"


async def february(env: Env, data: Dataset) -> None:
    env.at(2026, 2, 2)
    await buy_apple(env, data, "ann", 500, "ann-2")
    # Ann spent 1,000 of the refunded 2,000 coins on Cara: the refund takes her other coins
    # and leaves her owing the rest; Cara's diamonds from those coins are clawed back.
    await apple_refund(env, data, "ann-1")
    env.at(2026, 2, 3)
    assert await stripe_event(env, stripe_fake.event("charge.refunded", {
        "id": "ch_bob_1", "object": "charge", "amount": 9999, "amount_refunded": 5000,
        "currency": "usd", "payment_intent": "pi_bob_1"},
        event_id="evt_bob_refund")) == "clawed_back"
    env.at(2026, 2, 4)
    assert await stripe_event(env, stripe_fake.event("charge.dispute.created", {
        "id": "dp_gus", "object": "dispute", "amount": 1999, "currency": "gbp",
        "payment_intent": "pi_gus_1"}, event_id="evt_gus_dispute")) == "clawed_back"
    env.at(2026, 2, 10)
    await withdraw(env, data, "cara", 1000, "cara-returned")
    await env.submit_payouts()
    assert await paypal_says(env, data, "cara-returned", "SUCCEEDED") == "paid"
    assert await paypal_says(env, data, "cara-returned", "RETURNED") == "reversed"
    env.at(2026, 2, 12)
    await gift(env, data, "bob", "cole", "im_very_rich", 4)  # 4,000 coins


async def march(env: Env, data: Dataset) -> None:
    env.at(2026, 3, 2)
    await gift(env, data, "dora", "cole", "sun_cream", 10)  # 500 coins
    env.at(2026, 3, 3)
    await buy_apple(env, data, "ann", 2000, "ann-3")  # repays the 500 coins she owes first
    env.at(2026, 3, 5)
    await adjust(env, "dora", -100, "duplicate grant reversed")
    env.at(2026, 3, 10)
    promotion = await promote(env, "bob", 500, 30)
    await deliver(env, promotion, 100)  # 400 still held at the end of March
    env.at(2026, 3, 20)
    await withdraw(env, data, "cole", 1000, "cole-pending")  # requested, not yet submitted


async def three_months(env: Env) -> Dataset:
    data = Dataset()
    await january(env, data)
    await february(env, data)
    await march(env, data)
    return data

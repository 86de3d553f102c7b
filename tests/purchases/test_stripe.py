"""Web checkout: sessions through the Stripe fake, webhooks signed with Stripe's own helper."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fancoins.ledger import chart
from tests.purchases.conftest import Env, provider_settings
from tests.support import stripe_fake
from tests.support.api import running_app
from tests.support.stripe_fake import StripeFake


async def checkout(env: Env, user_id: str, coins: int = 500, key: str = "k-1") -> Any:
    return await env.client.post("/v1/checkout/sessions", json={"coins": coins},
                                 headers={**env.auth(user_id), "Idempotency-Key": key})


async def deliver(env: Env, event: dict[str, Any], *, secret: str = stripe_fake.WEBHOOK_SECRET,
                  tamper: bool = False, timestamp: int | None = None) -> Any:
    body, signature = stripe_fake.signed_webhook(event, secret, timestamp=timestamp)
    if tamper:
        body = body.replace(b'"paid"', b'"paid" ', 1)
    return await env.client.post("/v1/webhooks/stripe", content=body, headers={
        "Stripe-Signature": signature, "Content-Type": "application/json"})


def paid(session: dict[str, Any], *, event_id: str = "evt_paid", amount: int | None = None,
         intent: str = "pi_1") -> dict[str, Any]:
    return stripe_fake.event("checkout.session.completed", {
        "id": session["session_id"], "object": "checkout.session", "payment_status": "paid",
        "amount_total": session["price_minor"] if amount is None else amount,
        "currency": session["currency"].lower(), "payment_intent": intent,
        "metadata": {"purchase_id": session["id"]},
    }, event_id=event_id)


def refunded(amount: int, refunded_minor: int, *, event_id: str, intent: str = "pi_1") -> Any:
    return stripe_fake.event("charge.refunded", {
        "id": "ch_1", "object": "charge", "amount": amount, "amount_refunded": refunded_minor,
        "currency": "usd", "payment_intent": intent}, event_id=event_id)


async def test_checkout_session_is_idempotent(env: Env, stripe_api: StripeFake) -> None:
    await env.user("web")
    first = await checkout(env, "web")
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["status"], body["coins"], body["price_minor"]) == ("open", 500, 499)
    assert body["checkout_url"].startswith(stripe_api.base_url)
    again = await checkout(env, "web")
    assert again.json()["session_id"] == body["session_id"] and again.json()["replayed"]
    assert stripe_api.sessions_created == 1
    assert stripe_api.calls[0].idempotency_key == f"fancoins-checkout-{body['id']}"
    conflict = await checkout(env, "web", coins=2000)
    assert conflict.status_code == 409
    assert conflict.json()["type"].endswith("idempotency-key-reused")
    assert await env.coins("web") == 0  # nothing before the paid webhook


async def test_paid_webhook_fulfils_once(env: Env) -> None:
    await env.user("web")
    session = (await checkout(env, "web")).json()
    first = await deliver(env, paid(session))
    assert first.status_code == 200 and first.json()["outcome"] == "fulfilled"
    assert await env.coins("web") == 500
    # $4.99 on the web: 2.9% + 30¢ = 44 to the processor, 455 net.
    assert await env.balance(chart.store_fees("USD")) == 44
    assert await env.balance(chart.revenue("USD")) == 455
    assert (await deliver(env, paid(session))).json()["outcome"] == "fulfilled"  # redelivery
    other = await deliver(env, paid(session, event_id="evt_again"))
    assert other.json()["outcome"] == "already_fulfilled"
    assert await env.coins("web") == 500
    await env.verify_ok()


async def test_forged_tampered_stale_or_wrong_webhooks_grant_nothing(env: Env) -> None:
    await env.user("web")
    session = (await checkout(env, "web")).json()
    for kwargs in ({"secret": "whsec_forged"}, {"tamper": True},
                   {"timestamp": int(time.time()) - 3600}):
        response = await deliver(env, paid(session), **kwargs)
        assert response.status_code == 400, kwargs
        assert response.json()["type"].endswith("webhook-signature-invalid")
    unsigned = await env.client.post("/v1/webhooks/stripe", content=b"{}")
    assert unsigned.status_code == 400
    wrong_amount = await deliver(env, paid(session, amount=1, event_id="evt_cheap"))
    assert wrong_amount.json()["outcome"] == "amount_mismatch"
    unpaid = paid(session, event_id="evt_unpaid")
    unpaid["data"]["object"]["payment_status"] = "unpaid"
    assert (await deliver(env, unpaid)).json()["outcome"] == "not_paid"
    assert await env.coins("web") == 0
    await env.verify_ok()


async def test_partial_then_full_refund_claws_back_in_proportion(env: Env) -> None:
    await env.user("web")
    session = (await checkout(env, "web")).json()
    await deliver(env, paid(session))
    half = await deliver(env, refunded(499, 250, event_id="evt_r1"))
    assert half.json()["outcome"] == "clawed_back"
    assert await env.coins("web") == 250  # floor(500 * 250 / 499)
    assert (await deliver(env, refunded(499, 250, event_id="evt_r1"))).json()["outcome"] \
        == "clawed_back"  # the same event again: its first answer, nothing more
    assert await env.coins("web") == 250
    full = await deliver(env, refunded(499, 499, event_id="evt_r2"))
    assert full.json()["outcome"] == "clawed_back"
    assert await env.coins("web") == 0
    # The processor keeps its fee on a refund: revenue bears it.
    assert await env.balance(chart.store_fees("USD")) == 44
    assert await env.balance(chart.revenue("USD")) == -44
    assert await env.balance(chart.store_receivable("web", "USD")) == 0
    late = await deliver(env, refunded(499, 250, event_id="evt_r0"))
    assert late.json()["outcome"] == "nothing_to_claw_back"
    dispute = stripe_fake.event("charge.dispute.created", {
        "id": "dp_late", "object": "dispute", "amount": 499, "currency": "usd",
        "payment_intent": "pi_1"}, event_id="evt_dp_late")
    assert (await deliver(env, dispute)).json()["outcome"] == "nothing_to_claw_back"
    assert await env.coins("web") == 0
    purchase = await env.client.get(f"/v1/purchases/{session['id']}", headers=env.auth("web"))
    assert purchase.json()["status"] == "refunded"
    assert purchase.json()["coins_clawed_back"] == 500
    await env.verify_ok()


async def test_dispute_claws_back_and_unknown_ones_change_nothing(env: Env) -> None:
    await env.user("web")
    session = (await checkout(env, "web")).json()
    await deliver(env, paid(session, intent="pi_disputed"))
    await env.client.post("/v1/admin/adjustments", json={
        "user_id": "web", "amount_coins": -400, "reason": "spent"},
        headers={**env.auth_admin(), "Idempotency-Key": "spend"})
    dispute = stripe_fake.event("charge.dispute.created", {
        "id": "dp_1", "object": "dispute", "amount": 499, "currency": "usd", "charge": "ch_9",
        "payment_intent": "pi_disputed"}, event_id="evt_dp")
    assert (await deliver(env, dispute)).json()["outcome"] == "clawed_back"
    assert await env.coins("web") == -400
    again = dict(dispute, id="evt_dp_again")
    assert (await deliver(env, again)).json()["outcome"] == "duplicate"
    unknown = stripe_fake.event("charge.dispute.created", {
        "id": "dp_2", "object": "dispute", "amount": 499, "currency": "usd",
        "payment_intent": "pi_never"}, event_id="evt_dp2")
    assert (await deliver(env, unknown)).json()["outcome"] == "unknown_purchase"
    refund_unknown = refunded(499, 499, event_id="evt_ru", intent="pi_never")
    assert (await deliver(env, refund_unknown)).json()["outcome"] == "unknown_purchase"
    assert await env.coins("web") == -400
    await env.verify_ok()


async def test_price_change_never_alters_an_open_purchase(env: Env) -> None:
    await env.user("web")
    session = (await checkout(env, "web")).json()
    patched = await env.client.patch("/v1/admin/packages/US/web", json={
        "packages": [{"coins": 500, "price_minor": 599}], "reason": "new price"},
        headers=env.auth_admin())
    assert patched.status_code == 200, patched.text
    assert (await deliver(env, paid(session))).json()["outcome"] == "fulfilled"
    assert await env.balance(chart.store_receivable("web", "USD")) == -499
    newer = await checkout(env, "web", key="k-2")
    assert newer.json()["price_minor"] == 599


async def test_purchase_caps_per_day(env: Env) -> None:
    await env.user("whale")
    # Ten $99.99 packs reach $999.90 of the default $1,000 daily cap; the next one passes it.
    for index in range(10):
        response = await checkout(env, "whale", coins=10_000, key=f"cap-{index}")
        assert response.status_code == 200, response.text
    refused = await checkout(env, "whale", coins=10_000, key="cap-10")
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("purchase-cap-exceeded")
    # Another buyer is not affected; caps are per user.
    await env.user("minnow")
    assert (await checkout(env, "minnow", coins=10_000, key="cap-0")).status_code == 200


async def test_minors_frozen_and_unknown_users_cannot_check_out(env: Env) -> None:
    await env.user("kid", birth_date="2014-01-01")
    await env.user("ice", frozen=True)
    kid = await checkout(env, "kid")
    assert kid.status_code == 403 and kid.json()["type"].endswith("age-restricted")
    ice = await checkout(env, "ice")
    assert ice.status_code == 403 and ice.json()["type"].endswith("account-frozen")
    ghost = await checkout(env, "ghost")
    assert ghost.status_code == 404
    bad = await checkout(env, "ice", coins=123, key="k-2")
    assert bad.status_code == 403  # the buyer is checked before the package


async def test_unconfigured_providers_answer_503(database_url: str, tmp_path: Path) -> None:
    settings = provider_settings(database_url, None, tmp_path)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        headers = await env.user("web")
        for path, body in (("/v1/checkout/sessions", {"coins": 500}),
                           ("/v1/purchases/apple", {"signed_transaction": "x.y.z"}),
                           ("/v1/purchases/google", {"product_id": "coins.100",
                                                     "purchase_token": "t"})):
            response = await client.post(path, json=body,
                                         headers={**headers, "Idempotency-Key": "k"})
            assert response.status_code == 503, (path, response.text)
            assert response.json()["type"].endswith("provider-not-configured")
        webhook = await client.post("/v1/webhooks/stripe", content=b"{}")
        assert webhook.status_code == 503

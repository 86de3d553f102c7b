"""A refunded purchase whose coins were already gifted claws the diamonds back from the
creator: first the held ones, then available ones, possibly below zero. Real purchases and
refunds (Stripe fake, signed webhooks), real gifts (the gift writer), real payouts."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from fancoins.db.engine import unit_of_work
from fancoins.db.tables.payouts import diamond_clawbacks
from fancoins.ledger import chart
from fancoins.payouts.paypal import paypal_config, webhook_authenticator
from fancoins.payouts.service import refund_clawbacks
from fancoins.providers.paypal import PayPalPayouts
from tests.payouts.conftest import (
    ADULT_BIRTH_DATE,
    Env,
    grant_aged_diamonds,
    item_event,
    make_creator,
    withdraw,
)
from tests.support import paypal_fake, stripe_fake
from tests.support.api import make_user, running_app, settings_for
from tests.support.paypal_fake import CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID, PayPalFake
from tests.support.stripe_fake import StripeFake

DEFAULT_ECONOMY = Path(__file__).parents[2] / "src/fancoins/defaults/economy.toml"


@contextlib.asynccontextmanager
async def clawback_env(database_url: str, tmp_path: Path, *, hold_days: int = 7,
                       **overrides: Any) -> AsyncIterator[Env]:
    roots = tmp_path / "paypal-roots.pem"
    roots.write_bytes(paypal_fake.trusted_pki().root_pem)
    economy = tmp_path / "economy.toml"
    text = DEFAULT_ECONOMY.read_text()
    economy.write_text(text.replace("hold_days = 7", f"hold_days = {hold_days}"))
    with PayPalFake() as paypal, StripeFake() as stripe:
        settings = settings_for(
            database_url, economy_file=economy, purchases__demo_checkout=False,
            paypal__client_id=CLIENT_ID, paypal__client_secret=CLIENT_SECRET,
            paypal__api_base=paypal.base_url, paypal__webhook_id=WEBHOOK_ID,
            paypal__trusted_roots_file=roots, stripe__secret_key=stripe_fake.SECRET_KEY,
            stripe__webhook_secret=stripe_fake.WEBHOOK_SECRET, stripe__api_base=stripe.base_url,
            **overrides,
        )
        async with running_app(settings) as (app, client):
            app.state.container.paypal_webhooks = webhook_authenticator(
                settings, fetch_cert=paypal_fake.cert_fetcher()[0])
            async with PayPalPayouts(paypal_config(settings)) as payouts:
                env = Env(app, client, settings, paypal, payouts)
                yield env
                await env.verify_ok()


async def stripe_webhook(env: Env, event_type: str, obj: dict[str, Any]) -> str:
    event = stripe_fake.event(event_type, obj, event_id=f"evt_{uuid.uuid4().hex[:12]}")
    body, signature = stripe_fake.signed_webhook(event)
    answer = await env.client.post("/v1/webhooks/stripe", content=body, headers={
        "Stripe-Signature": signature, "Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text
    outcome: str = answer.json()["outcome"]
    return outcome


async def buy_coins(env: Env, user_id: str, coins: int) -> dict[str, Any]:
    """A web purchase, paid through Stripe's signed webhook."""
    session = await env.client.post(
        "/v1/checkout/sessions", json={"coins": coins},
        headers={**env.token(user_id), "Idempotency-Key": f"buy-{uuid.uuid4()}"})
    assert session.status_code == 200, session.text
    body: dict[str, Any] = session.json()
    assert await stripe_webhook(env, "checkout.session.completed", {
        "id": body["session_id"], "object": "checkout.session", "payment_status": "paid",
        "amount_total": body["price_minor"], "currency": "usd",
        "payment_intent": f"pi_{body['id']}", "metadata": {"purchase_id": body["id"]},
    }) == "fulfilled"
    return body


def refunded(purchase: dict[str, Any]) -> dict[str, Any]:
    return {"id": "ch_1", "object": "charge", "amount": purchase["price_minor"],
            "amount_refunded": purchase["price_minor"], "currency": "usd",
            "payment_intent": f"pi_{purchase['id']}"}


async def refund_fully(env: Env, purchase: dict[str, Any]) -> None:
    assert await stripe_webhook(env, "charge.refunded", refunded(purchase)) == "clawed_back"


async def gift(env: Env, viewer_id: str, stream_id: str, gift_id: str, count: int) -> None:
    sent = await env.client.post(
        "/v1/gifts/send", json={"gift_id": gift_id, "count": count, "stream_id": stream_id},
        headers={**env.token(viewer_id), "Idempotency-Key": f"g-{uuid.uuid4()}"})
    assert sent.status_code == 201, sent.text


async def go_live(env: Env, creator_id: str) -> str:
    stream = await env.client.post(
        "/v1/streams", json={"title": "live"},
        headers={**env.token(creator_id), "Idempotency-Key": f"s-{uuid.uuid4()}"})
    assert stream.status_code == 201, stream.text
    stream_id: str = stream.json()["id"]
    return stream_id


async def earnings(env: Env, user_id: str) -> dict[str, Any]:
    answer = await env.client.get("/v1/creator/earnings", headers=env.token(user_id))
    body: dict[str, Any] = answer.json()
    return body


async def recorded_clawbacks(env: Env) -> list[tuple[str, int, int]]:
    c = diamond_clawbacks.c
    async with env.app.state.container.engine.connect() as connection:
        rows = (await connection.execute(
            select(c.creator_id, c.coins, c.diamonds).order_by(c.gift_created_at_ms, c.id)
        )).all()
    return [(r.creator_id, r.coins, r.diamonds) for r in rows]


async def test_refund_after_gifts_claws_back_held_diamonds_first(
    database_url: str, tmp_path: Path
) -> None:
    async with clawback_env(database_url, tmp_path) as env:
        await make_creator(env, "cara", diamonds=30_000)  # aged: withdrawable
        await make_creator(env, "cleo", diamonds=0)
        await make_user(env.app, "vic", birth_date=ADULT_BIRTH_DATE)
        purchase = await buy_coins(env, "vic", 2_000)
        await gift(env, "vic", await go_live(env, "cara"), "concert", 2)  # 1,000 coins
        await gift(env, "vic", await go_live(env, "cleo"), "concert", 1)  # 500 coins
        assert (await earnings(env, "cara"))["diamonds_on_hold"] == 1_000

        await refund_fully(env, purchase)
        # 2,000 coins clawed back; 500 were still in the wallet, 1,500 had been gifted.
        assert (await env.account(chart.user_coins("vic")))["balance"] == -1_500
        cara = await earnings(env, "cara")
        assert (cara["diamonds_total"], cara["diamonds_on_hold"],
                cara["diamonds_withdrawable"]) == (30_000, 0, 30_000)
        assert (await earnings(env, "cleo"))["diamonds_total"] == 0
        assert await recorded_clawbacks(env) == [("cara", 1_000, 1_000), ("cleo", 500, 500)]

        # The same refund again (a redelivered event) claws back nothing more.
        again = await stripe_webhook(env, "charge.refunded", refunded(purchase))
        assert again == "nothing_to_claw_back"
        assert (await earnings(env, "cara"))["diamonds_total"] == 30_000
        assert len(await recorded_clawbacks(env)) == 2
        # Called twice for one refund (a retried transaction), the service does nothing new.
        async with unit_of_work(env.app.state.container.engine) as connection:
            refund_id = (await connection.execute(
                select(diamond_clawbacks.c.refund_id).limit(1))).scalar_one()
            repeated = await refund_clawbacks.clawback_diamonds_for_refund(
                connection, user_id="vic", coins_clawed=2_000, refund_id=refund_id, since_ms=0)
        assert repeated == []
        assert (await earnings(env, "cleo"))["diamonds_total"] == 0


async def test_refund_of_coins_not_yet_gifted_leaves_creators_alone(
    database_url: str, tmp_path: Path
) -> None:
    async with clawback_env(database_url, tmp_path) as env:
        await make_creator(env, "cara", diamonds=0)
        await make_user(env.app, "vic", birth_date=ADULT_BIRTH_DATE)
        await buy_coins(env, "vic", 2_000)
        second = await buy_coins(env, "vic", 500)
        await gift(env, "vic", await go_live(env, "cara"), "concert", 1)  # 500 of 2,500
        await refund_fully(env, second)  # 2,000 still in the wallet cover it
        assert (await env.account(chart.user_coins("vic")))["balance"] == 1_500
        assert (await earnings(env, "cara"))["diamonds_total"] == 500
        assert await recorded_clawbacks(env) == []


async def test_claw_back_after_a_payout_leaves_a_negative_balance(
    database_url: str, tmp_path: Path
) -> None:
    async with clawback_env(database_url, tmp_path, hold_days=0) as env:
        await make_creator(env, "cara", diamonds=19_000)
        await make_user(env.app, "vic", birth_date=ADULT_BIRTH_DATE)
        purchase = await buy_coins(env, "vic", 2_000)
        await gift(env, "vic", await go_live(env, "cara"), "concert", 2)  # 1,000 diamonds
        withdrawal = (await withdraw(env, 10_000)).json()  # all 20,000 diamonds
        await env.submit()
        await item_event(env, withdrawal, "PAYMENT.PAYOUTS-ITEM.SUCCEEDED")
        await refund_fully(env, purchase)
        cara = await earnings(env, "cara")
        assert (cara["diamonds_total"], cara["diamonds_withdrawable"],
                cara["cash_value_minor"]) == (-1_000, 0, 0)
        # Future earnings repay the debt before anything is withdrawable again.
        await grant_aged_diamonds(env.app, "cara", 21_000)
        assert (await earnings(env, "cara"))["diamonds_withdrawable"] == 20_000

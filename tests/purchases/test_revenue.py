"""Revenue is booked from what the store says it charged, with the price list's quote kept
beside it and a mismatch flagged (field, operator list, metric), never silently replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fancoins.ledger import chart
from fancoins.purchases.service import store_account_token
from tests.purchases.conftest import Env, provider_settings
from tests.purchases.helpers import apple_jws, buy_apple
from tests.support.api import running_app
from tests.support.google_fake import GooglePlayFake

MISMATCH_METRIC = 'fancoins_purchase_price_mismatches_total{channel="ios",provider="apple"}'


async def metric(env: Env, line_start: str) -> float:
    scraped = await env.client.get("/metrics", headers=env.auth_admin())
    assert scraped.status_code == 200
    for line in scraped.text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.split()[-1])
    return 0.0


async def legs(env: Env, channel: str, currency: str) -> list[int]:
    return [await env.balance(account) for account in (
        chart.store_receivable(channel, currency), chart.store_fees(currency),
        chart.taxes(currency), chart.revenue(currency))]


async def test_apple_purchase_is_booked_at_the_signed_price_currency_and_storefront(
    env: Env
) -> None:
    await env.user("gbr", country="GB")
    before = await metric(env, MISMATCH_METRIC)
    jws = apple_jws("gbr", productId="coins.500", transactionId="t-gb", storefront="GBR",
                    storefrontId="143444", currency="GBP", price=7990)
    bought = await buy_apple(env, "gbr", jws)
    assert bought.status_code == 200, bought.text
    body = bought.json()
    assert (body["price_minor"], body["currency"], body["country"], body["storefront"]) == (
        799, "GBP", "GB", "GBR")
    assert (body["quoted_price_minor"], body["quoted_currency"]) == (649, "GBP")
    assert (body["revenue_source"], body["price_mismatch"]) == ("store", True)
    # £7.99 with 20% VAT inside: tax 133 (799 - 666), Apple's 30% of 666 = 200, net 466.
    assert await legs(env, "ios", "GBP") == [-799, 200, 133, 466]
    assert await metric(env, MISMATCH_METRIC) == before + 1
    listed = await env.client.get("/v1/admin/purchases/price-mismatches",
                                  headers=env.auth_admin())
    assert [p["id"] for p in listed.json()["items"]] == [body["id"]]
    await env.verify_ok()


async def test_a_price_that_matches_the_list_is_not_flagged(env: Env) -> None:
    await env.user("gbr", country="GB")
    jws = apple_jws("gbr", productId="coins.500", transactionId="t-gb-ok", storefront="GBR",
                    currency="GBP", price=6490)
    body = (await buy_apple(env, "gbr", jws)).json()
    assert (body["price_minor"], body["price_mismatch"], body["revenue_source"]) == (
        649, False, "store")
    listed = await env.client.get("/v1/admin/purchases/price-mismatches",
                                  headers=env.auth_admin())
    assert listed.json()["items"] == []


async def test_apple_without_a_bookable_price_books_the_quote_marked_quoted(env: Env) -> None:
    await env.user("ann")
    unknown_currency = apple_jws("ann", transactionId="t-xts", currency="XTS", price=1000)
    body = (await buy_apple(env, "ann", unknown_currency)).json()
    assert (body["price_minor"], body["currency"], body["revenue_source"]) == (
        129, "USD", "quoted")
    assert body["price_mismatch"] is True  # the store charged something we cannot book


async def google_buy(env: Env, user_id: str, token: str, product: str = "coins.500") -> Any:
    return await env.client.post("/v1/purchases/google", json={
        "product_id": product, "purchase_token": token}, headers=env.auth(user_id))


async def test_google_purchase_is_booked_at_the_orders_api_total_and_tax(
    env: Env, google_play: GooglePlayFake
) -> None:
    await env.user("gbr", country="GB")
    google_play.add_purchase("coins.500", "tok-gb", order_total=("GBP", 699),
                             order_tax_minor=117, buyer_country="GB", regionCode="GB",
                             obfuscatedExternalAccountId=store_account_token("gbr"))
    body = (await google_buy(env, "gbr", "tok-gb")).json()
    assert (body["price_minor"], body["currency"], body["country"]) == (699, "GBP", "GB")
    assert (body["quoted_price_minor"], body["price_mismatch"]) == (649, True)
    assert body["revenue_source"] == "store"
    # Google's own tax figure; Google's 30% of the 582 left is 175; net 407.
    assert await legs(env, "android", "GBP") == [-699, 175, 117, 407]
    await env.verify_ok()


async def test_google_order_unknown_to_the_orders_api_books_the_quote_marked_quoted(
    env: Env, google_play: GooglePlayFake
) -> None:
    await env.user("gia")
    google_play.add_purchase("coins.500", "tok-no-order", with_order=False,
                             obfuscatedExternalAccountId=store_account_token("gia"))
    body = (await google_buy(env, "gia", "tok-no-order")).json()
    assert (body["price_minor"], body["revenue_source"], body["price_mismatch"]) == (
        649, "quoted", False)
    assert await env.coins("gia") == 500


async def test_web_checkout_is_booked_at_what_stripe_charged(
    database_url: str, tmp_path: Path
) -> None:
    settings = provider_settings(database_url, None, tmp_path, purchases__demo_checkout=True)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        await env.user("web")
        session = await client.post("/v1/checkout/sessions", json={"coins": 500},
                                    headers={**env.auth("web"), "Idempotency-Key": "w-1"})
        assert session.json()["revenue_source"] == "quoted"  # nothing charged yet
        await client.post(session.json()["checkout_url"] + "/complete")
        paid = await client.get(f"/v1/purchases/{session.json()['id']}",
                                headers=env.auth("web"))
        assert (paid.json()["revenue_source"], paid.json()["price_mismatch"]) == (
            "store", False)

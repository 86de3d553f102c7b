"""Every retry of a purchase answers its first answer, whatever changed in between: the
buyer frozen or unfrozen, a cap window passed. A new key is decided afresh."""

from __future__ import annotations

from typing import Any

from fancoins.kit.clock import OffsetClock, use_clock
from fancoins.purchases.service import store_account_token
from tests.purchases.conftest import Env
from tests.purchases.helpers import apple_jws, buy_apple, checkout
from tests.support.google_fake import GooglePlayFake


async def freeze(env: Env, user_id: str, frozen: bool) -> None:
    await env.user(user_id, frozen=frozen)


async def test_apple_retry_answers_the_first_answer(env: Env) -> None:
    await env.user("ann")
    jws = apple_jws("ann", transactionId="t-retry")
    first = await buy_apple(env, "ann", jws)
    assert first.status_code == 200
    await freeze(env, "ann", True)
    again = await buy_apple(env, "ann", jws)  # a fresh decision would refuse a frozen buyer
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert again.json()["replayed"] is True

    await env.user("bob", frozen=True)
    refused_jws = apple_jws("bob", transactionId="t-frozen")
    refused = await buy_apple(env, "bob", refused_jws)
    assert refused.status_code == 403 and refused.json()["type"].endswith("account-frozen")
    await freeze(env, "bob", False)
    retried = await buy_apple(env, "bob", refused_jws)
    assert (retried.status_code, retried.json()) == (403, refused.json())
    assert await env.coins("bob") == 0
    # A new key asks again, and the unfrozen buyer gets the coins.
    fresh = await buy_apple(env, "bob", refused_jws, key="after-unfreeze")
    assert fresh.status_code == 200 and await env.coins("bob") == 100


async def google_buy(env: Env, user_id: str, token: str, key: str | None = None) -> Any:
    headers = env.auth(user_id)
    if key is not None:
        headers["Idempotency-Key"] = key
    return await env.client.post("/v1/purchases/google", json={
        "product_id": "coins.500", "purchase_token": token}, headers=headers)


async def test_google_retry_answers_the_first_answer(
    env: Env, google_play: GooglePlayFake
) -> None:
    await env.user("gia")
    google_play.add_purchase("coins.500", "tok-r",
                             obfuscatedExternalAccountId=store_account_token("gia"))
    first = await google_buy(env, "gia", "tok-r")
    assert first.status_code == 200
    await freeze(env, "gia", True)
    # Google now reports the purchase consumed, and the buyer is frozen: still the first answer.
    again = await google_buy(env, "gia", "tok-r")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]

    await env.user("gus", frozen=True)
    google_play.add_purchase("coins.500", "tok-f",
                             obfuscatedExternalAccountId=store_account_token("gus"))
    refused = await google_buy(env, "gus", "tok-f")
    assert refused.status_code == 403
    await freeze(env, "gus", False)
    retried = await google_buy(env, "gus", "tok-f")
    assert (retried.status_code, retried.json()) == (403, refused.json())
    assert google_play.purchases[("coins.500", "tok-f")]["consumptionState"] == 0
    fresh = await google_buy(env, "gus", "tok-f", key="after-unfreeze")
    assert fresh.status_code == 200 and await env.coins("gus") == 500


async def test_checkout_retry_answers_the_first_answer(env: Env) -> None:
    await env.user("web")
    first = await checkout(env, "web", key="c-1")
    assert first.status_code == 200
    await freeze(env, "web", True)
    again = await checkout(env, "web", key="c-1")
    assert again.status_code == 200
    assert again.json()["session_id"] == first.json()["session_id"]
    await freeze(env, "web", False)

    await env.user("whale")
    for index in range(10):  # $999.90 of the $1,000 daily cap
        assert (await checkout(env, "whale", 10_000, key=f"cap-{index}")).status_code == 200
    refused = await checkout(env, "whale", 10_000, key="cap-10")
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("purchase-cap-exceeded")
    with use_clock(OffsetClock()) as clock:
        clock.advance(days=8)  # both cap windows have passed: a fresh decision would accept
        retried = await checkout(env, "whale", 10_000, key="cap-10")
        assert (retried.status_code, retried.json()) == (403, refused.json())
        fresh = await checkout(env, "whale", 10_000, key="cap-11")
        assert fresh.status_code == 200


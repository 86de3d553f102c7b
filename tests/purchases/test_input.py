"""Bounded, clean input at the purchase endpoints: identifiers are ASCII only, and a slow
store is waited for off the event loop, with a deadline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest

from fancoins.purchases.service import store_account_token
from tests.purchases.conftest import Env, provider_settings
from tests.purchases.helpers import apple_jws, buy_apple
from tests.support import apple_keys
from tests.support.api import running_app
from tests.support.google_fake import GooglePlayFake
from tests.support.http_fake import FakeHttpServer, Reply, Request

SLOW_S = 4.0  # how long the slow store takes to answer
# Another request must be answered this long before the slow one is (a stalled event loop
# answers it only after the slow call returns), however loaded the machine is.
AHEAD_S = 1.0
STUCK_S = 8.0  # a store that does not answer within any sensible deadline


@pytest.mark.parametrize(("product_id", "why"), [
    ("coins.\uff11\uff10\uff10", "full-width digits read by int() as 100"),
    ("coins.\u00b2", "a superscript two: isdigit() but not int()"),
    ("coins.\u0661\u0660\u0660", "Arabic-Indic digits"),
])
async def test_non_ascii_product_ids_are_refused(env: Env, product_id: str, why: str) -> None:
    await env.user("eve")
    response = await buy_apple(env, "eve", apple_jws("eve", productId=product_id,
                                                     transactionId="t-uni", price=1290))
    assert response.status_code == 422, (why, response.text)
    assert response.json()["type"].endswith("product-unknown")
    assert await env.coins("eve") == 0


async def test_non_ascii_store_ids_are_refused(env: Env) -> None:
    await env.user("eve")
    response = await buy_apple(env, "eve", apple_jws("eve", transactionId="t-\uff11"))
    assert response.status_code == 422
    assert response.json()["type"].endswith("receipt-invalid")
    google = await env.client.post("/v1/purchases/google", json={
        "product_id": "coins.\uff15\uff10\uff10", "purchase_token": "tok"},
        headers=env.auth("eve"))
    assert google.status_code == 422
    assert await env.coins("eve") == 0


class SlowOcsp(FakeHttpServer):
    """An OCSP responder that takes its time, then fails (a retryable answer)."""

    def __init__(self) -> None:
        self.delay_s = SLOW_S
        super().__init__(self.handle)

    def handle(self, request: Request) -> Reply:
        del request
        return Reply(500, b"", delay_s=self.delay_s)


@pytest.fixture
def slow_ocsp() -> Iterator[SlowOcsp]:
    with SlowOcsp() as server:
        yield server


async def answered_meanwhile(slow: Coroutine[Any, Any, Any], other: Callable[[], Coroutine[
        Any, Any, Any]]) -> tuple[Any, float]:
    """Start `slow`, then `other` a moment later; the slow one's answer, and by how much the
    other was answered first. A stalled event loop cannot even wake up for `other` before
    `slow` is done."""
    async def timed() -> tuple[Any, float]:
        answer = await slow
        return answer, time.perf_counter()

    task = asyncio.create_task(timed())
    await asyncio.sleep(0.1)
    await other()
    other_done = time.perf_counter()
    answer, slow_done = await task
    return answer, slow_done - other_done


async def test_a_slow_apple_check_does_not_stall_other_requests(
    database_url: str, tmp_path: Path, slow_ocsp: SlowOcsp
) -> None:
    chain = apple_keys.chain_with_ocsp(slow_ocsp.base_url + "/ocsp")
    root = tmp_path / "ocsp-root.cer"
    root.write_bytes(chain.root_der)
    settings = provider_settings(database_url, root, tmp_path, apple__online_checks=True)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        await env.user("ann")
        payload = apple_keys.transaction_payload(appAccountToken=store_account_token("ann"))
        jws = apple_keys.sign_transaction(payload, chain)
        answer, ahead = await answered_meanwhile(
            buy_apple(env, "ann", jws),
            lambda: client.get("/v1/packages", params={"channel": "ios"}))
        assert answer.status_code == 503, answer.text
        assert answer.json()["type"].endswith("provider-unavailable")
        assert ahead > AHEAD_S, f"another request was answered only {ahead:.2f} s earlier"
    slow_ocsp.delay_s = STUCK_S
    bounded = provider_settings(database_url, root, tmp_path, apple__online_checks=True,
                                apple__timeout_s=0.3)
    async with running_app(bounded) as (app, client):
        env = Env(app, client, bounded)
        waited = time.perf_counter()
        answer = await buy_apple(env, "ann", jws)
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "30"
        assert time.perf_counter() - waited < STUCK_S / 2  # the deadline, not the store


async def test_a_slow_google_api_does_not_stall_other_requests(
    database_url: str, tmp_path: Path, google_play: GooglePlayFake
) -> None:
    settings = provider_settings(database_url, None, tmp_path, google_play)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        await env.user("gia")
        google_play.add_purchase("coins.500", "tok-slow",
                                 obfuscatedExternalAccountId=store_account_token("gia"))
        google_play.delay_s = SLOW_S
        # Only the first call: the loop would stall during it; the purchase's other calls
        # (acknowledge) each added SLOW_S to the test and nothing to what it shows.
        google_play.delayed_calls = 1
        answer, ahead = await answered_meanwhile(
            env.client.post("/v1/purchases/google", json={
                "product_id": "coins.500", "purchase_token": "tok-slow"},
                headers=env.auth("gia")),
            lambda: client.get("/v1/packages", params={"channel": "android"}))
        assert answer.status_code == 200, answer.text
        assert ahead > AHEAD_S, f"another request was answered only {ahead:.2f} s earlier"

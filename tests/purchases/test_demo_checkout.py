"""The DEMO web checkout: a local page whose Pay button signs a real Stripe webhook with a
throwaway secret and runs it through the real webhook handler."""

from __future__ import annotations

from pathlib import Path

import pytest

from fancoins.config import ConfigError, load_settings
from tests.purchases.conftest import Env, provider_settings
from tests.support.api import running_app


async def test_demo_checkout_end_to_end(database_url: str, tmp_path: Path) -> None:
    settings = provider_settings(database_url, None, tmp_path, purchases__demo_checkout=True)
    async with running_app(settings) as (app, client):
        env = Env(app, client, settings)
        headers = await env.user("alice")
        session = await client.post("/v1/checkout/sessions", json={"coins": 2000},
                                    headers={**headers, "Idempotency-Key": "demo-1"})
        assert session.status_code == 200, session.text
        url = session.json()["checkout_url"]
        assert url.startswith("/v1/demo/checkout/cs_demo_")
        page = await client.get(url)
        assert page.status_code == 200 and "DEMO checkout" in page.text and "19.99" in page.text
        paid = await client.post(url + "/complete")
        assert paid.status_code == 200 and paid.json()["outcome"] == "fulfilled"
        assert await env.coins("alice") == 2000
        twice = await client.post(url + "/complete")
        assert twice.json()["outcome"] == "fulfilled"  # the same signed event: first answer
        assert await env.coins("alice") == 2000
        # The real webhook endpoint verifies with the demo secret: a forged event is refused.
        forged = await client.post("/v1/webhooks/stripe", content=b"{}",
                                   headers={"Stripe-Signature": "t=1,v1=00"})
        assert forged.status_code == 400
        missing = await client.get("/v1/demo/checkout/cs_demo_nothing")
        assert missing.status_code == 404
        await env.verify_ok()


async def test_demo_pages_do_not_exist_without_demo_mode(
    database_url: str, tmp_path: Path
) -> None:
    settings = provider_settings(database_url, None, tmp_path)
    async with running_app(settings) as (_, client):
        assert (await client.get("/v1/demo/checkout/cs_demo_x")).status_code == 404
        assert (await client.post("/v1/demo/checkout/cs_demo_x/complete")).status_code == 404


def test_demo_checkout_is_refused_in_production() -> None:
    secret = "a-production-secret-that-is-long-enough-1234"
    with pytest.raises(ConfigError, match="FANCOINS_PURCHASES__DEMO_CHECKOUT"):
        load_settings(mode="production", jwt__secret=secret, purchases__demo_checkout=True)
    production = load_settings(mode="production", jwt__secret=secret)
    assert production.demo_checkout_enabled is False
    assert load_settings(mode="development").demo_checkout_enabled is True
    assert load_settings(mode="development", stripe__secret_key="sk").demo_checkout_enabled is False


def test_provider_settings_are_checked() -> None:
    for environment in ("LocalTesting", "Xcode", "production"):
        with pytest.raises(ConfigError, match="APPLE__ENVIRONMENT"):
            load_settings(apple__environment=environment)
    with pytest.raises(ConfigError, match="FANCOINS_STRIPE__API_BASE"):
        load_settings(mode="production", jwt__secret="x" * 40, stripe__api_base="http://fake")

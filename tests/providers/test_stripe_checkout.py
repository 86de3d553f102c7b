"""StripeCheckout against the local Stripe fake (real HTTP) and real webhook signatures."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any

import pytest
import pytest_asyncio

from fancoins.providers import ProviderRejected, ProviderUnavailable, ProviderVerificationError
from fancoins.providers.stripe_checkout import StripeCheckout, StripeConfig
from tests.support import stripe_fake
from tests.support.http_fake import unused_local_url
from tests.support.stripe_fake import SECRET_KEY, WEBHOOK_SECRET, StripeFake

pytestmark = pytest.mark.asyncio


@pytest.fixture
def fake() -> Iterator[StripeFake]:
    with StripeFake() as running:
        yield running
        assert running.handler_errors == []


@pytest.fixture
def config(fake: StripeFake) -> StripeConfig:
    return StripeConfig(
        secret_key=SECRET_KEY,
        webhook_secret=WEBHOOK_SECRET,
        api_base=fake.base_url,
        timeout_s=5.0,
        success_url="https://fancoins.example/wallet?paid=1",
        cancel_url="https://fancoins.example/wallet",
    )


@pytest_asyncio.fixture
async def checkout(config: StripeConfig) -> AsyncIterator[StripeCheckout]:
    client = StripeCheckout(config)
    yield client
    await client.aclose()


def session_args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "idempotency_key": "purchase-0001",
        "price_minor": 499,
        "currency": "USD",
        "product_name": "500 coins",
        "quantity": 1,
        "client_reference_id": "purchase-0001",
        "metadata": {"purchase_id": "purchase-0001", "user_id": "u-1"},
    }
    args.update(overrides)
    return args


# --- sessions ---


async def test_session_sends_idempotency_key_and_integer_amounts(
    fake: StripeFake, checkout: StripeCheckout
) -> None:
    session = await checkout.create_session(**session_args(price_minor=1999, quantity=2))
    assert session.id.startswith("cs_test_")
    assert session.url.endswith(session.id)
    [call] = fake.calls
    assert call.idempotency_key == "purchase-0001"
    assert call.params["line_items[0][price_data][unit_amount]"] == "1999"
    assert call.params["line_items[0][quantity]"] == "2"
    assert call.params["line_items[0][price_data][currency]"] == "usd"
    assert call.params["mode"] == "payment"
    assert call.params["client_reference_id"] == "purchase-0001"
    assert call.params["metadata[purchase_id]"] == "purchase-0001"
    assert call.params["payment_intent_data[metadata][purchase_id]"] == "purchase-0001"
    assert call.response["amount_total"] == 3998


async def test_same_idempotency_key_returns_the_same_session(
    fake: StripeFake, checkout: StripeCheckout
) -> None:
    first = await checkout.create_session(**session_args())
    again = await checkout.create_session(**session_args())
    assert again == first
    assert len(fake.calls) == 2
    assert fake.sessions_created == 1


async def test_same_key_with_other_parameters_is_rejected(checkout: StripeCheckout) -> None:
    await checkout.create_session(**session_args())
    with pytest.raises(ProviderRejected) as caught:
        await checkout.create_session(**session_args(price_minor=999))
    assert caught.value.reason == "idempotency_conflict"


@pytest.mark.parametrize("price", [4.99, True, 0, -1], ids=["float", "bool", "zero", "negative"])
async def test_non_integer_prices_never_reach_stripe(
    fake: StripeFake, checkout: StripeCheckout, price: object
) -> None:
    with pytest.raises(ValueError, match="price_minor"):
        await checkout.create_session(**session_args(price_minor=price))
    assert fake.calls == []


async def test_wrong_api_key_is_rejected(config: StripeConfig) -> None:
    client = StripeCheckout(replace(config, secret_key="sk_test_wrong"))
    try:
        with pytest.raises(ProviderRejected) as caught:
            await client.create_session(**session_args())
        assert caught.value.status == 401
    finally:
        await client.aclose()


async def test_unreachable_stripe_is_unavailable(config: StripeConfig) -> None:
    client = StripeCheckout(replace(config, api_base=unused_local_url()))
    try:
        with pytest.raises(ProviderUnavailable):
            await client.create_session(**session_args())
    finally:
        await client.aclose()


# --- webhooks ---


def completed_event() -> dict[str, Any]:
    return stripe_fake.event(
        "checkout.session.completed",
        {
            "id": "cs_test_000001",
            "object": "checkout.session",
            "payment_status": "paid",
            "amount_total": 499,
            "currency": "usd",
            "client_reference_id": "purchase-0001",
            "metadata": {"purchase_id": "purchase-0001"},
        },
        event_id="evt_test_completed",
    )


async def test_webhook_good(checkout: StripeCheckout) -> None:
    body, header = stripe_fake.signed_webhook(completed_event())
    event = checkout.parse_webhook(body, header)
    assert event.id == "evt_test_completed"
    assert event.type == "checkout.session.completed"
    assert event.object["payment_status"] == "paid"
    assert event.object["amount_total"] == 499
    assert event.livemode is False


def webhook_reason(checkout: StripeCheckout, body: bytes, header: str) -> str:
    with pytest.raises(ProviderVerificationError) as caught:
        checkout.parse_webhook(body, header)
    return caught.value.reason


async def test_webhook_tampered_body_is_rejected(checkout: StripeCheckout) -> None:
    body, header = stripe_fake.signed_webhook(completed_event())
    forged = body.replace(b'"amount_total": 499', b'"amount_total": 49900')
    assert forged != body
    assert webhook_reason(checkout, forged, header) == "signature_invalid"


async def test_webhook_wrong_secret_is_rejected(checkout: StripeCheckout) -> None:
    body, header = stripe_fake.signed_webhook(completed_event(), "whsec_someone_else")
    assert webhook_reason(checkout, body, header) == "signature_invalid"


async def test_webhook_stale_timestamp_is_rejected(checkout: StripeCheckout) -> None:
    stale = int(time.time()) - 301
    body, header = stripe_fake.signed_webhook(completed_event(), timestamp=stale)
    assert webhook_reason(checkout, body, header) == "signature_invalid"


async def test_webhook_missing_header_is_rejected(checkout: StripeCheckout) -> None:
    body, _ = stripe_fake.signed_webhook(completed_event())
    assert webhook_reason(checkout, body, "") == "signature_invalid"


async def test_webhook_signed_but_malformed_is_payload_invalid(checkout: StripeCheckout) -> None:
    body = b'{"id": "evt_1", "object": "event", "type": "x"}'  # no data.object
    header = stripe_fake.sign_raw(body)
    assert webhook_reason(checkout, body, header) == "payload_invalid"


async def test_webhook_signed_non_json_is_payload_invalid(checkout: StripeCheckout) -> None:
    header = stripe_fake.sign_raw(b"not json")
    assert webhook_reason(checkout, b"not json", header) == "payload_invalid"

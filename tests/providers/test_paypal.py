"""PayPalPayouts against the local PayPal fake (real HTTP), and offline webhook verification
with real RSA signatures from the test PKI."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any

import pytest
import pytest_asyncio

from fancoins.providers import ProviderRejected, ProviderUnavailable, ProviderVerificationError
from fancoins.providers.paypal import (
    HttpxCertFetcher,
    PayoutBatchDuplicate,
    PayPalConfig,
    PayPalPayouts,
    PayPalWebhookVerifier,
)
from tests.support import paypal_fake
from tests.support.http_fake import FakeHttpServer, Reply, Request
from tests.support.paypal_fake import CERT_URL, CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID, PayPalFake

pytestmark = pytest.mark.asyncio

CLIENT_TIMEOUT_S = 0.3  # the fake's slow reply (1 s) must outlast it


@pytest.fixture
def fake() -> Iterator[PayPalFake]:
    with PayPalFake(slow_reply_s=1.0) as running:
        yield running
        assert running.handler_errors == []


@pytest.fixture
def config(fake: PayPalFake) -> PayPalConfig:
    return PayPalConfig(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        api_base=fake.base_url,
        webhook_id=WEBHOOK_ID,
        timeout_s=CLIENT_TIMEOUT_S,
        trusted_root_certs_pem=(paypal_fake.trusted_pki().root_pem,),
    )


@pytest_asyncio.fixture
async def payouts(config: PayPalConfig) -> AsyncIterator[PayPalPayouts]:
    async with PayPalPayouts(config) as client:
        yield client


def payout_args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "sender_batch_id": "withdrawal-0001",
        "sender_item_id": "withdrawal-0001",
        "receiver_email": "creator@example.com",
        "amount_minor": 10050,
        "currency": "USD",
        "note": "fancoins creator payout",
    }
    args.update(overrides)
    return args


# --- payouts ---


async def test_token_then_payout_create(fake: PayPalFake, payouts: PayPalPayouts) -> None:
    batch = await payouts.create_payout(**payout_args())
    assert batch.batch_status == "PENDING"
    assert batch.sender_batch_id == "withdrawal-0001"
    stored = fake.batches[batch.batch_id]
    item = stored["items"][0]["payout_item"]
    assert item["amount"] == {"value": "100.50", "currency": "USD"}
    assert item["receiver"] == "creator@example.com"
    assert item["sender_item_id"] == "withdrawal-0001"
    assert fake.token_requests == 1


async def test_access_token_is_cached(fake: PayPalFake, payouts: PayPalPayouts) -> None:
    batch = await payouts.create_payout(**payout_args())
    await payouts.get_payout_batch(batch.batch_id)
    await payouts.get_payout_batch(batch.batch_id)
    assert fake.token_requests == 1


async def test_token_expiring_within_the_margin_is_renewed(config: PayPalConfig) -> None:
    with PayPalFake(token_expires_in_s=30) as short_lived:  # below the 60 s renewal margin
        async with PayPalPayouts(replace(config, api_base=short_lived.base_url)) as client:
            await client.create_payout(**payout_args())
            await client.create_payout(**payout_args(sender_batch_id="withdrawal-0002"))
        assert short_lived.token_requests == 2


async def test_revoked_token_is_replaced_once(fake: PayPalFake, payouts: PayPalPayouts) -> None:
    batch = await payouts.create_payout(**payout_args())
    fake.revoke_tokens()
    assert (await payouts.get_payout_batch(batch.batch_id)).batch_id == batch.batch_id
    assert fake.token_requests == 2


@pytest.mark.parametrize(
    ("amount_minor", "currency", "value"),
    [
        (10050, "USD", "100.50"),
        (10000, "JPY", "10000"),
        (12345, "KWD", "12.345"),
        (7, "EUR", "0.07"),
    ],
)
async def test_amounts_are_formatted_exactly_from_minor_units(
    fake: PayPalFake, payouts: PayPalPayouts, amount_minor: int, currency: str, value: str
) -> None:
    batch = await payouts.create_payout(
        **payout_args(amount_minor=amount_minor, currency=currency)
    )
    assert fake.batches[batch.batch_id]["items"][0]["payout_item"]["amount"] == {
        "value": value, "currency": currency,
    }


@pytest.mark.parametrize("amount", [100.5, 0, -100, True], ids=["float", "zero", "neg", "bool"])
async def test_bad_amounts_never_reach_paypal(
    fake: PayPalFake, payouts: PayPalPayouts, amount: object
) -> None:
    with pytest.raises(ValueError, match="amount_minor"):
        await payouts.create_payout(**payout_args(amount_minor=amount))
    assert fake.payout_posts == 0


async def test_duplicate_sender_batch_id_is_rejected(
    fake: PayPalFake, payouts: PayPalPayouts
) -> None:
    first = await payouts.create_payout(**payout_args())
    with pytest.raises(PayoutBatchDuplicate) as caught:
        await payouts.create_payout(**payout_args())
    assert caught.value.reason == "duplicate_sender_batch_id"
    assert caught.value.existing_batch_id == first.batch_id
    assert len(fake.batches) == 1


async def test_retry_after_timeout_finds_the_batch_paypal_made(
    fake: PayPalFake, payouts: PayPalPayouts
) -> None:
    fake.fail_next.append("slow")  # PayPal creates the batch but answers too late
    with pytest.raises(ProviderUnavailable):
        await payouts.create_payout(**payout_args())
    with pytest.raises(PayoutBatchDuplicate) as caught:
        await payouts.create_payout(**payout_args())
    assert caught.value.existing_batch_id is not None
    batch = await payouts.get_payout_batch(caught.value.existing_batch_id)
    assert batch.sender_batch_id == "withdrawal-0001"
    assert len(fake.batches) == 1  # paid once


async def test_retry_after_server_error_creates_the_batch_once(
    fake: PayPalFake, payouts: PayPalPayouts
) -> None:
    fake.fail_next.append("error_500")
    with pytest.raises(ProviderUnavailable):
        await payouts.create_payout(**payout_args())
    batch = await payouts.create_payout(**payout_args())
    assert list(fake.batches) == [batch.batch_id]


async def test_get_payout_batch_reports_items(fake: PayPalFake, payouts: PayPalPayouts) -> None:
    created = await payouts.create_payout(**payout_args())
    fake.settle(created.batch_id, item_status="UNCLAIMED")
    batch = await payouts.get_payout_batch(created.batch_id)
    assert batch.batch_status == "SUCCESS"
    [item] = batch.items
    assert item.sender_item_id == "withdrawal-0001"
    assert item.transaction_status == "UNCLAIMED"


async def test_unknown_batch_is_rejected(payouts: PayPalPayouts) -> None:
    with pytest.raises(ProviderRejected) as caught:
        await payouts.get_payout_batch("NOSUCHBATCH")
    assert caught.value.status == 404


async def test_wrong_client_secret_is_rejected(config: PayPalConfig) -> None:
    async with PayPalPayouts(replace(config, client_secret="wrong")) as client:
        with pytest.raises(ProviderRejected) as caught:
            await client.create_payout(**payout_args())
    assert caught.value.status == 401


# --- webhooks ---


@pytest.fixture
def verifier(config: PayPalConfig) -> PayPalWebhookVerifier:
    return PayPalWebhookVerifier(config)


def item_event() -> dict[str, Any]:
    return paypal_fake.payout_event(
        "PAYMENT.PAYOUTS-ITEM.SUCCEEDED",
        {"payout_item_id": "FAKEBATCH000001-ITEM1", "transaction_status": "SUCCESS",
         "payout_item": {"sender_item_id": "withdrawal-0001"}},
        event_id="WH-0001",
    )


async def verify_reason(
    verifier: PayPalWebhookVerifier,
    headers: dict[str, str],
    body: bytes,
    served: dict[str, bytes] | None = None,
) -> str:
    fetch, _ = paypal_fake.cert_fetcher(served)
    with pytest.raises(ProviderVerificationError) as caught:
        await verifier.verify_webhook(headers, body, fetch)
    return caught.value.reason


async def test_webhook_good(verifier: PayPalWebhookVerifier) -> None:
    headers, body = paypal_fake.signed_webhook(item_event())
    fetch, asked = paypal_fake.cert_fetcher()
    event = await verifier.verify_webhook(headers, body, fetch)
    assert (event.id, event.event_type) == ("WH-0001", "PAYMENT.PAYOUTS-ITEM.SUCCEEDED")
    assert event.resource["payout_item"]["sender_item_id"] == "withdrawal-0001"
    assert asked == [CERT_URL]


async def test_webhook_headers_are_case_insensitive(verifier: PayPalWebhookVerifier) -> None:
    headers, body = paypal_fake.signed_webhook(item_event())
    fetch, _ = paypal_fake.cert_fetcher()
    lower = {name.lower(): value for name, value in headers.items()}
    assert (await verifier.verify_webhook(lower, body, fetch)).id == "WH-0001"


async def test_webhook_forged_with_look_alike_certificate(verifier: PayPalWebhookVerifier) -> None:
    forger = paypal_fake.untrusted_pki()
    headers, body = paypal_fake.signed_webhook(item_event(), pki=forger)
    reason = await verify_reason(verifier, headers, body, {CERT_URL: forger.chain_pem})
    assert reason == "certificate_invalid"


async def test_webhook_signed_by_another_key(verifier: PayPalWebhookVerifier) -> None:
    headers, body = paypal_fake.signed_webhook(
        item_event(), signing_key=paypal_fake.untrusted_pki().leaf_key
    )
    assert await verify_reason(verifier, headers, body) == "signature_invalid"


async def test_webhook_tampered_body(verifier: PayPalWebhookVerifier) -> None:
    headers, body = paypal_fake.signed_webhook(item_event())
    forged = body.replace(b'"SUCCESS"', b'"RETURNED"')
    assert forged != body
    assert await verify_reason(verifier, headers, forged) == "signature_invalid"


async def test_webhook_for_another_webhook_id(verifier: PayPalWebhookVerifier) -> None:
    headers, body = paypal_fake.signed_webhook(item_event(), webhook_id="OTHER-WEBHOOK")
    assert await verify_reason(verifier, headers, body) == "signature_invalid"


@pytest.mark.parametrize(
    "cert_url",
    [
        "https://evil.example/v1/notifications/certs/CERT-1",
        "https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1",
        "https://evilpaypal.com/v1/notifications/certs/CERT-1",
        "http://api.paypal.com/v1/notifications/certs/CERT-1",
        "https://user@api.paypal.com/v1/notifications/certs/CERT-1",
        "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
    ],
    ids=["foreign-host", "suffix-trick", "no-dot", "plain-http", "userinfo", "odd-port"],
)
async def test_webhook_cert_url_must_be_paypal_https(
    verifier: PayPalWebhookVerifier, cert_url: str
) -> None:
    headers, body = paypal_fake.signed_webhook(item_event(), cert_url=cert_url)
    fetch, asked = paypal_fake.cert_fetcher({cert_url: paypal_fake.trusted_pki().chain_pem})
    with pytest.raises(ProviderVerificationError) as caught:
        await verifier.verify_webhook(headers, body, fetch)
    assert caught.value.reason == "cert_url_invalid"
    assert asked == []  # never fetched


async def test_webhook_certificate_for_a_foreign_name(verifier: PayPalWebhookVerifier) -> None:
    pki = paypal_fake.trusted_pki_foreign_name()
    headers, body = paypal_fake.signed_webhook(item_event(), pki=pki)
    reason = await verify_reason(verifier, headers, body, {CERT_URL: pki.chain_pem})
    assert reason == "certificate_invalid"


async def test_webhook_missing_header(verifier: PayPalWebhookVerifier) -> None:
    headers, body = paypal_fake.signed_webhook(item_event())
    del headers["PAYPAL-TRANSMISSION-SIG"]
    assert await verify_reason(verifier, headers, body) == "signature_invalid"


async def test_webhook_unexpected_algorithm(verifier: PayPalWebhookVerifier) -> None:
    headers, body = paypal_fake.signed_webhook(item_event())
    headers["PAYPAL-AUTH-ALGO"] = "SHA1withRSA"
    assert await verify_reason(verifier, headers, body) == "signature_invalid"


async def test_verifier_requires_trusted_roots(config: PayPalConfig) -> None:
    with pytest.raises(ValueError, match="trusted_root_certs_pem"):
        PayPalWebhookVerifier(replace(config, trusted_root_certs_pem=()))


async def test_default_cert_fetcher_fetches_once_and_caches() -> None:
    pem = paypal_fake.trusted_pki().chain_pem
    served: list[str] = []

    def handle(request: Request) -> Reply:
        served.append(request.path)
        return Reply(200, pem, {"Content-Type": "application/x-pem-file"})

    with FakeHttpServer(handle) as server:
        fetch = HttpxCertFetcher(timeout_s=2.0)
        url = server.base_url + "/v1/notifications/certs/CERT-1"
        assert await fetch(url) == pem
        assert await fetch(url) == pem
    assert served == ["/v1/notifications/certs/CERT-1"]


async def test_default_cert_fetcher_failure_is_unavailable() -> None:
    with FakeHttpServer(lambda request: Reply(503)) as server:
        fetch = HttpxCertFetcher(timeout_s=2.0)
        with pytest.raises(ProviderUnavailable):
            await fetch(server.base_url + "/cert")

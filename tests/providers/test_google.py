"""GooglePlayClient and GoogleRtdnReceiver against the local Play fake, over real HTTP."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import replace

import pytest

from fancoins.providers import ProviderUnavailable, ProviderVerificationError
from fancoins.providers.google import GoogleConfig, GooglePlayClient, GoogleRtdnReceiver
from tests.support import google_fake
from tests.support.google_fake import PACKAGE_NAME, GooglePlayFake
from tests.support.http_fake import unused_local_url

PRODUCT = "coins.500"


@pytest.fixture
def fake() -> Iterator[GooglePlayFake]:
    with GooglePlayFake(voided_page_size=2) as running:
        yield running
        assert running.handler_errors == []


@pytest.fixture
def config(fake: GooglePlayFake) -> GoogleConfig:
    return GoogleConfig(
        package_name=PACKAGE_NAME,
        service_account_info=fake.service_account_info,
        api_endpoint=fake.base_url,
        timeout_s=5.0,
        rtdn_audience=google_fake.PUSH_AUDIENCE,
        rtdn_service_account_email=google_fake.PUSH_SERVICE_ACCOUNT_EMAIL,
        oidc_certs_url=fake.certs_url,
    )


@pytest.fixture
def client(config: GoogleConfig) -> GooglePlayClient:
    return GooglePlayClient(config)


@pytest.fixture
def receiver(config: GoogleConfig) -> GoogleRtdnReceiver:
    return GoogleRtdnReceiver(config)


# --- purchases ---


def test_get_purchase_through_the_fake(fake: GooglePlayFake, client: GooglePlayClient) -> None:
    fake.add_purchase(
        PRODUCT, "tok-1", quantity=2, obfuscatedExternalAccountId="acct-42",
        purchaseTimeMillis="1700000000123",
    )
    purchase = client.get_product_purchase(PRODUCT, "tok-1")
    assert purchase.is_purchased
    assert purchase.quantity == 2
    assert purchase.obfuscated_external_account_id == "acct-42"
    assert purchase.purchase_time_ms == 1_700_000_000_123
    assert purchase.purchase_type is None
    assert (purchase.consumption_state, purchase.acknowledgement_state) == (0, 0)
    assert purchase.order_id is not None and purchase.order_id.startswith("GPA.")
    # The client got its access token from the fake's token endpoint with a signed assertion.
    assert fake.token_requests == 1


def test_missing_quantity_means_one(fake: GooglePlayFake, client: GooglePlayClient) -> None:
    purchase = fake.add_purchase(PRODUCT, "tok-q")
    assert "quantity" not in purchase
    assert client.get_product_purchase(PRODUCT, "tok-q").quantity == 1


def test_pending_and_test_purchases_are_reported(
    fake: GooglePlayFake, client: GooglePlayClient
) -> None:
    fake.add_purchase(PRODUCT, "tok-p", purchaseState=2, purchaseType=0)
    purchase = client.get_product_purchase(PRODUCT, "tok-p")
    assert not purchase.is_purchased
    assert (purchase.purchase_state, purchase.purchase_type) == (2, 0)


def test_unknown_token_is_token_invalid(client: GooglePlayClient) -> None:
    with pytest.raises(ProviderVerificationError) as caught:
        client.get_product_purchase(PRODUCT, "no-such-token")
    assert caught.value.reason == "token_invalid"


def test_consume_and_acknowledge(fake: GooglePlayFake, client: GooglePlayClient) -> None:
    fake.add_purchase(PRODUCT, "tok-2")
    client.acknowledge(PRODUCT, "tok-2")
    client.consume(PRODUCT, "tok-2")
    purchase = client.get_product_purchase(PRODUCT, "tok-2")
    assert (purchase.consumption_state, purchase.acknowledgement_state) == (1, 1)
    assert fake.token_requests == 1  # one access token reused across calls


def test_unreachable_api_is_unavailable(config: GoogleConfig) -> None:
    client = GooglePlayClient(replace(config, api_endpoint=unused_local_url()))
    with pytest.raises(ProviderUnavailable):
        client.get_product_purchase(PRODUCT, "tok")


def test_unreachable_token_endpoint_is_unavailable(config: GoogleConfig) -> None:
    info = {**config.service_account_info, "token_uri": unused_local_url() + "/token"}
    client = GooglePlayClient(replace(config, service_account_info=info))
    with pytest.raises(ProviderUnavailable):
        client.get_product_purchase(PRODUCT, "tok")


# --- voided purchases ---


def test_voided_list_follows_pagination(fake: GooglePlayFake, client: GooglePlayClient) -> None:
    for index in range(5):
        fake.add_voided(f"vtok-{index}", f"GPA.v{index}", 1_000_000 + index, voided_reason=7)
    fake.add_voided("too-old", "GPA.old", 10)
    voided = client.list_voided(start_time_ms=1_000_000)
    assert [item.purchase_token for item in voided.purchases] == [f"vtok-{i}" for i in range(5)]
    assert voided.next_page_token is None
    assert voided.purchases[0].voided_reason == 7
    assert voided.purchases[0].voided_time_ms == 1_000_000
    pages = [r for r in fake.requests if r.path.endswith("/voidedpurchases")]
    assert len(pages) == 3  # page size 2


def test_voided_list_stops_at_the_page_cap_and_resumes(
    fake: GooglePlayFake, config: GoogleConfig
) -> None:
    for index in range(5):
        fake.add_voided(f"vtok-{index}", f"GPA.v{index}", 2_000 + index)
    client = GooglePlayClient(replace(config, voided_pages_max=2))
    first = client.list_voided(start_time_ms=0)
    assert len(first.purchases) == 4
    assert first.next_page_token is not None
    rest = client.list_voided(start_time_ms=0, page_token=first.next_page_token)
    assert [item.purchase_token for item in rest.purchases] == ["vtok-4"]
    assert rest.next_page_token is None


# --- real-time developer notifications ---


def test_rtdn_one_time_product_notification(receiver: GoogleRtdnReceiver) -> None:
    body = google_fake.rtdn_push_body(
        {"oneTimeProductNotification": {
            "version": "1.0", "notificationType": 1, "purchaseToken": "tok-9", "sku": PRODUCT,
        }},
        message_id="msg-1",
    )
    rtdn = receiver.parse_rtdn(body)
    assert rtdn.message_id == "msg-1"
    assert rtdn.package_name == PACKAGE_NAME
    assert rtdn.one_time_product_notification is not None
    assert rtdn.one_time_product_notification.notification_type == 1
    assert rtdn.one_time_product_notification.purchase_token == "tok-9"
    assert rtdn.one_time_product_notification.sku == PRODUCT
    assert rtdn.voided_purchase_notification is None
    assert not rtdn.is_test


def test_rtdn_voided_purchase_notification(receiver: GoogleRtdnReceiver) -> None:
    body = google_fake.rtdn_push_body({"voidedPurchaseNotification": {
        "purchaseToken": "tok-v", "orderId": "GPA.1", "productType": 2, "refundType": 1,
    }})
    voided = receiver.parse_rtdn(body).voided_purchase_notification
    assert voided is not None
    assert (voided.purchase_token, voided.order_id) == ("tok-v", "GPA.1")
    assert (voided.product_type, voided.refund_type) == (2, 1)


def test_rtdn_test_notification(receiver: GoogleRtdnReceiver) -> None:
    rtdn = receiver.parse_rtdn(google_fake.rtdn_push_body({"testNotification": {"version": "1.0"}}))
    assert rtdn.is_test
    assert rtdn.one_time_product_notification is None


def test_rtdn_for_another_package_is_rejected(receiver: GoogleRtdnReceiver) -> None:
    body = google_fake.rtdn_push_body({"testNotification": {}}, package_name="com.other")
    with pytest.raises(ProviderVerificationError) as caught:
        receiver.parse_rtdn(body)
    assert caught.value.reason == "package_mismatch"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps({"message": {"data": "%%%", "messageId": "1"}}).encode(),
        json.dumps({"message": {"data": base64.b64encode(b"[1]").decode()}}).encode(),
    ],
    ids=["not-json", "not-object", "not-base64", "data-not-object"],
)
def test_malformed_rtdn_is_payload_invalid(receiver: GoogleRtdnReceiver, body: bytes) -> None:
    with pytest.raises(ProviderVerificationError) as caught:
        receiver.parse_rtdn(body)
    assert caught.value.reason == "payload_invalid"


# --- push authentication ---


def test_push_token_good(fake: GooglePlayFake, receiver: GoogleRtdnReceiver) -> None:
    identity = receiver.verify_push_token("Bearer " + google_fake.mint_push_token())
    assert identity.email == google_fake.PUSH_SERVICE_ACCOUNT_EMAIL
    receiver.verify_push_token(google_fake.mint_push_token())
    certs_fetches = [r for r in fake.requests if r.path == google_fake.CERTS_PATH]
    assert len(certs_fetches) == 1  # cached between verifications


@pytest.mark.parametrize(
    ("token_kwargs", "reason"),
    [
        ({"audience": "https://attacker.example/push"}, "audience_mismatch"),
        ({"email": "someone@else.iam.gserviceaccount.com"}, "email_mismatch"),
        ({"email_verified": False}, "email_mismatch"),
        ({"issuer": "https://evil.example"}, "issuer_invalid"),
        ({"key": google_fake.stranger_key()}, "signature_invalid"),
        ({"expires_in_s": -600}, "signature_invalid"),
    ],
    ids=["wrong-audience", "wrong-email", "unverified-email", "wrong-issuer", "bad-signature",
         "expired"],
)
def test_push_token_rejected(
    receiver: GoogleRtdnReceiver, token_kwargs: dict[str, object], reason: str
) -> None:
    token = google_fake.mint_push_token(**token_kwargs)  # type: ignore[arg-type]
    with pytest.raises(ProviderVerificationError) as caught:
        receiver.verify_push_token(token)
    assert caught.value.reason == reason


def test_push_token_with_unreachable_certs_is_unavailable(config: GoogleConfig) -> None:
    receiver = GoogleRtdnReceiver(replace(config, oidc_certs_url=unused_local_url() + "/certs"))
    with pytest.raises(ProviderUnavailable):
        receiver.verify_push_token(google_fake.mint_push_token())


def test_receiver_requires_the_push_service_account(config: GoogleConfig) -> None:
    with pytest.raises(ValueError, match="rtdn_service_account_email"):
        GoogleRtdnReceiver(replace(config, rtdn_service_account_email=None))

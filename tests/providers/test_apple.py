"""AppleVerifier against real ES256 signatures made by the test App Store PKI."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from fancoins.providers import ProviderVerificationError
from fancoins.providers.apple import AppleConfig, AppleVerifier
from tests.support import apple_keys
from tests.support.apple_keys import APP_APPLE_ID, BUNDLE_ID

YEAR_MS = 365 * 24 * 3600 * 1000


def make_config(environment: str = "Sandbox", **overrides: Any) -> AppleConfig:
    values: dict[str, Any] = {
        "bundle_id": BUNDLE_ID,
        "app_apple_id": APP_APPLE_ID,
        "environment": environment,
        "root_certificates_der": (apple_keys.trusted_chain().root_der,),
        "enable_online_checks": False,
    }
    values.update(overrides)
    return AppleConfig(**values)


@pytest.fixture
def verifier() -> AppleVerifier:
    return AppleVerifier(make_config())


def tampered(jws: str, **changes: Any) -> str:
    """The same header and signature over a modified payload."""
    header, payload, signature = jws.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    new_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{new_payload}.{signature}"


def reason_of(verifier: AppleVerifier, jws: str) -> str:
    with pytest.raises(ProviderVerificationError) as caught:
        verifier.verify_transaction(jws)
    return caught.value.reason


def test_good_transaction_decodes(verifier: AppleVerifier) -> None:
    payload = apple_keys.transaction_payload(quantity=3)
    transaction = verifier.verify_transaction(apple_keys.sign_transaction(payload))
    assert transaction.transaction_id == payload["transactionId"]
    assert transaction.original_transaction_id == payload["originalTransactionId"]
    assert transaction.product_id == "coins.100"
    assert transaction.bundle_id == BUNDLE_ID
    assert transaction.environment == "Sandbox"
    assert transaction.app_account_token == payload["appAccountToken"]
    assert transaction.purchase_date_ms == payload["purchaseDate"]
    assert transaction.signed_date_ms == payload["signedDate"]
    assert transaction.quantity == 3
    assert (transaction.price_milli, transaction.currency) == (1290, "USD")
    assert transaction.revocation_date_ms is None
    assert transaction.revocation_reason is None


def test_production_transaction_decodes_with_production_config() -> None:
    verifier = AppleVerifier(make_config("Production"))
    payload = apple_keys.transaction_payload(environment="Production")
    assert verifier.verify_transaction(apple_keys.sign_transaction(payload)).environment == (
        "Production"
    )


def test_wrong_root_is_rejected(verifier: AppleVerifier) -> None:
    jws = apple_keys.sign_transaction(
        apple_keys.transaction_payload(), apple_keys.wrong_root_chain()
    )
    assert reason_of(verifier, jws) == "signature_invalid"


def test_tampered_payload_is_rejected(verifier: AppleVerifier) -> None:
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload(quantity=1))
    assert reason_of(verifier, tampered(jws, quantity=100)) == "signature_invalid"


def test_wrong_bundle_id_is_rejected(verifier: AppleVerifier) -> None:
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload(bundleId="com.other.app"))
    assert reason_of(verifier, jws) == "bundle_id_mismatch"


def test_wrong_environment_is_rejected(verifier: AppleVerifier) -> None:
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload(environment="Production"))
    assert reason_of(verifier, jws) == "environment_mismatch"


def test_sandbox_transaction_is_rejected_by_production() -> None:
    verifier = AppleVerifier(make_config("Production"))
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload())
    assert reason_of(verifier, jws) == "environment_mismatch"


def test_two_certificate_chain_is_rejected(verifier: AppleVerifier) -> None:
    chain = apple_keys.trusted_chain()
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload(), x5c=chain.x5c[:2])
    assert reason_of(verifier, jws) == "chain_invalid"


def test_leaf_without_apple_oid_is_rejected(verifier: AppleVerifier) -> None:
    jws = apple_keys.sign_transaction(
        apple_keys.transaction_payload(), apple_keys.chain_without_leaf_oid()
    )
    assert reason_of(verifier, jws) == "signature_invalid"


@pytest.mark.parametrize("years", [-2, 20], ids=["before-validity", "after-validity"])
def test_signed_date_outside_certificate_validity_is_rejected(
    verifier: AppleVerifier, years: int
) -> None:
    signed = apple_keys.now_ms() + years * YEAR_MS
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload(signedDate=signed))
    assert reason_of(verifier, jws) == "signature_invalid"


def test_garbage_is_rejected(verifier: AppleVerifier) -> None:
    assert reason_of(verifier, "not-a-jws") == "signature_invalid"


def test_authentic_but_malformed_payload_is_payload_invalid(verifier: AppleVerifier) -> None:
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload(quantity="many"))
    assert reason_of(verifier, jws) == "payload_invalid"


def test_missing_transaction_id_is_payload_invalid(verifier: AppleVerifier) -> None:
    payload = apple_keys.transaction_payload()
    del payload["transactionId"]
    assert reason_of(verifier, apple_keys.sign_transaction(payload)) == "payload_invalid"


def test_refund_notification_decodes_with_revocation_fields(verifier: AppleVerifier) -> None:
    revoked_ms = apple_keys.now_ms()
    inner = apple_keys.sign_transaction(
        apple_keys.transaction_payload(revocationDate=revoked_ms, revocationReason=1)
    )
    payload = apple_keys.notification_payload("REFUND", signed_transaction=inner)
    notification = verifier.verify_notification(apple_keys.sign_notification(payload))
    assert notification.notification_type == "REFUND"
    assert notification.subtype is None
    assert notification.notification_uuid == payload["notificationUUID"]
    assert notification.transaction is not None
    assert notification.transaction.transaction_id == "2000000123456789"
    assert notification.transaction.revocation_date_ms == revoked_ms
    assert notification.transaction.revocation_reason == 1


def test_consumption_request_carries_its_reason(verifier: AppleVerifier) -> None:
    inner = apple_keys.sign_transaction(apple_keys.transaction_payload())
    payload = apple_keys.notification_payload(
        "CONSUMPTION_REQUEST",
        signed_transaction=inner,
        consumptionRequestReason="UNINTENDED_PURCHASE",
    )
    notification = verifier.verify_notification(apple_keys.sign_notification(payload))
    assert notification.consumption_request_reason == "UNINTENDED_PURCHASE"


def test_notification_with_forged_inner_transaction_is_rejected(verifier: AppleVerifier) -> None:
    inner = apple_keys.sign_transaction(
        apple_keys.transaction_payload(), apple_keys.wrong_root_chain()
    )
    payload = apple_keys.notification_payload("REFUND", signed_transaction=inner)
    with pytest.raises(ProviderVerificationError) as caught:
        verifier.verify_notification(apple_keys.sign_notification(payload))
    assert caught.value.reason == "signature_invalid"


def test_notification_signed_under_wrong_root_is_rejected(verifier: AppleVerifier) -> None:
    payload = apple_keys.notification_payload("TEST")
    jws = apple_keys.sign_notification(payload, apple_keys.wrong_root_chain())
    with pytest.raises(ProviderVerificationError) as caught:
        verifier.verify_notification(jws)
    assert caught.value.reason == "signature_invalid"


def test_production_notification_for_another_app_id_is_rejected() -> None:
    verifier = AppleVerifier(make_config("Production"))
    payload = apple_keys.notification_payload(
        "TEST", environment="Production", appAppleId=APP_APPLE_ID + 1
    )
    with pytest.raises(ProviderVerificationError) as caught:
        verifier.verify_notification(apple_keys.sign_notification(payload))
    assert caught.value.reason == "bundle_id_mismatch"


@pytest.mark.parametrize("environment", ["LocalTesting", "Xcode", "sandbox", "PRODUCTION", ""])
def test_config_refuses_environments_that_skip_or_confuse_verification(environment: str) -> None:
    with pytest.raises(ValueError, match="Production or Sandbox"):
        make_config(environment)


def test_config_requires_app_apple_id_in_production() -> None:
    with pytest.raises(ValueError, match="app_apple_id"):
        make_config("Production", app_apple_id=None)


def test_config_requires_a_root_certificate() -> None:
    with pytest.raises(ValueError, match="root"):
        make_config(root_certificates_der=())

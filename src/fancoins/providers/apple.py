"""Apple App Store: StoreKit 2 signed transactions and App Store Server Notifications V2.

Verification is Apple's own `SignedDataVerifier`: the JWS must carry a three-certificate x5c
chain ending in one of our configured Apple roots, with Apple's marker OIDs, and must be for our
bundle id and environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from appstoreserverlibrary.models.Environment import Environment
from appstoreserverlibrary.models.JWSTransactionDecodedPayload import (
    JWSTransactionDecodedPayload,
)
from appstoreserverlibrary.signed_data_verifier import (
    SignedDataVerifier,
    VerificationException,
    VerificationStatus,
)

from fancoins.providers import errors
from fancoins.providers.errors import ProviderUnavailable, ProviderVerificationError

# Only these two may ever be configured: the library's LocalTesting and Xcode environments skip
# signature verification entirely, so accepting them would let anyone mint coins.
T = TypeVar("T")

ALLOWED_ENVIRONMENTS = frozenset({Environment.PRODUCTION.value, Environment.SANDBOX.value})

_REASONS: dict[VerificationStatus, str] = {
    VerificationStatus.VERIFICATION_FAILURE: errors.SIGNATURE_INVALID,
    VerificationStatus.INVALID_APP_IDENTIFIER: errors.BUNDLE_ID_MISMATCH,
    VerificationStatus.INVALID_CERTIFICATE: errors.CERTIFICATE_INVALID,
    VerificationStatus.INVALID_CHAIN_LENGTH: errors.CHAIN_INVALID,
    VerificationStatus.INVALID_CHAIN: errors.CHAIN_INVALID,
    VerificationStatus.INVALID_ENVIRONMENT: errors.ENVIRONMENT_MISMATCH,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AppleConfig:
    bundle_id: str
    app_apple_id: int | None
    environment: str  # "Production" | "Sandbox"
    root_certificates_der: tuple[bytes, ...]
    enable_online_checks: bool

    def __post_init__(self) -> None:
        if self.environment not in ALLOWED_ENVIRONMENTS:
            raise ValueError(
                f"Apple environment must be Production or Sandbox, not {self.environment!r}"
            )
        if self.environment == Environment.PRODUCTION.value and self.app_apple_id is None:
            raise ValueError("app_apple_id is required in Production")
        if not self.root_certificates_der:
            raise ValueError("at least one Apple root certificate is required")
        if not self.bundle_id:
            raise ValueError("bundle_id is required")


@dataclass(frozen=True, slots=True)
class AppleTransaction:
    transaction_id: str
    original_transaction_id: str
    product_id: str
    bundle_id: str
    environment: str
    app_account_token: str | None
    purchase_date_ms: int
    quantity: int
    signed_date_ms: int
    revocation_date_ms: int | None
    revocation_reason: int | None
    # What the customer paid, in thousandths of the currency's major unit (Apple's unit).
    price_milli: int | None
    currency: str | None


@dataclass(frozen=True, slots=True)
class AppleNotification:
    notification_type: str
    subtype: str | None
    notification_uuid: str
    signed_date_ms: int | None
    transaction: AppleTransaction | None
    consumption_request_reason: str | None


class AppleVerifier:
    """Verifies and decodes what the App Store signs. CPU only unless online checks are on."""

    def __init__(self, config: AppleConfig) -> None:
        self._verifier = SignedDataVerifier(
            root_certificates=list(config.root_certificates_der),
            enable_online_checks=config.enable_online_checks,
            environment=Environment(config.environment),
            bundle_id=config.bundle_id,
            app_apple_id=config.app_apple_id,
        )

    def verify_transaction(self, signed_jws: str) -> AppleTransaction:
        decoded = _call(self._verifier.verify_and_decode_signed_transaction, signed_jws)
        return _transaction(decoded)

    def verify_notification(self, signed_payload: str) -> AppleNotification:
        decoded = _call(self._verifier.verify_and_decode_notification, signed_payload)
        data = decoded.data
        transaction = None
        if data is not None and data.signedTransactionInfo is not None:
            # The inner JWS is signed separately; verify it with the same rules.
            transaction = self.verify_transaction(data.signedTransactionInfo)
        if decoded.rawNotificationType is None or decoded.notificationUUID is None:
            raise ProviderVerificationError(errors.PAYLOAD_INVALID, "notification without type")
        return AppleNotification(
            notification_type=decoded.rawNotificationType,
            subtype=decoded.rawSubtype,
            notification_uuid=decoded.notificationUUID,
            signed_date_ms=decoded.signedDate,
            transaction=transaction,
            consumption_request_reason=(
                data.rawConsumptionRequestReason if data is not None else None
            ),
        )


def _call(verify: Callable[[str], T], signed: str) -> T:
    try:
        return verify(signed)
    except VerificationException as exc:
        if exc.status == VerificationStatus.RETRYABLE_VERIFICATION_FAILURE:
            raise ProviderUnavailable("Apple OCSP check could not be completed") from exc
        reason = _REASONS.get(exc.status, errors.SIGNATURE_INVALID)
        raise ProviderVerificationError(reason, exc.status.name) from exc
    except Exception as exc:
        # Authentic payloads of an unexpected shape fail inside the library's cattrs
        # structuring with assorted exception types; all of them mean "not usable".
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, type(exc).__name__) from exc


def _transaction(decoded: JWSTransactionDecodedPayload) -> AppleTransaction:
    quantity = _required(decoded.quantity, "quantity")
    if quantity < 1:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "quantity must be >= 1")
    return AppleTransaction(
        transaction_id=_required(decoded.transactionId, "transactionId"),
        original_transaction_id=_required(
            decoded.originalTransactionId, "originalTransactionId"
        ),
        product_id=_required(decoded.productId, "productId"),
        bundle_id=_required(decoded.bundleId, "bundleId"),
        environment=_required(decoded.rawEnvironment, "environment"),
        app_account_token=decoded.appAccountToken,
        purchase_date_ms=_required(decoded.purchaseDate, "purchaseDate"),
        quantity=quantity,
        signed_date_ms=_required(decoded.signedDate, "signedDate"),
        revocation_date_ms=decoded.revocationDate,
        revocation_reason=decoded.rawRevocationReason,
        price_milli=decoded.price,
        currency=decoded.currency,
    )


def _required(value: T | None, name: str) -> T:
    if value is None:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{name} missing")
    return value

"""Apple App Store: StoreKit 2 signed transactions, App Store Server Notifications V2, and the
App Store Server API's consumption answer.

Verification is Apple's own `SignedDataVerifier`: the JWS must carry a three-certificate x5c
chain ending in one of our configured Apple roots, with Apple's marker OIDs, and must be for our
bundle id and environment. Identifiers in what Apple signs are checked to be plain ASCII before
anything looks them up. Every call here blocks (online certificate checks, HTTP): run them off
the event loop (`providers.offloop`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from appstoreserverlibrary.api_client import APIException, AppStoreServerAPIClient
from appstoreserverlibrary.models.ConsumptionRequest import ConsumptionRequest
from appstoreserverlibrary.models.DeliveryStatus import DeliveryStatus
from appstoreserverlibrary.models.Environment import Environment
from appstoreserverlibrary.models.JWSTransactionDecodedPayload import (
    JWSTransactionDecodedPayload,
)
from appstoreserverlibrary.signed_data_verifier import (
    SignedDataVerifier,
    VerificationException,
    VerificationStatus,
)
from babel.core import get_global

from fancoins.providers import errors
from fancoins.providers.errors import (
    ProviderRejected,
    ProviderUnavailable,
    ProviderVerificationError,
)
from fancoins.providers.ids import ascii_id

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
    # What the customer paid for the whole quantity, in thousandths of the currency's major
    # unit (Apple's unit), in ISO 4217 `currency`, on the App Store of `storefront`.
    price_milli: int | None
    currency: str | None
    storefront: str | None  # ISO 3166-1 alpha-3, as Apple signs it ("GBR")

    @property
    def storefront_country(self) -> str | None:
        """The storefront as an ISO 3166-1 alpha-2 code ("GB"), when it maps to one."""
        return None if self.storefront is None else alpha2_of(self.storefront)


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
            notification_type=ascii_id(decoded.rawNotificationType, "notificationType"),
            subtype=decoded.rawSubtype,
            notification_uuid=ascii_id(decoded.notificationUUID, "notificationUUID"),
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
        transaction_id=ascii_id(_required(decoded.transactionId, "transactionId"),
                                "transactionId"),
        original_transaction_id=ascii_id(_required(
            decoded.originalTransactionId, "originalTransactionId"
        ), "originalTransactionId"),
        # Checked against our catalogue by the caller (ASCII package ids only).
        product_id=_required(decoded.productId, "productId"),
        bundle_id=_required(decoded.bundleId, "bundleId"),
        environment=_required(decoded.rawEnvironment, "environment"),
        app_account_token=decoded.appAccountToken,
        purchase_date_ms=_required(decoded.purchaseDate, "purchaseDate"),
        quantity=quantity,
        signed_date_ms=_required(decoded.signedDate, "signedDate"),
        revocation_date_ms=decoded.revocationDate,
        revocation_reason=decoded.rawRevocationReason,
        price_milli=_price(decoded.price),
        currency=_currency(decoded.currency),
        storefront=_storefront(decoded.storefront),
    )


def _required(value: T | None, name: str) -> T:
    if value is None:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{name} missing")
    return value


def _price(price_milli: int | None) -> int | None:
    if price_milli is not None and (isinstance(price_milli, bool) or price_milli < 0):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "price is not an amount")
    return price_milli


def _currency(currency: str | None) -> str | None:
    if currency is None:
        return None
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "currency is not ISO 4217")
    return currency.upper()


def _storefront(storefront: str | None) -> str | None:
    if storefront is None:
        return None
    if not (len(storefront) == 3 and storefront.isascii() and storefront.isalpha()):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "storefront is not ISO 3166")
    return storefront.upper()


def alpha2_of(alpha3: str) -> str | None:
    """ISO 3166-1 alpha-3 to alpha-2 ("GBR" -> "GB"), from CLDR's territory aliases."""
    aliases: Mapping[str, list[str]] = get_global("territory_aliases")
    found = aliases.get(alpha3.upper())
    if found and len(found) == 1 and len(found[0]) == 2 and found[0].isalpha():
        return found[0]
    return None


# --- the App Store Server API: answering a CONSUMPTION_REQUEST ---


@dataclass(frozen=True, slots=True, kw_only=True)
class AppleApiConfig:
    private_key_pem: bytes  # the App Store Connect API key (.p8)
    key_id: str
    issuer_id: str
    bundle_id: str
    environment: str  # "Production" | "Sandbox"
    base_url: str | None = None  # None = Apple's own for the environment; a fake in tests
    timeout_s: float

    def __post_init__(self) -> None:
        if self.environment not in ALLOWED_ENVIRONMENTS:
            raise ValueError(
                f"Apple environment must be Production or Sandbox, not {self.environment!r}"
            )
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive")


@dataclass(frozen=True, slots=True)
class ConsumptionReport:
    """What we tell Apple about a consumable whose customer asks for a refund."""

    customer_consented: bool
    delivered: bool  # the coins reached the buyer's wallet
    consumed_milli_percent: int  # 0..100000: how much of it has been spent


class _BoundedClient(AppStoreServerAPIClient):
    """Apple's client with our time bound (its own is 30 s) and, in tests, our base URL."""

    def __init__(self, config: AppleApiConfig) -> None:
        super().__init__(config.private_key_pem, config.key_id, config.issuer_id,
                         config.bundle_id, Environment(config.environment))
        self._timeout_s = config.timeout_s
        if config.base_url is not None:
            # The library builds its base URL in; it offers no other way to point it at a
            # local fake.
            self._base_url = config.base_url.rstrip("/")

    def _execute_request(
        self, method: str, url: str, params: dict[str, str | list[str]],
        headers: dict[str, str], json: dict[str, Any] | None, data: bytes | None,
    ) -> requests.Response:
        return requests.request(method, url, params=params, headers=headers, json=json,
                                data=data, timeout=self._timeout_s)


class AppleServerApi:
    """The App Store Server API calls we make. Blocking: run them in the provider pool."""

    def __init__(self, config: AppleApiConfig) -> None:
        self._client = _BoundedClient(config)

    def send_consumption(self, transaction_id: str, report: ConsumptionReport) -> None:
        request = ConsumptionRequest(
            customerConsented=report.customer_consented,
            # Coins are delivered whole; there is no free sample of them.
            sampleContentProvided=False,
            deliveryStatus=DeliveryStatus.DELIVERED if report.delivered
            else DeliveryStatus.UNDELIVERED_OTHER,
            consumptionPercentage=report.consumed_milli_percent,
        )
        try:
            self._client.send_consumption_information(transaction_id, request)
        except APIException as exc:
            status = exc.http_status_code
            if status >= 500 or status in (401, 429):
                raise ProviderUnavailable(f"App Store Server API answered {status}") from exc
            raise ProviderRejected(f"http_{status}", str(exc.error_message or ""),
                                   status=status) from exc
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"App Store Server API: {type(exc).__name__}") from exc

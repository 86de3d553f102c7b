"""Google Play: one-time product purchases, voided purchases and real-time notifications.

`GooglePlayClient` talks to the Android Publisher API with a service account. Its calls block
(googleapiclient runs on httplib2); the service runs them in a worker thread. Each call gets its
own HTTP connection because httplib2 objects are not thread-safe.

`GoogleRtdnReceiver` authenticates Pub/Sub push requests (an OIDC token signed by Google) and
decodes the real-time developer notification inside them.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import google_auth_httplib2  # type: ignore[import-untyped]
import httplib2  # type: ignore[import-untyped]
import httpx
from google.auth import exceptions as auth_exceptions
from google.auth import transport
from google.oauth2 import id_token, service_account
from googleapiclient import discovery
from googleapiclient.errors import HttpError

from fancoins.ledger.assets import CURRENCY_EXPONENTS
from fancoins.providers import errors
from fancoins.providers.errors import (
    ProviderRejected,
    ProviderUnavailable,
    ProviderVerificationError,
)
from fancoins.providers.ids import ascii_id

ANDROIDPUBLISHER_SCOPE = "https://www.googleapis.com/auth/androidpublisher"
GOOGLE_OIDC_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})
VOIDED_PAGE_SIZE = 1000  # the API's own maximum per page
VOIDED_TYPE_ONE_TIME = 0  # voidedpurchases.list `type`: 0 = one-time products only

# Our credentials, permissions or quota rather than the purchase: fixable on our side and
# retryable later, so never blamed on the buyer.
_RETRYABLE_STATUSES = frozenset({401, 403, 408, 429})
# Status codes Google answers when a purchase token is unknown or not for this product.
_TOKEN_INVALID_STATUSES = frozenset({400, 404, 410})

NANOS_PER_UNIT = 10**9  # google.type.Money: nanos are billionths of the unit

PURCHASE_STATE_PURCHASED = 0
PURCHASE_STATE_CANCELED = 1
PURCHASE_STATE_PENDING = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class GoogleConfig:
    package_name: str
    # The service-account JSON; its `token_uri` may point at a local fake in tests.
    service_account_info: Mapping[str, str]
    api_endpoint: str | None = None  # None = Google's own endpoint
    timeout_s: float
    rtdn_audience: str
    rtdn_service_account_email: str | None = None
    oidc_certs_url: str | None = None  # None = Google's v1 certs endpoint
    # Bounds one list_voided call; the caller resumes with the returned page token.
    voided_pages_max: int = 10
    # Google rotates its signing keys days ahead, so a few minutes of caching is safe.
    oidc_certs_cache_s: float = 300.0

    def __post_init__(self) -> None:
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        if self.voided_pages_max < 1:
            raise ValueError("voided_pages_max must be at least 1")


@dataclass(frozen=True, slots=True)
class GoogleProductPurchase:
    order_id: str | None
    purchase_state: int  # 0 purchased, 1 canceled, 2 pending
    consumption_state: int  # 0 yet to be consumed, 1 consumed
    acknowledgement_state: int  # 0 yet to be acknowledged, 1 acknowledged
    purchase_type: int | None  # None = real money; 0 test, 1 promo, 2 rewarded
    quantity: int
    obfuscated_external_account_id: str | None
    purchase_time_ms: int
    region_code: str | None

    @property
    def is_purchased(self) -> bool:
        return self.purchase_state == PURCHASE_STATE_PURCHASED


@dataclass(frozen=True, slots=True)
class GoogleOrder:
    """What Google charged for an order (the Orders API), in minor units of `currency`.
    Amounts are None when Google's figure cannot be booked exactly (a currency our ledger
    does not hold, or a fraction of its minor unit)."""

    order_id: str
    state: str | None  # PROCESSED, PENDING, CANCELED, PENDING_REFUND, ..., REFUNDED
    currency: str | None
    total_minor: int | None  # what the buyer paid, tax included
    tax_minor: int | None
    buyer_country: str | None  # ISO 3166-1 alpha-2


@dataclass(frozen=True, slots=True)
class GoogleVoidedPurchase:
    order_id: str | None
    purchase_token: str
    voided_time_ms: int
    voided_reason: int | None  # 0-8; 7 = chargeback
    voided_source: int | None  # 0 user, 1 developer, 2 Google
    voided_quantity: int | None  # set only for quantity-based partial refunds


@dataclass(frozen=True, slots=True)
class GoogleVoidedList:
    purchases: tuple[GoogleVoidedPurchase, ...]
    # Set when the page cap was reached first: pass it back to continue.
    next_page_token: str | None


@dataclass(frozen=True, slots=True)
class GoogleOneTimeProductNotification:
    notification_type: int  # 1 purchased, 2 canceled
    purchase_token: str
    sku: str


@dataclass(frozen=True, slots=True)
class GoogleVoidedPurchaseNotification:
    purchase_token: str
    order_id: str
    product_type: int  # 1 subscription, 2 one-time
    refund_type: int  # 1 full, 2 partial (quantity-based)


@dataclass(frozen=True, slots=True)
class GoogleRtdn:
    message_id: str
    package_name: str
    event_time_ms: int
    one_time_product_notification: GoogleOneTimeProductNotification | None
    voided_purchase_notification: GoogleVoidedPurchaseNotification | None
    is_test: bool  # a console "send test notification"


@dataclass(frozen=True, slots=True)
class GooglePushIdentity:
    email: str
    subject: str


class GooglePlayClient:
    """Android Publisher v3 calls for one package. Blocking: run it in a worker thread."""

    def __init__(self, config: GoogleConfig) -> None:
        self._config = config
        self._credentials = service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
            dict(config.service_account_info), scopes=[ANDROIDPUBLISHER_SCOPE]
        )
        options = None
        if config.api_endpoint is not None:
            options = {"api_endpoint": config.api_endpoint.rstrip("/") + "/"}
        # Discovery is read from the document bundled with the library: no network here.
        self._service: Any = discovery.build(
            "androidpublisher",
            "v3",
            http=httplib2.Http(timeout=config.timeout_s),
            client_options=options,
            static_discovery=True,
            cache_discovery=False,
        )

    def get_product_purchase(self, product_id: str, token: str) -> GoogleProductPurchase:
        products = self._service.purchases().products()
        request = products.get(
            packageName=self._config.package_name, productId=product_id, token=token
        )
        return _product_purchase(self._execute_for_token(request))

    def get_order(self, order_id: str) -> GoogleOrder:
        """The order's charged price (`ProviderRejected` with status 404 when Google has no
        order by that id for us)."""
        request = self._service.orders().get(packageName=self._config.package_name,
                                             orderId=order_id)
        return _order(self._execute(request))

    def acknowledge(self, product_id: str, token: str, developer_payload: str = "") -> None:
        products = self._service.purchases().products()
        body = {"developerPayload": developer_payload} if developer_payload else {}
        self._execute_for_token(
            products.acknowledge(
                packageName=self._config.package_name,
                productId=product_id,
                token=token,
                body=body,
            )
        )

    def consume(self, product_id: str, token: str) -> None:
        products = self._service.purchases().products()
        self._execute_for_token(
            products.consume(
                packageName=self._config.package_name, productId=product_id, token=token
            )
        )

    def list_voided(self, start_time_ms: int, page_token: str | None = None) -> GoogleVoidedList:
        """Voided one-time purchases since `start_time_ms` (Google keeps 30 days)."""
        voided: list[GoogleVoidedPurchase] = []
        for _ in range(self._config.voided_pages_max):
            body = self._execute(self._voided_request(start_time_ms, page_token))
            voided.extend(_voided_purchase(item) for item in body.get("voidedPurchases", []))
            page_token = body.get("tokenPagination", {}).get("nextPageToken") or None
            if page_token is None:
                break
        return GoogleVoidedList(tuple(voided), page_token)

    def _voided_request(self, start_time_ms: int, page_token: str | None) -> Any:
        params: dict[str, Any] = {
            "packageName": self._config.package_name,
            "startTime": str(start_time_ms),
            "type": VOIDED_TYPE_ONE_TIME,
            "maxResults": VOIDED_PAGE_SIZE,
        }
        if page_token is not None:
            params["token"] = page_token
        return self._service.purchases().voidedpurchases().list(**params)

    def _execute_for_token(self, request: Any) -> dict[str, Any]:
        try:
            return self._execute(request)
        except ProviderRejected as exc:
            if exc.status in _TOKEN_INVALID_STATUSES:
                raise ProviderVerificationError(errors.TOKEN_INVALID, str(exc)) from exc
            raise

    def _execute(self, request: Any) -> dict[str, Any]:
        http = google_auth_httplib2.AuthorizedHttp(
            self._credentials, http=httplib2.Http(timeout=self._config.timeout_s)
        )
        try:
            result = request.execute(http=http, num_retries=0)
        except HttpError as exc:
            raise _http_error(exc) from exc
        except (auth_exceptions.GoogleAuthError, httplib2.HttpLib2Error, OSError) as exc:
            # Token refresh failures, refused connections and socket timeouts alike.
            raise ProviderUnavailable(f"Google Play API: {type(exc).__name__}: {exc}") from exc
        finally:
            http.close()
        return result if isinstance(result, dict) else {}


class GoogleRtdnReceiver:
    """Authenticates Pub/Sub pushes and decodes their notifications. Blocking on a cold
    certificate cache (one HTTPS fetch); run it in a worker thread."""

    def __init__(self, config: GoogleConfig) -> None:
        if not config.rtdn_service_account_email:
            # Without the email check any Google-signed token for our URL would pass.
            raise ValueError("rtdn_service_account_email is required to authenticate pushes")
        self._config = config
        self._email = config.rtdn_service_account_email
        self._certs_url = config.oidc_certs_url or GOOGLE_OIDC_CERTS_URL
        self._request = _CachingCertsRequest(config.timeout_s, config.oidc_certs_cache_s)

    def verify_push_token(self, bearer_token: str) -> GooglePushIdentity:
        token = bearer_token.removeprefix("Bearer ").strip()
        claims = self._verified_claims(token)
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise ProviderVerificationError(errors.ISSUER_INVALID, str(claims.get("iss")))
        if claims.get("aud") != self._config.rtdn_audience:
            raise ProviderVerificationError(errors.AUDIENCE_MISMATCH, str(claims.get("aud")))
        if claims.get("email") != self._email or claims.get("email_verified") is not True:
            raise ProviderVerificationError(errors.EMAIL_MISMATCH, str(claims.get("email")))
        return GooglePushIdentity(email=self._email, subject=str(claims.get("sub", "")))

    def parse_rtdn(self, body: bytes) -> GoogleRtdn:
        return parse_rtdn(body, package_name=self._config.package_name)

    def _verified_claims(self, token: str) -> Mapping[str, Any]:
        try:
            # audience=None: we compare it ourselves so a mismatch gets its own reason.
            return id_token.verify_token(
                token, self._request, audience=None, certs_url=self._certs_url
            )
        except auth_exceptions.TransportError as exc:
            raise ProviderUnavailable(f"Google certs: {exc}") from exc
        except (ValueError, auth_exceptions.GoogleAuthError) as exc:
            raise ProviderVerificationError(errors.SIGNATURE_INVALID, str(exc)) from exc


def parse_rtdn(body: bytes, *, package_name: str) -> GoogleRtdn:
    """Decode a Pub/Sub push envelope holding a Play real-time developer notification."""
    envelope = _json_object(body)
    message = envelope.get("message")
    if not isinstance(message, dict):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "no message")
    try:
        data = _json_object(base64.b64decode(str(message.get("data", "")), validate=True))
    except binascii.Error as exc:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "data is not base64") from exc
    if data.get("packageName") != package_name:
        raise ProviderVerificationError(errors.PACKAGE_MISMATCH, str(data.get("packageName")))
    message_id = message.get("messageId") or message.get("message_id")
    if not isinstance(message_id, str):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "no messageId")
    ascii_id(message_id, "messageId")
    return GoogleRtdn(
        message_id=message_id,
        package_name=package_name,
        event_time_ms=_int(data, "eventTimeMillis"),
        one_time_product_notification=_one_time(data.get("oneTimeProductNotification")),
        voided_purchase_notification=_voided_notification(
            data.get("voidedPurchaseNotification")
        ),
        is_test="testNotification" in data,
    )


def _one_time(raw: object) -> GoogleOneTimeProductNotification | None:
    if raw is None:
        return None
    item = _object(raw)
    return GoogleOneTimeProductNotification(
        notification_type=_int(item, "notificationType"),
        purchase_token=ascii_id(_str(item, "purchaseToken"), "purchaseToken", 1024),
        sku=ascii_id(_str(item, "sku"), "sku"),
    )


def _voided_notification(raw: object) -> GoogleVoidedPurchaseNotification | None:
    if raw is None:
        return None
    item = _object(raw)
    return GoogleVoidedPurchaseNotification(
        purchase_token=ascii_id(_str(item, "purchaseToken"), "purchaseToken", 1024),
        order_id=ascii_id(_str(item, "orderId"), "orderId"),
        product_type=_int(item, "productType"),
        refund_type=_int(item, "refundType"),
    )


def _product_purchase(body: dict[str, Any]) -> GoogleProductPurchase:
    order_id = _optional_str(body, "orderId")
    return GoogleProductPurchase(
        order_id=None if order_id is None else ascii_id(order_id, "orderId"),
        purchase_state=_int(body, "purchaseState"),
        consumption_state=_int(body, "consumptionState", 0),
        acknowledgement_state=_int(body, "acknowledgementState", 0),
        purchase_type=_optional_int(body, "purchaseType"),
        # Documented: "If not present, the quantity is 1."
        quantity=_int(body, "quantity", 1),
        obfuscated_external_account_id=_optional_str(body, "obfuscatedExternalAccountId"),
        purchase_time_ms=_int(body, "purchaseTimeMillis"),
        region_code=_optional_str(body, "regionCode"),
    )


def _voided_purchase(raw: object) -> GoogleVoidedPurchase:
    item = _object(raw)
    order_id = _optional_str(item, "orderId")
    return GoogleVoidedPurchase(
        order_id=None if order_id is None else ascii_id(order_id, "orderId"),
        purchase_token=ascii_id(_str(item, "purchaseToken"), "purchaseToken", 1024),
        voided_time_ms=_int(item, "voidedTimeMillis"),
        voided_reason=_optional_int(item, "voidedReason"),
        voided_source=_optional_int(item, "voidedSource"),
        voided_quantity=_optional_int(item, "voidedQuantity"),
    )


def _order(body: dict[str, Any]) -> GoogleOrder:
    total = _money(body.get("total"))
    tax = _money(body.get("tax"))
    currency = total[0] if total else None
    address = body.get("buyerAddress")
    country = address.get("buyerCountry") if isinstance(address, dict) else None
    return GoogleOrder(
        order_id=ascii_id(_str(body, "orderId"), "orderId"),
        state=_optional_str(body, "state"),
        currency=currency,
        total_minor=total[1] if total else None,
        tax_minor=tax[1] if tax and tax[0] == currency else None,
        buyer_country=country if isinstance(country, str) and len(country) == 2
        and country.isascii() and country.isalpha() else None,
    )


def _money(raw: object) -> tuple[str, int] | None:
    """google.type.Money as (currency, minor units); None unless exact in a currency our
    ledger holds."""
    if not isinstance(raw, dict):
        return None
    currency = raw.get("currencyCode")
    exponent = CURRENCY_EXPONENTS.get(currency) if isinstance(currency, str) else None
    if exponent is None or not isinstance(currency, str):
        return None
    units = _optional_int(raw, "units") or 0
    nanos = _optional_int(raw, "nanos") or 0
    scaled = nanos * 10**exponent
    if scaled % NANOS_PER_UNIT:
        return None
    return currency, units * 10**exponent + scaled // NANOS_PER_UNIT


def _http_error(exc: HttpError) -> Exception:
    status = int(exc.resp.status)
    if status >= 500 or status in _RETRYABLE_STATUSES:
        return ProviderUnavailable(f"Google Play API answered {status}")
    return ProviderRejected(f"http_{status}", str(exc.reason), status=status)


# --- small JSON readers: Google sends int64 as strings, and we trust no shape. ---


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "not JSON") from exc
    return _object(value)


def _object(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "expected an object")
    return value


def _optional_int(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{key} is not an integer")
    try:
        return int(value)
    except ValueError as exc:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{key} is not an integer") from exc


def _int(body: Mapping[str, Any], key: str, default: int | None = None) -> int:
    value = _optional_int(body, key)
    if value is None:
        if default is None:
            raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{key} missing")
        return default
    return value


def _optional_str(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{key} is not a string")
    return value


def _str(body: Mapping[str, Any], key: str) -> str:
    value = _optional_str(body, key)
    if not value:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{key} missing")
    return value


# --- the certs fetch behind id_token.verify_token, with a timeout and a short cache ---


class _CertsResponse(transport.Response):
    def __init__(self, status: int, headers: Mapping[str, str], data: bytes) -> None:
        self._status = status
        self._headers = headers
        self._data = data

    @property
    def status(self) -> int:
        return self._status

    @property
    def headers(self) -> Mapping[str, str]:
        return self._headers

    @property
    def data(self) -> bytes:
        return self._data


class _CachingCertsRequest(transport.Request):
    """google-auth calls this to fetch its certs: GET only, bounded time, cached briefly."""

    def __init__(self, timeout_s: float, cache_s: float) -> None:
        self._timeout_s = timeout_s
        self._cache_s = cache_s
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, _CertsResponse]] = {}

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> transport.Response:
        if method != "GET":
            raise _transport_error(f"unexpected {method} to {url}")
        with self._lock:
            cached = self._cache.get(url)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        response = self._fetch(url)
        if response.status == 200:
            with self._lock:
                self._cache[url] = (time.monotonic() + self._cache_s, response)
        return response

    def _fetch(self, url: str) -> _CertsResponse:
        try:
            answer = httpx.get(url, timeout=self._timeout_s)
        except httpx.HTTPError as exc:
            raise _transport_error(f"{type(exc).__name__}: {exc}") from exc
        return _CertsResponse(answer.status_code, dict(answer.headers), answer.content)


def _transport_error(message: str) -> Exception:
    # google-auth's exception classes are untyped; this keeps the ignore in one place.
    return auth_exceptions.TransportError(message)  # type: ignore[no-untyped-call]

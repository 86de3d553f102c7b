"""A local fake of Google Play's Android Publisher API, its OAuth token endpoint and the OIDC
certificate endpoint, plus a minter of Pub/Sub push tokens signed by a test key.

The real `GooglePlayClient` reaches it over HTTP: the service account's `token_uri` and the
client's `api_endpoint` both point here. The token endpoint checks the JWT-bearer assertion
with the service account's public key, and the API refuses requests without an issued token.
"""

from __future__ import annotations

import base64
import datetime
import functools
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.support.http_fake import Reply, Request, ServedFake, json_reply

PACKAGE_NAME = "com.example.fancoins"
SERVICE_ACCOUNT_EMAIL = "play-api@fancoins-test.iam.gserviceaccount.com"
PUSH_SERVICE_ACCOUNT_EMAIL = "rtdn-push@fancoins-test.iam.gserviceaccount.com"
PUSH_AUDIENCE = "https://fancoins.example/providers/google/rtdn"
OIDC_KID = "fake-oidc-key-1"
API_PREFIX = "/androidpublisher/v3/applications/"
CERTS_PATH = "/oauth2/v1/certs"
TOKEN_PATH = "/token"

_PRODUCT_PATH = re.compile(
    r"^/androidpublisher/v3/applications/(?P<pkg>[^/]+)/purchases/products/(?P<product>[^/]+)"
    r"/tokens/(?P<token>[^/:]+)(?::(?P<action>acknowledge|consume))?$"
)
_ORDER_PATH = re.compile(
    r"^/androidpublisher/v3/applications/(?P<pkg>[^/]+)/orders/(?P<order>[^/:]+)$"
)
# What the default US Android price list charges, so a purchase's order carries a price.
US_ANDROID_PRICES_MINOR = {"coins.100": 129, "coins.500": 649, "coins.2000": 2699,
                           "coins.5000": 6699, "coins.10000": 13499}
_VOIDED_PATH = re.compile(
    r"^/androidpublisher/v3/applications/(?P<pkg>[^/]+)/purchases/voidedpurchases$"
)


@functools.cache
def _rsa_key(name: str) -> rsa.RSAPrivateKey:
    """One 2048-bit key per name per process: generation is the slow part of these tests."""
    del name  # only the cache key
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _self_signed_pem(key: rsa.RSAPrivateKey, common_name: str) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def oidc_key() -> rsa.RSAPrivateKey:
    """The key the fake certs endpoint publishes (stands in for Google's signing key)."""
    return _rsa_key("oidc")


def stranger_key() -> rsa.RSAPrivateKey:
    """A key nobody publishes: tokens signed with it must be refused."""
    return _rsa_key("stranger")


def mint_push_token(
    *,
    audience: str = PUSH_AUDIENCE,
    email: str = PUSH_SERVICE_ACCOUNT_EMAIL,
    email_verified: bool = True,
    issuer: str = "https://accounts.google.com",
    key: rsa.RSAPrivateKey | None = None,
    expires_in_s: int = 3600,
) -> str:
    """An OIDC token shaped like the one Pub/Sub attaches to a push request."""
    now = int(time.time())
    claims = {
        "aud": audience,
        "azp": "112233445566778899000",
        "email": email,
        "email_verified": email_verified,
        "exp": now + expires_in_s,
        "iat": now,
        "iss": issuer,
        "sub": "112233445566778899000",
    }
    signing_key = key or oidc_key()
    return jwt.encode(claims, signing_key, algorithm="RS256", headers={"kid": OIDC_KID})


def rtdn_push_body(
    notification: dict[str, Any],
    *,
    package_name: str = PACKAGE_NAME,
    message_id: str = "1234567890",
) -> bytes:
    """A Pub/Sub push envelope around a developer notification (`oneTimeProductNotification`,
    `voidedPurchaseNotification` or `testNotification`)."""
    data = {
        "version": "1.0",
        "packageName": package_name,
        "eventTimeMillis": str(int(time.time() * 1000)),
        **notification,
    }
    envelope = {
        "message": {
            "attributes": {},
            "data": base64.b64encode(json.dumps(data).encode()).decode(),
            "messageId": message_id,
            "publishTime": "2025-01-01T00:00:00.000Z",
        },
        "subscription": "projects/fancoins-test/subscriptions/play-rtdn",
    }
    return json.dumps(envelope).encode()


def _error(status: int, message: str) -> Reply:
    return json_reply(status, {"error": {"code": status, "message": message, "errors": []}})


@dataclass
class VoidedEntry:
    purchase_token: str
    order_id: str
    voided_time_ms: int
    voided_reason: int = 0
    voided_source: int = 0


class GooglePlayFake(ServedFake):
    """Purchases live in `purchases[(product_id, token)]` as the API's own JSON objects."""

    def __init__(self, *, package_name: str = PACKAGE_NAME, voided_page_size: int = 2) -> None:
        self.package_name = package_name
        self.voided_page_size = voided_page_size
        self.purchases: dict[tuple[str, str], dict[str, Any]] = {}
        self.voided: list[VoidedEntry] = []
        self.orders: dict[str, dict[str, Any]] = {}  # orders.get answers, by order id
        self.delay_s = 0.0  # API answers this much later (a slow Google)
        # ... for this many API calls only (None: every call). One slow call is enough to
        # show a stalled event loop, and a purchase makes several (a get, an acknowledge).
        self.delayed_calls: int | None = None
        self.requests: list[Request] = []
        self.token_requests = 0
        self._issued: set[str] = set()
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        super().__init__()

    @property
    def certs_url(self) -> str:
        return self.base_url + CERTS_PATH

    @property
    def service_account_info(self) -> dict[str, str]:
        return {
            "type": "service_account",
            "project_id": "fancoins-test",
            "private_key_id": "fake-sa-key-1",
            "private_key": _private_pem(_rsa_key("service-account")),
            "client_email": SERVICE_ACCOUNT_EMAIL,
            "client_id": "100000000000000000001",
            "token_uri": self.base_url + TOKEN_PATH,
        }

    # --- test setup ---

    def add_purchase(
        self, product_id: str, token: str, *, order_total: tuple[str, int] | None = None,
        order_tax_minor: int = 0, buyer_country: str = "US", with_order: bool = True,
        **fields: Any,
    ) -> dict[str, Any]:
        """A paid, unacknowledged, unconsumed purchase; keyword fields override (API names).

        Its order (`orders.get`) charges `order_total` (currency, minor units of a
        two-decimal currency), by default the US Android list price; `with_order=False`
        leaves the purchase without an order the API can return."""
        purchase: dict[str, Any] = {
            "kind": "androidpublisher#productPurchase",
            "purchaseTimeMillis": str(int(time.time() * 1000)),
            "purchaseState": 0,
            "consumptionState": 0,
            "acknowledgementState": 0,
            "orderId": f"GPA.3301-0000-0000-{next(self._counter):05d}",
            "regionCode": "US",
            "productId": product_id,
            "purchaseToken": token,
            **fields,
        }
        self.purchases[(product_id, token)] = purchase
        total = order_total
        if total is None and product_id in US_ANDROID_PRICES_MINOR:
            total = ("USD", US_ANDROID_PRICES_MINOR[product_id] * int(fields.get("quantity", 1)))
        if with_order and total is not None:
            self.orders[purchase["orderId"]] = _order(purchase, total, order_tax_minor,
                                                      buyer_country)
        return purchase

    def add_voided(
        self, purchase_token: str, order_id: str, voided_time_ms: int, **fields: int
    ) -> None:
        """A voided purchase; `fields` may set voided_reason and voided_source."""
        self.voided.append(VoidedEntry(purchase_token, order_id, voided_time_ms, **fields))

    # --- the HTTP side ---

    def _handle(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            if request.path == TOKEN_PATH and request.method == "POST":
                return self._token(request)
            if request.path == CERTS_PATH and request.method == "GET":
                return json_reply(200, {OIDC_KID: _self_signed_pem(oidc_key(), "fake-oidc")})
            if not request.path.startswith(API_PREFIX):
                return _error(404, "not found")
            if request.headers.get("authorization", "").removeprefix("Bearer ") not in self._issued:
                return _error(401, "Request had invalid authentication credentials.")
            reply = self._api(request)
            if self.delayed_calls is None or self.delayed_calls > 0:
                reply.delay_s = self.delay_s
                if self.delayed_calls is not None:
                    self.delayed_calls -= 1
        return reply

    def _token(self, request: Request) -> Reply:
        form = request.form()
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return json_reply(400, {"error": "unsupported_grant_type"})
        public_key = _rsa_key("service-account").public_key()
        try:
            # `aud` is Google's token URL whatever token_uri says, so it is not checked here.
            claims = jwt.decode(
                form.get("assertion", ""), public_key, algorithms=["RS256"],
                options={"verify_aud": False},
            )
        except jwt.InvalidTokenError:
            return json_reply(400, {"error": "invalid_grant"})
        if claims.get("iss") != SERVICE_ACCOUNT_EMAIL or "androidpublisher" not in str(
            claims.get("scope")
        ):
            return json_reply(400, {"error": "invalid_scope"})
        self.token_requests += 1
        token = f"ya29.fake-{next(self._counter)}"
        self._issued.add(token)
        return json_reply(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    def _api(self, request: Request) -> Reply:
        if match := _PRODUCT_PATH.match(request.path):
            if match["pkg"] != self.package_name:
                return _error(403, "The caller does not have permission")
            return self._product(request.method, match["product"], match["token"], match["action"])
        if (match := _VOIDED_PATH.match(request.path)) and request.method == "GET":
            return self._voided_page(request.query)
        if (match := _ORDER_PATH.match(request.path)) and request.method == "GET":
            order = self.orders.get(match["order"])
            return json_reply(200, order) if order else _error(404, "Order not found")
        return _error(404, "not found")

    def _product(self, method: str, product_id: str, token: str, action: str | None) -> Reply:
        purchase = self.purchases.get((product_id, token))
        if purchase is None:
            return _error(400, "Invalid Value")
        if action is None and method == "GET":
            return json_reply(200, purchase)
        if method != "POST":
            return _error(405, "method not allowed")
        if purchase["purchaseState"] != 0:
            return _error(400, "The purchase is not in a valid state to perform the operation.")
        if action == "consume":
            purchase["consumptionState"] = 1
        else:
            purchase["acknowledgementState"] = 1
        return Reply(204)

    def _voided_page(self, query: dict[str, str]) -> Reply:
        start_ms = int(query.get("startTime", "0"))
        page_size = min(self.voided_page_size, int(query.get("maxResults", "1000")))
        offset = int(query.get("token", "0"))
        matching = sorted(
            (entry for entry in self.voided if entry.voided_time_ms >= start_ms),
            key=lambda entry: entry.voided_time_ms,
        )
        page = matching[offset : offset + page_size]
        body: dict[str, Any] = {
            "pageInfo": {"totalResults": len(matching), "resultPerPage": page_size},
            "voidedPurchases": [_voided_json(entry) for entry in page],
        }
        if offset + page_size < len(matching):
            body["tokenPagination"] = {"nextPageToken": str(offset + page_size)}
        return json_reply(200, body)


def money(currency: str, amount_minor: int) -> dict[str, Any]:
    """Google's Money for an amount of a two-decimal currency (units and nanos)."""
    units, cents = divmod(amount_minor, 100)
    return {"currencyCode": currency, "units": str(units), "nanos": cents * 10_000_000}


def _order(purchase: dict[str, Any], total: tuple[str, int], tax_minor: int,
           buyer_country: str) -> dict[str, Any]:
    currency, amount_minor = total
    return {
        "orderId": purchase["orderId"], "purchaseToken": purchase["purchaseToken"],
        "state": "PROCESSED", "salesChannel": "IN_APP",
        "total": money(currency, amount_minor), "tax": money(currency, tax_minor),
        "buyerAddress": {"buyerCountry": buyer_country},
        "lineItems": [{"productId": purchase["productId"],
                       "total": money(currency, amount_minor),
                       "tax": money(currency, tax_minor)}],
    }


def _voided_json(entry: VoidedEntry) -> dict[str, Any]:
    return {
        "kind": "androidpublisher#voidedPurchase",
        "purchaseToken": entry.purchase_token,
        "orderId": entry.order_id,
        "purchaseTimeMillis": str(entry.voided_time_ms - 60_000),
        "voidedTimeMillis": str(entry.voided_time_ms),
        "voidedReason": entry.voided_reason,
        "voidedSource": entry.voided_source,
    }

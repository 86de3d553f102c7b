"""PayPal Payouts (creator cash-out) and offline verification of PayPal webhooks.

Payouts are idempotent through `sender_batch_id`: PayPal refuses one used in the last 30 days
and says so (`PayoutBatchDuplicate`), so a retry after a timeout can never pay twice.

Webhooks are verified without calling PayPal: RSA-SHA256 over
`transmission_id|transmission_time|webhook_id|crc32(raw body)` with the certificate named by
PAYPAL-CERT-URL, after checking the URL's host and the certificate's chain and name.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime
import json
import time
import urllib.parse
import zlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from fancoins.kit.tls import tls_context
from fancoins.ledger.assets import format_minor
from fancoins.providers import errors
from fancoins.providers.errors import (
    ProviderRejected,
    ProviderUnavailable,
    ProviderVerificationError,
)

CERT_COMMON_NAME_SUFFIX = ".paypal.com"
AUTH_ALGO = "SHA256withRSA"
DUPLICATE_BATCH = "duplicate_sender_batch_id"
_PAYOUTS_PATH = "/v1/payments/payouts"

FetchCert = Callable[[str], Awaitable[bytes]]


@dataclass(frozen=True, slots=True, kw_only=True)
class PayPalConfig:
    client_id: str
    client_secret: str
    api_base: str  # https://api-m.paypal.com, or the sandbox, or a local fake
    webhook_id: str
    timeout_s: float
    cert_url_host_suffix: str = ".paypal.com"
    trusted_root_certs_pem: tuple[bytes, ...] = ()
    # Renew the token this long before PayPal says it expires, so none expires in flight.
    token_refresh_margin_s: float = 60.0

    def __post_init__(self) -> None:
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        if not self.cert_url_host_suffix.startswith("."):
            # Without the dot, "evilpaypal.com" would pass a "paypal.com" check.
            raise ValueError("cert_url_host_suffix must start with '.'")


@dataclass(frozen=True, slots=True)
class PayoutItem:
    payout_item_id: str
    sender_item_id: str | None
    transaction_status: str | None  # SUCCESS, FAILED, PENDING, UNCLAIMED, RETURNED, ...


@dataclass(frozen=True, slots=True)
class PayoutBatch:
    batch_id: str
    batch_status: str  # DENIED, PENDING, PROCESSING, SUCCESS, CANCELED
    sender_batch_id: str | None
    items: tuple[PayoutItem, ...] = ()


@dataclass(frozen=True, slots=True)
class PayPalWebhookEvent:
    id: str
    event_type: str
    resource: dict[str, Any]


class PayoutBatchDuplicate(ProviderRejected):
    """PayPal already has a batch with this sender_batch_id: the payout was submitted before."""

    def __init__(self, message: str, existing_batch_id: str | None) -> None:
        super().__init__(DUPLICATE_BATCH, message, status=400)
        self.existing_batch_id = existing_batch_id


@dataclass(slots=True)
class _Token:
    value: str
    renew_at: float  # time.monotonic()


class PayPalPayouts:
    """Async Payouts client. One per process; close it with `aclose()` or `async with`."""

    def __init__(self, config: PayPalConfig, *, client: httpx.AsyncClient | None = None):
        self._config = config
        self._base = config.api_base.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=config.timeout_s,
                                                   verify=tls_context())
        self._owns_client = client is None
        self._token: _Token | None = None
        self._token_lock = asyncio.Lock()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def create_payout(
        self,
        *,
        sender_batch_id: str,
        sender_item_id: str,
        receiver_email: str,
        amount_minor: int,
        currency: str,
        note: str,
    ) -> PayoutBatch:
        """Submit one payout. Safe to retry with the same sender_batch_id after a 5xx or
        timeout: a batch PayPal already has comes back as `PayoutBatchDuplicate`."""
        if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor < 1:
            raise ValueError(f"amount_minor must be a positive integer, got {amount_minor!r}")
        body = {
            "sender_batch_header": {"sender_batch_id": sender_batch_id, "recipient_type": "EMAIL"},
            "items": [
                {
                    "recipient_type": "EMAIL",
                    "receiver": receiver_email,
                    "sender_item_id": sender_item_id,
                    "note": note,
                    "amount": {"value": format_minor(amount_minor, currency), "currency": currency},
                }
            ],
        }
        return _batch(await self._call("POST", _PAYOUTS_PATH, body))

    async def get_payout_batch(self, batch_id: str) -> PayoutBatch:
        path = f"{_PAYOUTS_PATH}/{urllib.parse.quote(batch_id, safe='')}"
        return _batch(await self._call("GET", path, None))

    async def _call(self, method: str, path: str, body: object) -> dict[str, Any]:
        for attempt in range(2):
            token = await self._access_token()
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            response = await self._send(method, self._base + path, headers=headers, json=body)
            if response.status_code == 401 and attempt == 0:
                # Revoked or expired early. A 401 means nothing was done: safe to repeat.
                self._token = None
                continue
            return _answer(response)
        raise ProviderUnavailable("PayPal refused two fresh access tokens")

    async def _access_token(self) -> str:
        async with self._token_lock:
            if self._token is None or time.monotonic() >= self._token.renew_at:
                self._token = await self._fetch_token()
            return self._token.value

    async def _fetch_token(self) -> _Token:
        response = await self._send(
            "POST",
            self._base + "/v1/oauth2/token",
            auth=(self._config.client_id, self._config.client_secret),
            data={"grant_type": "client_credentials"},
        )
        answer = _answer(response)
        value, expires_in = answer.get("access_token"), answer.get("expires_in")
        if not isinstance(value, str) or not isinstance(expires_in, int):
            raise ProviderUnavailable("PayPal token response without access_token/expires_in")
        renew_at = time.monotonic() + max(0.0, expires_in - self._config.token_refresh_margin_s)
        return _Token(value, renew_at)

    async def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"PayPal: {type(exc).__name__}: {exc}") from exc


def _answer(response: httpx.Response) -> dict[str, Any]:
    status = response.status_code
    if status >= 500 or status == 429:
        raise ProviderUnavailable(f"PayPal answered {status}")
    try:
        body = response.json() if response.content else {}
    except json.JSONDecodeError as exc:
        raise ProviderUnavailable(f"PayPal answered {status} with non-JSON") from exc
    if not isinstance(body, dict):
        raise ProviderUnavailable(f"PayPal answered {status} with a non-object")
    if status >= 400:
        raise _rejection(status, body)
    return body


def _rejection(status: int, body: dict[str, Any]) -> ProviderRejected:
    name = str(body.get("name") or body.get("error") or f"http_{status}")
    message = str(body.get("message") or body.get("error_description") or "")
    details = body.get("details")
    fields = {
        str(detail.get("field", "")).upper()
        for detail in (details if isinstance(details, list) else [])
        if isinstance(detail, dict)
    }
    if status == 400 and "SENDER_BATCH_ID" in fields:
        return PayoutBatchDuplicate(message or name, _linked_batch_id(body.get("links")))
    return ProviderRejected(name.lower(), message, status=status)


def _linked_batch_id(links: object) -> str | None:
    """PayPal's duplicate error links to the original batch; take its id from the href."""
    for link in links if isinstance(links, list) else []:
        href = link.get("href") if isinstance(link, dict) else None
        if isinstance(href, str) and f"{_PAYOUTS_PATH}/" in href:
            path = urllib.parse.urlsplit(href).path
            return urllib.parse.unquote(path.rsplit("/", 1)[-1]) or None
    return None


def _batch(body: dict[str, Any]) -> PayoutBatch:
    header = body.get("batch_header")
    if not isinstance(header, dict):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "no batch_header")
    batch_id, status = header.get("payout_batch_id"), header.get("batch_status")
    if not isinstance(batch_id, str) or not isinstance(status, str):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "batch id or status missing")
    sender_header = header.get("sender_batch_header")
    sender_batch_id = None
    if isinstance(sender_header, dict):
        sender_batch_id = sender_header.get("sender_batch_id")
    raw_items = body.get("items")
    items = tuple(_item(raw) for raw in (raw_items if isinstance(raw_items, list) else []))
    return PayoutBatch(batch_id, status, sender_batch_id, items)


def _item(raw: object) -> PayoutItem:
    item = raw if isinstance(raw, dict) else {}
    payout_item = item.get("payout_item")
    sender_item_id = payout_item.get("sender_item_id") if isinstance(payout_item, dict) else None
    item_id = item.get("payout_item_id")
    if not isinstance(item_id, str):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "payout item without id")
    return PayoutItem(item_id, sender_item_id, item.get("transaction_status"))


# --- webhooks ---


class PayPalWebhookVerifier:
    """Verifies PayPal webhook deliveries offline against the configured trusted roots."""

    def __init__(self, config: PayPalConfig) -> None:
        roots = [cert for pem in config.trusted_root_certs_pem for cert in _load_pems(pem)]
        if not roots:
            raise ValueError("trusted_root_certs_pem must hold at least one root certificate")
        self._store = Store(roots)
        self._webhook_id = config.webhook_id
        self._host_suffix = config.cert_url_host_suffix.lower()

    async def verify_webhook(
        self, headers: Mapping[str, str], raw_body: bytes, fetch_cert: FetchCert
    ) -> PayPalWebhookEvent:
        lower = {name.lower(): value for name, value in headers.items()}
        transmission_id = _header(lower, "paypal-transmission-id")
        transmission_time = _header(lower, "paypal-transmission-time")
        signature = _header(lower, "paypal-transmission-sig")
        cert_url = _header(lower, "paypal-cert-url")
        if _header(lower, "paypal-auth-algo") != AUTH_ALGO:
            raise ProviderVerificationError(errors.SIGNATURE_INVALID, "unexpected auth algo")
        self._check_cert_url(cert_url)
        leaf = self._verified_leaf(await fetch_cert(cert_url))
        # crc32 is unsigned in Python 3, as PayPal's decimal rendering expects.
        message = f"{transmission_id}|{transmission_time}|{self._webhook_id}|{zlib.crc32(raw_body)}"
        _verify_rsa_sha256(leaf, signature, message.encode())
        return _webhook_event(raw_body)

    def _check_cert_url(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
        if (
            parts.scheme != "https"
            or not host.endswith(self._host_suffix)
            or parts.username is not None
            or parts.password is not None
            or parts.port not in (None, 443)
        ):
            raise ProviderVerificationError(errors.CERT_URL_INVALID, url)

    def _verified_leaf(self, pem: bytes) -> x509.Certificate:
        try:
            certs = _load_pems(pem)
        except ValueError as exc:
            raise ProviderVerificationError(errors.CERTIFICATE_INVALID, "not PEM") from exc
        leaf = certs[0]
        names = leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        common_name = str(names[0].value).lower() if names else ""
        if not common_name.endswith(CERT_COMMON_NAME_SUFFIX):
            raise ProviderVerificationError(errors.CERTIFICATE_INVALID, f"CN {common_name!r}")
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(datetime.datetime.now(datetime.UTC))
            .build_server_verifier(x509.DNSName(common_name))
        )
        try:
            verifier.verify(leaf, certs[1:])
        except VerificationError as exc:
            raise ProviderVerificationError(errors.CERTIFICATE_INVALID, str(exc)) from exc
        return leaf


def _load_pems(pem: bytes) -> list[x509.Certificate]:
    certs = x509.load_pem_x509_certificates(pem)
    if not certs:
        raise ValueError("no certificate")
    return certs


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if not value:
        raise ProviderVerificationError(errors.SIGNATURE_INVALID, f"missing {name}")
    return value


def _verify_rsa_sha256(cert: x509.Certificate, signature_b64: str, message: bytes) -> None:
    public_key = cert.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise ProviderVerificationError(errors.CERTIFICATE_INVALID, "not an RSA key")
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        public_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except (binascii.Error, InvalidSignature) as exc:
        raise ProviderVerificationError(errors.SIGNATURE_INVALID, "signature mismatch") from exc


def _webhook_event(raw_body: bytes) -> PayPalWebhookEvent:
    try:
        body = json.loads(raw_body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "not JSON") from exc
    if not isinstance(body, dict):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "not an object")
    event_id, event_type, resource = body.get("id"), body.get("event_type"), body.get("resource")
    if not (isinstance(event_id, str) and isinstance(event_type, str)):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "id or event_type missing")
    if not isinstance(resource, dict):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "resource missing")
    return PayPalWebhookEvent(event_id, event_type, resource)


class HttpxCertFetcher:
    """The default `fetch_cert`: GET with a timeout, size cap and a small LRU cache.

    Caching raw bytes by URL is safe: the verifier checks the URL before fetching and the
    chain after, every time. PayPal certificate URLs name one certificate each.
    """

    def __init__(
        self, *, timeout_s: float, cache_max: int = 16, cert_bytes_max: int = 64 * 1024
    ) -> None:
        self._timeout_s = timeout_s
        self._cache_max = cache_max
        self._cert_bytes_max = cert_bytes_max
        self._cache: OrderedDict[str, bytes] = OrderedDict()

    async def __call__(self, url: str) -> bytes:
        cached = self._cache.get(url)
        if cached is not None:
            self._cache.move_to_end(url)
            return cached
        pem = await self._fetch(url)
        self._cache[url] = pem
        if len(self._cache) > self._cache_max:
            self._cache.popitem(last=False)
        return pem

    async def _fetch(self, url: str) -> bytes:
        try:
            async with httpx.AsyncClient(timeout=self._timeout_s,
                                         verify=tls_context()) as client:
                response = await client.get(url)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"PayPal cert: {type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise ProviderUnavailable(f"PayPal cert answered {response.status_code}")
        if len(response.content) > self._cert_bytes_max:
            raise ProviderVerificationError(errors.CERTIFICATE_INVALID, "certificate too large")
        return response.content

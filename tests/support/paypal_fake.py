"""A local fake of PayPal's OAuth and Payouts endpoints, a test PKI for webhook signatures,
and a signer that signs webhooks the way PayPal does.

PKI: root CA -> intermediate CA -> leaf `messageverificationcerts.paypal.com` (RSA, serverAuth),
like PayPal's real DigiCert chain. The "certificate URL" is served by a fetch function the test
passes to the verifier (no HTTPS server needed).
"""

from __future__ import annotations

import base64
import datetime
import functools
import itertools
import json
import threading
import uuid
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.support.http_fake import Reply, Request, ServedFake, json_reply

CLIENT_ID = "fancoins-test-client"
CLIENT_SECRET = "fancoins-test-secret"
WEBHOOK_ID = "8PT597110X687430LKGECATA"
LEAF_COMMON_NAME = "messageverificationcerts.paypal.com"
CERT_URL = "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77"

# --- PKI ---


@dataclass(frozen=True)
class PayPalTestPki:
    root_pem: bytes
    chain_pem: bytes  # what the cert URL serves: leaf, then intermediate
    leaf_key: rsa.RSAPrivateKey


def _rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca, content_commitment=False, key_encipherment=not ca,
        data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
        encipher_only=False, decipher_only=False,
    )


def _cert(
    subject: str,
    key: rsa.RSAPrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(ca=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _build_pki(leaf_common_name: str = LEAF_COMMON_NAME) -> PayPalTestPki:
    root_key, intermediate_key, leaf_key = _rsa(), _rsa(), _rsa()
    root = _cert("Test Global Root CA", root_key, None, root_key, ca=True)
    intermediate = _cert("Test TLS RSA CA", intermediate_key, root, root_key, ca=True)
    leaf = _cert(leaf_common_name, leaf_key, intermediate, intermediate_key, ca=False)
    return PayPalTestPki(_pem(root), _pem(leaf) + _pem(intermediate), leaf_key)


@functools.cache
def trusted_pki() -> PayPalTestPki:
    """The PKI whose root tests configure as trusted. Made once per process."""
    return _build_pki()


@functools.cache
def untrusted_pki() -> PayPalTestPki:
    """Same names, different root: a forger's look-alike of PayPal's certificate."""
    return _build_pki()


@functools.cache
def trusted_pki_foreign_name() -> PayPalTestPki:
    """A chain to a trusted root whose leaf is not a paypal.com name."""
    return _build_pki("messageverificationcerts.example.com")


def cert_fetcher(
    served: dict[str, bytes] | None = None,
) -> tuple[Callable[[str], Awaitable[bytes]], list[str]]:
    """A `fetch_cert` serving `served` (default: the trusted chain at CERT_URL), and the list
    of URLs it was asked for."""
    table = served if served is not None else {CERT_URL: trusted_pki().chain_pem}
    asked: list[str] = []

    async def fetch(url: str) -> bytes:
        asked.append(url)
        return table[url]

    return fetch, asked


def signed_webhook(
    event: dict[str, Any],
    webhook_id: str = WEBHOOK_ID,
    *,
    pki: PayPalTestPki | None = None,
    cert_url: str = CERT_URL,
    signing_key: rsa.RSAPrivateKey | None = None,
) -> tuple[dict[str, str], bytes]:
    """Headers and raw body of a webhook delivery, signed as PayPal signs it."""
    body = json.dumps(event).encode()
    transmission_id = str(uuid.uuid4())
    transmission_time = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    message = f"{transmission_id}|{transmission_time}|{webhook_id}|{zlib.crc32(body)}"
    key = signing_key or (pki or trusted_pki()).leaf_key
    signature = key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    headers = {
        "PAYPAL-TRANSMISSION-ID": transmission_id,
        "PAYPAL-TRANSMISSION-TIME": transmission_time,
        "PAYPAL-TRANSMISSION-SIG": base64.b64encode(signature).decode(),
        "PAYPAL-CERT-URL": cert_url,
        "PAYPAL-AUTH-ALGO": "SHA256withRSA",
    }
    return headers, body


def payout_event(
    event_type: str, resource: dict[str, Any], *, event_id: str = "WH-TEST-0001"
) -> dict[str, Any]:
    return {
        "id": event_id,
        "event_version": "1.0",
        "create_time": "2025-01-01T00:00:00.000Z",
        "resource_type": "payouts_item" if "ITEM" in event_type else "payouts",
        "event_type": event_type,
        "summary": event_type,
        "resource": resource,
    }


# --- the API fake ---


def _error(status: int, name: str, message: str, **extra: Any) -> Reply:
    return json_reply(status, {"name": name, "message": message, "debug_id": "f00d", **extra})


class PayPalFake(ServedFake):
    """Batches live in `batches[payout_batch_id]` as PayPal's GET response objects.

    `fail_next` queues failures for the next payout POSTs: "error_500" answers 500 without
    creating anything; "slow" creates the batch and then answers after `slow_reply_s`, so a
    client with a shorter timeout gives up although PayPal did the work.
    """

    def __init__(self, *, token_expires_in_s: int = 32400, slow_reply_s: float = 1.0) -> None:
        self.token_expires_in_s = token_expires_in_s
        self.slow_reply_s = slow_reply_s
        self.batches: dict[str, dict[str, Any]] = {}
        self.by_sender_batch_id: dict[str, str] = {}
        self.fail_next: list[str] = []
        self.token_requests = 0
        self.payout_posts = 0
        self._issued: set[str] = set()
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        super().__init__()

    def revoke_tokens(self) -> None:
        self._issued.clear()

    def _handle(self, request: Request) -> Reply:
        with self._lock:
            if request.path == "/v1/oauth2/token" and request.method == "POST":
                return self._token(request)
            auth = request.headers.get("authorization", "").removeprefix("Bearer ")
            if auth not in self._issued:
                return _error(401, "AUTHENTICATION_FAILURE", "Authentication failed")
            if request.path == "/v1/payments/payouts" and request.method == "POST":
                return self._create(request.json())
            if request.path.startswith("/v1/payments/payouts/") and request.method == "GET":
                return self._get(request.path.rsplit("/", 1)[-1])
            return _error(404, "NOT_FOUND", "not found")

    def _token(self, request: Request) -> Reply:
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return json_reply(401, {"error": "invalid_client", "error_description": "bad"})
        if request.form().get("grant_type") != "client_credentials":
            return json_reply(400, {"error": "unsupported_grant_type"})
        self.token_requests += 1
        token = f"A21AA-fake-{next(self._counter)}"
        self._issued.add(token)
        return json_reply(200, {
            "scope": "https://uri.paypal.com/payments/payouts",
            "access_token": token,
            "token_type": "Bearer",
            "app_id": "APP-80W284485P519543T",
            "expires_in": self.token_expires_in_s,
            "nonce": "2025-01-01T00:00:00Z-nonce",
        })

    def _create(self, body: dict[str, Any]) -> Reply:
        self.payout_posts += 1
        failure = self.fail_next.pop(0) if self.fail_next else None
        if failure == "error_500":
            return _error(500, "INTERNAL_SERVICE_ERROR", "An internal service error occurred.")
        sender_batch_id = body["sender_batch_header"]["sender_batch_id"]
        if (existing := self.by_sender_batch_id.get(sender_batch_id)) is not None:
            return self._duplicate(sender_batch_id, existing)
        batch_id = f"FAKEBATCH{next(self._counter):06d}"
        self.by_sender_batch_id[sender_batch_id] = batch_id
        self.batches[batch_id] = _batch_json(batch_id, body)
        header = {k: v for k, v in self.batches[batch_id]["batch_header"].items() if k != "amount"}
        delay = self.slow_reply_s if failure == "slow" else 0.0
        return json_reply(201, {"batch_header": header, "links": []}, delay_s=delay)

    def _duplicate(self, sender_batch_id: str, batch_id: str) -> Reply:
        return _error(
            400, "USER_BUSINESS_ERROR", "User business error.",
            details=[{
                "field": "SENDER_BATCH_ID", "location": "body",
                "issue": f"Batch with given sender_batch_id already exists: {sender_batch_id}",
            }],
            links=[{
                "href": f"{self.base_url}/v1/payments/payouts/{batch_id}",
                "rel": "self", "method": "GET", "encType": "application/json",
            }],
        )

    def _get(self, batch_id: str) -> Reply:
        batch = self.batches.get(batch_id)
        if batch is None:
            return _error(404, "INVALID_RESOURCE_ID", "Requested resource ID was not found.")
        return json_reply(200, batch)

    def settle(self, batch_id: str, item_status: str = "SUCCESS") -> None:
        """Move a batch to SUCCESS with its items in `item_status`."""
        batch = self.batches[batch_id]
        batch["batch_header"]["batch_status"] = "SUCCESS"
        for item in batch["items"]:
            item["transaction_status"] = item_status


def _batch_json(batch_id: str, body: dict[str, Any]) -> dict[str, Any]:
    items = [
        {
            "payout_item_id": f"{batch_id}-ITEM{index}",
            "transaction_status": "PENDING",
            "payout_batch_id": batch_id,
            "payout_item": item,
        }
        for index, item in enumerate(body["items"], start=1)
    ]
    return {
        "batch_header": {
            "payout_batch_id": batch_id,
            "batch_status": "PENDING",
            "sender_batch_header": body["sender_batch_header"],
            "amount": body["items"][0]["amount"],
        },
        "items": items,
    }

"""A test App Store PKI and signer: real ES256 JWS with an x5c chain, made with test keys.

The chain mirrors Apple's: root CA -> intermediate (OID 1.2.840.113635.100.6.2.1, pathlen 0) ->
leaf (OID 1.2.840.113635.100.6.11.1, digitalSignature). Apple's verifier runs OpenSSL in
X509_STRICT mode, which needs KeyUsage on the CAs and key identifiers on every certificate.
"""

from __future__ import annotations

import base64
import datetime
import functools
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

INTERMEDIATE_OID = x509.ObjectIdentifier("1.2.840.113635.100.6.2.1")
LEAF_OID = x509.ObjectIdentifier("1.2.840.113635.100.6.11.1")
_DER_NULL = b"\x05\x00"  # Apple's marker extensions carry an ASN.1 NULL

BUNDLE_ID = "com.example.fancoins"
APP_APPLE_ID = 1234567890


@dataclass(frozen=True)
class AppleTestChain:
    root_der: bytes
    intermediate_der: bytes
    leaf_der: bytes
    root_key: ec.EllipticCurvePrivateKey
    intermediate_key: ec.EllipticCurvePrivateKey
    leaf_key: ec.EllipticCurvePrivateKey

    @property
    def x5c(self) -> list[str]:
        """The JWS header chain: leaf, intermediate, root (base64 DER, not url-safe)."""
        return [_b64(self.leaf_der), _b64(self.intermediate_der), _b64(self.root_der)]


def _b64(der: bytes) -> str:
    return base64.b64encode(der).decode("ascii")


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(
    *,
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey,
    path_length: int | None,
    is_ca: bool,
    marker_oid: x509.ObjectIdentifier | None,
    ocsp_url: str | None = None,
) -> x509.Certificate:
    # Valid from a day ago for ten years: covers every signedDate a test uses.
    now = datetime.datetime.now(datetime.UTC)
    public_key = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.subject if issuer else _name(subject))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=path_length), critical=True)
        .add_extension(_key_usage(cert_sign=is_ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if marker_oid is not None:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(marker_oid, _DER_NULL), critical=False
        )
    if ocsp_url is not None:
        builder = builder.add_extension(x509.AuthorityInformationAccess([
            x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                   x509.UniformResourceIdentifier(ocsp_url)),
        ]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _build_chain(
    root_key: ec.EllipticCurvePrivateKey | None = None,
    intermediate_key: ec.EllipticCurvePrivateKey | None = None,
    *,
    leaf_oid: bool = True,
    ocsp_url: str | None = None,
) -> AppleTestChain:
    root_key = root_key or ec.generate_private_key(ec.SECP256R1())
    intermediate_key = intermediate_key or ec.generate_private_key(ec.SECP256R1())
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate(
        subject="Test Apple Root CA", key=root_key, issuer=None, issuer_key=root_key,
        path_length=None, is_ca=True, marker_oid=None,
    )
    intermediate = _certificate(
        subject="Test Apple WWDR CA", key=intermediate_key, issuer=root, issuer_key=root_key,
        path_length=0, is_ca=True, marker_oid=INTERMEDIATE_OID, ocsp_url=ocsp_url,
    )
    leaf = _certificate(
        subject="Test Prod ECC Mac App Store and iTunes Store Receipt Signing",
        key=leaf_key, issuer=intermediate, issuer_key=intermediate_key,
        path_length=None, is_ca=False, marker_oid=LEAF_OID if leaf_oid else None,
        ocsp_url=ocsp_url,
    )
    return AppleTestChain(
        _der(root), _der(intermediate), _der(leaf), root_key, intermediate_key, leaf_key
    )


@functools.cache
def trusted_chain() -> AppleTestChain:
    """The chain whose root the tests configure as trusted. Made once per process."""
    return _build_chain()


@functools.cache
def wrong_root_chain() -> AppleTestChain:
    """A well-formed chain under a root nobody trusts."""
    return _build_chain()


@functools.cache
def chain_without_leaf_oid() -> AppleTestChain:
    """Same trusted root and intermediate keys, but the leaf lacks Apple's receipt OID."""
    trusted = trusted_chain()
    return _build_chain(trusted.root_key, trusted.intermediate_key, leaf_oid=False)


def chain_with_ocsp(ocsp_url: str) -> AppleTestChain:
    """A chain (own root) whose certificates name `ocsp_url` as their OCSP responder, for
    verifiers with online checks: the test serves that URL."""
    return _build_chain(ocsp_url=ocsp_url)


def sign_jws(
    payload: dict[str, Any],
    chain: AppleTestChain | None = None,
    *,
    x5c: list[str] | None = None,
) -> str:
    """ES256 JWS over `payload` with the chain in `x5c` (override `x5c` for broken chains)."""
    chain = chain or trusted_chain()
    headers = {"x5c": x5c if x5c is not None else chain.x5c}
    return jwt.encode(payload, chain.leaf_key, algorithm="ES256", headers=headers)


def now_ms() -> int:
    return int(time.time() * 1000)


def transaction_payload(**overrides: Any) -> dict[str, Any]:
    """A consumable purchase in Sandbox for the test bundle; keyword overrides win."""
    signed = now_ms()
    payload: dict[str, Any] = {
        "transactionId": "2000000123456789",
        "originalTransactionId": "2000000123456789",
        "bundleId": BUNDLE_ID,
        "productId": "coins.100",
        "purchaseDate": signed - 1000,
        "originalPurchaseDate": signed - 1000,
        "quantity": 1,
        "type": "Consumable",
        "inAppOwnershipType": "PURCHASED",
        "signedDate": signed,
        "environment": "Sandbox",
        "transactionReason": "PURCHASE",
        "storefront": "USA",
        "storefrontId": "143441",
        "price": 1290,
        "currency": "USD",
        "appAccountToken": str(uuid.UUID(int=7)),
    }
    payload.update(overrides)
    return payload


def sign_transaction(
    payload: dict[str, Any],
    chain: AppleTestChain | None = None,
    *,
    x5c: list[str] | None = None,
) -> str:
    return sign_jws(payload, chain, x5c=x5c)


def notification_payload(
    notification_type: str,
    *,
    signed_transaction: str | None = None,
    subtype: str | None = None,
    environment: str = "Sandbox",
    **data_overrides: Any,
) -> dict[str, Any]:
    """An App Store Server Notification V2 payload for the test bundle."""
    data: dict[str, Any] = {
        "bundleId": BUNDLE_ID,
        "appAppleId": APP_APPLE_ID,
        "bundleVersion": "1.0",
        "environment": environment,
    }
    if signed_transaction is not None:
        data["signedTransactionInfo"] = signed_transaction
    data.update(data_overrides)
    payload: dict[str, Any] = {
        "notificationType": notification_type,
        "notificationUUID": str(uuid.uuid4()),
        "version": "2.0",
        "signedDate": now_ms(),
        "data": data,
    }
    if subtype is not None:
        payload["subtype"] = subtype
    return payload


def sign_notification(payload: dict[str, Any], chain: AppleTestChain | None = None) -> str:
    return sign_jws(payload, chain)

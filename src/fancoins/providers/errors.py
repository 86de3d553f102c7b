"""Errors every provider raises, so services can map them without knowing the provider.

`reason` is a stable machine code (logged, counted, mapped to problem+json); the message is
for humans and may change. A provider that is down or not configured is the same problem
whichever domain called it, so those two carry their problem type here (one slug each).
"""

from __future__ import annotations

from fancoins.kit.errors import FancoinsError, Unavailable

# How long a store or processor that failed us is given before a retry is worth it.
PROVIDER_RETRY_AFTER_S = 30

# Reason codes. Services compare against these, never against messages.
SIGNATURE_INVALID = "signature_invalid"  # signature, chain or token did not verify (or expired)
CERTIFICATE_INVALID = "certificate_invalid"  # a certificate could not be parsed or is untrusted
CHAIN_INVALID = "chain_invalid"  # wrong number or order of certificates
BUNDLE_ID_MISMATCH = "bundle_id_mismatch"  # signed for another app (bundle id / app id)
PACKAGE_MISMATCH = "package_mismatch"  # Google: signed for another package name
ENVIRONMENT_MISMATCH = "environment_mismatch"  # sandbox data offered to production or back
PRODUCT_UNKNOWN = "product_unknown"  # not in our catalogue (raised by services)
NOT_PURCHASED = "not_purchased"  # the store says it is not (or no longer) a paid purchase
ACCOUNT_MISMATCH = "account_mismatch"  # bought by another account than the one claiming it
PAYLOAD_INVALID = "payload_invalid"  # authentic but malformed, or not the shape we expect
TOKEN_INVALID = "token_invalid"  # Google: the purchase token is unknown to the store
AUDIENCE_MISMATCH = "audience_mismatch"  # push token minted for another endpoint
ISSUER_INVALID = "issuer_invalid"  # push token not issued by Google
EMAIL_MISMATCH = "email_mismatch"  # push token of another (or unverified) service account
CERT_URL_INVALID = "cert_url_invalid"  # PayPal: certificate URL not https or foreign host


class ProviderError(Exception):
    """Base of every provider failure."""


class ProviderVerificationError(ProviderError):
    """The provider's data is not authentic, not ours, or not acceptable. Never retry."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(f"{reason}: {message}" if message else reason)
        self.reason = reason


class ProviderUnavailable(ProviderError, Unavailable):
    """Network failure, timeout, rate limit or a 5xx: the same call may succeed later."""

    slug = "provider-unavailable"
    title = "Provider unavailable"
    retry_after_s = PROVIDER_RETRY_AFTER_S


class ProviderNotConfigured(FancoinsError):
    """The engine has no settings for this provider (it may sell on one channel only)."""

    status = 503
    slug = "provider-not-configured"
    title = "Provider not configured"
    stored = False

    def __init__(self, provider: str) -> None:
        super().__init__(f"{provider} is not configured on this engine", provider=provider)
        self.provider = provider


class ProviderRejected(ProviderError):
    """The provider answered and refused the request (a 4xx). Retrying as-is will not help."""

    def __init__(self, reason: str, message: str = "", *, status: int | None = None) -> None:
        super().__init__(f"{reason}: {message}" if message else reason)
        self.reason = reason
        self.status = status

"""PayPal from settings: the Payouts client for the payout task, the webhook verifier for the
webhook endpoint. The provider module stays free of our settings; this is the one bridge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fancoins.config import Settings
from fancoins.payouts.errors import PayPalUnavailable, WebhookSignatureInvalid
from fancoins.providers.errors import ProviderUnavailable, ProviderVerificationError
from fancoins.providers.paypal import (
    FetchCert,
    HttpxCertFetcher,
    PayPalConfig,
    PayPalWebhookEvent,
    PayPalWebhookVerifier,
)


class PayPalNotConfigured(Exception):
    """A PayPal setting needed for this is missing."""


def paypal_config(settings: Settings) -> PayPalConfig:
    if not settings.paypal.client_id:
        raise PayPalNotConfigured("FANCOINS_PAYPAL__CLIENT_ID is not set")
    roots = (settings.paypal.trusted_roots_file.read_bytes(),) if (
        settings.paypal.trusted_roots_file is not None) else ()
    return PayPalConfig(
        client_id=settings.paypal.client_id,
        client_secret=settings.paypal.client_secret.get_secret_value(),
        api_base=settings.paypal.api_base,
        webhook_id=settings.paypal.webhook_id or "",
        timeout_s=settings.paypal.timeout_s,
        trusted_root_certs_pem=roots,
    )


@dataclass(frozen=True, slots=True)
class WebhookAuthenticator:
    """Verifies a delivery: the signature, the certificate chain and PayPal's name on it."""

    verifier: PayPalWebhookVerifier
    fetch_cert: FetchCert

    async def verify(self, headers: Mapping[str, str], raw_body: bytes) -> PayPalWebhookEvent:
        """Raises `WebhookSignatureInvalid` (forged, altered or not PayPal's) or
        `PayPalUnavailable` (the signing certificate could not be fetched: PayPal retries)."""
        try:
            return await self.verifier.verify_webhook(headers, raw_body, self.fetch_cert)
        except ProviderVerificationError as error:
            raise WebhookSignatureInvalid(error.reason) from None
        except ProviderUnavailable:
            raise PayPalUnavailable(
                "the signing certificate could not be fetched; PayPal retries") from None


def webhook_authenticator(
    settings: Settings, fetch_cert: FetchCert | None = None
) -> WebhookAuthenticator:
    """Raises `PayPalNotConfigured` unless the webhook id and trusted roots are set."""
    if not settings.paypal.webhook_id or settings.paypal.trusted_roots_file is None:
        raise PayPalNotConfigured(
            "FANCOINS_PAYPAL__WEBHOOK_ID and FANCOINS_PAYPAL__TRUSTED_ROOTS_FILE must be set"
        )
    config = PayPalConfig(
        client_id=settings.paypal.client_id or "",
        client_secret="",  # verifying needs no credentials
        api_base=settings.paypal.api_base,
        webhook_id=settings.paypal.webhook_id,
        timeout_s=settings.paypal.timeout_s,
        trusted_root_certs_pem=(settings.paypal.trusted_roots_file.read_bytes(),),
    )
    fetcher = fetch_cert or HttpxCertFetcher(timeout_s=settings.paypal.timeout_s)
    return WebhookAuthenticator(PayPalWebhookVerifier(config), fetcher)

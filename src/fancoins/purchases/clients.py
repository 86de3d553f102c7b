"""The provider clients purchases use, built once per app from the settings.

A provider whose settings are missing raises `ProviderNotConfigured` (the API answers 503),
never a crash at start-up: an engine may sell on the web only, or on one store only.

`DemoCheckout` is the DEMO web checkout for `make run`: it creates local "sessions" and, when
the demo page's Pay button is pressed, signs a `checkout.session.completed` webhook with a
secret made at start-up, which then goes through the real webhook verification and handler.
The settings refuse it in production mode.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import stripe

from fancoins.config import Settings
from fancoins.providers.apple import AppleConfig, AppleVerifier
from fancoins.providers.google import GoogleConfig, GooglePlayClient, GoogleRtdnReceiver
from fancoins.providers.stripe_checkout import (
    CheckoutSession,
    StripeCheckout,
    StripeConfig,
    StripeEvent,
)

DEMO_SESSION_PREFIX = "cs_demo_"
DEMO_PAGE_PATH = "/v1/demo/checkout/"


class ProviderNotConfigured(Exception):
    def __init__(self, provider: str) -> None:
        super().__init__(f"{provider} is not configured on this engine")
        self.provider = provider


class Checkout(Protocol):
    """What the web purchase flow needs: Stripe Checkout, or the demo stand-in."""

    async def create_session(
        self, *, idempotency_key: str, price_minor: int, currency: str, product_name: str,
        quantity: int = 1, client_reference_id: str, metadata: Mapping[str, str],
    ) -> CheckoutSession: ...

    def parse_webhook(self, raw_body: bytes, signature_header: str) -> StripeEvent: ...


class DemoCheckout:
    """Local sessions and self-signed webhooks, for the demo only (see the module doc)."""

    def __init__(self, settings: Settings) -> None:
        self.webhook_secret = "whsec_demo_" + secrets.token_hex(24)
        self._verifier = StripeCheckout(StripeConfig(
            secret_key="sk_demo_never_sent", webhook_secret=self.webhook_secret,
            timeout_s=settings.stripe_timeout_s, success_url=settings.checkout_success_url,
            cancel_url=settings.checkout_cancel_url,
        ))

    async def create_session(
        self, *, idempotency_key: str, price_minor: int, currency: str, product_name: str,
        quantity: int = 1, client_reference_id: str, metadata: Mapping[str, str],
    ) -> CheckoutSession:
        del idempotency_key, price_minor, currency, product_name, quantity, metadata
        session_id = DEMO_SESSION_PREFIX + client_reference_id.replace("-", "")
        return CheckoutSession(id=session_id, url=DEMO_PAGE_PATH + session_id)

    def parse_webhook(self, raw_body: bytes, signature_header: str) -> StripeEvent:
        return self._verifier.parse_webhook(raw_body, signature_header)

    def signed_completion(
        self, *, session_id: str, amount_minor: int, currency: str, metadata: Mapping[str, str]
    ) -> tuple[bytes, str]:
        """A paid `checkout.session.completed` event and its Stripe-Signature header."""
        suffix = session_id.removeprefix(DEMO_SESSION_PREFIX)
        event: dict[str, Any] = {
            "id": f"evt_demo_{suffix}", "object": "event", "type": "checkout.session.completed",
            "created": int(time.time()), "livemode": False,
            "data": {"object": {
                "id": session_id, "object": "checkout.session", "payment_status": "paid",
                "status": "complete", "amount_total": amount_minor,
                "currency": currency.lower(), "payment_intent": f"pi_demo_{suffix}",
                "metadata": dict(metadata),
            }},
        }
        body = json.dumps(event).encode()
        header = stripe.WebhookSignature.generate_signature_header(
            body.decode(), self.webhook_secret
        )
        return body, str(header)

    async def aclose(self) -> None:
        await self._verifier.aclose()


class PurchaseClients:
    """Provider clients, made on first use and shared by every request of one app."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._apple: AppleVerifier | None = None
        self._google: GooglePlayClient | None = None
        self._receiver: GoogleRtdnReceiver | None = None
        self._checkout: StripeCheckout | DemoCheckout | None = None

    @property
    def google_configured(self) -> bool:
        return self._settings.google_package_name is not None

    def apple(self) -> AppleVerifier:
        if self._apple is None:
            s = self._settings
            if not s.apple_bundle_id or not s.apple_root_certificate_files:
                raise ProviderNotConfigured("apple")
            self._apple = AppleVerifier(AppleConfig(
                bundle_id=s.apple_bundle_id, app_apple_id=s.apple_app_apple_id,
                environment=s.apple_environment,
                root_certificates_der=tuple(p.read_bytes() for p in s.apple_root_certificate_files),
                enable_online_checks=s.apple_online_checks,
            ))
        return self._apple

    def _google_config(self) -> GoogleConfig:
        s = self._settings
        if not s.google_package_name or s.google_service_account_file is None:
            raise ProviderNotConfigured("google")
        return GoogleConfig(
            package_name=s.google_package_name,
            service_account_info=_json_file(s.google_service_account_file),
            api_endpoint=s.google_api_endpoint, timeout_s=s.google_timeout_s,
            rtdn_audience=s.google_rtdn_audience or "",
            rtdn_service_account_email=s.google_rtdn_service_account_email,
            oidc_certs_url=s.google_oidc_certs_url,
        )

    def google(self) -> GooglePlayClient:
        if self._google is None:
            self._google = GooglePlayClient(self._google_config())
        return self._google

    def google_receiver(self) -> GoogleRtdnReceiver:
        if self._receiver is None:
            config = self._google_config()
            if not config.rtdn_audience or not config.rtdn_service_account_email:
                raise ProviderNotConfigured("google notifications")
            self._receiver = GoogleRtdnReceiver(config)
        return self._receiver

    def checkout(self) -> StripeCheckout | DemoCheckout:
        if self._checkout is None:
            s = self._settings
            if s.demo_checkout_enabled:
                self._checkout = DemoCheckout(s)
            elif s.stripe_secret_key is None or s.stripe_webhook_secret is None:
                raise ProviderNotConfigured("stripe")
            else:
                self._checkout = StripeCheckout(StripeConfig(
                    secret_key=s.stripe_secret_key.get_secret_value(),
                    webhook_secret=s.stripe_webhook_secret.get_secret_value(),
                    api_base=s.stripe_api_base, timeout_s=s.stripe_timeout_s,
                    success_url=s.checkout_success_url, cancel_url=s.checkout_cancel_url,
                ))
        return self._checkout

    def demo(self) -> DemoCheckout:
        checkout = self.checkout() if self._settings.demo_checkout_enabled else None
        if not isinstance(checkout, DemoCheckout):
            raise ProviderNotConfigured("demo checkout")
        return checkout

    async def aclose(self) -> None:
        if self._checkout is not None:
            await self._checkout.aclose()
            self._checkout = None


def _json_file(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a service-account JSON object")
    return data

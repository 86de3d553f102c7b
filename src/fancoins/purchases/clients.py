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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import stripe
from appstoreserverlibrary.models.Environment import Environment

from fancoins.config import Mode, Settings
from fancoins.providers.apple import AppleApiConfig, AppleConfig, AppleServerApi, AppleVerifier
from fancoins.providers.errors import ProviderNotConfigured
from fancoins.providers.google import GoogleConfig, GooglePlayClient, GoogleRtdnReceiver
from fancoins.providers.offloop import ProviderCalls
from fancoins.providers.stripe_checkout import (
    CheckoutSession,
    StripeCheckout,
    StripeConfig,
    StripeEvent,
)

DEMO_SESSION_PREFIX = "cs_demo_"
DEMO_PAGE_PATH = "/v1/demo/checkout/"


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
            timeout_s=settings.stripe.timeout_s, success_url=settings.stripe.checkout_success_url,
            cancel_url=settings.stripe.checkout_cancel_url,
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


@dataclass(slots=True)
class PurchaseClients:
    """Every provider client purchases use, built once at start-up (`build`). A provider
    without settings is None, and asking for it answers 503 provider-not-configured."""

    calls: ProviderCalls
    apple: AppleVerifier | None = None
    # Production mode with Sandbox accepted (App Review): Sandbox transactions verify here.
    apple_sandbox: AppleVerifier | None = None
    apple_api: AppleServerApi | None = None
    google: GooglePlayClient | None = None
    google_receiver: GoogleRtdnReceiver | None = None
    checkout: StripeCheckout | DemoCheckout | None = None

    def need_apple(self) -> AppleVerifier:
        if self.apple is None:
            raise ProviderNotConfigured("apple")
        return self.apple

    def need_google(self) -> GooglePlayClient:
        if self.google is None:
            raise ProviderNotConfigured("google")
        return self.google

    def need_google_receiver(self) -> GoogleRtdnReceiver:
        if self.google_receiver is None:
            raise ProviderNotConfigured("google notifications")
        return self.google_receiver

    def need_checkout(self) -> StripeCheckout | DemoCheckout:
        if self.checkout is None:
            raise ProviderNotConfigured("stripe")
        return self.checkout

    @property
    def demo(self) -> DemoCheckout | None:
        return self.checkout if isinstance(self.checkout, DemoCheckout) else None

    async def aclose(self) -> None:
        if self.checkout is not None:
            await self.checkout.aclose()
        self.calls.close()


def build_clients(settings: Settings) -> PurchaseClients:
    """The clients `settings` configure. A provider named but misconfigured (an unreadable
    key file, an invalid setting) fails start-up with its reason, not a later purchase."""
    return PurchaseClients(
        calls=ProviderCalls(settings.purchases.provider_threads_max),
        apple=_apple(settings, settings.apple.environment),
        apple_sandbox=_apple(settings, Environment.SANDBOX.value)
        if settings.mode is Mode.PRODUCTION and settings.apple.accept_sandbox_in_production
        and settings.apple.environment != Environment.SANDBOX.value else None,
        apple_api=_apple_api(settings),
        google=GooglePlayClient(_google_config(settings))
        if settings.google.package_name else None,
        google_receiver=_google_receiver(settings),
        checkout=_checkout(settings),
    )


def _apple(settings: Settings, environment: str) -> AppleVerifier | None:
    s = settings
    if not s.apple.bundle_id or not s.apple.root_certificate_files:
        return None
    return AppleVerifier(AppleConfig(
        bundle_id=s.apple.bundle_id, app_apple_id=s.apple.app_apple_id,
        environment=environment,
        root_certificates_der=tuple(p.read_bytes() for p in s.apple.root_certificate_files),
        enable_online_checks=s.apple.online_checks,
    ))


def _apple_api(settings: Settings) -> AppleServerApi | None:
    s = settings
    if not (s.apple.bundle_id and s.apple.api_key_file and s.apple.api_key_id
            and s.apple.api_issuer_id):
        return None
    return AppleServerApi(AppleApiConfig(
        private_key_pem=s.apple.api_key_file.read_bytes(), key_id=s.apple.api_key_id,
        issuer_id=s.apple.api_issuer_id, bundle_id=s.apple.bundle_id,
        environment=s.apple.environment, base_url=s.apple.api_base_url,
        timeout_s=s.apple.timeout_s,
    ))


def _google_config(settings: Settings) -> GoogleConfig:
    s = settings
    if not s.google.package_name or s.google.service_account_file is None:
        raise ValueError("google.service_account_file: required with google.package_name")
    return GoogleConfig(
        package_name=s.google.package_name,
        service_account_info=_json_file(s.google.service_account_file),
        api_endpoint=s.google.api_endpoint, timeout_s=s.google.timeout_s,
        rtdn_audience=s.google.rtdn_audience or "",
        rtdn_service_account_email=s.google.rtdn_service_account_email,
        oidc_certs_url=s.google.oidc_certs_url,
    )


def _google_receiver(settings: Settings) -> GoogleRtdnReceiver | None:
    s = settings
    if not (s.google.package_name and s.google.rtdn_audience
            and s.google.rtdn_service_account_email):
        return None
    return GoogleRtdnReceiver(_google_config(settings))


def _checkout(settings: Settings) -> StripeCheckout | DemoCheckout | None:
    s = settings
    if s.demo_checkout_enabled:
        return DemoCheckout(s)
    if s.stripe.secret_key is None or s.stripe.webhook_secret is None:
        return None
    return StripeCheckout(StripeConfig(
        secret_key=s.stripe.secret_key.get_secret_value(),
        webhook_secret=s.stripe.webhook_secret.get_secret_value(),
        api_base=s.stripe.api_base, timeout_s=s.stripe.timeout_s,
        success_url=s.stripe.checkout_success_url, cancel_url=s.stripe.checkout_cancel_url,
    ))


def _json_file(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a service-account JSON object")
    return data

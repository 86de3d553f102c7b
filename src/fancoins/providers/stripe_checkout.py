"""Stripe Checkout for web coin purchases: create a session, verify the signed webhook.

(Not named `stripe.py`: that would shadow the library inside this package.)
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import stripe
from stripe.params.checkout import SessionCreateParams

from fancoins.kit.tls import tls_context
from fancoins.providers import errors
from fancoins.providers.errors import (
    ProviderRejected,
    ProviderUnavailable,
    ProviderVerificationError,
)
from fancoins.providers.ids import ascii_id


@dataclass(frozen=True, slots=True, kw_only=True)
class StripeConfig:
    secret_key: str
    webhook_secret: str
    api_base: str | None = None  # None = Stripe's own; a local fake in tests
    timeout_s: float
    success_url: str
    cancel_url: str
    # Stripe's recommended replay window for webhook signatures.
    webhook_tolerance_s: int = 300

    def __post_init__(self) -> None:
        if not self.secret_key or not self.webhook_secret:
            raise ValueError("Stripe secret_key and webhook_secret are required")
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive")


@dataclass(frozen=True, slots=True)
class CheckoutSession:
    id: str
    url: str


@dataclass(frozen=True, slots=True)
class StripeEvent:
    id: str
    type: str
    object: dict[str, Any]  # event.data.object, as plain JSON
    livemode: bool


class HttpxStripeClient(stripe.HTTPClient):
    """Async-only transport for the Stripe client.

    stripe's bundled HTTPXClient passes the form body as `data=<str>`, which httpx 0.28
    deprecates: a DeprecationWarning on every request (an error under `-W error`). This one
    sends `content=` and maps transport failures to the library's own APIConnectionError.
    """

    name = "fancoins-httpx"

    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self._client = httpx.AsyncClient(timeout=timeout_s, verify=tls_context())

    async def request_async(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any = None
    ) -> tuple[bytes, int, Mapping[str, str]]:
        try:
            response = await self._client.request(method, url, headers=headers, content=post_data)
        except httpx.HTTPError as exc:
            raise stripe.APIConnectionError(  # type: ignore[no-untyped-call]
                f"Stripe unreachable: {type(exc).__name__}", should_retry=True
            ) from exc
        return response.content, response.status_code, response.headers

    def sleep_async(self, secs: float) -> Awaitable[None]:
        return asyncio.sleep(secs)

    async def close_async(self) -> None:
        await self._client.aclose()

    def close(self) -> None:
        """Nothing synchronous to close: this client only speaks async."""


class StripeCheckout:
    """Async session creation; synchronous, CPU-only webhook verification."""

    def __init__(self, config: StripeConfig, *, http_client: stripe.HTTPClient | None = None):
        self._config = config
        # We close only what we made; a caller's client is the caller's to close.
        self._owned_http = None if http_client else HttpxStripeClient(config.timeout_s)
        self._client = stripe.StripeClient(
            config.secret_key,
            base_addresses={"api": config.api_base} if config.api_base else None,
            # Retries belong to the caller, which owns the idempotency key and time budget.
            max_network_retries=0,
            http_client=http_client or self._owned_http,
        )

    async def aclose(self) -> None:
        if self._owned_http is not None:
            await self._owned_http.close_async()

    async def create_session(
        self,
        *,
        idempotency_key: str,
        price_minor: int,
        currency: str,
        product_name: str,
        quantity: int = 1,
        client_reference_id: str,
        metadata: Mapping[str, str],
    ) -> CheckoutSession:
        """A hosted Checkout page for `quantity` x `price_minor` (integer minor units)."""
        _require_positive_int(price_minor, "price_minor")
        _require_positive_int(quantity, "quantity")
        params: SessionCreateParams = {
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": currency.lower(),
                        "unit_amount": price_minor,
                        "product_data": {"name": product_name},
                    },
                    "quantity": quantity,
                }
            ],
            "success_url": self._config.success_url,
            "cancel_url": self._config.cancel_url,
            "client_reference_id": client_reference_id,
            "metadata": dict(metadata),
            # Refunds and disputes arrive on the charge: carry our ids there too.
            "payment_intent_data": {"metadata": dict(metadata)},
        }
        try:
            session = await self._client.v1.checkout.sessions.create_async(
                params=params, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as exc:
            raise _api_error(exc) from exc
        if not session.url:
            raise ProviderVerificationError(errors.PAYLOAD_INVALID, "session without url")
        return CheckoutSession(id=session.id, url=session.url)

    def parse_webhook(self, raw_body: bytes, signature_header: str) -> StripeEvent:
        """Verify the `Stripe-Signature` over the raw bytes, then decode the event."""
        try:
            stripe.Webhook.construct_event(
                raw_body,
                signature_header,
                self._config.webhook_secret,
                tolerance=self._config.webhook_tolerance_s,
            )
        except stripe.SignatureVerificationError as exc:
            raise ProviderVerificationError(errors.SIGNATURE_INVALID, str(exc)) from exc
        except ValueError as exc:  # not UTF-8, not JSON, or a thin v2 event
            raise ProviderVerificationError(errors.PAYLOAD_INVALID, str(exc)) from exc
        # Read our plain-JSON view from the very bytes that were verified.
        return _event(json.loads(raw_body))


def _event(body: Any) -> StripeEvent:
    data = body.get("data") if isinstance(body, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    event_id, event_type = body.get("id"), body.get("type")
    if not (isinstance(obj, dict) and isinstance(event_id, str) and isinstance(event_type, str)):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, "not a Stripe event")
    return StripeEvent(
        id=ascii_id(event_id, "id"), type=ascii_id(event_type, "type"), object=obj,
        livemode=body.get("livemode") is True,
    )


def _api_error(exc: stripe.StripeError) -> Exception:
    status = exc.http_status
    if isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError) or (
        status is None or status >= 500
    ):
        return ProviderUnavailable(f"Stripe: {type(exc).__name__}: {exc.user_message or exc}")
    code = "idempotency_conflict" if isinstance(exc, stripe.IdempotencyError) else "rejected"
    return ProviderRejected(code, str(exc.user_message or exc), status=status)


def _require_positive_int(value: int, name: str) -> None:
    # bool is an int; a True price would be a silent 1-cent charge.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")

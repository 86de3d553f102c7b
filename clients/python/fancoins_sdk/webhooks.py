"""Verify a webhook from fancoins (Standard Webhooks: `webhook-id`, `webhook-timestamp` and
`webhook-signature` headers, HMAC-SHA256 over `id.timestamp.body`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

__all__ = ["WebhookVerificationError", "verify_webhook"]


def verify_webhook(body: bytes | str, headers: Mapping[str, str], secret: str) -> Any:
    """The event (parsed JSON) if the signature is valid and recent, else
    WebhookVerificationError. Pass the raw body exactly as received (never re-serialised
    JSON) and the endpoint's secret (`whsec_...`). During a secret rotation, try the new
    secret, then the old one."""
    lowered = {k.lower(): v for k, v in headers.items()}
    return Webhook(secret).verify(body, lowered)

"""Webhooks' problem types."""

from __future__ import annotations

from fancoins.kit.errors import InvalidRequest, NotFound


class WebhookEndpointNotFound(NotFound):
    slug = "webhook-endpoint-not-found"
    title = "Webhook endpoint not found"

    def __init__(self, ref: str) -> None:
        super().__init__(f"no webhook endpoint {ref}")


class WebhookDeliveryNotFound(NotFound):
    slug = "webhook-delivery-not-found"
    title = "Webhook delivery not found"

    def __init__(self, ref: str) -> None:
        super().__init__(f"no webhook delivery {ref}")


class WebhookEndpointInvalid(InvalidRequest):
    """An endpoint's URL, event types or secret is not acceptable (the detail says which)."""

    slug = "webhook-endpoint-invalid"
    title = "Invalid webhook endpoint"

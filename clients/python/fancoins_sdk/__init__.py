"""fancoins SDK: the generated API client (`fancoins_client`) plus what a generator cannot
write: Standard Webhooks verification (`fancoins_sdk.webhooks`) and a LIVE WebSocket helper
that authenticates, parses frames and reconnects (`fancoins_sdk.live`)."""

from fancoins_client import AuthenticatedClient, Client
from fancoins_sdk.live import LiveClosed, LiveRefused, live_events
from fancoins_sdk.webhooks import WebhookVerificationError, verify_webhook

__all__ = ["AuthenticatedClient", "Client", "LiveClosed", "LiveRefused", "WebhookVerificationError",
           "live_events", "verify_webhook"]

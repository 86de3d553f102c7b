"""Standard Webhooks signatures (the `standardwebhooks` package): HMAC-SHA256 over
`id.timestamp.body`, `v1,<base64>`; during a secret rotation a message carries two signatures
(new and previous secret), so receivers holding either verify it."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from collections.abc import Sequence

from cachetools import LRUCache
from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"
# 32 random bytes: the specification asks for 24 to 64.
SECRET_BYTES = 32
# Signers kept per process (building one decodes the secret): far above any endpoint count.
SIGNERS_MAX = 1024

_signers: LRUCache[str, Webhook] = LRUCache(maxsize=SIGNERS_MAX)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def valid_secret(secret: str) -> bool:
    """A `whsec_` secret of 24 to 64 bytes (the operator may bring their own)."""
    if not secret.startswith(SECRET_PREFIX):
        return False
    try:
        raw = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except ValueError:
        return False
    return 24 <= len(raw) <= 64


def _signer(secret: str) -> Webhook:
    signer = _signers.get(secret)
    if signer is None:
        signer = _signers[secret] = Webhook(secret)
    return signer


def headers(message_id: str, timestamp_s: int, body: bytes,
            signing_secrets: Sequence[str]) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt. The timestamp is the sending time (a
    receiver refuses messages more than five minutes from its own clock)."""
    at = dt.datetime.fromtimestamp(timestamp_s, tz=dt.UTC)
    text = body.decode()
    signatures = " ".join(_signer(s).sign(message_id, at, text) for s in signing_secrets)
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp_s),
            "webhook-signature": signatures}

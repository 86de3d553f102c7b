"""The host's moderation hook: a signed POST asking whether a gift's message may be shown.

The request is signed like the webhooks the engine sends (Standard Webhooks: `webhook-id`,
`webhook-timestamp`, `webhook-signature` = HMAC-SHA256 over `id.timestamp.body` with the
shared secret), so the host verifies it with the same code. The hook answers
`{"allow": true}` or `{"allow": false, "reason": "..."}` within `moderation.timeout_s`.
Anything else (a timeout, an error status, a body that is not that) is "could not ask":
refused with 503 when the hook fails closed, let through (and logged) when it fails open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx
import orjson
import structlog
from standardwebhooks.webhooks import Webhook

from fancoins.config import Settings
from fancoins.economy.messages import blocked_term
from fancoins.ids import new_id
from fancoins.kit.tls import tls_context
from fancoins.moderation.errors import GiftMessageRefused, ModerationUnavailable

log = structlog.get_logger(__name__)

REASON_CHARS_MAX = 200  # a host's reason shown to the sender: bounded like any text we echo
RETRY_AFTER_S = 2


@dataclass(frozen=True, slots=True)
class MessageToCheck:
    sender_id: str
    stream_id: str | None
    gift_id: str
    count: int
    text: str


class _CouldNotAsk(Exception):
    pass


class ModerationHook:
    def __init__(self, settings: Settings) -> None:
        self._terms = settings.economy.messages.blocked_terms
        self._url = settings.moderation.webhook_url
        secret = settings.moderation.webhook_secret
        self._signer = Webhook(secret.get_secret_value()) if secret is not None else None
        self._fail_open = settings.moderation.fail_open
        self._answer_max_bytes = settings.moderation.answer_max_bytes
        self._client = httpx.AsyncClient(timeout=settings.moderation.timeout_s,
                                         follow_redirects=False, verify=tls_context())

    async def aclose(self) -> None:
        await self._client.aclose()

    async def check(self, message: MessageToCheck) -> None:
        """Raises `GiftMessageRefused`, or `ModerationUnavailable` (failing closed)."""
        term = blocked_term(message.text, self._terms)
        if term is not None:
            raise GiftMessageRefused(f"the message contains a blocked term ({term!r})",
                                     reason="blocked-term")
        if self._url is None:
            return
        try:
            allowed, reason = await self._ask(self._url, message)
        except _CouldNotAsk as error:
            log.warning("moderation_unanswered", error=str(error), fail_open=self._fail_open)
            if self._fail_open:
                return
            raise ModerationUnavailable(
                "the message could not be checked; nothing was charged: retry with the same "
                "Idempotency-Key", retry_after_s=RETRY_AFTER_S) from None
        if not allowed:
            raise GiftMessageRefused(reason or "the host's moderation refused the message",
                                     reason="moderation")

    async def _ask(self, url: str, message: MessageToCheck) -> tuple[bool, str | None]:
        message_id = f"msg_{new_id().hex}"
        now = dt.datetime.now(dt.UTC)
        body = orjson.dumps({
            "type": "gift.message", "id": message_id, "sender_id": message.sender_id,
            "stream_id": message.stream_id, "gift_id": message.gift_id,
            "count": message.count, "message": message.text,
        }).decode()
        headers = {"content-type": "application/json", "webhook-id": message_id,
                   "webhook-timestamp": str(int(now.timestamp()))}
        if self._signer is not None:
            headers["webhook-signature"] = self._signer.sign(message_id, now, body)
        try:
            async with self._client.stream("POST", url, content=body, headers=headers) as answer:
                if answer.status_code != 200:
                    raise _CouldNotAsk(f"status {answer.status_code}")
                raw = await _read_bounded(answer, self._answer_max_bytes)
        except httpx.HTTPError as error:
            raise _CouldNotAsk(type(error).__name__) from None
        return _decision(raw)


async def _read_bounded(answer: httpx.Response, max_bytes: int) -> bytes:
    chunks, size = [], 0
    async for chunk in answer.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _CouldNotAsk(f"answer over {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decision(raw: bytes) -> tuple[bool, str | None]:
    try:
        answer = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _CouldNotAsk("answer is not JSON") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("allow"), bool):
        raise _CouldNotAsk("answer has no boolean 'allow'")
    reason = answer.get("reason")
    text = reason[:REASON_CHARS_MAX] if isinstance(reason, str) and reason.isprintable() else None
    return bool(answer["allow"]), text

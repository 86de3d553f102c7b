"""Webhook endpoints an operator manages, and their delivery log. Writes run on the caller's
unit of work (audited); the delivery worker (`webhooks.worker`) does the sending."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.identity.service import audit
from fancoins.ids import new_id
from fancoins.journal.idempotency import idempotent
from fancoins.kit.clock import MS_PER_SECOND, now_ms
from fancoins.kit.hashing import scoped_key
from fancoins.webhooks import repository, signing
from fancoins.webhooks.catalog import catalog
from fancoins.webhooks.errors import (
    WebhookDeliveryNotFound,
    WebhookEndpointInvalid,
    WebhookEndpointNotFound,
)
from fancoins.webhooks.repository import (
    DEAD,
    DELIVERED,
    PAUSED,
    PENDING,
    Attempt,
    Delivery,
    Endpoint,
    EndpointSecrets,
    Message,
)

CREATE_SCOPE = "webhook_endpoint_create"
ROTATE_SCOPE = "webhook_secret_rotate"
REDELIVER_SCOPE = "webhook_redeliver"
URL_CHARS_MAX = 2000  # the column's width
EVENT_TYPES_MAX = 64  # far above the catalog's size: one bounded JSON list per endpoint
ATTEMPTS_LISTED_MAX = 100  # a delivery's attempts are bounded by the attempts setting anyway
DISABLED_BY_OPERATOR = "disabled by an operator"


@dataclass(frozen=True, slots=True)
class EndpointSummary:
    """An endpoint with its deliveries counted by state (the console's list)."""

    endpoint: Endpoint
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class IssuedEndpoint:
    """An endpoint and its signing secret (shown on creation and rotation)."""

    endpoint: Endpoint
    secret: str


@dataclass(frozen=True, slots=True)
class DeliveryDetail:
    delivery: Delivery
    message: Message | None
    attempts: list[Attempt]


def check_url(url: str, *, https_only: bool) -> str:
    """An absolute http(s) URL with a host; only https when `https_only` (production)."""
    parts = urlsplit(url)
    if len(url) > URL_CHARS_MAX or parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookEndpointInvalid("url: an absolute http(s) URL with a host",
                                     field="url")
    if https_only and parts.scheme != "https":
        raise WebhookEndpointInvalid("url: webhooks are sent to https URLs only in production",
                                     field="url")
    return url


def check_event_types(event_types: Sequence[str]) -> list[str]:
    known = catalog()
    unknown = sorted(set(event_types) - set(known))
    if unknown:
        raise WebhookEndpointInvalid(
            f"event_types: unknown {', '.join(unknown)}; known: {', '.join(known)}",
            field="event_types")
    if not event_types or len(set(event_types)) > EVENT_TYPES_MAX:
        raise WebhookEndpointInvalid("event_types: subscribe to at least one event type",
                                     field="event_types")
    return sorted(set(event_types))


def _secret(secret: str | None) -> str:
    if secret is None:
        return signing.new_secret()
    if not signing.valid_secret(secret):
        raise WebhookEndpointInvalid("secret: whsec_ followed by 24 to 64 base64 bytes",
                                     field="secret")
    return secret


class WebhookService:
    async def create(
        self, uow: UnitOfWork, *, actor: str, url: str, event_types: Sequence[str],
        description: str, https_only: bool, secret: str | None = None,
        idempotency_key: str | None = None,
    ) -> IssuedEndpoint:
        """Register an endpoint (audited). With a key, a retry answers the same endpoint and
        secret. Raises `WebhookEndpointInvalid`."""
        checked = (check_url(url, https_only=https_only), check_event_types(event_types),
                   _secret(secret))

        async def run() -> IssuedEndpoint:
            return await self._create(uow, actor, *checked, description)

        if idempotency_key is None:
            return await run()
        request = {"url": url, "event_types": sorted(set(event_types)),
                   "description": description, "secret": secret}
        answer = await idempotent(uow, CREATE_SCOPE, scoped_key(actor, idempotency_key),
                                  request, run, IssuedEndpoint)
        return answer.value

    async def _create(self, uow: UnitOfWork, actor: str, url: str, event_types: list[str],
                      secret: str, description: str) -> IssuedEndpoint:
        connection = await uow.connect()
        at_ms = now_ms()
        endpoint_id = new_id()
        await repository.insert_endpoint(connection, {
            "id": endpoint_id, "url": url, "description": description,
            "event_types": event_types, "secret": secret, "previous_secret": None,
            "previous_expires_at_ms": None, "enabled": True, "disabled_reason": None,
            "disabled_at_ms": None, "consecutive_failures": 0, "failing_since_ms": None,
            "last_success_at_ms": None, "created_at_ms": at_ms, "updated_at_ms": at_ms})
        await audit.record(connection, actor=actor, action="webhook.created",
                           target=f"webhook:{endpoint_id}", reason=description or "registered",
                           data={"url": url, "event_types": event_types})
        return IssuedEndpoint(await self.get(connection, endpoint_id), secret)

    async def update(
        self, uow: UnitOfWork, endpoint_id: uuid.UUID, *, actor: str, https_only: bool,
        url: str | None = None, event_types: Sequence[str] | None = None,
        description: str | None = None, enabled: bool | None = None,
    ) -> Endpoint:
        """Change what is given (audited). Enabling resumes its held deliveries and clears
        its failure count; disabling holds them. A PUT: repeating it changes nothing."""
        connection = await uow.connect()
        current = await self.get(connection, endpoint_id, lock=True)
        values: dict[str, Any] = {}
        if url is not None:
            values["url"] = check_url(url, https_only=https_only)
        if event_types is not None:
            values["event_types"] = check_event_types(event_types)
        if description is not None:
            values["description"] = description
        if enabled is not None and enabled != current.enabled:
            values.update(await self._switch(connection, current, enabled,
                                             DISABLED_BY_OPERATOR))
        if not values:
            return current
        values["updated_at_ms"] = now_ms()
        await repository.update_endpoint(connection, endpoint_id, **values)
        await audit.record(connection, actor=actor, action="webhook.updated",
                           target=f"webhook:{endpoint_id}", reason="changed",
                           data={k: v for k, v in values.items() if k != "updated_at_ms"})
        return await self.get(connection, endpoint_id)

    async def _switch(self, connection: AsyncConnection, endpoint: Endpoint, enabled: bool,
                      reason: str) -> dict[str, Any]:
        at_ms = now_ms()
        if enabled:
            await repository.resume(connection, endpoint.id, at_ms)
            return {"enabled": True, "disabled_reason": None, "disabled_at_ms": None,
                    "consecutive_failures": 0, "failing_since_ms": None}
        await repository.pause(connection, endpoint.id)
        return {"enabled": False, "disabled_reason": reason[:300], "disabled_at_ms": at_ms}

    async def disable(self, connection: AsyncConnection, endpoint_id: uuid.UUID,
                      reason: str) -> None:
        """The worker gives up on a failing endpoint: its deliveries are held until an
        operator enables it again."""
        endpoint = await self.get(connection, endpoint_id, lock=True)
        if endpoint.enabled:
            values = await self._switch(connection, endpoint, False, reason)
            await repository.update_endpoint(connection, endpoint_id, updated_at_ms=now_ms(),
                                             **values)

    async def rotate_secret(self, uow: UnitOfWork, endpoint_id: uuid.UUID, *, actor: str,
                            overlap_s: int, idempotency_key: str | None = None
                            ) -> IssuedEndpoint:
        """A new signing secret; the previous one keeps signing too for `overlap_s` (a second
        rotation within it ends the oldest at once). Audited. With a key, a retry answers the
        same secret: rotating twice would end, at once, the secret the receiver still holds."""
        async def run() -> IssuedEndpoint:
            return await self._rotate_secret(uow, endpoint_id, actor, overlap_s)

        if idempotency_key is None:
            return await run()
        request = {"endpoint_id": str(endpoint_id), "overlap_s": overlap_s}
        return (await idempotent(uow, ROTATE_SCOPE, scoped_key(actor, idempotency_key),
                                 request, run, IssuedEndpoint)).value

    async def _rotate_secret(self, uow: UnitOfWork, endpoint_id: uuid.UUID, actor: str,
                             overlap_s: int) -> IssuedEndpoint:
        connection = await uow.connect()
        await self.get(connection, endpoint_id, lock=True)
        current = await self.secrets(connection, endpoint_id)
        secret = signing.new_secret()
        at_ms = now_ms()
        await repository.update_endpoint(
            connection, endpoint_id, secret=secret, previous_secret=current.secret,
            previous_expires_at_ms=at_ms + overlap_s * MS_PER_SECOND, updated_at_ms=at_ms)
        await audit.record(connection, actor=actor, action="webhook.secret_rotated",
                           target=f"webhook:{endpoint_id}", reason="rotation",
                           data={"overlap_s": overlap_s})
        return IssuedEndpoint(await self.get(connection, endpoint_id), secret)

    async def delete(self, uow: UnitOfWork, endpoint_id: uuid.UUID, *, actor: str) -> None:
        """Remove the endpoint with its deliveries and their log (audited)."""
        connection = await uow.connect()
        endpoint = await self.get(connection, endpoint_id, lock=True)
        await repository.delete_endpoint(connection, endpoint_id)
        await audit.record(connection, actor=actor, action="webhook.deleted",
                           target=f"webhook:{endpoint_id}", reason="deleted",
                           data={"url": endpoint.url})

    async def get(self, connection: AsyncConnection, endpoint_id: uuid.UUID,
                  *, lock: bool = False) -> Endpoint:
        found = await repository.get_endpoint(connection, endpoint_id, lock=lock)
        if found is None:
            raise WebhookEndpointNotFound(str(endpoint_id))
        return found

    async def secrets(self, connection: AsyncConnection, endpoint_id: uuid.UUID
                      ) -> EndpointSecrets:
        found = await repository.secrets_of(connection, endpoint_id)
        if found is None:
            raise WebhookEndpointNotFound(str(endpoint_id))
        return found

    async def page(self, connection: AsyncConnection, after_id: uuid.UUID | None,
                   limit: int) -> list[EndpointSummary]:
        """Endpoints oldest first, each with its deliveries counted by state."""
        endpoints = await repository.list_endpoints(connection, after_id, limit)
        counts: dict[uuid.UUID, dict[str, int]] = {
            e.id: dict.fromkeys((PENDING, PAUSED, DELIVERED, DEAD), 0) for e in endpoints}
        for count in await repository.state_counts(connection, list(counts)):
            counts[count.endpoint_id][count.state] = count.count
        return [EndpointSummary(e, counts[e.id]) for e in endpoints]

    async def deliveries(self, connection: AsyncConnection, endpoint_id: uuid.UUID,
                         state: str | None, before_seq: int | None, limit: int
                         ) -> list[Delivery]:
        """An endpoint's deliveries, newest first (optionally of one state)."""
        await self.get(connection, endpoint_id)
        return await repository.list_deliveries(connection, endpoint_id, state, before_seq,
                                                limit)

    async def delivery(self, connection: AsyncConnection, delivery_id: uuid.UUID
                       ) -> DeliveryDetail:
        """A delivery, its message and every attempt (status, latency, answer)."""
        found = await repository.get_delivery(connection, delivery_id)
        if found is None:
            raise WebhookDeliveryNotFound(str(delivery_id))
        return DeliveryDetail(found, await repository.get_message(connection, found.message_id),
                              await repository.attempts_of(connection, delivery_id,
                                                           ATTEMPTS_LISTED_MAX))

    async def redeliver(self, uow: UnitOfWork, delivery_id: uuid.UUID, *, actor: str,
                        idempotency_key: str | None = None) -> Delivery:
        """Send a delivered or dead-lettered message again (same `webhook-id`), from a first
        attempt; one still pending is left as it is. Audited. With a key, a retry answers the
        first answer, even once that redelivery has gone out (it is not sent a third time)."""
        async def run() -> Delivery:
            return await self._redeliver(uow, delivery_id, actor)

        if idempotency_key is None:
            return await run()
        return (await idempotent(uow, REDELIVER_SCOPE, scoped_key(actor, idempotency_key),
                                 {"delivery_id": str(delivery_id)}, run, Delivery)).value

    async def _redeliver(self, uow: UnitOfWork, delivery_id: uuid.UUID, actor: str
                         ) -> Delivery:
        connection = await uow.connect()
        found = await repository.get_delivery(connection, delivery_id, lock=True)
        if found is None:
            raise WebhookDeliveryNotFound(str(delivery_id))
        if found.state in (PENDING, PAUSED):
            return found
        endpoint = await self.get(connection, found.endpoint_id)
        await repository.requeue(connection, delivery_id, PENDING if endpoint.enabled
                                 else PAUSED, now_ms())
        await audit.record(connection, actor=actor, action="webhook.redelivered",
                           target=f"webhook_delivery:{delivery_id}", reason="redeliver",
                           data={"endpoint_id": str(found.endpoint_id),
                                 "message_id": str(found.message_id), "was": found.state})
        requeued = await repository.get_delivery(connection, delivery_id)
        if requeued is None:
            raise WebhookDeliveryNotFound(str(delivery_id))
        return requeued


webhooks = WebhookService()

"""The admin API of outgoing webhooks: endpoints (register, change, rotate, delete), the
event catalog, each endpoint's delivery log, and redelivery. Admin or `webhooks:write`."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from fancoins.api.auth import Principal, Scope, require
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey
from fancoins.api.pagination import Cursor, Limit, cut, page_size, uuid_of
from fancoins.api.problems import problem_responses
from fancoins.config import Mode
from fancoins.kit.pagination import Position, decode_cursor, page_of
from fancoins.webhooks.catalog import catalog
from fancoins.webhooks.schemas import (
    AttemptOut,
    EndpointIn,
    EndpointOut,
    EndpointPage,
    EndpointPatch,
    EndpointSummaryOut,
    EventTypeOut,
    IssuedEndpointOut,
    MessageOut,
    SecretOut,
    State,
    WebhookDeliveryCounts,
    WebhookDeliveryDetailOut,
    WebhookDeliveryOut,
    WebhookDeliveryPage,
)
from fancoins.webhooks.service import webhooks

router = APIRouter(prefix="/v1/admin/webhooks", tags=["webhooks"],
                   responses=problem_responses(400, 401, 403, 404, 409, 422))

Manager = Annotated[Principal, Depends(require(Scope.WEBHOOKS_WRITE))]


def _https_only(settings: SettingsDep) -> bool:
    return settings.mode is Mode.PRODUCTION


@router.get("/event-types", response_model=list[EventTypeOut])
async def list_event_types(_: Manager) -> list[EventTypeOut]:
    """Every event type an endpoint may subscribe to (payloads: docs/events.md)."""
    return [EventTypeOut(type=t.name, version=t.version, ordered=t.ordered, about=t.about)
            for t in catalog().values()]


@router.get("/endpoints", response_model=EndpointPage)
async def list_endpoints(_: Manager, connection: ReadConnection, settings: SettingsDep,
                         cursor: Cursor = None, limit: Limit = None) -> EndpointPage:
    """Every endpoint, oldest first, with its deliveries counted by state."""
    size = page_size(settings, limit)
    page = cut(await webhooks.page(connection, uuid_of(cursor), size + 1), size,
               lambda s: Position(None, str(s.endpoint.id)))
    return EndpointPage(items=[EndpointSummaryOut(
        endpoint=EndpointOut.model_validate(s.endpoint),
        deliveries=WebhookDeliveryCounts(**s.counts)) for s in page.items],
        next_cursor=page.next_cursor)


@router.post("/endpoints", response_model=IssuedEndpointOut, status_code=201)
async def create_endpoint(body: EndpointIn, principal: Manager, uow: UnitDep,
                          settings: SettingsDep, idempotency_key: IdempotencyKey
                          ) -> IssuedEndpointOut:
    """Register an endpoint for the event types given (audited). Its signing secret is in
    this answer (and `GET .../secret`)."""
    issued = await webhooks.create(
        uow, actor=principal.subject, url=body.url, event_types=body.event_types,
        description=body.description, https_only=_https_only(settings), secret=body.secret,
        idempotency_key=idempotency_key)
    return IssuedEndpointOut.model_validate(issued)


@router.get("/endpoints/{endpoint_id}", response_model=EndpointOut)
async def get_endpoint(endpoint_id: uuid.UUID, _: Manager, connection: ReadConnection
                       ) -> EndpointOut:
    return EndpointOut.model_validate(await webhooks.get(connection, endpoint_id))


@router.patch("/endpoints/{endpoint_id}", response_model=EndpointOut)
async def update_endpoint(endpoint_id: uuid.UUID, body: EndpointPatch, principal: Manager,
                          uow: UnitDep, settings: SettingsDep) -> EndpointOut:
    """Change its URL, event types or description; disable it (its deliveries are held) or
    enable it (they resume). Repeating a change changes nothing."""
    return EndpointOut.model_validate(await webhooks.update(
        uow, endpoint_id, actor=principal.subject, https_only=_https_only(settings),
        url=body.url, event_types=body.event_types, description=body.description,
        enabled=body.enabled))


@router.delete("/endpoints/{endpoint_id}", status_code=204, response_class=Response)
async def delete_endpoint(endpoint_id: uuid.UUID, principal: Manager, uow: UnitDep
                          ) -> Response:
    """Remove it, with its deliveries and their log (audited)."""
    await webhooks.delete(uow, endpoint_id, actor=principal.subject)
    return Response(status_code=204)


@router.post("/endpoints/{endpoint_id}/rotate-secret", response_model=IssuedEndpointOut)
async def rotate_secret(endpoint_id: uuid.UUID, principal: Manager, uow: UnitDep,
                        settings: SettingsDep, idempotency_key: IdempotencyKey
                        ) -> IssuedEndpointOut:
    """A new signing secret. For `webhooks.secret_rotation_overlap_s` messages carry two
    signatures (new and previous secret), so the receiver can switch without a refusal. A
    retry with the same key answers the same secret and rotates nothing more."""
    return IssuedEndpointOut.model_validate(await webhooks.rotate_secret(
        uow, endpoint_id, actor=principal.subject,
        overlap_s=settings.webhooks.secret_rotation_overlap_s, idempotency_key=idempotency_key))


@router.get("/endpoints/{endpoint_id}/secret", response_model=SecretOut)
async def get_secret(endpoint_id: uuid.UUID, _: Manager, connection: ReadConnection
                     ) -> SecretOut:
    return SecretOut.model_validate(await webhooks.secrets(connection, endpoint_id))


@router.get("/endpoints/{endpoint_id}/deliveries", response_model=WebhookDeliveryPage)
async def list_deliveries(
    endpoint_id: uuid.UUID, _: Manager, connection: ReadConnection, settings: SettingsDep,
    state: Annotated[State | None, Query()] = None, cursor: Cursor = None,
    limit: Limit = None,
) -> WebhookDeliveryPage:
    """The endpoint's delivery log, newest first: state, attempts, last status and error."""
    size = page_size(settings, limit)
    position = decode_cursor(cursor)
    before = int(position.key) if position is not None and isinstance(position.key, int) \
        else None
    found = await webhooks.deliveries(connection, endpoint_id, state, before, size + 1)
    page = page_of(found, size, lambda d: Position(d.seq, str(d.id)))
    return WebhookDeliveryPage(items=[WebhookDeliveryOut.model_validate(d) for d in page.items],
                        next_cursor=page.next_cursor)


@router.get("/deliveries/{delivery_id}", response_model=WebhookDeliveryDetailOut)
async def get_delivery(delivery_id: uuid.UUID, _: Manager, connection: ReadConnection
                       ) -> WebhookDeliveryDetailOut:
    """A delivery, the message it carries, and every attempt: when, status, latency, the
    answer's first characters."""
    detail = await webhooks.delivery(connection, delivery_id)
    return WebhookDeliveryDetailOut(
        delivery=WebhookDeliveryOut.model_validate(detail.delivery),
        message=MessageOut.of(detail.message) if detail.message else None,
        attempts=[AttemptOut.model_validate(a) for a in detail.attempts])


@router.post("/deliveries/{delivery_id}/redeliver", response_model=WebhookDeliveryOut)
async def redeliver(delivery_id: uuid.UUID, principal: Manager, uow: UnitDep,
                    idempotency_key: IdempotencyKey) -> WebhookDeliveryOut:
    """Send a delivered or dead-lettered message again, same `webhook-id`, from a first
    attempt (audited). A delivery still pending is answered as it is; a retry with the same
    key answers the first answer and sends nothing more."""
    return WebhookDeliveryOut.model_validate(await webhooks.redeliver(
        uow, delivery_id, actor=principal.subject, idempotency_key=idempotency_key))

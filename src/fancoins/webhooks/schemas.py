"""Webhook endpoints, deliveries and attempts as the admin API takes and shows them."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from fancoins.accounts.schemas import Moment, Read
from fancoins.kit.text import SingleLine

Url = Annotated[str, StringConstraints(min_length=8, max_length=2000)]
EventTypeName = Annotated[str, StringConstraints(min_length=1, max_length=64,
                                                 pattern=r"^[a-z_]+\.[a-z_]+$")]
EventTypes = Annotated[list[EventTypeName], Field(min_length=1, max_length=64)]
Description = Annotated[SingleLine, StringConstraints(max_length=200)]
State = Literal["pending", "paused", "delivered", "dead"]


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url = Field(description="Where messages are POSTed (https in production)")
    event_types: EventTypes = Field(description="Types from GET /v1/admin/webhooks/event-types")
    description: Description = ""
    secret: str | None = Field(default=None, max_length=100, description=(
        "Bring your own signing secret (whsec_ + 24 to 64 base64 bytes); by default one is "
        "made"))


class EndpointPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url | None = None
    event_types: EventTypes | None = None
    description: Description | None = None
    enabled: StrictBool | None = Field(default=None, description=(
        "false holds its deliveries; true resumes them and clears its failure count"))


class WebhookDeliveryCounts(BaseModel):
    pending: int
    paused: int
    delivered: int
    dead: int


class EndpointOut(Read):
    id: uuid.UUID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    disabled_at: Moment | None = Field(validation_alias="disabled_at_ms")
    consecutive_failures: int = Field(description="Failed attempts since the last success")
    failing_since: Moment | None = Field(validation_alias="failing_since_ms")
    last_success_at: Moment | None = Field(validation_alias="last_success_at_ms")
    previous_secret_expires_at: Moment | None = Field(
        validation_alias="previous_expires_at_ms",
        description="Until then messages carry a second signature, made with the previous "
                    "secret")
    created_at: Moment = Field(validation_alias="created_at_ms")
    updated_at: Moment = Field(validation_alias="updated_at_ms")


class EndpointSummaryOut(BaseModel):
    endpoint: EndpointOut
    deliveries: WebhookDeliveryCounts


class EndpointPage(BaseModel):
    items: list[EndpointSummaryOut]
    next_cursor: str | None


class IssuedEndpointOut(Read):
    endpoint: EndpointOut
    secret: str = Field(description="The signing secret (whsec_...): verify every message "
                                    "with it")


class SecretOut(Read):
    secret: str
    previous_secret_expires_at: Moment | None = Field(validation_alias="previous_expires_at_ms")


class EventTypeOut(BaseModel):
    type: str
    version: int
    ordered: bool = Field(description="Messages of one subject arrive one at a time, in order")
    about: str


class WebhookDeliveryOut(Read):
    id: uuid.UUID
    endpoint_id: uuid.UUID
    message_id: uuid.UUID = Field(description="The webhook-id header: the same on every retry")
    type: str
    seq: int = Field(description="Dispatch order")
    ordering_key: str | None
    state: State
    attempts: int
    next_attempt_at: Moment | None = Field(validation_alias="next_attempt_at_ms",
                                           description="When pending: the next attempt")
    last_status: int | None
    last_error: str | None
    last_attempt_at: Moment | None = Field(validation_alias="last_attempt_at_ms")
    finished_at: Moment | None = Field(validation_alias="finished_at_ms")
    created_at: Moment = Field(validation_alias="created_at_ms")


class WebhookDeliveryPage(BaseModel):
    items: list[WebhookDeliveryOut]
    next_cursor: str | None


class AttemptOut(Read):
    attempt: int
    at: Moment = Field(validation_alias="at_ms")
    status_code: int | None = Field(description="null: no answer (refused, timed out)")
    error: str | None
    latency_ms: int
    response_snippet: str | None = Field(description="The answer's first characters")


class MessageOut(BaseModel):
    id: uuid.UUID
    type: str
    subject: str
    event_count: int
    body: dict[str, Any] = Field(description="Exactly what was signed and sent")
    created_at: Moment

    @classmethod
    def of(cls, message: Any) -> MessageOut:
        return cls(id=message.id, type=message.type, subject=message.subject,
                   event_count=message.event_count, body=orjson.loads(message.body),
                   created_at=message.created_at_ms)


class WebhookDeliveryDetailOut(BaseModel):
    delivery: WebhookDeliveryOut
    message: MessageOut | None = Field(description="null once purged by retention")
    attempts: list[AttemptOut]

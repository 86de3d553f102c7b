"""Gift endpoints: the catalog, sending a gift (through the writer), operators' catalog edits.

Thin: convert, call, answer. Every refusal is an error class with its one problem type
(`fancoins.gifts.errors`), rendered by the app's one handler.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from fancoins.api.auth import AdminPrincipal, CurrentPrincipal, Scope, acting_for
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep, container_of
from fancoins.api.errors import IdempotencyKey
from fancoins.api.gift_sends import refusal_of, send_one
from fancoins.api.problems import problem_responses
from fancoins.api.ratelimit import count as count_rate
from fancoins.economy.gifts import gift_offered
from fancoins.gifts.errors import (
    GiftBatchTooLarge,
    GiftWriterUnavailable,
)
from fancoins.gifts.schemas import (
    GiftBatchIn,
    GiftBatchOut,
    GiftIn,
    GiftOut,
    GiftPatch,
    GiftSendIn,
    GiftSentOut,
    PingOut,
)
from fancoins.gifts.service import (
    Outcome,
    SendRequest,
    SentGift,
    gifts_service,
    spec_of,
)
from fancoins.identity.schemas import CountryCode
from fancoins.identity.service import users
from fancoins.moderation.service import moderate_gift
from fancoins.safety.rates import RateClass

router = APIRouter(tags=["gifts"], responses=problem_responses(400, 401, 403, 404, 409, 422))


@router.post("/v1/gifts/send", response_model=GiftSentOut, status_code=201,
             responses=problem_responses(503))
async def send_gift(
    body: GiftSendIn, principal: CurrentPrincipal, request: Request,
    idempotency_key: IdempotencyKey,
) -> Response:
    """Send a gift. Answered after the gift's batch committed; the same Idempotency-Key
    (per sender) answers the first result — a refusal too — and a different send under it
    is a 409. A 503 `gift-outcome-unknown` or `gift-commit-timeout` may have been sent:
    retry with the same key to learn its outcome. A `message` is checked (blocked terms, the
    host's moderation hook) before the gift is queued: a 422 `gift-message-refused` or a 503
    `moderation-unavailable` charged nothing."""
    # The hot path: the container straight from the app and the answer serialised once (no
    # response re-validation).
    container = container_of(request)
    settings = container.settings
    send = SendRequest(acting_for(principal, body.sender_id, Scope.GIFTS_WRITE), body.gift_id,
                       body.count, idempotency_key, body.stream_id, body.video_id,
                       body.comment_text, body.message)
    writer = container.gift_writer
    if writer is None:
        raise GiftWriterUnavailable("the writer is not running",
                                    retry_after_s=settings.gifts.retry_after_s)
    if send.message is not None:  # checked before anything is queued or charged
        await moderate_gift(container.engine, container.moderation, send)
    outcome = await writer.send(send, settings.gifts.commit_timeout_s)
    return _answer(outcome, settings.gifts.retry_after_s)


def _answer(outcome: Outcome, retry_s: int) -> Response:
    if isinstance(outcome, SentGift):
        headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
        return Response(GiftSentOut.of(outcome).model_dump_json(), status_code=201,
                        media_type="application/json", headers=headers)
    raise refusal_of(outcome, retry_s)


@router.post("/v1/gifts/batch", response_model=GiftBatchOut, responses=problem_responses(503))
async def send_gifts(body: GiftBatchIn, principal: CurrentPrincipal, request: Request
                     ) -> Response:
    """Send up to `gifts.batch_items_max` gifts in one request (a host backend relaying its
    viewers' gifts, with an API key holding `gifts:write` naming each `sender_id`; a user
    token sends its own). Each gift is what `POST /v1/gifts/send` would do with its
    `idempotency_key`, answered in its own result, in request order, after its batch
    committed: the same refusals with the same problem types, the same replays, and a 503
    result (the gift may have been sent) to retry with the same key. Rate limits count every
    gift. The request itself is refused only as a whole: bad JSON, repeated keys, too many
    gifts, or no writer."""
    container = container_of(request)
    settings = container.settings
    if len(body.gifts) > settings.gifts.batch_items_max:
        raise GiftBatchTooLarge(f"at most {settings.gifts.batch_items_max} gifts per batch, "
                                f"not {len(body.gifts)}; nothing was sent",
                                limit=settings.gifts.batch_items_max)
    if container.gift_writer is None:
        raise GiftWriterUnavailable("the writer is not running",
                                    retry_after_s=settings.gifts.retry_after_s)
    # The request's own rate-limit check counted the first gift; the others count here, in
    # order, so a batch over the limit sends its first gifts and refuses the rest.
    limited = [None, *[await count_rate(request, principal, RateClass.GIFTS)
                       for _ in body.gifts[1:]]]
    results = await asyncio.gather(*(
        send_one(request, principal, item, refusal)
        for item, refusal in zip(body.gifts, limited, strict=True)))
    return Response(GiftBatchOut(results=list(results)).model_dump_json(),
                    media_type="application/json")


@router.get("/v1/gifts", response_model=list[GiftOut])
async def list_gifts(
    principal: CurrentPrincipal, connection: ReadConnection,
    country: Annotated[CountryCode | None, Query(description="default: the user's own")] = None,
) -> list[GiftOut]:
    """The gifts a viewer can send (active, offered in their country), cheapest first."""
    catalog = await gifts_service.catalog(connection)
    if country is None and principal.user_id is not None:
        user = await users.find(connection, principal.user_id)
        country = user.country if user is not None else None
    if country is None:
        return [GiftOut.of(g) for g in catalog if g.active]
    return [GiftOut.of(g) for g in catalog if gift_offered(g, country)]


@router.get("/v1/admin/gifts", response_model=list[GiftOut], tags=["operator"])
async def list_all_gifts(_: AdminPrincipal, connection: ReadConnection) -> list[GiftOut]:
    """The whole catalog for its editor: retired gifts and every country's, cheapest
    first."""
    return [GiftOut.of(g) for g in await gifts_service.catalog(connection)]


@router.post("/v1/admin/gifts", response_model=GiftOut, status_code=201, tags=["operator"])
async def add_gift(
    body: GiftIn, principal: AdminPrincipal, uow: UnitDep, settings: SettingsDep
) -> GiftOut:
    """Add a gift. Sending the same gift again answers it; a different one under a taken
    id is a 409."""
    streakable = body.streakable if body.streakable is not None else (
        body.price_coins <= settings.economy.gifting.streakable_price_max_coins)
    spec = spec_of(body.id, {**body.model_dump(), "streakable": streakable})
    return GiftOut.of(await gifts_service.add_gift(uow, spec, principal.subject))


@router.patch("/v1/admin/gifts/{gift_id}", response_model=GiftOut, tags=["operator"])
async def change_gift(
    gift_id: Annotated[str, Path(max_length=64)], body: GiftPatch, principal: AdminPrincipal,
    uow: UnitDep,
) -> GiftOut:
    """Change or retire (`active: false`) a gift. Gifts already sent keep their price."""
    changes = body.model_dump(exclude_unset=True)
    return GiftOut.of(await gifts_service.change_gift(uow, gift_id, changes, principal.subject))


@router.get("/v1/ping", response_model=PingOut, tags=["health"])
async def ping(principal: CurrentPrincipal) -> PingOut:
    """Authenticated no-op: checks credentials (and is the benchmark's baseline endpoint)."""
    return PingOut(ok=True, subject=principal.subject)

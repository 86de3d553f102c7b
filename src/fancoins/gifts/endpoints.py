"""Gift endpoints: the catalog, sending a gift (through the writer), operators' catalog edits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from fancoins.api.auth import AdminPrincipal, CurrentPrincipal, Principal, Scope
from fancoins.api.deps import SettingsDep, UowDep, container_of
from fancoins.api.errors import IdempotencyKey, ledger_problem
from fancoins.api.problems import Problem, problem_responses
from fancoins.db.engine import read_only
from fancoins.economy.gift_batch import GiftRefusal
from fancoins.economy.gifts import gift_offered
from fancoins.economy.rules import EconomyConfigError, GiftSpec
from fancoins.gifts.schemas import GiftIn, GiftOut, GiftPatch, GiftSendIn, GiftSentOut, PingOut
from fancoins.gifts.service import (
    GiftNotSent,
    KeyReused,
    SendRequest,
    SentGift,
    WriteFailed,
    gifts_service,
)
from fancoins.gifts.writer import CommitTimeout, WriterBusy
from fancoins.identity.schemas import CountryCode
from fancoins.identity.service import audit, users
from fancoins.journal.idempotency import IdempotencyConflict

router = APIRouter(tags=["gifts"], responses=problem_responses(400, 401, 403, 404, 409, 422))

# Each refusal has its own stable problem type.
_REFUSALS: dict[GiftRefusal, tuple[int, str, str]] = {
    GiftRefusal.COUNT_INVALID: (422, "gift-count-invalid", "Gift count out of range"),
    GiftRefusal.GIFT_NOT_FOUND: (404, "gift-not-found", "Gift not found"),
    GiftRefusal.GIFT_INACTIVE: (409, "gift-inactive", "Gift retired"),
    GiftRefusal.SENDER_NOT_FOUND: (404, "sender-not-found", "Sender not found"),
    GiftRefusal.STREAM_NOT_FOUND: (404, "stream-not-found", "Stream not found"),
    GiftRefusal.VIDEO_NOT_FOUND: (404, "video-not-found", "Video not found"),
    GiftRefusal.STREAM_NOT_LIVE: (409, "stream-not-live", "Stream is not live"),
    GiftRefusal.RECIPIENT_NOT_FOUND: (404, "recipient-not-found", "Recipient not found"),
    GiftRefusal.SELF_GIFT: (422, "self-gift", "Gifting yourself is not allowed"),
    GiftRefusal.SENDER_FROZEN: (403, "sender-frozen", "Your account is frozen"),
    GiftRefusal.RECIPIENT_FROZEN: (409, "recipient-frozen", "The creator cannot receive gifts"),
    GiftRefusal.SENDER_UNDERAGE: (403, "sender-underage", "Sending gifts needs age 18+"),
    GiftRefusal.RECIPIENT_UNDERAGE: (409, "recipient-underage",
                                     "Receiving gifts needs age 18+"),
    GiftRefusal.GIFT_NOT_OFFERED: (409, "gift-not-offered", "Gift not offered in your country"),
    GiftRefusal.SENDER_RESTRICTED: (403, "sender-restricted",
                                    "Your coin balance is below zero after a refund"),
    GiftRefusal.SPEND_LIMIT_EXCEEDED: (409, "spend-limit-exceeded",
                                       "Your spending limit would be passed"),
    GiftRefusal.INSUFFICIENT_COINS: (409, "insufficient-coins", "Not enough coins"),
}


def _busy(slug: str, title: str, detail: str, retry_after_s: int) -> Problem:
    return Problem(503, slug, title, detail, headers={"Retry-After": str(retry_after_s)})


def _sender(principal: Principal, sender_id: str | None) -> str:
    if principal.user_id is not None and sender_id in (None, principal.user_id):
        return principal.user_id
    if principal.kind == "api_key" and principal.has(Scope.GIFTS_WRITE) and sender_id:
        return sender_id
    raise Problem(403, "insufficient-scope", "Insufficient scope",
                  "send as yourself with a user token, or name sender_id with gifts:write")


@router.post("/v1/gifts/send", response_model=GiftSentOut, status_code=201,
             responses=problem_responses(503))
async def send_gift(
    body: GiftSendIn, principal: CurrentPrincipal, request: Request,
    idempotency_key: IdempotencyKey,
) -> Response:
    """Send a gift. Answered after the gift's batch committed; the same Idempotency-Key
    (per sender) answers the first result, a different send under it is a 409."""
    # The hot path: settings straight from the app (the sync `SettingsDep` costs a
    # threadpool hop per request) and the answer serialised once (no response re-validation).
    container = container_of(request)
    settings = container.settings
    send = SendRequest(_sender(principal, body.sender_id), body.gift_id, body.count,
                       idempotency_key, body.stream_id, body.video_id, body.comment_text)
    writer = container.gift_writer
    retry_s = settings.gift_retry_after_s
    if writer is None:
        raise _busy("gift-writer-unavailable", "Gifts unavailable", "the writer is not running",
                    retry_s)
    try:
        outcome = await writer.send(send, settings.gift_commit_timeout_s)
    except WriterBusy:
        raise _busy("gift-queue-full", "Too many gifts right now",
                    "nothing was sent; retry with the same Idempotency-Key", retry_s) from None
    except CommitTimeout:
        raise _busy("gift-commit-timeout", "Gift not confirmed in time",
                    "retry with the same Idempotency-Key to get its outcome", retry_s) from None
    return _answer(outcome, retry_s)


def _answer(outcome: object, retry_s: int) -> Response:
    if isinstance(outcome, SentGift):
        headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
        return Response(GiftSentOut.of(outcome).model_dump_json(), status_code=201,
                        media_type="application/json", headers=headers)
    if isinstance(outcome, GiftNotSent):
        status, slug, title = _REFUSALS[outcome.refusal]
        if outcome.window:
            raise Problem(status, slug, title, f"the {outcome.window} limit would be passed",
                          window=outcome.window)
        raise Problem(status, slug, title, outcome.refusal.value)
    if isinstance(outcome, KeyReused):
        raise ledger_problem(IdempotencyConflict("gifts", "")) from None
    detail = outcome.error if isinstance(outcome, WriteFailed) else "unknown outcome"
    raise _busy("gift-write-failed", "Gift not sent", f"{detail}; retry with the same key",
                retry_s)


@router.get("/v1/gifts", response_model=list[GiftOut])
async def list_gifts(
    principal: CurrentPrincipal, request: Request, uow: UowDep, settings: SettingsDep,
    country: Annotated[CountryCode | None, Query(description="default: the user's own")] = None,
) -> list[GiftOut]:
    """The gifts a viewer can send (active, offered in their country), cheapest first."""
    async with read_only(container_of(request).engine) as connection:
        catalog = await gifts_service.catalog(connection)
        if country is None and principal.user_id is not None:
            user = await users.find(connection, principal.user_id)
            country = user.country if user is not None else None
    if not catalog:  # first use: fill from the economy defaults
        async with uow() as writing:
            await gifts_service.seed_catalog(writing, settings.economy)
            catalog = await gifts_service.catalog(writing)
    if country is None:
        return [GiftOut.of(g) for g in catalog if g.active]
    return [GiftOut.of(g) for g in catalog if gift_offered(g, country)]


@router.post("/v1/admin/gifts", response_model=GiftOut, status_code=201, tags=["operator"])
async def add_gift(
    body: GiftIn, principal: AdminPrincipal, uow: UowDep, settings: SettingsDep
) -> GiftOut:
    """Add a gift. Sending the same gift again answers it; a different one under a taken
    id is a 409."""
    streakable = body.streakable if body.streakable is not None else (
        body.price_coins <= settings.economy.gifting.streakable_price_max_coins)
    spec = _spec(body.id, {**body.model_dump(), "streakable": streakable})
    async with uow() as connection:
        await gifts_service.seed_catalog(connection, settings.economy)
        if not await gifts_service.add_gift(connection, spec):
            existing = await gifts_service.get_gift(connection, spec.id)
            if existing != spec:
                raise Problem(409, "gift-exists", "Gift id taken", f"gift {spec.id} exists")
            return GiftOut.of(spec)
        await audit.record(connection, actor=principal.subject, action="gift.added",
                           target=f"gift:{spec.id}", reason="catalog",
                           data={"price_coins": spec.price_coins})
    return GiftOut.of(spec)


@router.patch("/v1/admin/gifts/{gift_id}", response_model=GiftOut, tags=["operator"])
async def change_gift(
    gift_id: Annotated[str, Path(max_length=64)], body: GiftPatch, principal: AdminPrincipal,
    uow: UowDep, settings: SettingsDep,
) -> GiftOut:
    """Change or retire (`active: false`) a gift. Gifts already sent keep their price."""
    async with uow() as connection:
        await gifts_service.seed_catalog(connection, settings.economy)
        current = await gifts_service.get_gift(connection, gift_id)
        if current is None:
            raise Problem(404, "gift-not-found", "Gift not found", f"no gift {gift_id}")
        changes = body.model_dump(exclude_unset=True)
        merged = {**_fields(current), **changes}
        spec = _spec(gift_id, merged)
        if spec != current:
            await gifts_service.change_gift(connection, spec)
            await audit.record(connection, actor=principal.subject, action="gift.changed",
                               target=f"gift:{gift_id}", reason="catalog", data=changes)
    return GiftOut.of(spec)


@router.get("/v1/ping", response_model=PingOut, tags=["health"])
async def ping(principal: CurrentPrincipal) -> PingOut:
    """Authenticated no-op: checks credentials (and is the benchmark's baseline endpoint)."""
    return PingOut(ok=True, subject=principal.subject)


def _fields(spec: GiftSpec) -> dict[str, Any]:
    return {"name": spec.name, "price_coins": spec.price_coins, "streakable": spec.streakable,
            "image": spec.image, "active": spec.active,
            "countries": list(spec.countries) if spec.countries else None}


def _spec(gift_id: str, fields: dict[str, Any]) -> GiftSpec:
    countries = fields["countries"]
    try:
        return GiftSpec(gift_id, fields["name"], fields["price_coins"], fields["streakable"],
                        fields["image"], fields["active"], tuple(countries) if countries else None)
    except EconomyConfigError as error:
        raise Problem(422, "gift-invalid", "Invalid gift", str(error)) from None

"""Promotions: viewers start, list and cancel theirs; the host's ad server reports deliveries."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from fancoins.api.auth import CurrentPrincipal, Principal, Scope, acting_user, require
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey, OptionalIdempotencyKey
from fancoins.api.pagination import Cursor, Limit, cut, page_size, uuid_of
from fancoins.api.problems import problem_responses
from fancoins.promotions.errors import PromotionNotFound
from fancoins.promotions.schemas import (
    CancelIn,
    DeliveryIn,
    DeliveryOut,
    PromotionIn,
    PromotionOut,
    PromotionPage,
)
from fancoins.promotions.service import DeliveryReport, promotions

router = APIRouter(tags=["promotions"],
                   responses=problem_responses(400, 401, 403, 404, 409, 422))

DeliveryWriter = Annotated[Principal, Depends(require(Scope.PROMOTIONS_WRITE))]


@router.post("/v1/promotions", response_model=PromotionOut, status_code=201)
async def create_promotion(
    body: PromotionIn, principal: CurrentPrincipal, uow: UnitDep, settings: SettingsDep,
    idempotency_key: IdempotencyKey,
) -> PromotionOut:
    """Promote a video: the budget is held now, charged as it delivers, the rest returned.
    A retry answers the first answer: the promotion as it was then, or the same refusal."""
    answer = await promotions.create(
        uow, user_id=acting_user(principal), video_id=body.video_id,
        budget_coins=body.budget_coins, days=body.days, objective=body.objective,
        audience=body.audience.to_audience(), idempotency_key=idempotency_key,
        economy=settings.economy,
    )
    return PromotionOut.model_validate(answer.value)


@router.get("/v1/promotions", response_model=PromotionPage)
async def list_promotions(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> PromotionPage:
    """Your promotions with their spend and results, newest first; operators see all."""
    owner = None if principal.is_admin else acting_user(principal)
    size = page_size(settings, limit)
    page = cut(await promotions.page(connection, owner, uuid_of(cursor), size + 1), size)
    return PromotionPage(items=[PromotionOut.model_validate(p) for p in page.items],
                         next_cursor=page.next_cursor)


@router.get("/v1/promotions/{promotion_id}", response_model=PromotionOut)
async def get_promotion(
    promotion_id: uuid.UUID, principal: CurrentPrincipal, connection: ReadConnection
) -> PromotionOut:
    promotion = await promotions.get(connection, promotion_id)
    if not principal.may_see_user(promotion.user_id):  # others' ids are not disclosed
        raise PromotionNotFound(f"no promotion {promotion_id}")
    return PromotionOut.model_validate(promotion)


@router.post("/v1/promotions/{promotion_id}/deliveries", response_model=DeliveryOut,
             status_code=201)
async def report_delivery(
    promotion_id: uuid.UUID, body: DeliveryIn, principal: DeliveryWriter, uow: UnitDep,
    idempotency_key: IdempotencyKey,
) -> DeliveryOut:
    """From the host's ad server: what was delivered and what it cost. Charged at once (never
    past the budget); refused once the promotion has ended, was canceled or is spent. A retry
    answers the first answer (the charge and the promotion as they were then)."""
    report = DeliveryReport(body.views, body.followers, body.profile_visits, body.cost_coins)
    answer = await promotions.deliver(uow, promotion_id, report, actor=principal.subject,
                                      idempotency_key=idempotency_key)
    return DeliveryOut.model_validate(answer.value)


@router.post("/v1/promotions/{promotion_id}/cancel", response_model=PromotionOut)
async def cancel_promotion(
    promotion_id: uuid.UUID, principal: CurrentPrincipal, uow: UnitDep,
    idempotency_key: OptionalIdempotencyKey = None, body: CancelIn | None = None,
) -> PromotionOut:
    """Stop a promotion; what it has not spent goes back to the wallet. An operator (scope
    `admin`) may stop anyone's, naming the reason (audited as `promotion.canceled`).
    Repeating is harmless; with an Idempotency-Key a retry answers the first answer."""
    owner = None if principal.is_admin else principal.user_id or ""
    promotion = await promotions.cancel(uow, promotion_id, owner_user_id=owner,
                                        actor=principal.subject,
                                        idempotency_key=idempotency_key,
                                        reason=body.reason if body else "")
    return PromotionOut.model_validate(promotion)

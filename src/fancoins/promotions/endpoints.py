"""Promotions: viewers start, list and cancel theirs; the host's ad server reports deliveries."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from fancoins.api.auth import CurrentPrincipal, Principal, Scope, acting_user, require
from fancoins.api.deps import ReadConnection, SettingsDep, UowDep
from fancoins.api.errors import IdempotencyKey, ledger_problem
from fancoins.api.pagination import Cursor, Limit, before_cursor, before_id, page_size
from fancoins.api.problems import Problem, problem_responses
from fancoins.economy.promotions import PromotionInvalid
from fancoins.identity.service import UserNotFound
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.ledger import GroupRejected
from fancoins.promotions.schemas import (
    DeliveryIn,
    DeliveryOut,
    PromotionIn,
    PromotionOut,
    PromotionPage,
)
from fancoins.promotions.service import (
    CANCELED,
    DeliveryReport,
    PromotionClosed,
    PromotionNotFound,
    PromotionRefused,
    promotions,
)
from fancoins.safety.service import SpendLimitExceeded

router = APIRouter(tags=["promotions"],
                   responses=problem_responses(400, 401, 403, 404, 409, 422))

_REFUSALS = {
    "age-restricted": (403, "Age restricted"),
    "account-frozen": (403, "Account frozen"),
    "account-restricted": (403, "Account restricted"),
    "insufficient-coins": (409, "Not enough coins"),
}
DeliveryWriter = Annotated[Principal, Depends(require(Scope.PROMOTIONS_WRITE))]


def _not_found(promotion_id: uuid.UUID) -> Problem:
    return Problem(404, "promotion-not-found", "Promotion not found", str(promotion_id))


def _closed(error: PromotionClosed) -> Problem:
    return Problem(409, "promotion-closed", "Promotion closed", str(error),
                   promotion_status=error.status)


@router.post("/v1/promotions", response_model=PromotionOut, status_code=201)
async def create_promotion(
    body: PromotionIn, principal: CurrentPrincipal, uow: UowDep, settings: SettingsDep,
    idempotency_key: IdempotencyKey,
) -> PromotionOut:
    """Promote a video: the budget is held now, charged as it delivers, the rest returned."""
    user_id = acting_user(principal)
    try:
        async with uow() as connection:
            promotion = await promotions.create(
                connection, user_id=user_id, video_id=body.video_id,
                budget_coins=body.budget_coins, days=body.days, objective=body.objective,
                audience=body.audience.to_audience(), idempotency_key=idempotency_key,
                economy=settings.economy,
            )
    except PromotionInvalid as error:
        raise Problem(422, "promotion-invalid", "Invalid promotion", str(error),
                      field=error.field) from None
    except PromotionRefused as refused:
        status, title = _REFUSALS[refused.rule]
        raise Problem(status, refused.rule, title, refused.detail) from None
    except SpendLimitExceeded as error:
        raise Problem(409, "spending-limit-exceeded", "Spending limit reached", str(error),
                      window=error.window) from None
    except UserNotFound:
        raise Problem(404, "user-not-found", "User not found", user_id) from None
    except (GroupRejected, IdempotencyConflict) as error:
        raise ledger_problem(error) from None
    return PromotionOut.of(promotion)


@router.get("/v1/promotions", response_model=PromotionPage)
async def list_promotions(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> PromotionPage:
    """Your promotions with their spend and results, newest first; operators see all."""
    owner = None if principal.is_admin else acting_user(principal)
    items, last = await promotions.page(connection, owner, before_id(cursor),
                                 page_size(settings, limit))
    return PromotionPage(
        items=[PromotionOut.of(p) for p in items],
        next_cursor=before_cursor(last),
    )


@router.get("/v1/promotions/{promotion_id}", response_model=PromotionOut)
async def get_promotion(
    promotion_id: uuid.UUID, principal: CurrentPrincipal, connection: ReadConnection
) -> PromotionOut:
    try:
        promotion = await promotions.get(connection, promotion_id)
    except PromotionNotFound:
        raise _not_found(promotion_id) from None
    if not principal.may_see_user(promotion.user_id):
        raise _not_found(promotion_id)
    return PromotionOut.of(promotion)


@router.post("/v1/promotions/{promotion_id}/deliveries", response_model=DeliveryOut,
             status_code=201)
async def report_delivery(
    promotion_id: uuid.UUID, body: DeliveryIn, principal: DeliveryWriter, uow: UowDep,
    idempotency_key: IdempotencyKey,
) -> DeliveryOut:
    """From the host's ad server: what was delivered and what it cost. Charged at once (never
    past the budget); refused once the promotion has ended, was canceled or is spent."""
    report = DeliveryReport(body.views, body.followers, body.profile_visits, body.cost_coins)
    try:
        async with uow() as connection:
            delivery = await promotions.deliver(connection, promotion_id, report,
                                                idempotency_key=idempotency_key)
    except PromotionNotFound:
        raise _not_found(promotion_id) from None
    except PromotionClosed as error:
        raise _closed(error) from None
    except (GroupRejected, IdempotencyConflict) as error:
        raise ledger_problem(error) from None
    return DeliveryOut.of(delivery)


@router.post("/v1/promotions/{promotion_id}/cancel", response_model=PromotionOut)
async def cancel_promotion(
    promotion_id: uuid.UUID, principal: CurrentPrincipal, uow: UowDep
) -> PromotionOut:
    """Stop a promotion; what it has not spent goes back to the wallet. Repeating is harmless."""
    try:
        async with uow() as connection:
            promotion = await promotions.get(connection, promotion_id)
            if not principal.may_see_user(promotion.user_id):
                raise _not_found(promotion_id)
            promotion = await promotions.close(connection, promotion_id, CANCELED)
    except PromotionNotFound:
        raise _not_found(promotion_id) from None
    except PromotionClosed as error:
        raise _closed(error) from None
    return PromotionOut.of(promotion)

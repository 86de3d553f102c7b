"""Creator earnings, payout method, withdrawals, PayPal webhooks and operator review."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from fancoins.api.auth import AdminPrincipal, CurrentPrincipal, acting_user
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep, container_of
from fancoins.api.errors import IdempotencyKey, OptionalIdempotencyKey
from fancoins.api.pagination import Cursor, Limit, cut, page_size, uuid_of
from fancoins.api.problems import problem_responses
from fancoins.payouts.errors import ProviderNotConfigured, WithdrawalNotFound
from fancoins.payouts.paypal import WebhookAuthenticator
from fancoins.payouts.schemas import (
    EarningsOut,
    PayoutMethodIn,
    PayoutMethodOut,
    ReviewIn,
    WebhookAck,
    WithdrawalIn,
    WithdrawalOut,
    WithdrawalPage,
)
from fancoins.payouts.service import payouts
from fancoins.payouts.states import WithdrawalStatus
from fancoins.payouts.webhooks import paypal_events

router = APIRouter(tags=["payouts"], responses=problem_responses(400, 401, 403, 404, 409, 422))


@router.get("/v1/creator/earnings", response_model=EarningsOut)
async def get_earnings(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep
) -> EarningsOut:
    """Diamonds, their cash value, what is on hold, what is withdrawable, daily earnings."""
    earnings = await payouts.earnings(connection, acting_user(principal), settings.economy,
                                      settings.payouts.earnings_chart_days)
    return EarningsOut.model_validate(earnings)


@router.get("/v1/creator/payout-method", response_model=PayoutMethodOut)
async def get_payout_method(
    principal: CurrentPrincipal, connection: ReadConnection
) -> PayoutMethodOut:
    """Where your withdrawals are paid (404 payout-method-not-found until one is set)."""
    method = await payouts.saved_payout_method(connection, acting_user(principal))
    return PayoutMethodOut.model_validate(method)


@router.put("/v1/creator/payout-method", response_model=PayoutMethodOut)
async def put_payout_method(
    body: PayoutMethodIn, principal: CurrentPrincipal, uow: UnitDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> PayoutMethodOut:
    """Where withdrawals are paid: a PayPal account's email. Setting it again replaces it;
    with an Idempotency-Key a retry answers the first answer and changes nothing."""
    method = await payouts.set_payout_method(uow, acting_user(principal), body.paypal_email,
                                             idempotency_key=idempotency_key)
    return PayoutMethodOut.model_validate(method)


@router.post("/v1/withdrawals", response_model=WithdrawalOut, status_code=201)
async def create_withdrawal(
    body: WithdrawalIn, principal: CurrentPrincipal, uow: UnitDep, settings: SettingsDep,
    idempotency_key: IdempotencyKey,
) -> WithdrawalOut:
    """Cash out diamonds: they are held until PayPal confirms the payout. A retry answers the
    first answer: the withdrawal as it was then, or the same refusal."""
    answer = await payouts.request(uow, user_id=acting_user(principal),
                                   amount_minor=body.amount_minor,
                                   idempotency_key=idempotency_key, economy=settings.economy)
    return WithdrawalOut.model_validate(answer.value)


@router.get("/v1/withdrawals", response_model=WithdrawalPage)
async def list_withdrawals(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> WithdrawalPage:
    """Your withdrawals, newest first; operators see everyone's."""
    owner = None if principal.is_admin else acting_user(principal)
    size = page_size(settings, limit)
    page = cut(await payouts.page(connection, owner, uuid_of(cursor), size + 1), size)
    return WithdrawalPage(items=[WithdrawalOut.model_validate(w) for w in page.items],
                          next_cursor=page.next_cursor)


@router.get("/v1/withdrawals/{withdrawal_id}", response_model=WithdrawalOut)
async def get_withdrawal(
    withdrawal_id: uuid.UUID, principal: CurrentPrincipal, connection: ReadConnection
) -> WithdrawalOut:
    withdrawal = await payouts.get(connection, withdrawal_id)
    if not principal.may_see_user(withdrawal.user_id):  # others' ids are not disclosed
        raise WithdrawalNotFound(f"no withdrawal {withdrawal_id}")
    return WithdrawalOut.model_validate(withdrawal)


def _authenticator(request: Request) -> WebhookAuthenticator:
    found = container_of(request).paypal_webhooks
    if found is None:
        raise ProviderNotConfigured("paypal is not configured on this engine")
    return found


@router.post("/v1/webhooks/paypal", response_model=WebhookAck,
             responses=problem_responses(413, 503))
async def paypal_webhook(request: Request, uow: UnitDep) -> WebhookAck:
    """PayPal Payouts events, verified offline (signature, certificate chain, PayPal's name),
    applied once per event id. A forged or altered delivery is refused and changes nothing.
    (The body is bounded before it is read: `paypal.webhook_body_bytes_max`.)"""
    event = await _authenticator(request).verify(request.headers, await request.body())
    outcome = await paypal_events.apply(uow, event)
    return WebhookAck(outcome=outcome.outcome, withdrawal_id=outcome.withdrawal_id)


async def _review(
    principal: AdminPrincipal, uow: UnitDep, withdrawal_id: uuid.UUID, target: WithdrawalStatus,
    body: ReviewIn, idempotency_key: str | None,
) -> WithdrawalOut:
    withdrawal = await payouts.review(uow, actor=principal.subject, withdrawal_id=withdrawal_id,
                                      target=target, reason=body.reason,
                                      idempotency_key=idempotency_key)
    return WithdrawalOut.model_validate(withdrawal)


@router.post("/v1/admin/withdrawals/{withdrawal_id}/hold", response_model=WithdrawalOut,
             tags=["operator"])
async def hold_withdrawal(
    withdrawal_id: uuid.UUID, body: ReviewIn, principal: AdminPrincipal, uow: UnitDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> WithdrawalOut:
    """Stop a withdrawal before it is submitted, for review (audited). With an
    Idempotency-Key a retry answers the first answer and changes nothing."""
    return await _review(principal, uow, withdrawal_id, WithdrawalStatus.HELD, body,
                         idempotency_key)


@router.post("/v1/admin/withdrawals/{withdrawal_id}/approve", response_model=WithdrawalOut,
             tags=["operator"])
async def approve_withdrawal(
    withdrawal_id: uuid.UUID, body: ReviewIn, principal: AdminPrincipal, uow: UnitDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> WithdrawalOut:
    """Release a held withdrawal for submission (audited); retries as for hold."""
    return await _review(principal, uow, withdrawal_id, WithdrawalStatus.APPROVED, body,
                         idempotency_key)


@router.post("/v1/admin/withdrawals/{withdrawal_id}/reject", response_model=WithdrawalOut,
             tags=["operator"])
async def reject_withdrawal(
    withdrawal_id: uuid.UUID, body: ReviewIn, principal: AdminPrincipal, uow: UnitDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> WithdrawalOut:
    """Refuse a withdrawal that was not submitted; its diamonds go back (audited); retries as
    for hold."""
    return await _review(principal, uow, withdrawal_id, WithdrawalStatus.REJECTED, body,
                         idempotency_key)

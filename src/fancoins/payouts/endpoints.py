"""Creator earnings, payout method, withdrawals, PayPal webhooks and operator review."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from fancoins.api.auth import AdminPrincipal, CurrentPrincipal, Principal, acting_user
from fancoins.api.deps import ReadConnection, SettingsDep, UowDep, container_of
from fancoins.api.errors import IdempotencyKey, ledger_problem
from fancoins.api.pagination import Cursor, Limit, before_cursor, before_id, page_size
from fancoins.api.problems import Problem, problem_responses
from fancoins.identity.service import UserNotFound
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.ledger import GroupRejected
from fancoins.payouts.paypal import WebhookAuthenticator
from fancoins.payouts.schemas import (
    DailyEarningsOut,
    EarningsOut,
    PayoutMethodIn,
    PayoutMethodOut,
    ReviewIn,
    WebhookAck,
    WithdrawalIn,
    WithdrawalOut,
    WithdrawalPage,
)
from fancoins.payouts.service import (
    ReasonRequired,
    WithdrawalNotFound,
    WithdrawalRefused,
    payouts,
)
from fancoins.payouts.states import IllegalTransition, WithdrawalStatus
from fancoins.payouts.webhooks import EventInvalid, paypal_events
from fancoins.providers.errors import ProviderUnavailable, ProviderVerificationError

router = APIRouter(tags=["payouts"], responses=problem_responses(400, 401, 403, 404, 409, 422))

# Status and title of each refusal rule; the rule is the problem type's slug.
_REFUSALS = {
    "age-restricted": (403, "Age restricted"),
    "verification-required": (403, "Verification required"),
    "account-frozen": (403, "Account frozen"),
    "payout-method-required": (409, "Payout method required"),
    "withdrawal-below-threshold": (422, "Below the minimum withdrawal"),
    "withdrawal-daily-cap": (409, "Daily withdrawal cap reached"),
    "diamonds-on-hold": (409, "Diamonds still on hold"),
    "insufficient-diamonds": (409, "Not enough diamonds"),
}


def _refusal(error: WithdrawalRefused) -> Problem:
    status, title = _REFUSALS[error.rule]
    return Problem(status, error.rule, title, error.detail)


def _user_not_found(user_id: str) -> Problem:
    return Problem(404, "user-not-found", "User not found", user_id)


def _withdrawal_not_found(withdrawal_id: uuid.UUID) -> Problem:
    return Problem(404, "withdrawal-not-found", "Withdrawal not found", str(withdrawal_id))


@router.get("/v1/creator/earnings", response_model=EarningsOut)
async def get_earnings(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep
) -> EarningsOut:
    """Diamonds, their cash value, what is on hold, what is withdrawable, daily earnings."""
    user_id = acting_user(principal)
    try:
        earnings = await payouts.earnings(
            connection, user_id, settings.economy, settings.earnings_chart_days
        )
    except UserNotFound:
        raise _user_not_found(user_id) from None
    return EarningsOut(
        **earnings.totals(),
        daily=[DailyEarningsOut(day=d.day, diamonds=d.diamonds,
                                cash_value_minor=d.cash_value_minor) for d in earnings.daily],
    )


@router.put("/v1/creator/payout-method", response_model=PayoutMethodOut)
async def put_payout_method(
    body: PayoutMethodIn, principal: CurrentPrincipal, uow: UowDep
) -> PayoutMethodOut:
    """Where withdrawals are paid: a PayPal account's email. Setting it again replaces it."""
    user_id = acting_user(principal)
    try:
        async with uow() as connection:
            await payouts.set_payout_method(connection, user_id, body.paypal_email)
    except UserNotFound:
        raise _user_not_found(user_id) from None
    return PayoutMethodOut(paypal_email=body.paypal_email)


@router.post("/v1/withdrawals", response_model=WithdrawalOut, status_code=201)
async def create_withdrawal(
    body: WithdrawalIn, principal: CurrentPrincipal, uow: UowDep, settings: SettingsDep,
    idempotency_key: IdempotencyKey,
) -> WithdrawalOut:
    """Cash out diamonds: they are held until PayPal confirms the payout."""
    user_id = acting_user(principal)
    try:
        async with uow() as connection:
            withdrawal = await payouts.request(
                connection, user_id=user_id, amount_minor=body.amount_minor,
                idempotency_key=idempotency_key, economy=settings.economy,
            )
    except UserNotFound:
        raise _user_not_found(user_id) from None
    except WithdrawalRefused as refused:
        raise _refusal(refused) from None
    except (GroupRejected, IdempotencyConflict) as error:
        raise ledger_problem(error) from None
    return WithdrawalOut.of(withdrawal)


@router.get("/v1/withdrawals", response_model=WithdrawalPage)
async def list_withdrawals(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> WithdrawalPage:
    """Your withdrawals, newest first; operators see everyone's."""
    owner = None if principal.is_admin else acting_user(principal)
    items, last = await payouts.page(connection, owner, before_id(cursor),
                                 page_size(settings, limit))
    return WithdrawalPage(
        items=[WithdrawalOut.of(w) for w in items],
        next_cursor=before_cursor(last),
    )


@router.get("/v1/withdrawals/{withdrawal_id}", response_model=WithdrawalOut)
async def get_withdrawal(
    withdrawal_id: uuid.UUID, principal: CurrentPrincipal, connection: ReadConnection
) -> WithdrawalOut:
    try:
        withdrawal = await payouts.get(connection, withdrawal_id)
    except WithdrawalNotFound:
        raise _withdrawal_not_found(withdrawal_id) from None
    if not principal.may_see_user(withdrawal.user_id):
        raise _withdrawal_not_found(withdrawal_id)  # others' ids are not disclosed
    return WithdrawalOut.of(withdrawal)


def _authenticator(request: Request) -> WebhookAuthenticator:
    found = container_of(request).paypal_webhooks
    if found is None:
        raise Problem(503, "provider-not-configured", "Provider not configured",
                      "paypal is not configured on this engine")
    return found


@router.post("/v1/webhooks/paypal", response_model=WebhookAck,
             responses=problem_responses(413, 503))
async def paypal_webhook(request: Request, uow: UowDep, settings: SettingsDep) -> WebhookAck:
    """PayPal Payouts events, verified offline (signature, certificate chain, PayPal's name),
    applied once per event id. A forged or altered delivery is refused and changes nothing."""
    body = await request.body()
    if len(body) > settings.paypal_webhook_body_bytes_max:
        raise Problem(413, "payload-too-large", "Payload too large")
    try:
        event = await _authenticator(request).verify(request.headers, body)
    except ProviderVerificationError as error:
        raise Problem(400, "webhook-signature-invalid", "Webhook not verified",
                      error.reason) from None
    except ProviderUnavailable:
        raise Problem(503, "paypal-unavailable", "PayPal unavailable",
                      "the signing certificate could not be fetched; PayPal retries") from None
    try:
        async with uow() as connection:
            outcome = await paypal_events.apply(connection, event)
    except EventInvalid as error:
        raise Problem(400, "webhook-payload-invalid", "Webhook payload invalid",
                      str(error)) from None
    return WebhookAck(outcome=outcome.outcome, withdrawal_id=outcome.withdrawal_id)


async def _review(
    principal: Principal, uow: UowDep, withdrawal_id: uuid.UUID, target: WithdrawalStatus,
    reason: str,
) -> WithdrawalOut:
    try:
        async with uow() as connection:
            withdrawal = await payouts.review(
                connection, actor=principal.subject, withdrawal_id=withdrawal_id,
                target=target, reason=reason,
            )
    except WithdrawalNotFound:
        raise _withdrawal_not_found(withdrawal_id) from None
    except IllegalTransition as error:
        raise Problem(409, "withdrawal-state-conflict", "Not possible in this state",
                      str(error)) from None
    except ReasonRequired as error:
        raise Problem(422, "reason-required", "Reason required", str(error)) from None
    return WithdrawalOut.of(withdrawal)


@router.post("/v1/admin/withdrawals/{withdrawal_id}/hold", response_model=WithdrawalOut,
             tags=["operator"])
async def hold_withdrawal(
    withdrawal_id: uuid.UUID, body: ReviewIn, principal: AdminPrincipal, uow: UowDep
) -> WithdrawalOut:
    """Stop a withdrawal before it is submitted, for review (audited)."""
    return await _review(principal, uow, withdrawal_id, WithdrawalStatus.HELD, body.reason)


@router.post("/v1/admin/withdrawals/{withdrawal_id}/approve", response_model=WithdrawalOut,
             tags=["operator"])
async def approve_withdrawal(
    withdrawal_id: uuid.UUID, body: ReviewIn, principal: AdminPrincipal, uow: UowDep
) -> WithdrawalOut:
    """Release a held withdrawal for submission (audited)."""
    return await _review(principal, uow, withdrawal_id, WithdrawalStatus.APPROVED, body.reason)


@router.post("/v1/admin/withdrawals/{withdrawal_id}/reject", response_model=WithdrawalOut,
             tags=["operator"])
async def reject_withdrawal(
    withdrawal_id: uuid.UUID, body: ReviewIn, principal: AdminPrincipal, uow: UowDep
) -> WithdrawalOut:
    """Refuse a withdrawal that was not submitted; its diamonds go back (audited)."""
    return await _review(principal, uow, withdrawal_id, WithdrawalStatus.REJECTED, body.reason)

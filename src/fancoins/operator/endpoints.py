"""Operator endpoints: audited adjustments and freezes (admin scope)."""

from __future__ import annotations

from fastapi import APIRouter

from fancoins.api.auth import AdminPrincipal
from fancoins.api.deps import UowDep
from fancoins.api.errors import IdempotencyKey, ledger_problem
from fancoins.api.problems import Problem, problem_responses
from fancoins.identity.schemas import AdjustmentIn, AdjustmentOut, FreezeIn, UserId
from fancoins.identity.service import UserNotFound
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.ledger import GroupRejected
from fancoins.operator.service import ReasonRequired, operator

router = APIRouter(
    prefix="/v1/admin", tags=["operator"],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)


@router.post("/adjustments", response_model=AdjustmentOut, status_code=201)
async def adjust_coins(
    body: AdjustmentIn, principal: AdminPrincipal, uow: UowDep,
    idempotency_key: IdempotencyKey,
) -> AdjustmentOut:
    """Grant or remove coins with a reason; recorded in the audit log with the operator."""
    if body.amount_coins == 0:
        raise Problem(422, "amount-zero", "Amount must not be zero")
    try:
        async with uow() as connection:
            result = await operator.adjust_coins(
                connection, actor=principal.subject, user_id=body.user_id,
                amount_coins=body.amount_coins, reason=body.reason,
                idempotency_key=idempotency_key,
            )
    except UserNotFound:
        raise Problem(404, "user-not-found", "User not found", body.user_id) from None
    except (GroupRejected, IdempotencyConflict, ReasonRequired) as error:
        raise ledger_problem(error) from None
    return AdjustmentOut(
        transfer_id=result.transfer_id, user_id=result.user_id, amount_coins=result.amount_coins
    )


@router.post("/users/{user_id}/freeze", status_code=204)
async def freeze_user(
    user_id: UserId, body: FreezeIn, principal: AdminPrincipal, uow: UowDep
) -> None:
    try:
        async with uow() as connection:
            await operator.set_frozen(connection, actor=principal.subject, user_id=user_id,
                                      frozen=body.frozen, reason=body.reason)
    except UserNotFound:
        raise Problem(404, "user-not-found", "User not found", user_id) from None

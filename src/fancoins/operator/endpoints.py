"""Operator endpoints: the economy view, audited adjustments and freezes (admin scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from fancoins.api.auth import AdminPrincipal
from fancoins.api.deps import ReadConnection, SettingsDep, UowDep
from fancoins.api.errors import IdempotencyKey, ledger_problem
from fancoins.api.problems import Problem, problem_responses
from fancoins.identity.schemas import AdjustmentIn, AdjustmentOut, FreezeIn, UserId
from fancoins.identity.service import UserNotFound
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.ledger import GroupRejected
from fancoins.operator.schemas import EconomyOut
from fancoins.operator.service import EconomyLimits, ReasonRequired, operator

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
    except ReasonRequired as error:  # a blank reason ("   ") passes the length check
        raise ledger_problem(error) from None


@router.get("/economy", response_model=EconomyOut)
async def get_economy(
    _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    verify: Annotated[bool, Query(description="also recompute every balance from the "
                                              "transfers (reads the whole ledger)")] = True,
) -> EconomyOut:
    """Coins and diamonds outstanding, money per currency (sales, refunds, store fees, taxes,
    net revenue, payouts), gifts per minute and hour, per-asset ledger sums, verify result."""
    limits = EconomyLimits(
        gift_chart_minutes=settings.economy_gift_chart_minutes,
        hold_creators_max=settings.economy_hold_creators_max,
        platform_accounts_max=settings.economy_platform_accounts_max,
    )
    economy = await operator.economy(connection, settings.economy, limits, with_verify=verify)
    return EconomyOut.of(economy, settings.economy_findings_max)

"""Operator endpoints: the economy view, audited adjustments and freezes (admin scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from fancoins.api.auth import AdminPrincipal
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey, OptionalIdempotencyKey
from fancoins.api.problems import problem_responses
from fancoins.identity.schemas import UserId
from fancoins.operator.schemas import AdjustmentIn, AdjustmentOut, EconomyOut, FreezeIn
from fancoins.operator.service import EconomyLimits, operator
from fancoins.proof import prove

router = APIRouter(
    prefix="/v1/admin", tags=["operator"],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)


@router.post("/adjustments", response_model=AdjustmentOut, status_code=201)
async def adjust_coins(
    body: AdjustmentIn, principal: AdminPrincipal, uow: UnitDep,
    idempotency_key: IdempotencyKey,
) -> AdjustmentOut:
    """Grant or remove coins with a reason; recorded in the audit log with the operator."""
    answer = await operator.adjust_coins(
        uow, actor=principal.subject, user_id=body.user_id, amount_coins=body.amount_coins,
        reason=body.reason, idempotency_key=idempotency_key,
    )
    return AdjustmentOut.model_validate(answer.value)


@router.post("/users/{user_id}/freeze", status_code=204)
async def freeze_user(
    user_id: UserId, body: FreezeIn, principal: AdminPrincipal, uow: UnitDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> None:
    """Freeze or unfreeze a user, with a reason (audited)."""
    await operator.set_frozen(uow, actor=principal.subject, user_id=user_id,
                              frozen=body.frozen, reason=body.reason,
                              idempotency_key=idempotency_key)


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
        findings_max=settings.economy_findings_max,
    )
    economy = await operator.economy(connection, settings.economy, limits,
                                     with_verify=prove if verify else None)
    return EconomyOut.model_validate(economy)

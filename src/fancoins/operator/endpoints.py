"""Operator endpoints: the economy view, audited adjustments, freezes and bans, and a user's
status (admin scope)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from fancoins.accounts.schemas import TransferOut
from fancoins.api.auth import AdminPrincipal
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey, OptionalIdempotencyKey
from fancoins.api.pagination import Cursor, Limit, cut, page_size, uuid_of
from fancoins.api.problems import problem_responses
from fancoins.identity.schemas import UserId
from fancoins.identity.service import AuditFilter, audit
from fancoins.kit.clock import MS_PER_SECOND
from fancoins.operator.lookup import look_up
from fancoins.operator.schemas import (
    AdjustmentIn,
    AdjustmentOut,
    AuditEntryOut,
    AuditPage,
    EconomyOut,
    FreezeIn,
    LookupOut,
    UserSafetyOut,
)
from fancoins.operator.service import EconomyLimits, operator
from fancoins.operator.user_safety import user_safety
from fancoins.payouts.schemas import WithdrawalOut
from fancoins.promotions.schemas import PromotionOut
from fancoins.proof import prove
from fancoins.purchases.schemas import PurchaseOut
from fancoins.safety.restrictions import restrictions
from fancoins.safety.schemas import (
    IsoDatetime,
    LiftIn,
    RestrictionIn,
    RestrictionOut,
    StatusOut,
)
from fancoins.safety.status import status_service

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
    settings: SettingsDep, idempotency_key: OptionalIdempotencyKey = None,
) -> None:
    """Freeze (optionally `until` a time) or unfreeze a user, with a reason (audited). A
    freeze ends their running LIVE; unfreezing lifts every freeze in force."""
    await operator.set_frozen(uow, actor=principal.subject, user_id=user_id,
                              frozen=body.frozen, reason=body.reason,
                              idempotency_key=idempotency_key, until_ms=body.until_ms(),
                              economy=settings.economy)


@router.post("/users/{user_id}/restrictions", response_model=RestrictionOut, status_code=201)
async def add_restriction(
    user_id: UserId, body: RestrictionIn, principal: AdminPrincipal, uow: UnitDep,
    settings: SettingsDep, idempotency_key: OptionalIdempotencyKey = None,
) -> RestrictionOut:
    """Freeze (`scope: all`) or ban a user from gifting, buying, payouts or promotions, with a
    reason the user reads and an optional expiry (lifted by itself then). Audited and
    announced (`user.frozen` / `user.restricted`); a freeze or gifting ban ends their LIVE."""
    answer = await operator.restrict(uow, actor=principal.subject, user_id=user_id,
                                     scope=body.scope, reason=body.reason,
                                     until_ms=body.until_ms(), idempotency_key=idempotency_key,
                                     economy=settings.economy)
    return RestrictionOut.model_validate(answer.value)


@router.get("/users/{user_id}/restrictions", response_model=list[RestrictionOut])
async def list_restrictions(
    user_id: UserId, _: AdminPrincipal, connection: ReadConnection
) -> list[RestrictionOut]:
    """The user's freezes and bans, newest first: in force, lifted and expired."""
    return [RestrictionOut.model_validate(r)
            for r in await restrictions.history(connection, user_id)]


@router.post("/users/{user_id}/restrictions/{restriction_id}/lift",
             response_model=RestrictionOut)
async def lift_restriction(
    user_id: UserId, restriction_id: uuid.UUID, body: LiftIn, principal: AdminPrincipal,
    uow: UnitDep,
) -> RestrictionOut:
    """Lift a freeze or ban now, with a reason (audited, announced `user.unfrozen`). Lifting
    one no longer in force changes nothing and answers it."""
    lifted = await operator.lift(uow, actor=principal.subject, user_id=user_id,
                                 restriction_id=restriction_id, reason=body.reason)
    return RestrictionOut.model_validate(lifted)


@router.get("/users/{user_id}/status", response_model=StatusOut)
async def get_user_status(
    user_id: UserId, _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep
) -> StatusOut:
    """The same status the user reads at `/v1/me/status`: every restriction in force."""
    return StatusOut.model_validate(
        await status_service.status(connection, user_id, settings.economy))


@router.get("/users/{user_id}/safety", response_model=UserSafetyOut)
async def get_user_safety(
    user_id: UserId, _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep
) -> UserSafetyOut:
    """What keeps the user's spending safe: their coin limits and this window's spend, their
    buying limits, a guardian's caps, what they bought in each window the platform's purchase
    caps and the buying limits count, and their guardian links both ways."""
    return UserSafetyOut.of(await user_safety(connection, settings, user_id))


@router.get("/economy", response_model=EconomyOut)
async def get_economy(
    _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    verify: Annotated[bool, Query(description="also recompute every balance from the "
                                              "transfers (reads the whole ledger)")] = True,
) -> EconomyOut:
    """Coins and diamonds outstanding, money per currency (sales, refunds, store fees, taxes,
    net revenue, payouts), gifts per minute and hour, per-asset ledger sums, verify result."""
    limits = EconomyLimits(
        gift_chart_minutes=settings.web.economy_gift_chart_minutes,
        hold_creators_max=settings.web.economy_hold_creators_max,
        platform_accounts_max=settings.web.economy_platform_accounts_max,
        findings_max=settings.web.economy_findings_max,
    )
    economy = await operator.economy(connection, settings.economy, limits,
                                     with_verify=prove if verify else None)
    return EconomyOut.model_validate(economy)


# What the audit filters take: the same bounds as the columns they match.
AuditText = Annotated[str | None, Query(min_length=1, max_length=160)]


@router.get("/audit", response_model=AuditPage)
async def list_audit(
    _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    actor: AuditText = None, action: AuditText = None,
    target: Annotated[str | None, Query(min_length=1, max_length=160,
                                        description="e.g. user:alice")] = None,
    since: Annotated[IsoDatetime | None, Query(alias="from")] = None,
    until: Annotated[IsoDatetime | None, Query(alias="to")] = None,
    cursor: Cursor = None, limit: Limit = None,
) -> AuditPage:
    """The audit log, newest first: every operator action, freeze, ban, guardian link and
    grant, with who, why and its details. Filters: actor, action, target, time range
    [`from`, `to`). Read only: entries are written by the actions themselves."""
    size = page_size(settings, limit)
    where = AuditFilter(actor, action, target, _ms(since), _ms(until))
    page = cut(await audit.page(connection, where, uuid_of(cursor), size + 1), size)
    return AuditPage(items=[AuditEntryOut.model_validate(e) for e in page.items],
                     next_cursor=page.next_cursor)


def _ms(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * MS_PER_SECOND)


@router.get("/lookup/{found_id}", response_model=LookupOut)
async def look_up_id(found_id: uuid.UUID, _: AdminPrincipal, connection: ReadConnection
                     ) -> LookupOut:
    """The purchase, withdrawal, promotion or ledger transfer with this id (each kind that
    has it: a purchase and the transfer booking it may share one); 404 when none has."""
    found = await look_up(connection, found_id)
    return LookupOut(
        id=found_id,
        purchase=PurchaseOut.of(found.purchase) if found.purchase else None,
        withdrawal=WithdrawalOut.model_validate(found.withdrawal) if found.withdrawal else None,
        promotion=PromotionOut.model_validate(found.promotion) if found.promotion else None,
        transfer=TransferOut.model_validate(found.transfer) if found.transfer else None)

"""`/v1/me/limits`: a user reads and sets their own coin spending limits; `/v1/me/status`:
every restriction in force on them; guardians: the host links them to minors, and they read
and cap their minors (`/v1/me/minors`)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.api.auth import CurrentPrincipal, Principal, Scope, acting_user, require
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import OptionalIdempotencyKey
from fancoins.api.problems import problem_responses
from fancoins.economy.rules import EconomyConfig
from fancoins.identity.schemas import UserId
from fancoins.safety.guardians import MinorView, guardians
from fancoins.safety.limits import Holder, Kind, limit_sets
from fancoins.safety.schemas import (
    BuyingCapsIn,
    CapsOut,
    GuardianLinkIn,
    GuardianLinkOut,
    LimitsIn,
    LimitsViewOut,
    MinorOut,
    SpendingCapsIn,
    StatusOut,
    UnlinkOut,
)
from fancoins.safety.service import spending
from fancoins.safety.status import status_service

router = APIRouter(tags=["safety"], responses=problem_responses(400, 401, 403, 409, 422))


_OWN_LIMITS_ONLY = "your own limits are read and set with a user token, not an API key"


@router.get("/v1/me/limits", response_model=LimitsViewOut)
async def get_limits(principal: CurrentPrincipal, connection: ReadConnection) -> LimitsViewOut:
    """Your spending limits in force, a raise still cooling off, and what you spent."""
    user_id = acting_user(principal, _OWN_LIMITS_ONLY)
    return LimitsViewOut.model_validate(await spending.view(connection, user_id))


@router.put("/v1/me/limits", response_model=LimitsViewOut)
async def put_limits(
    body: LimitsIn, principal: CurrentPrincipal, uow: UnitDep, settings: SettingsDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> LimitsViewOut:
    """Set all three limits. Lower ones apply now; any raise waits out the cooling-off (the
    whole request then applies at `pending.effective_at`). Repeating a request is harmless;
    with an Idempotency-Key a retry answers the first answer and changes nothing."""
    user_id = acting_user(principal, _OWN_LIMITS_ONLY)
    view = await spending.set_limits(
        uow, user_id, body.to_limits(), settings.economy.limits.spend_limit_raise_cooling_off_s,
        idempotency_key=idempotency_key,
    )
    return LimitsViewOut.model_validate(view)


@router.get("/v1/me/status", response_model=StatusOut, responses=problem_responses(404))
async def get_status(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep
) -> StatusOut:
    """Every restriction in force on you, each saying what it blocks, why and until when:
    frozen, banned from one kind of transaction, too young for an action where you live, a
    negative balance, a guardian's caps. `ok` only when there is none."""
    user_id = acting_user(principal, "your status is read with your user token")
    return StatusOut.model_validate(
        await status_service.status(connection, user_id, settings.economy))


# --- guardians ---------------------------------------------------------------------------

_GUARDIAN_ONLY = "a guardian reads and caps their minors with their own user token"


@router.post("/v1/guardians", response_model=GuardianLinkOut, status_code=201,
             responses=problem_responses(404))
async def link_guardian(
    body: GuardianLinkIn, uow: UnitDep, settings: SettingsDep,
    idempotency_key: OptionalIdempotencyKey = None,
    principal: Principal = Depends(require(Scope.USERS_WRITE)),
) -> GuardianLinkOut:
    """The host links a guardian to a minor (both users exist; at most two guardians per
    minor). Audited and announced (`guardian.linked`); linking an existing pair answers it."""
    answer = await guardians.link(uow, minor_id=body.minor_id, guardian_id=body.guardian_id,
                                  actor=principal.subject, reason=body.reason,
                                  economy=settings.economy, idempotency_key=idempotency_key)
    return GuardianLinkOut.model_validate(answer.value)


@router.post("/v1/guardians/unlink", response_model=UnlinkOut,
             responses=problem_responses(404))
async def unlink_guardian(
    body: GuardianLinkIn, uow: UnitDep,
    principal: Principal = Depends(require(Scope.USERS_WRITE)),
) -> UnlinkOut:
    """The host removes a link (audited, announced). Without a guardian left, the caps go
    (the age rules and the minor's own limits still hold)."""
    return UnlinkOut(unlinked=await guardians.unlink(
        uow, minor_id=body.minor_id, guardian_id=body.guardian_id, actor=principal.subject,
        reason=body.reason))


async def _minor_out(connection: AsyncConnection, view: MinorView, economy: EconomyConfig
                     ) -> MinorOut:
    status = await status_service.status(connection, view.user.id, economy)
    return MinorOut(user_id=view.user.id, display_name=view.user.display_name,
                    country=view.user.country,
                    linked_at=dt.datetime.fromtimestamp(view.linked_at_ms / 1000, tz=dt.UTC),
                    spending=CapsOut.of(view.spending), buying=CapsOut.of(view.buying),
                    status=StatusOut.model_validate(status))


@router.get("/v1/me/minors", response_model=list[MinorOut])
async def list_minors(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep
) -> list[MinorOut]:
    """The minors linked to you, each with their caps and status."""
    guardian_id = acting_user(principal, _GUARDIAN_ONLY)
    return [await _minor_out(connection, view, settings.economy)
            for view in await guardians.minors(connection, guardian_id)]


@router.get("/v1/me/minors/{minor_id}", response_model=MinorOut,
            responses=problem_responses(404))
async def get_minor(
    minor_id: UserId, principal: CurrentPrincipal, connection: ReadConnection,
    settings: SettingsDep,
) -> MinorOut:
    """One minor linked to you (anyone else: 404 `minor-not-found`)."""
    guardian_id = acting_user(principal, _GUARDIAN_ONLY)
    view = await guardians.minor(connection, guardian_id, minor_id)
    return await _minor_out(connection, view, settings.economy)


@router.put("/v1/me/minors/{minor_id}/caps/spending", response_model=CapsOut,
            responses=problem_responses(404))
async def put_spending_caps(
    minor_id: UserId, body: SpendingCapsIn, principal: CurrentPrincipal, uow: UnitDep,
    settings: SettingsDep, idempotency_key: OptionalIdempotencyKey = None,
) -> CapsOut:
    """Cap the coins your minor spends per day, week and month (0 everywhere: off). Tighter
    caps apply now; looser ones after the cooling-off."""
    guardian_id = acting_user(principal, _GUARDIAN_ONLY)
    view = await guardians.set_caps(
        uow, guardian_id=guardian_id, minor_id=minor_id, kind=Kind.SPEND,
        requested=body.to_set(),
        cooling_off_s=settings.economy.limits.spend_limit_raise_cooling_off_s,
        idempotency_key=idempotency_key)
    return CapsOut.of(view)


@router.put("/v1/me/minors/{minor_id}/caps/buying", response_model=CapsOut,
            responses=problem_responses(404))
async def put_buying_caps(
    minor_id: UserId, body: BuyingCapsIn, principal: CurrentPrincipal, uow: UnitDep,
    settings: SettingsDep, idempotency_key: OptionalIdempotencyKey = None,
) -> CapsOut:
    """Cap the money your minor spends buying coins per day, week and month, in minor units
    of `currency` (0 everywhere: off). Tighter caps apply now; looser ones after the
    cooling-off."""
    guardian_id = acting_user(principal, _GUARDIAN_ONLY)
    view = await guardians.set_caps(
        uow, guardian_id=guardian_id, minor_id=minor_id, kind=Kind.BUY,
        requested=body.to_set(),
        cooling_off_s=settings.economy.limits.spend_limit_raise_cooling_off_s,
        idempotency_key=idempotency_key)
    return CapsOut.of(view)


@router.get("/v1/me/limits/buying", response_model=CapsOut)
async def get_buying_limits(principal: CurrentPrincipal, connection: ReadConnection) -> CapsOut:
    """Your own limits on the money you spend buying coins, per day, week and month."""
    user_id = acting_user(principal, _OWN_LIMITS_ONLY)
    return CapsOut.of(await limit_sets.view(connection, user_id, Holder.SELF, Kind.BUY))


@router.put("/v1/me/limits/buying", response_model=CapsOut)
async def put_buying_limits(
    body: BuyingCapsIn, principal: CurrentPrincipal, uow: UnitDep, settings: SettingsDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> CapsOut:
    """Limit the money you spend buying coins, in minor units of `currency`, per day, week and
    month (null: no limit; 0 everywhere: no buying). Lower limits apply now; a raise (or
    another currency) waits out the cooling-off, as for spending limits."""
    user_id = acting_user(principal, _OWN_LIMITS_ONLY)
    view = await limit_sets.put(
        uow, user_id=user_id, holder=Holder.SELF, kind=Kind.BUY, requested=body.to_set(),
        actor=f"user:{user_id}",
        cooling_off_s=settings.economy.limits.spend_limit_raise_cooling_off_s,
        idempotency_key=idempotency_key)
    return CapsOut.of(view)

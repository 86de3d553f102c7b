"""`/v1/me/limits`: a user reads and sets their own coin spending limits."""

from __future__ import annotations

from fastapi import APIRouter

from fancoins.api.auth import CurrentPrincipal, acting_user
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import OptionalIdempotencyKey
from fancoins.api.problems import problem_responses
from fancoins.safety.schemas import LimitsIn, LimitsViewOut
from fancoins.safety.service import spending

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

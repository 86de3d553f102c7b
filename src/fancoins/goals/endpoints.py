"""Goal endpoints: set a goal for a LIVE, list a LIVE's goals, cancel one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from fancoins.api.auth import CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey
from fancoins.api.problems import problem_responses
from fancoins.goals.schemas import GoalIn, GoalList, GoalOut
from fancoins.goals.service import GoalAsk, goals
from fancoins.kit.errors import InsufficientScope

router = APIRouter(tags=["goals"], responses=problem_responses(400, 401, 403, 404, 409, 422))

StreamId = Annotated[str, Path(min_length=1, max_length=64)]
GoalId = Annotated[str, Path(min_length=1, max_length=64)]


def _actor(principal: Principal) -> str | None:
    """The creator acting (their own LIVE only), or None for an operator or an API key with
    streams:write."""
    if principal.user_id is not None and not principal.is_admin:
        return principal.user_id
    if principal.has(Scope.STREAMS_WRITE):
        return None
    raise InsufficientScope(Scope.STREAMS_WRITE)


@router.post("/v1/streams/{stream_id}/goals", response_model=GoalOut, status_code=201)
async def set_goal(stream_id: StreamId, body: GoalIn, principal: CurrentPrincipal,
                   uow: UnitDep, settings: SettingsDep,
                   idempotency_key: IdempotencyKey) -> GoalOut:
    """Set a gift goal for a LIVE (its creator). Active at once when the LIVE has none,
    otherwise queued behind the others; viewers and the overlay see `goal.*` events."""
    deadline_ms = int(body.deadline.timestamp() * 1000) if body.deadline else None
    ask = GoalAsk(body.title, body.kind, body.target, body.gift_id, deadline_ms)
    answer = await goals.set_goal(uow, stream_id, _actor(principal), ask,
                                  settings.goals.per_stream_max, settings.goals.deadline_max_s,
                                  idempotency_key)
    return GoalOut.of(answer.value)


@router.get("/v1/streams/{stream_id}/goals", response_model=GoalList)
async def stream_goals(stream_id: StreamId, _: CurrentPrincipal, connection: ReadConnection,
                       settings: SettingsDep) -> GoalList:
    """A LIVE's goals in the order they were set: ended, active and queued."""
    found = await goals.of_stream(connection, stream_id, settings.http.page_size_max)
    return GoalList(items=[GoalOut.of(g) for g in found])


@router.post("/v1/goals/{goal_id}/cancel", response_model=GoalOut)
async def cancel_goal(goal_id: GoalId, principal: CurrentPrincipal, uow: UnitDep) -> GoalOut:
    """Cancel an active or queued goal (its creator): the next queued goal takes over."""
    return GoalOut.of(await goals.cancel(uow, goal_id, _actor(principal)))

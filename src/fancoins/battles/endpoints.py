"""Battle endpoints: invite, accept, decline, read. Thin: convert, call, answer."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from fancoins.api.auth import CurrentPrincipal, Scope, acting_for
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey
from fancoins.api.pagination import Cursor, Limit, page_size
from fancoins.api.problems import problem_responses
from fancoins.battles.schemas import BattleAnswerIn, BattleIn, BattleOut, BattlePage
from fancoins.battles.service import BattleRules, battles
from fancoins.config import Settings
from fancoins.identity.schemas import UserId
from fancoins.kit.errors import InvalidRequest
from fancoins.kit.pagination import CursorInvalid, Position, decode_cursor, page_of

router = APIRouter(tags=["battles"], responses=problem_responses(400, 401, 403, 404, 409, 422))

BattleId = Annotated[str, Path(min_length=1, max_length=64)]
Status = Literal["invited", "running", "ended", "declined", "expired"]


def battle_rules(settings: Settings) -> BattleRules:
    return BattleRules(settings.battles.duration_s, settings.battles.duration_min_s,
                       settings.battles.duration_max_s, settings.battles.invite_ttl_s,
                       settings.battles.settle_grace_ms, settings.battles.supporters_shown)


@router.post("/v1/battles", response_model=BattleOut, status_code=201)
async def invite(body: BattleIn, principal: CurrentPrincipal, uow: UnitDep,
                 settings: SettingsDep, idempotency_key: IdempotencyKey) -> BattleOut:
    """Invite LIVE creators to a battle (a LIVE match). It starts when every invitee has
    accepted and runs `duration_s`; every gift to a side's creators adds its coins to the
    side's score; both streams' viewers see `battle.*` events."""
    inviter = acting_for(principal, body.creator_id, Scope.STREAMS_WRITE)
    answer = await battles.invite(uow, inviter, body.teammates, body.opponents, body.duration_s,
                                  battle_rules(settings), idempotency_key)
    return BattleOut.of(answer.value)


@router.post("/v1/battles/{battle_id}/accept", response_model=BattleOut)
async def accept(battle_id: BattleId, principal: CurrentPrincipal, uow: UnitDep,
                 body: BattleAnswerIn | None = None) -> BattleOut:
    """Accept an invitation (the last acceptance starts the battle). Accepting again answers
    the battle as it is."""
    creator = acting_for(principal, body.creator_id if body else None, Scope.STREAMS_WRITE)
    return BattleOut.of(await battles.answer(uow, battle_id, creator, accept=True))


@router.post("/v1/battles/{battle_id}/decline", response_model=BattleOut)
async def decline(battle_id: BattleId, principal: CurrentPrincipal, uow: UnitDep,
                  body: BattleAnswerIn | None = None) -> BattleOut:
    """Decline an invitation (the inviter declining withdraws it): the battle never runs."""
    creator = acting_for(principal, body.creator_id if body else None, Scope.STREAMS_WRITE)
    return BattleOut.of(await battles.answer(uow, battle_id, creator, accept=False))


@router.get("/v1/battles/{battle_id}", response_model=BattleOut)
async def get_battle(battle_id: BattleId, _: CurrentPrincipal, connection: ReadConnection,
                     settings: SettingsDep) -> BattleOut:
    """A battle: its sides, scores, top supporters and, once ended, its result."""
    return BattleOut.of(await battles.get(connection, battle_id,
                                          settings.battles.supporters_shown))


@router.get("/v1/battles", response_model=BattlePage)
async def list_battles(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    creator_id: Annotated[UserId | None, Query(description="default: yourself")] = None,
    status: Status | None = None, cursor: Cursor = None, limit: Limit = None,
) -> BattlePage:
    """A creator's battles (invitations too), newest first."""
    who = creator_id or principal.user_id
    if who is None:
        raise InvalidRequest("name the creator_id (an API key is nobody)")
    position = decode_cursor(cursor)
    if position is not None and not isinstance(position.key, int):
        raise CursorInvalid()
    before = (int(position.key), position.id) if position is not None and isinstance(
        position.key, int) else None
    size = page_size(settings, limit)
    found = await battles.battles_of(connection, who, status, before, size + 1)
    page = page_of(found, size, lambda b: Position(b.invited_at_ms, b.id))
    return BattlePage(items=[BattleOut.of(b) for b in page.items], next_cursor=page.next_cursor)

"""Fan club endpoints: a club's rules and your membership, a creator's members, your clubs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from fancoins.api.auth import CurrentPrincipal, Scope, acting_for
from fancoins.api.deps import ReadConnection, SettingsDep
from fancoins.api.pagination import Cursor, Limit, page_size
from fancoins.api.problems import problem_responses
from fancoins.fanclubs.schemas import FanClubOut, MemberOut, MemberPage, MyClubs
from fancoins.fanclubs.service import fan_clubs
from fancoins.identity.schemas import UserId
from fancoins.identity.service import users
from fancoins.kit.clock import now_ms
from fancoins.kit.errors import InsufficientScope
from fancoins.kit.pagination import CursorInvalid, Position, decode_cursor, page_of

router = APIRouter(tags=["fan clubs"], responses=problem_responses(400, 401, 403, 404, 422))

CreatorId = Annotated[str, Path(min_length=1, max_length=128)]


@router.get("/v1/creators/{creator_id}/fan-club", response_model=FanClubOut)
async def fan_club(creator_id: CreatorId, principal: CurrentPrincipal,
                   connection: ReadConnection, settings: SettingsDep) -> FanClubOut:
    """How to join the creator's fan club and how levels work, with your own membership."""
    await users.get(connection, creator_id)
    club = settings.economy.fan_club
    mine = None
    if principal.user_id is not None:
        found = [m for m in await fan_clubs.clubs_of(connection, principal.user_id, club,
                                                     now_ms(), settings.http.page_size_max)
                 if m.creator_id == creator_id]
        mine = MemberOut.of(found[0]) if found else None
    return FanClubOut(creator_id=creator_id, gift_id=club.gift_id, lapse_days=club.lapse_days,
                      level_points=list(club.level_points), membership=mine)


@router.get("/v1/creators/{creator_id}/fan-club/members", response_model=MemberPage)
async def club_members(
    creator_id: CreatorId, principal: CurrentPrincipal, connection: ReadConnection,
    settings: SettingsDep, cursor: Cursor = None, limit: Limit = None,
    include_lapsed: Annotated[bool, Query(description="members whose membership lapsed too")]
    = False,
) -> MemberPage:
    """A creator's fan club members, highest level first (the creator, an operator, or an
    API key with users:read)."""
    if principal.user_id != creator_id and not principal.has(Scope.USERS_READ):
        raise InsufficientScope(Scope.USERS_READ, "only the creator sees their members")
    position = decode_cursor(cursor)
    if position is not None and not isinstance(position.key, int):
        raise CursorInvalid()
    after = (int(position.key), position.id) if position is not None and isinstance(
        position.key, int) else None
    size = page_size(settings, limit)
    found = await fan_clubs.members(connection, creator_id, settings.economy.fan_club,
                                    now_ms(), include_lapsed, after, size + 1)
    page = page_of(found, size, lambda m: Position(m.points, m.member_id))
    return MemberPage(items=[MemberOut.of(m) for m in page.items], next_cursor=page.next_cursor)


@router.get("/v1/me/fan-clubs", response_model=MyClubs)
async def my_clubs(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    user_id: Annotated[UserId | None, Query(description="API keys with users:read")] = None,
) -> MyClubs:
    """The fan clubs you joined (lapsed ones too, marked), most recently active first."""
    who = acting_for(principal, user_id, Scope.USERS_READ)
    found = await fan_clubs.clubs_of(connection, who, settings.economy.fan_club, now_ms(),
                                     settings.http.page_size_max)
    return MyClubs(items=[MemberOut.of(m) for m in found])

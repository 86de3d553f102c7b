"""Users: the host app's backend creates and updates them; users read themselves."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from fancoins.api.auth import CurrentPrincipal, Principal, Scope, require
from fancoins.api.deps import ReadConnection, UowDep
from fancoins.api.problems import Problem, problem_responses
from fancoins.identity.schemas import UserId, UserIn, UserOut
from fancoins.identity.service import UserNotFound, users

router = APIRouter(tags=["users"], responses=problem_responses(400, 401, 403, 404, 422))


@router.put("/v1/users/{user_id}", response_model=UserOut)
async def put_user(
    user_id: UserId, body: UserIn, uow: UowDep,
    _: Principal = Depends(require(Scope.USERS_WRITE)),
) -> UserOut:
    """Create or update a user as the host app knows them. Idempotent by nature (a PUT)."""
    async with uow() as connection:
        user = await users.upsert(connection, user_id, **body.model_dump())
    return UserOut.from_user(user)


@router.get("/v1/users/{user_id}", response_model=UserOut)
async def get_user(
    user_id: UserId, principal: CurrentPrincipal, connection: ReadConnection
) -> UserOut:
    if not (principal.may_see_user(user_id) or principal.has(Scope.USERS_READ)):
        raise Problem(404, "user-not-found", "User not found", f"no user {user_id}")
    try:
        return UserOut.from_user(await users.get(connection, user_id))
    except UserNotFound:
        raise Problem(404, "user-not-found", "User not found", f"no user {user_id}") from None

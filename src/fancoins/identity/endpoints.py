"""Users (the host app's backend creates and updates them; users read themselves) and the API
keys an operator manages."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.api.auth import (
    AdminPrincipal,
    CurrentPrincipal,
    Principal,
    Scope,
    acting_user,
    reading_user,
    require,
)
from fancoins.api.deps import ContainerDep, ReadConnection, SettingsDep, UnitDep
from fancoins.api.errors import IdempotencyKey, OptionalIdempotencyKey
from fancoins.api.pagination import Cursor, Limit, after_id, cut, page_size, uuid_of
from fancoins.api.problems import problem_responses
from fancoins.identity.errors import SearchTextInvalid
from fancoins.identity.overlay import overlays
from fancoins.identity.schemas import (
    ApiKeyIn,
    ApiKeyOut,
    ApiKeyPage,
    IssuedKeyOut,
    IssuedOverlayOut,
    OverlayCredentialIn,
    OverlayCredentialOut,
    Reason,
    RotationIn,
    UserId,
    UserIn,
    UserOut,
    UserPage,
    UserRestrictionOut,
)
from fancoins.identity.service import User, api_keys, users
from fancoins.kit.text import SINGLE_LINE_PATTERN
from fancoins.safety.status import status_service
from fancoins.streams.service import streams

router = APIRouter(tags=["users"], responses=problem_responses(400, 401, 403, 404, 409, 422))
keys_router = APIRouter(prefix="/v1/admin/api-keys", tags=["operator"],
                        responses=problem_responses(400, 401, 403, 404, 409, 422))


async def _user_out(connection: AsyncConnection, user: User) -> UserOut:
    """The user with the freezes and bans in force on them (reason, expiry)."""
    found = await status_service.restrictions(connection, user.id)
    return UserOut.model_validate({
        **{f.name: getattr(user, f.name) for f in dataclasses.fields(user)},
        "restrictions": [UserRestrictionOut.model_validate(entry) for entry in found]})


@router.put("/v1/users/{user_id}", response_model=UserOut)
async def put_user(
    user_id: UserId, body: UserIn, uow: UnitDep, settings: SettingsDep,
    idempotency_key: OptionalIdempotencyKey = None,
    principal: Principal = Depends(require(Scope.USERS_WRITE)),
) -> UserOut:
    """Create or update a user as the host app knows them. A PUT: repeating it is harmless;
    with an Idempotency-Key a retry answers the first answer. A creator who may no longer
    host (`is_creator: false`, or too young for it where they now live) goes off air at once
    (their LIVE ends)."""
    answer = await users.put(uow, user_id, body.fields(), actor=principal.subject,
                             idempotency_key=idempotency_key)
    if not answer.replayed:
        await streams.end_if_ineligible(uow, user_id, settings.economy)
    return await _user_out(await uow.connect(), answer.value)


@router.get("/v1/users/{user_id}", response_model=UserOut)
async def get_user(
    user_id: UserId, principal: CurrentPrincipal, connection: ReadConnection
) -> UserOut:
    """A user reads themselves; keys with users:read (or users:write) read anyone."""
    reading_user(principal, user_id)
    return await _user_out(connection, await users.get(connection, user_id))


SEARCH_TEXT_MAX = 100  # longer than any id or name the users table holds (128 and 100)
SearchText = Annotated[str, Query(min_length=1, max_length=SEARCH_TEXT_MAX,
                                  pattern=SINGLE_LINE_PATTERN,
                                  description="An id prefix or a part of the name")]


@router.get("/v1/admin/users", response_model=UserPage, tags=["operator"])
async def search_users(
    q: SearchText, _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> UserPage:
    """Users whose id starts with `q` or whose display name contains it (case-insensitive),
    ordered by id, in cursor pages."""
    text = q.strip()
    if not text:
        raise SearchTextInvalid("q must hold something to search for besides spaces")
    size = page_size(settings, limit)
    page = cut(await users.search(connection, text, after_id(cursor), size + 1), size)
    return UserPage(items=[await _user_out(connection, u) for u in page.items],
                    next_cursor=page.next_cursor)


@keys_router.get("", response_model=ApiKeyPage)
async def list_api_keys(
    _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    container: ContainerDep, cursor: Cursor = None, limit: Limit = None,
) -> ApiKeyPage:
    """Every API key, oldest first: name, scopes, when created, last used, rotated, revoked."""
    await container.api_key_usage.drain()  # this process's noted uses, written
    size = page_size(settings, limit)
    page = cut(await api_keys.page(connection, uuid_of(cursor), size + 1), size)
    return ApiKeyPage(items=[ApiKeyOut.model_validate(k) for k in page.items],
                      next_cursor=page.next_cursor)


@keys_router.post("", response_model=IssuedKeyOut, status_code=201)
async def create_api_key(
    body: ApiKeyIn, principal: AdminPrincipal, uow: UnitDep, idempotency_key: IdempotencyKey
) -> IssuedKeyOut:
    """A key for the host's backend (audited). Its token is in this answer only."""
    issued = await api_keys.create(uow, actor=principal.subject, name=body.name,
                                   scopes=[s.value for s in body.scopes],
                                   idempotency_key=idempotency_key, reason=body.reason)
    return IssuedKeyOut.model_validate(issued)


@keys_router.post("/{key_id}/rotate", response_model=IssuedKeyOut)
async def rotate_api_key(
    key_id: uuid.UUID, body: RotationIn, principal: AdminPrincipal, uow: UnitDep,
    settings: SettingsDep, idempotency_key: IdempotencyKey,
) -> IssuedKeyOut:
    """A new token for the key (audited); the old one keeps working for
    `api_keys.rotation_overlap_s`, so every backend process can switch without downtime."""
    issued = await api_keys.rotate(uow, actor=principal.subject, key_id=key_id,
                                   reason=body.reason,
                                   overlap_s=settings.api_keys.rotation_overlap_s,
                                   idempotency_key=idempotency_key)
    return IssuedKeyOut.model_validate(issued)


@keys_router.delete("/{key_id}", response_model=ApiKeyOut)
async def revoke_api_key(
    key_id: uuid.UUID, principal: AdminPrincipal, uow: UnitDep,
    reason: Annotated[Reason, Query()] = "",
) -> ApiKeyOut:
    """Revoke a key (audited): refused from its next request on. Revoking again answers the
    revoked key and changes nothing."""
    key = await api_keys.revoke(uow, actor=principal.subject, key_id=key_id, reason=reason)
    return ApiKeyOut.model_validate(key)


# --- overlay credentials: a creator's read-only LIVE credentials for streaming software ---
OVERLAYS_LISTED_MAX = 100  # far above the per-creator bound, revoked ones included


@router.post("/v1/creator/overlay-credentials", response_model=IssuedOverlayOut,
             status_code=201)
async def mint_overlay_credential(
    body: OverlayCredentialIn, principal: CurrentPrincipal, uow: UnitDep, settings: SettingsDep,
    idempotency_key: IdempotencyKey,
) -> IssuedOverlayOut:
    """A credential for the overlay of your own LIVEs (a user token only): its token is shown
    once; it reads your streams' LIVE events and nothing else. A retry with the same
    Idempotency-Key answers the same credential without its token (never stored): if the
    first answer was lost, revoke that credential and mint another."""
    creator_id = acting_user(principal)
    issued = await overlays.mint(uow, creator_id=creator_id, name=body.name,
                                 limit=settings.overlay.credentials_per_creator_max,
                                 idempotency_key=idempotency_key)
    return IssuedOverlayOut.model_validate(issued)


@router.get("/v1/creator/overlay-credentials", response_model=list[OverlayCredentialOut])
async def list_overlay_credentials(principal: CurrentPrincipal, connection: ReadConnection,
                                   container: ContainerDep) -> list[OverlayCredentialOut]:
    """Your overlay credentials, newest first (revoked ones marked)."""
    await container.overlay_usage.drain()  # this process's noted uses, written
    found = await overlays.list(connection, acting_user(principal), OVERLAYS_LISTED_MAX)
    return [OverlayCredentialOut.model_validate(c) for c in found]


@router.delete("/v1/creator/overlay-credentials/{credential_id}",
               response_model=OverlayCredentialOut)
async def revoke_overlay_credential(credential_id: uuid.UUID, principal: CurrentPrincipal,
                                    uow: UnitDep) -> OverlayCredentialOut:
    """Revoke it: overlays using it are refused from their next connection on."""
    return OverlayCredentialOut.model_validate(await overlays.revoke(
        uow, creator_id=acting_user(principal), credential_id=credential_id))

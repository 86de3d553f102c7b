"""Who is calling: the host app's backend (API key) or an end user (JWT bearer token)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from fancoins.api.deps import container_of
from fancoins.container import Container
from fancoins.db.engine import read_only
from fancoins.identity.scopes import Scope
from fancoins.identity.service import API_KEY_PREFIX, api_keys
from fancoins.kit.errors import (
    InsufficientScope,
    Unauthenticated,
    UserTokenRequired,
)

__all__ = ["AdminPrincipal", "CurrentPrincipal", "Principal", "Scope", "reading_user",
           "require"]


@dataclass(frozen=True, slots=True)
class Principal:
    kind: str  # "api_key" or "user"
    subject: str
    user_id: str | None
    scopes: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return Scope.ADMIN in self.scopes

    def has(self, scope: str) -> bool:
        return self.is_admin or scope in self.scopes

    def may_see_user(self, user_id: str | None) -> bool:
        return self.is_admin or (user_id is not None and user_id == self.user_id)


_bearer = HTTPBearer(auto_error=False, description="API key (fck_...) or user JWT")


class ApiKeyInvalid(Unauthenticated):
    slug = "api-key-invalid"
    title = "Invalid API key"


async def principal_from_token(container: Container, token: str) -> Principal:
    """Who `token` is (an API key or a user JWT), for HTTP requests and WebSockets alike.
    Raises `Unauthenticated` (401)."""
    if token.startswith(API_KEY_PREFIX):
        async with read_only(container.engine) as connection:
            key = await api_keys.authenticate(connection, token)
        if key is None:
            raise ApiKeyInvalid("unknown, revoked or expired key")
        container.api_key_usage.note(key.id, lambda key_id, at_ms: _record_use(
            container, key_id, at_ms))
        return Principal("api_key", str(key.id), None, key.scopes)
    claims = await container.tokens.decode(token)
    scopes = frozenset(str(claims.get("scope", "")).split())
    return Principal("user", str(claims["sub"]), str(claims["sub"]), scopes)


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise Unauthenticated("send an API key or a user token as a Bearer credential")
    return await principal_from_token(container_of(request), credentials.credentials)


async def _record_use(container: Container, key_id: uuid.UUID, at_ms: int) -> None:
    async with container.unit() as uow:
        await api_keys.record_use(uow, key_id, at_ms)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(scope: Scope) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not principal.has(scope):
            raise InsufficientScope(scope.value)
        return principal

    return dependency


def acting_user(
    principal: Principal,
    detail: str = "this operation acts for a user: call it with the user's token",
) -> str:
    """The user an operation acts for; API keys (which act for no user) are refused."""
    if principal.user_id is None:
        raise UserTokenRequired(detail)
    return principal.user_id


def acting_for(principal: Principal, named_user_id: str | None, scope: Scope) -> str:
    """The user an operation acts for — the one rule for every "yourself, or name a user"
    operation: a user token acts for its own user (naming that same user is fine); an API
    key (or an operator) with `scope` acts for the user it names. Anything else is a 403
    naming the scope that would allow it."""
    if principal.user_id is not None and named_user_id in (None, principal.user_id):
        return principal.user_id
    if principal.has(scope) and principal.user_id is None and named_user_id:
        return named_user_id
    raise InsufficientScope(
        scope.value, f"act for yourself with a user token, or name the user with an API key "
                     f"holding {scope.value!r}")


def reading_user(principal: Principal, user_id: str) -> None:
    """Who may read a user: the user themselves, or a key (or operator) that reads or writes
    users (a backend that creates users may read them back). Anyone else is a 403 naming
    the scope that would allow it (never a 404 that hides what was missing)."""
    if principal.user_id == user_id or principal.has(Scope.USERS_READ) or principal.has(
            Scope.USERS_WRITE):
        return
    raise InsufficientScope(Scope.USERS_READ.value,
                            f"reading another user needs the {Scope.USERS_READ.value!r} scope")


AdminPrincipal = Annotated[Principal, Depends(require(Scope.ADMIN))]

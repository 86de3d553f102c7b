"""Who is calling: the host app's backend (API key) or an end user (JWT bearer token)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends
from fastapi.dependencies.models import Dependant
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.requests import HTTPConnection

from fancoins.api.clients import client_address
from fancoins.api.deps import container_of
from fancoins.container import Container
from fancoins.db.engine import read_only
from fancoins.identity.overlay import OverlayGrant, overlays
from fancoins.identity.scopes import Scope
from fancoins.identity.service import API_KEY_PREFIX, api_keys
from fancoins.kit.errors import (
    InsufficientScope,
    Unauthenticated,
    UserTokenRequired,
)
from fancoins.safety.rates import Dimension, RateClass
from fancoins.streams.service import Stream, streams

__all__ = ["AdminPrincipal", "CurrentPrincipal", "OverlayAccess", "Principal", "Scope",
           "overlay_access", "reading_user", "require"]


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


T = TypeVar("T")

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


def _authenticates(route: object) -> bool:
    """Whether a route takes a principal (`CurrentPrincipal` somewhere in its dependencies);
    worked out once per route."""
    known = _authenticating_routes.get(id(route))
    if known is None:
        dependant = getattr(route, "dependant", None)
        known = _authenticating_routes[id(route)] = (
            dependant is not None and _uses(dependant, current_principal))
    return known


_authenticating_routes: dict[int, bool] = {}


def _uses(dependant: Dependant, call: object) -> bool:
    return any(sub.call is call or _uses(sub, call) for sub in dependant.dependencies)


def _bearer_token(connection: HTTPConnection) -> str | None:
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


async def request_principal(connection: HTTPConnection) -> Principal | None:
    """Who is calling, resolved once per request: the route's own authentication and the
    app's rate limits share it (FastAPI caches a dependency within a request). None for
    routes that take no principal, whatever their Authorization header says (a store's
    notification carries its own bearer), and for requests that send none.

    Failed authentications count against the client address; an address past its limit is
    refused (429) before its credentials are even looked at."""
    if connection.scope["type"] != "http" or not _authenticates(connection.scope.get("route")):
        return None
    token = _bearer_token(connection)
    if token is None:
        return None
    container = container_of(connection)
    return await _counting_failures(connection, container,
                                    lambda: principal_from_token(container, token))


async def _counting_failures(connection: HTTPConnection, container: Container,
                             authenticate: Callable[[], Awaitable[T]]) -> T:
    """Failed authentications count against the client address; an address past its limit
    is refused (429) before its credentials are even looked at."""
    limiter = container.rates
    if limiter is None:
        return await authenticate()
    address = {Dimension.ADDRESS: client_address(connection, container.settings)}
    refusal = await limiter.over(RateClass.AUTH_FAILURES, address)
    if refusal is not None:
        raise refusal.error()
    try:
        return await authenticate()
    except Unauthenticated:
        await limiter.hit(RateClass.AUTH_FAILURES, address)
        raise


@dataclass(frozen=True, slots=True)
class OverlayAccess:
    grant: OverlayGrant
    stream: Stream


async def overlay_access(connection: HTTPConnection, database: AsyncConnection, token: str,
                         stream_id: str) -> OverlayAccess:
    """The one check of an overlay credential, for the LIVE WebSocket and the overlay's setup
    read alike: a live credential (401), the stream (404), its creator's (403). Failed ones
    count like any failed authentication; a use is noted for the creator's listing."""
    container = container_of(connection)
    grant = await _counting_failures(connection, container,
                                     lambda: overlays.authenticate(database, token))
    stream = await streams.get(database, stream_id)
    grant.authorize_stream(stream.id, stream.creator_id)
    container.overlay_usage.note(grant.credential_id, lambda credential_id, at_ms: (
        _record_overlay_use(container, credential_id, at_ms)))
    return OverlayAccess(grant, stream)


async def current_principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    principal: Annotated[Principal | None, Depends(request_principal)],
) -> Principal:
    # `credentials` documents the scheme; the principal was resolved from the same header.
    if principal is None:
        raise Unauthenticated("send an API key or a user token as a Bearer credential")
    return principal


async def _record_use(container: Container, key_id: uuid.UUID, at_ms: int) -> None:
    async with container.unit() as uow:
        await api_keys.record_use(uow, key_id, at_ms)


async def _record_overlay_use(container: Container, credential_id: uuid.UUID,
                              at_ms: int) -> None:
    async with container.unit() as uow:
        await overlays.record_use(uow, credential_id, at_ms)


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

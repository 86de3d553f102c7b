"""Who is calling: the host app's backend (API key) or an end user (JWT bearer token)."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from fancoins.api.problems import Problem
from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.identity.scopes import Scope
from fancoins.identity.service import API_KEY_PREFIX, api_keys

__all__ = ["AdminPrincipal", "CurrentPrincipal", "Principal", "Scope", "require"]


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

_UNAUTHENTICATED = {"WWW-Authenticate": "Bearer"}
JWKS_TIMEOUT_S = 5
# Verified tokens are remembered (the signature check and claim parsing were a sixth of a gift
# request's CPU): a token is immutable, so its claims stay what they were; its expiry is still
# checked on every use. Bounded in count, and each entry in time, so a key dropped from the
# host's JWKS stops being honoured within a minute (PyJWKClient itself caches keys 5 minutes).
# API keys are not cached: revoking one in the database must refuse it at once.
VERIFIED_TOKENS_MAX = 50_000
VERIFIED_TOKEN_TTL_S = 60.0


def _unauthorized(slug: str, title: str, detail: str) -> Problem:
    return Problem(401, slug, title, detail, headers=_UNAUTHENTICATED)


class TokenVerifier:
    """Verifies end-user JWTs: HS256 with the shared secret or RS256 from the host's JWKS."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        # Keys are cached (PyJWKClient's default: 5 minutes), so the host's JWKS is fetched
        # rarely; the fetch is bounded so a slow host cannot hang requests for long.
        self._jwks = (
            jwt.PyJWKClient(settings.jwt_jwks_url, timeout=JWKS_TIMEOUT_S)
            if settings.jwt_jwks_url else None
        )
        # token -> (claims, monotonic time until which the entry may be used)
        self._verified: dict[str, tuple[dict[str, Any], float]] = {}

    def decode(self, token: str) -> dict[str, Any]:
        remembered = self._verified.get(token)
        if remembered is not None:
            claims, until = remembered
            # PyJWT's own rule: expired once exp <= now - leeway.
            if time.monotonic() < until and \
                    claims["exp"] > time.time() - self._settings.jwt_leeway_s:
                return claims
            del self._verified[token]
        claims = self._verify(token)
        verified = self._verified
        if len(verified) >= VERIFIED_TOKENS_MAX:
            del verified[next(iter(verified))]  # the oldest
        verified[token] = (claims, time.monotonic() + VERIFIED_TOKEN_TTL_S)
        return claims

    def _verify(self, token: str) -> dict[str, Any]:
        settings = self._settings
        try:
            header = jwt.get_unverified_header(token)
            algorithm = header.get("alg", "")
            if algorithm not in settings.jwt_algorithms:
                raise jwt.InvalidAlgorithmError(f"algorithm {algorithm!r} is not accepted")
            key: Any = settings.jwt_secret.get_secret_value()
            if algorithm.startswith("RS") and self._jwks is not None:
                key = self._jwks.get_signing_key_from_jwt(token).key
            return jwt.decode(
                token, key, algorithms=[algorithm], audience=settings.jwt_audience,
                issuer=settings.jwt_issuer, leeway=settings.jwt_leeway_s,
                options={
                    "require": ["exp", "sub"], "verify_aud": settings.jwt_audience is not None,
                },
            )
        except jwt.ExpiredSignatureError:
            raise _unauthorized(
                "token-expired", "Token expired", "the bearer token has expired"
            ) from None
        except (jwt.PyJWTError, ValueError) as error:
            raise _unauthorized("token-invalid", "Invalid token", str(error)) from None


def _verifier(app: Any) -> TokenVerifier:
    verifier: TokenVerifier | None = getattr(app.state, "token_verifier", None)
    if verifier is None:
        verifier = app.state.token_verifier = TokenVerifier(app.state.settings)
    return verifier


async def principal_from_token(app: Any, token: str) -> Principal:
    """Who `token` is (an API key or a user JWT), for HTTP requests and WebSockets alike.
    Raises a 401 `Problem`."""
    if token.startswith(API_KEY_PREFIX):
        async with read_only(app.state.engine) as connection:
            key = await api_keys.authenticate(connection, token)
        if key is None:
            raise _unauthorized("api-key-invalid", "Invalid API key", "unknown or revoked key")
        return Principal("api_key", str(key.id), None, key.scopes)
    claims = _verifier(app).decode(token)
    scopes = frozenset(str(claims.get("scope", "")).split())
    return Principal("user", str(claims["sub"]), str(claims["sub"]), scopes)


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise _unauthorized("unauthenticated", "Authentication required",
                            "send an API key or a user token as a Bearer credential")
    return await principal_from_token(request.app, credentials.credentials)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(scope: Scope) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not principal.has(scope):
            raise Problem(403, "insufficient-scope", "Insufficient scope",
                          f"this operation needs the {scope.value!r} scope")
        return principal

    return dependency


def acting_user(
    principal: Principal,
    detail: str = "this operation acts for a user: call it with the user's token",
) -> str:
    """The user an operation acts for; API keys (which act for no user) are refused."""
    if principal.user_id is None:
        raise Problem(403, "user-token-required", "User token required", detail)
    return principal.user_id


AdminPrincipal = Annotated[Principal, Depends(require(Scope.ADMIN))]

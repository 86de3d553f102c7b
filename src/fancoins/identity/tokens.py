"""End-user tokens: JWTs the host app signs, HS256 with a shared secret or RS256 from its JWKS.

Verified tokens are remembered (the signature check and claim parsing were a sixth of a gift
request's CPU): a token is immutable, so its claims stay what they were; its expiry is still
checked on every use. Bounded in count, and each entry in time, so a key dropped from the host's
JWKS stops being honoured within a minute (PyJWKClient itself caches keys 5 minutes). The JWKS
fetch blocks, so it runs in a worker thread, bounded by a timeout.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import jwt
from cachetools import TTLCache

from fancoins.config import Settings
from fancoins.kit.errors import Unauthenticated

JWKS_TIMEOUT_S = 5
VERIFIED_TOKENS_MAX = 50_000
VERIFIED_TOKEN_TTL_S = 60.0


class TokenExpired(Unauthenticated):
    slug = "token-expired"
    title = "Token expired"


class TokenInvalid(Unauthenticated):
    slug = "token-invalid"
    title = "Invalid token"


class TokenVerifier:
    """Verifies end-user JWTs: HS256 with the shared secret or RS256 from the host's JWKS."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._jwks = (
            jwt.PyJWKClient(settings.jwt.jwks_url, timeout=JWKS_TIMEOUT_S)
            if settings.jwt.jwks_url else None
        )
        self._verified: TTLCache[str, dict[str, Any]] = TTLCache(
            maxsize=VERIFIED_TOKENS_MAX, ttl=VERIFIED_TOKEN_TTL_S)

    async def decode(self, token: str) -> dict[str, Any]:
        """The token's claims; raises `TokenExpired` or `TokenInvalid`."""
        claims = self._verified.get(token)
        if claims is not None:
            # PyJWT's own rule: expired once exp <= now - leeway.
            if claims["exp"] > time.time() - self._settings.jwt.leeway_s:
                return claims
            self._verified.pop(token, None)
        claims = await self._verify(token)
        self._verified[token] = claims
        return claims

    async def _verify(self, token: str) -> dict[str, Any]:
        settings = self._settings
        try:
            header = jwt.get_unverified_header(token)
            algorithm = header.get("alg", "")
            if algorithm not in settings.jwt.algorithms:
                raise jwt.InvalidAlgorithmError(f"algorithm {algorithm!r} is not accepted")
            key: Any = settings.jwt.secret.get_secret_value()
            if algorithm.startswith("RS") and self._jwks is not None:
                jwks = self._jwks
                # The key fetch is blocking I/O: off the event loop, and bounded.
                async with asyncio.timeout(JWKS_TIMEOUT_S * 2):
                    signing = await asyncio.to_thread(jwks.get_signing_key_from_jwt, token)
                key = signing.key
            return jwt.decode(
                token, key, algorithms=[algorithm], audience=settings.jwt.audience,
                issuer=settings.jwt.issuer, leeway=settings.jwt.leeway_s,
                options={
                    "require": ["exp", "sub"], "verify_aud": settings.jwt.audience is not None,
                },
            )
        except jwt.ExpiredSignatureError:
            raise TokenExpired("the bearer token has expired") from None
        except (jwt.PyJWTError, ValueError) as error:
            raise TokenInvalid(str(error)) from None
        except TimeoutError:
            raise TokenInvalid("the signing keys could not be fetched in time") from None

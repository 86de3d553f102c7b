"""Rate limits, applied in one place: an app-wide dependency looks up the matched route's
operation class in one table and counts the request against its windows per user (user
tokens), API key, and client address (everything but API keys). The caller is the route's
own principal: resolved once per request and shared with the route (`request_principal`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from fancoins.api.auth import Principal, request_principal
from fancoins.api.clients import client_address
from fancoins.api.deps import container_of
from fancoins.safety.rates import Dimension, RateClass, RateRefusal

# (method, path) of every rate-limited operation, and its class.
RATE_CLASSES: dict[tuple[str, str], RateClass] = {
    ("POST", "/v1/gifts/send"): RateClass.GIFTS,
    ("POST", "/v1/gifts/batch"): RateClass.GIFTS,  # its first item; the rest: `count`
    ("POST", "/v1/purchases/apple"): RateClass.PURCHASES,
    ("POST", "/v1/purchases/google"): RateClass.PURCHASES,
    ("POST", "/v1/checkout/sessions"): RateClass.CHECKOUT,
    ("POST", "/v1/withdrawals"): RateClass.WITHDRAWALS,
}


async def rate_limit(
    connection: HTTPConnection,
    principal: Annotated[Principal | None, Depends(request_principal)],
) -> None:
    """429 `rate-limited` with Retry-After before the endpoint runs: nothing is applied."""
    route = connection.scope.get("route")
    if route is None or connection.scope["type"] != "http":
        return
    rate_class = RATE_CLASSES.get((connection.scope["method"], getattr(route, "path", "")))
    if rate_class is None:
        return
    refusal = await count(connection, principal, rate_class)
    if refusal is not None:
        raise refusal.error()


async def count(connection: HTTPConnection, principal: Principal | None, rate_class: RateClass
                ) -> RateRefusal | None:
    """Count one operation of `rate_class` for the request's caller (a batch counts each of
    its items: a gift sent in a batch is a gift); the refusal when a window is full."""
    container = container_of(connection)
    limiter = container.rates
    if limiter is None:
        return None
    identities: dict[Dimension, str] = {}
    if principal is not None and principal.kind == "api_key":
        identities[Dimension.KEY] = principal.subject
    else:
        if principal is not None and principal.user_id is not None:
            identities[Dimension.USER] = principal.user_id
        identities[Dimension.ADDRESS] = client_address(connection, container.settings)
    return await limiter.hit(rate_class, identities)

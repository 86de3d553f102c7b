"""Helpers for tests that talk HTTP to the real ASGI app."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import jwt
from fastapi import FastAPI

from fancoins.api.app import create_app
from fancoins.config import Settings, load_settings
from fancoins.db.uow import unit
from fancoins.economy.restrictions import RestrictionScope
from fancoins.identity.service import api_keys, users
from fancoins.safety.restrictions import restrictions
from tests.support.limits import RATE_LIMITS_OUT_OF_REACH


def settings_for(database_url: str, **overrides: Any) -> Settings:
    return load_settings(database_url=database_url, mode="test",
                         **{**RATE_LIMITS_OUT_OF_REACH, **overrides})


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app with its lifespan running, and a client that speaks HTTP to it in-process."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield app, client


def user_token(settings: Settings, user_id: str, *, scope: str = "", ttl_s: int = 600,
               secret: str | None = None) -> str:
    claims: dict[str, Any] = {"sub": user_id, "exp": int(time.time()) + ttl_s}
    if scope:
        claims["scope"] = scope
    key = secret or settings.jwt.secret.get_secret_value()
    return jwt.encode(claims, key, algorithm="HS256")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def make_api_key(app: FastAPI, *scopes: str, name: str = "test-backend") -> str:
    async with unit(app.state.container.engine) as uow:
        issued = await api_keys.create(uow, actor="test", name=name, scopes=list(scopes))
    assert issued.token is not None
    return issued.token


async def make_user(app: FastAPI, user_id: str, **fields: Any) -> None:
    """`frozen=True` freezes the user as an operator would (a restriction of scope "all";
    the users row's flag alone is only a mirror of it); `frozen=False` lifts such a freeze."""
    fields.setdefault("display_name", user_id.capitalize())
    frozen = fields.pop("frozen", None)
    async with unit(app.state.container.engine) as uow:
        await users.upsert(uow, user_id, **fields)
        if frozen:
            await restrictions.restrict(uow, user_id=user_id, scope=RestrictionScope.ALL,
                                        reason="frozen by the test", until_ms=None,
                                        actor="test")
        elif frozen is False:
            await restrictions.lift_scope(uow, user_id=user_id, scope=RestrictionScope.ALL,
                                          actor="test", reason="unfrozen by the test")

"""Development sign-in for the bundled web app: pick a demo user (or the operator) and get a
token. Registered only outside production mode (see `fancoins.web.mount`): a production
deployment gets its users' tokens from the host app, never from here."""

from __future__ import annotations

import datetime as dt
import ipaddress
import time
from typing import Any, Literal

import jwt
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from fancoins.api.deps import SettingsDep
from fancoins.api.problems import Problem, problem_responses
from fancoins.config import Settings
from fancoins.demo import DEMO_USERS
from fancoins.identity.schemas import UserId
from fancoins.identity.scopes import Scope
from fancoins.kit.errors import Forbidden

router = APIRouter(prefix="/v1/dev", tags=["dev"], responses=problem_responses(400, 409, 422))

_FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")
OPERATOR_ID = "operator"  # the console's identity: a token with the admin scope, no wallet
DEV_ALGORITHM = "HS256"


class DevUserOut(BaseModel):
    id: str
    display_name: str
    country: str | None
    role: Literal["viewer", "creator", "operator"]
    adult: bool | None = Field(description="18+ today (None for the operator)")


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: UserId
    role: Literal["user", "operator"] = "user"


class SessionOut(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"
    user_id: str
    scopes: list[str]
    expires_at: dt.datetime


@router.get("/users", response_model=list[DevUserOut])
async def dev_users(settings: SettingsDep) -> list[DevUserOut]:
    """Who the sign-in picker offers: the demo users (`fancoins demo load`) and the operator."""
    today = dt.datetime.now(dt.UTC).date()
    min_age = settings.economy.age.min_age_years
    people = [
        DevUserOut(id=u.id, display_name=u.display_name, country=u.country,
                   role="creator" if u.is_creator else "viewer",
                   adult=_age_years(u.birth_date, today) >= min_age)
        for u in DEMO_USERS
    ]
    people.append(DevUserOut(id=OPERATOR_ID, display_name="Operator", country=None,
                             role="operator", adult=None))
    return people


def _this_machine(request: Request) -> None:
    """The sign-in hands out operator tokens: only to a client on this machine. A request a
    proxy relayed comes from loopback on behalf of anyone, so a forwarding header refuses."""
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    relayed = any(name in request.headers for name in _FORWARDING_HEADERS)
    if not loopback or relayed:
        raise Forbidden("the development sign-in serves only clients on this machine")


@router.post("/session", response_model=SessionOut, responses=problem_responses(403),
             dependencies=[Depends(_this_machine)])
async def dev_session(body: SessionIn, settings: SettingsDep) -> SessionOut:
    """A user token signed with the configured secret (HS256), exactly as a host app would
    mint it; `role: operator` adds the admin scope. Loopback clients only."""
    if DEV_ALGORITHM not in settings.jwt.algorithms:
        raise Problem(409, "dev-session-unavailable", "Dev sign-in unavailable",
                      "the engine does not accept HS256 tokens (FANCOINS_JWT__ALGORITHMS)")
    scopes = [Scope.ADMIN.value] if body.role == "operator" else []
    expires_s = int(time.time()) + settings.web.dev_session_ttl_s
    return SessionOut(token=mint_token(settings, body.user_id, scopes, expires_s),
                      user_id=body.user_id, scopes=scopes,
                      expires_at=dt.datetime.fromtimestamp(expires_s, tz=dt.UTC))


def mint_token(settings: Settings, user_id: str, scopes: list[str], expires_s: int) -> str:
    claims: dict[str, Any] = {"sub": user_id, "exp": expires_s, "iat": int(time.time())}
    if scopes:
        claims["scope"] = " ".join(scopes)
    if settings.jwt.issuer:
        claims["iss"] = settings.jwt.issuer
    if settings.jwt.audience:
        claims["aud"] = settings.jwt.audience
    return jwt.encode(claims, settings.jwt.secret.get_secret_value(), algorithm=DEV_ALGORITHM)


def _age_years(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


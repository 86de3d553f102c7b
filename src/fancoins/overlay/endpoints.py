"""Overlay settings: the creator chooses; the overlay page reads them with its credential.

Users' reads of a creator's settings are decided in one place (`_may_read`). The overlay page
itself holds an overlay credential (`fco_...`), not a user: it reads everything it needs in
one call, `GET /v1/overlay/setup`, whose credential is checked by
`fancoins.api.auth.overlay_access` (the same check as the LIVE WebSocket's).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from fancoins.accounts.schemas import iso
from fancoins.api.auth import CurrentPrincipal, Principal, Scope, overlay_access
from fancoins.api.deps import ReadConnection, UnitDep
from fancoins.api.problems import problem_responses
from fancoins.economy.rules import GiftSpec
from fancoins.gifts.service import gifts_service
from fancoins.kit.errors import InsufficientScope, Unauthenticated
from fancoins.overlay.service import OverlaySettings, overlays
from fancoins.streams.service import Stream

router = APIRouter(tags=["overlay"], responses=problem_responses(400, 401, 403, 404, 422))

CreatorId = Annotated[str, Path(min_length=1, max_length=128)]
Widget = Literal["alerts", "board", "goal", "battle"]
Position = Literal["top-left", "top-right", "bottom-left", "bottom-right"]


class OverlaySettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    widgets: list[Widget] = Field(max_length=4, description="the widgets shown")
    alert_min_coins: int = Field(ge=0, le=10**9,
                                 description="gifts worth less raise no alert")
    position: Position


class OverlaySettingsOut(BaseModel):
    creator_id: str
    widgets: list[Widget]
    alert_min_coins: int
    position: Position
    updated_at: dt.datetime | None = Field(description="null: never saved (the defaults)")

    @classmethod
    def of(cls, settings: OverlaySettings) -> OverlaySettingsOut:
        return cls(creator_id=settings.creator_id,
                   widgets=list(settings.widgets),
                   alert_min_coins=settings.alert_min_coins,
                   position=settings.position,
                   updated_at=iso(settings.updated_at_ms) if settings.updated_at_ms else None)


def _may_read(principal: Principal, creator_id: str) -> None:
    """The overlay's credential: the creator's own token (or an operator, or an API key with
    streams:write). The one place to change when the overlay gets a scoped credential."""
    if principal.user_id != creator_id and not principal.has(Scope.STREAMS_WRITE):
        raise InsufficientScope(Scope.STREAMS_WRITE, "the overlay reads its creator's settings")


def _may_write(principal: Principal, creator_id: str) -> None:
    if principal.user_id != creator_id and not principal.has(Scope.STREAMS_WRITE):
        raise InsufficientScope(Scope.STREAMS_WRITE, "a creator sets their own overlay")


@router.get("/v1/creators/{creator_id}/overlay-settings", response_model=OverlaySettingsOut)
async def get_overlay_settings(creator_id: CreatorId, principal: CurrentPrincipal,
                               connection: ReadConnection) -> OverlaySettingsOut:
    """What the creator's overlay shows (the defaults until they save their own)."""
    _may_read(principal, creator_id)
    return OverlaySettingsOut.of(await overlays.get(connection, creator_id))


@router.put("/v1/creators/{creator_id}/overlay-settings", response_model=OverlaySettingsOut)
async def put_overlay_settings(creator_id: CreatorId, body: OverlaySettingsIn,
                               principal: CurrentPrincipal, uow: UnitDep) -> OverlaySettingsOut:
    """Choose the overlay's widgets, the smallest gift that raises an alert, and where it
    sits on the screen."""
    _may_write(principal, creator_id)
    return OverlaySettingsOut.of(await overlays.put(
        uow, creator_id, tuple(dict.fromkeys(body.widgets)), body.alert_min_coins,
        body.position))


# --- the overlay page's one read, with its overlay credential ------------------------------

_overlay_bearer = HTTPBearer(auto_error=False, scheme_name="OverlayCredential",
                             description="An overlay credential (fco_...) minted by the creator")
StreamIdQuery = Annotated[str, Query(min_length=1, max_length=64,
                                     description="the LIVE the overlay shows")]


class OverlayStreamOut(BaseModel):
    id: str
    creator_id: str
    title: str
    status: str

    @classmethod
    def of(cls, stream: Stream) -> OverlayStreamOut:
        return cls(id=stream.id, creator_id=stream.creator_id, title=stream.title,
                   status=stream.status)


class OverlayGiftOut(BaseModel):
    """What the overlay shows of a gift: its name and artwork (retired gifts too: one may
    still arrive in a running LIVE)."""

    id: str
    name: str
    price_coins: int
    image: str

    @classmethod
    def of(cls, gift: GiftSpec) -> OverlayGiftOut:
        return cls(id=gift.id, name=gift.name, price_coins=gift.price_coins, image=gift.image)


class OverlaySetupOut(BaseModel):
    stream: OverlayStreamOut
    settings: OverlaySettingsOut
    gifts: list[OverlayGiftOut]


@router.get("/v1/overlay/setup", response_model=OverlaySetupOut,
            responses=problem_responses(401, 403, 404, 422))
async def overlay_setup(
    request: Request, stream_id: StreamIdQuery, connection: ReadConnection,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_overlay_bearer)],
) -> OverlaySetupOut:
    """What the overlay page shows, in one read with its overlay credential (not a user token
    or API key): the stream, its creator's overlay settings and the gift catalog. A credential
    reads its own creator's streams only (403 `overlay-not-for-stream`); a revoked or unknown
    one is refused (401)."""
    if credentials is None:
        raise Unauthenticated("send the overlay credential as a Bearer credential")
    access = await overlay_access(request, connection, credentials.credentials, stream_id)
    chosen = await overlays.get(connection, access.stream.creator_id)
    catalog = await gifts_service.catalog(connection)
    return OverlaySetupOut(stream=OverlayStreamOut.of(access.stream),
                           settings=OverlaySettingsOut.of(chosen),
                           gifts=[OverlayGiftOut.of(g) for g in catalog])

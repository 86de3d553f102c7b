"""Overlay settings: the creator chooses; the overlay page reads them with its credential.

Who may read a creator's overlay settings is decided in one place (`_may_read`), so the
overlay's credential (today the creator's own token in the overlay URL) can be swapped for a
scoped overlay credential without touching anything else.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from fancoins.accounts.schemas import iso
from fancoins.api.auth import CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, UnitDep
from fancoins.api.problems import problem_responses
from fancoins.kit.errors import InsufficientScope
from fancoins.overlay.service import OverlaySettings, overlays

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

"""Overlay settings, one row per creator; a creator who never saved any gets the defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.identity.service import users
from fancoins.kit.clock import now_ms
from fancoins.overlay import repository

WIDGETS = ("alerts", "board", "goal", "battle")
POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right")


@dataclass(frozen=True, slots=True)
class OverlaySettings:
    creator_id: str
    widgets: tuple[str, ...]
    alert_min_coins: int  # gifts below this raise no alert (the board still counts them)
    position: str
    updated_at_ms: int | None


def defaults(creator_id: str) -> OverlaySettings:
    return OverlaySettings(creator_id, WIDGETS, 1, "top-left", None)


def _settings(row: Any) -> OverlaySettings:
    widgets = tuple(w for w in WIDGETS if w in (row.widgets or ()))
    return OverlaySettings(row.creator_id, widgets, int(row.alert_min_coins), row.position,
                           row.updated_at_ms)


class OverlayService:
    async def get(self, connection: AsyncConnection, creator_id: str) -> OverlaySettings:
        """Raises `UserNotFound`."""
        await users.get(connection, creator_id)
        row = await repository.get(connection, creator_id)
        return defaults(creator_id) if row is None else _settings(row)

    async def put(self, uow: UnitOfWork, creator_id: str, widgets: tuple[str, ...],
                  alert_min_coins: int, position: str) -> OverlaySettings:
        """Replace the creator's settings (saving the same ones again changes nothing)."""
        connection = await uow.connect()
        await users.get(connection, creator_id)
        values = {"creator_id": creator_id,
                  "widgets": [w for w in WIDGETS if w in widgets],
                  "alert_min_coins": alert_min_coins, "position": position,
                  "updated_at_ms": now_ms()}
        await repository.put(connection, values)
        return await self.get(connection, creator_id)


overlays = OverlayService()

"""What the battles domain tells the rest of the process (after the commit that made it true)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent


@dataclass(frozen=True, slots=True)
class BattleStarted(DomainEvent):
    """Every invited creator accepted: the battle runs from now. LIVE announces it in every
    stream of the battle."""

    type: ClassVar[str] = "battle.started"

    battle_id: str
    stream_ids: tuple[str, ...]
    started_at_ms: int
    ends_at_ms: int

    @property
    def subject(self) -> str:
        return f"battle:{self.battle_id}"

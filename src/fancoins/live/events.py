"""What LIVE tells the host: a combo ended, with its final total (written to the outbox in the
transaction that ended it; viewers hear of it on the stream's socket)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent


@dataclass(frozen=True, slots=True)
class ComboEnded(DomainEvent):
    """A combo (the same viewer sending the same streakable gift within the combo window)
    ended: the window lapsed, another gift replaced it, or the stream ended."""

    type: ClassVar[str] = "combo.ended"

    combo_id: uuid.UUID
    stream_id: str
    sender_id: str
    sender_display_name: str
    gift_id: str
    gift_name: str
    gift_price_coins: int
    count: int
    coins: int
    diamonds: int
    started_at_ms: int
    last_at_ms: int
    ended_at_ms: int

    @property
    def subject(self) -> str:
        return f"stream:{self.stream_id}"

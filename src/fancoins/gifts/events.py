"""What the gifts domain tells the rest of the process: a gift was sent (after its commit)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent


@dataclass(frozen=True, slots=True)
class GiftSent(DomainEvent):
    """One gift a batch committed. Emitted on the batch's unit of work, so listeners (LIVE,
    the outbox) hear of it only after its commit."""

    type: ClassVar[str] = "gift.sent"

    gift_event_id: uuid.UUID  # the gift's id (its ledger transfer id)
    stream_id: str | None
    video_id: str | None
    comment_id: str | None
    sender_id: str
    sender_display_name: str
    recipient_id: str
    gift_id: str
    gift_name: str
    gift_price_coins: int
    streakable: bool
    count: int
    coins: int
    diamonds: int
    sender_lifetime_coins: int  # after this gift, for the gifter level
    # The batch's time, as recorded on the gift (its row and its ledger legs).
    committed_at_ms: int
    message: str | None = None  # a LIVE gift's message, moderated before it was queued

    @property
    def subject(self) -> str:
        return f"stream:{self.stream_id}" if self.stream_id else f"video:{self.video_id}"

"""What the streams domain tells the rest of the process (after the commit that made it true)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent


@dataclass(frozen=True, slots=True)
class StreamEnded(DomainEvent):
    """A LIVE ended (its creator, an operator, or the creator stopped being one)."""

    type: ClassVar[str] = "stream.ended"

    stream_id: str
    creator_id: str
    started_at_ms: int
    ended_at_ms: int

    @property
    def subject(self) -> str:
        return f"stream:{self.stream_id}"


@dataclass(frozen=True, slots=True)
class StreamStarted(DomainEvent):
    """A creator went LIVE."""

    type: ClassVar[str] = "stream.started"

    stream_id: str
    creator_id: str
    title: str
    started_at_ms: int

    @property
    def subject(self) -> str:
        return f"stream:{self.stream_id}"

"""What the goals domain tells the rest of the process (after the commit that made it true)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent


@dataclass(frozen=True, slots=True)
class GoalsChanged(DomainEvent):
    """A goal was set or cancelled: LIVE shows the stream's goal as it is now."""

    type: ClassVar[str] = "goal.changed"

    stream_id: str
    goal_id: str

    @property
    def subject(self) -> str:
        return f"stream:{self.stream_id}"

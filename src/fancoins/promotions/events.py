"""What the promotions domain tells the rest of the process and the host: a promotion started,
completed or was cancelled (after the commit that made it so)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent


@dataclass(frozen=True, slots=True)
class PromotionChanged(DomainEvent):
    """A promotion as it stands after the change (the fields of every promotion event)."""

    promotion_id: uuid.UUID
    user_id: str
    video_id: str
    objective: str
    status: str  # active, completed (budget spent), ended (time up) or canceled
    budget_coins: int
    charged_coins: int
    returned_coins: int  # the unspent budget given back to the wallet
    views: int
    followers: int
    profile_visits: int
    starts_at_ms: int
    ends_at_ms: int
    changed_at_ms: int

    @property
    def subject(self) -> str:
        return f"promotion:{self.promotion_id}"


@dataclass(frozen=True, slots=True)
class PromotionStarted(PromotionChanged):
    """A promotion started: its whole budget is held from the wallet."""

    type: ClassVar[str] = "promotion.started"


@dataclass(frozen=True, slots=True)
class PromotionCompleted(PromotionChanged):
    """A promotion finished: its budget was spent (`status` completed) or its days ran out
    (`status` ended, the rest returned)."""

    type: ClassVar[str] = "promotion.completed"


@dataclass(frozen=True, slots=True)
class PromotionCancelled(PromotionChanged):
    """Its owner or an operator stopped a promotion: what it had not spent is returned."""

    type: ClassVar[str] = "promotion.cancelled"

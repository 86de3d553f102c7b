"""What the safety domain tells the rest of the process (and, through the outbox, the host):
restrictions put on and lifted, guardians linked and their caps changed. Emitted on the unit
of work that made the change, so they leave only after its commit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent


@dataclass(frozen=True, slots=True)
class _UserEvent(DomainEvent):
    user_id: str

    @property
    def subject(self) -> str:
        return f"user:{self.user_id}"


@dataclass(frozen=True, slots=True)
class UserFrozen(_UserEvent):
    """Everything is blocked (a restriction of scope "all")."""

    type: ClassVar[str] = "user.frozen"

    restriction_id: str
    reason: str
    until_ms: int | None
    actor: str


@dataclass(frozen=True, slots=True)
class UserRestricted(_UserEvent):
    """One kind of transaction is blocked: gifting, buying, payouts or promotions."""

    type: ClassVar[str] = "user.restricted"

    restriction_id: str
    scope: str
    reason: str
    until_ms: int | None
    actor: str


@dataclass(frozen=True, slots=True)
class UserUnfrozen(_UserEvent):
    """A freeze or ban ended: lifted by an operator, or expired (`expired`)."""

    type: ClassVar[str] = "user.unfrozen"

    restriction_id: str
    scope: str
    expired: bool
    actor: str


@dataclass(frozen=True, slots=True)
class GuardianLinked(_UserEvent):
    """The host linked a guardian (`guardian_id`) to a minor (`user_id`): the guardian now sees
    the minor's statement and sets their caps."""

    type: ClassVar[str] = "guardian.linked"

    guardian_id: str


@dataclass(frozen=True, slots=True)
class GuardianUnlinked(_UserEvent):
    """The host removed a guardian's link to a minor (`user_id`)."""

    type: ClassVar[str] = "guardian.unlinked"

    guardian_id: str


@dataclass(frozen=True, slots=True)
class LimitsChanged(_UserEvent):
    """A guardian changed a minor's caps (`holder` "guardian"), or a user their own limits.
    `effective_at_ms` is when a loosening applies (the change's time when it tightens)."""

    type: ClassVar[str] = "limits.changed"

    holder: str
    kind: str
    changed_by: str
    effective_at_ms: int

"""What the purchases domain tells the host: a purchase credited coins, a refund (or
chargeback, or revocation) clawed them back, a refund was reversed, a paid purchase was held
for review and then released or declined (written to the outbox in the transaction that made
it so)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

from fancoins.kit.events import DomainEvent
from fancoins.purchases.models import Purchase


@dataclass(frozen=True, slots=True)
class PurchaseChanged(DomainEvent):
    """A purchase as it stands after the change (the fields of every purchase event)."""

    purchase_id: uuid.UUID
    user_id: str
    provider: str  # apple, google, stripe
    channel: str  # ios, android, web
    product_id: str
    status: str  # fulfilled, partially_refunded, refunded, reversed, held, declined
    coins: int
    coins_clawed_back: int  # clawed back now, all refunds and reversals counted
    currency: str
    gross_minor: int  # what the store says it charged
    gross_refunded_minor: int
    created_at_ms: int
    fulfilled_at_ms: int | None

    @property
    def subject(self) -> str:
        return f"purchase:{self.purchase_id}"


@dataclass(frozen=True, slots=True)
class PurchaseCompleted(PurchaseChanged):
    """A verified paid purchase credited its coins to the buyer's wallet."""

    type: ClassVar[str] = "purchase.completed"


@dataclass(frozen=True, slots=True)
class PurchaseRefunded(PurchaseChanged):
    """A store refund, chargeback or revocation clawed coins back (`coins_changed` this
    time; the wallet may go below zero, and gifted coins come back from creators' diamonds)."""

    type: ClassVar[str] = "purchase.refunded"

    coins_changed: int = 0


@dataclass(frozen=True, slots=True)
class PurchaseRefundReversed(PurchaseChanged):
    """A refund was reversed (a dispute won, Apple's REFUND_REVERSED): the coins are the
    buyer's again (`coins_changed` this time)."""

    type: ClassVar[str] = "purchase.refund_reversed"

    coins_changed: int = 0


@dataclass(frozen=True, slots=True)
class PurchaseHeld(PurchaseChanged):
    """A paid purchase passed a velocity rule (`reason` says which): its coins are not
    credited until an operator releases it. The store has the money; the hold ends released
    (`purchase.released`, then `purchase.completed`) or declined (`purchase.declined`)."""

    type: ClassVar[str] = "purchase.held"

    reason: str = ""


@dataclass(frozen=True, slots=True)
class PurchaseReleased(PurchaseChanged):
    """An operator released a held purchase (`reason`): its coins are credited now, once
    (`purchase.completed` follows in the same commit)."""

    type: ClassVar[str] = "purchase.released"

    reason: str = ""


@dataclass(frozen=True, slots=True)
class PurchaseDeclined(PurchaseChanged):
    """A held purchase ended without credit: an operator declined it (the payment is to be
    refunded at the store) or the store refunded it (`decision` declined or refunded)."""

    type: ClassVar[str] = "purchase.declined"

    decision: str = ""
    reason: str = ""


def told(kind: type[PurchaseChanged], p: Purchase, **extra: int | str) -> PurchaseChanged:
    """`p` as the event `kind` tells it."""
    return kind(p.id, p.user_id, p.provider, p.channel, p.product_id, p.status, p.coins,
                p.coins_clawed_back, p.currency, p.gross_minor, p.gross_refunded_minor,
                p.created_at_ms, p.fulfilled_at_ms, **extra)

"""Typed rows of the purchase tables, as the repository returns them and the API reads them
(`from_attributes`). Field names are the columns' names."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from fancoins.accounts.schemas import iso
from fancoins.economy.refunds import PurchaseParts
from fancoins.purchases.states import Claim, ClaimKind, PurchaseStatus


@dataclass(frozen=True, slots=True)
class Purchase:
    id: uuid.UUID
    user_id: str
    provider: str  # apple, google, stripe
    channel: str  # ios, android, web
    provider_ref: str | None  # Apple transaction, Google order, Stripe checkout session
    payment_ref: str | None  # Apple original transaction, Google token, Stripe intent
    product_id: str
    environment: str | None
    country: str  # whose prices and taxes the booked money follows
    currency: str  # of the booked money legs
    package_coins: int
    quantity: int
    coins: int
    gross_minor: int  # booked: what the store says it charged (see revenue_source)
    store_fee_minor: int
    tax_minor: int
    net_minor: int
    status: str
    coins_clawed_back: int  # what is clawed back now (claw-backs less restores)
    gross_refunded_minor: int
    fee_refunded_minor: int
    tax_refunded_minor: int
    net_refunded_minor: int
    checkout_url: str | None
    created_at_ms: int
    fulfilled_at_ms: int | None
    storefront: str | None
    revenue_source: str  # store, quoted, grant, test
    quoted_country: str
    quoted_currency: str
    quoted_gross_minor: int  # the price list's price for it
    price_mismatch: bool

    @property
    def state(self) -> PurchaseStatus:
        return PurchaseStatus(self.status)

    @property
    def parts(self) -> PurchaseParts:
        return PurchaseParts(self.coins, self.gross_minor, self.store_fee_minor,
                             self.tax_minor, self.net_minor)

    @property
    def refunded(self) -> PurchaseParts:
        return PurchaseParts(self.coins_clawed_back, self.gross_refunded_minor,
                             self.fee_refunded_minor, self.tax_refunded_minor,
                             self.net_refunded_minor)

    @property
    def price_minor(self) -> int:
        return self.gross_minor

    @property
    def quoted_price_minor(self) -> int:
        return self.quoted_gross_minor

    @property
    def created_at(self) -> dt.datetime:
        return iso(self.created_at_ms)

    @property
    def fulfilled_at(self) -> dt.datetime | None:
        return None if self.fulfilled_at_ms is None else iso(self.fulfilled_at_ms)


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: uuid.UUID
    provider: str
    purchase_ref: str
    alt_ref: str | None
    claim_ref: str
    kind: str
    amount_minor: int | None
    claimed: bool
    reversal_seen: bool
    applied: bool
    applied_minor: int | None
    reversal_applied: bool
    purchase_id: uuid.UUID | None
    created_at_ms: int
    updated_at_ms: int

    @property
    def claim(self) -> Claim:
        return Claim(self.claim_ref, ClaimKind(self.kind), self.amount_minor, self.claimed,
                     self.reversal_seen, self.applied, self.applied_minor,
                     self.reversal_applied)


@dataclass(frozen=True, slots=True)
class ClaimEffects:
    """What a claim did to the books so far (restores are the positive amounts given back)."""

    coins_clawed_back: int
    coins_restored: int
    gross_refunded_minor: int
    gross_restored_minor: int
    diamonds_clawed_back: int  # creators' diamonds taken back with the coins
    counted: bool  # counted as a refund or chargeback against the buyer (refund abuse)
    restriction_id: uuid.UUID | None  # the buying block that count placed, if it did


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim as the operator's list shows it: its purchase (None until it is known) and
    what it did."""

    claim: ClaimRow
    purchase: Purchase | None
    effects: ClaimEffects

    @property
    def state(self) -> str:
        c = self.claim
        if c.reversal_applied:
            return "reversed"
        if c.applied:
            return "applied"
        return "withdrawn" if c.reversal_seen else "pending"


@dataclass(frozen=True, slots=True)
class RefundStep:
    """One claw-back (positive amounts) or restore (negative) of a purchase."""

    id: uuid.UUID
    purchase_id: uuid.UUID
    user_id: str
    provider: str
    refund_ref: str
    kind: str
    coins_clawed_back: int
    gross_minor: int
    currency: str
    created_at_ms: int
    claim_id: uuid.UUID | None
    store_fee_minor: int
    tax_minor: int
    net_minor: int


@dataclass(frozen=True, slots=True)
class Hold:
    """A paid purchase held by a velocity rule, and what became of it."""

    purchase_id: uuid.UUID
    user_id: str
    rule: str  # purchases, coins, amount
    reason: str
    held_at_ms: int
    decision: str | None  # None while held; released, declined, refunded
    decided_by: str | None
    decision_reason: str | None
    decided_at_ms: int | None

    @property
    def held_at(self) -> dt.datetime:
        return iso(self.held_at_ms)

    @property
    def decided_at(self) -> dt.datetime | None:
        return None if self.decided_at_ms is None else iso(self.decided_at_ms)


@dataclass(frozen=True, slots=True)
class HeldPurchase:
    """A held purchase with its hold, as the review queue and a decision answer it."""

    purchase: Purchase
    hold: Hold

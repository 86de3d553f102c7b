"""The purchase state machine, and how store events settle on it in any order. Pure: no I/O.

    open ──▶ fulfilled ──▶ partially_refunded ◀──▶ refunded
      │        ▲                 │   ▲               │  ▲
      ▼        │                 ▼   │               ▼  │
     held ─────┘                 reversed ◀──────────┘──┘
      │
      ▼
   declined

`open` is a web checkout waiting for its payment (store purchases are fulfilled as they are
recorded). `held` is a paid purchase a velocity rule holds for review: nothing is credited or
booked until an operator releases it (→ fulfilled, credited once) or declines it, or the
store's refund ends it (→ declined: never credited).

A refund, revocation, voided purchase or dispute is a *claim* against a purchase, recorded by
its store id before anything is decided. A claim is applied (coins and money clawed back)
once the purchase is fulfilled; its reversal (Apple `REFUND_REVERSED`, a dispute won) is
applied once the claim itself has been. So whatever order the store delivers events in,
they are applied in the one order that makes sense, and the books end the same: what is clawed
back is a function of the claims in force only (`economy.refunds.refund_target`), and a
reversal restores exactly what its claim took. `reversed` means every claim that took anything
was reversed; a later claim may take again.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from fancoins.economy.refunds import NOTHING, PurchaseParts, refund_target, subtract


class PurchaseStatus(enum.StrEnum):
    OPEN = "open"  # a web checkout waiting for its payment
    FULFILLED = "fulfilled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    REVERSED = "reversed"  # refunds were reversed: the buyer has the coins again
    HELD = "held"  # paid, held for review by a velocity rule: nothing credited yet
    DECLINED = "declined"  # a hold ended without credit (an operator, or the store's refund)


S = PurchaseStatus

_ALLOWED: dict[PurchaseStatus, frozenset[PurchaseStatus]] = {
    S.OPEN: frozenset({S.FULFILLED, S.HELD}),
    S.HELD: frozenset({S.FULFILLED, S.DECLINED}),
    S.DECLINED: frozenset(),
    S.FULFILLED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED, S.REVERSED}),
    S.REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REVERSED}),
    S.REVERSED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
}
# The buyer received the coins (some may have been clawed back since).
DELIVERED = frozenset({S.FULFILLED, S.PARTIALLY_REFUNDED, S.REFUNDED, S.REVERSED})
# Nothing was credited (yet): claims against it wait, and settle nothing.
UNCREDITED = frozenset({S.OPEN, S.HELD, S.DECLINED})


class IllegalTransition(Exception):
    def __init__(self, current: PurchaseStatus, target: PurchaseStatus) -> None:
        super().__init__(f"a {current.value} purchase cannot become {target.value}")
        self.current = current
        self.target = target


def check_transition(current: PurchaseStatus, target: PurchaseStatus) -> None:
    """Raise `IllegalTransition` unless `current → target` is an edge of the machine."""
    if target not in _ALLOWED[current]:
        raise IllegalTransition(current, target)


def status_for(current: PurchaseStatus, purchase: PurchaseParts,
               refunded: PurchaseParts) -> PurchaseStatus:
    """The status of a delivered purchase once `refunded` is what is clawed back of it."""
    if refunded == NOTHING:
        return S.FULFILLED if current is S.FULFILLED else S.REVERSED
    if refunded.coins == purchase.coins and refunded.gross_minor == purchase.gross_minor:
        return S.REFUNDED
    return S.PARTIALLY_REFUNDED


class ClaimKind(enum.StrEnum):
    REVOCATION = "revocation"  # Apple REFUND / REVOKE, or a signed transaction revoked
    REFUND = "refund"  # Stripe: the charge's refunds, a running total
    DISPUTE = "dispute"  # Stripe: one chargeback
    VOID = "void"  # Google: a voided purchase (all of it, or some units)


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim against a purchase as recorded, and how much of it has been applied."""

    ref: str  # the store's own id of the claim ("revocation", "refunds", "dispute:dp_1")
    kind: ClaimKind
    amount_minor: int | None  # gross claimed; None: the whole purchase
    claimed: bool  # an event claiming money back was seen (not only its reversal)
    reversal_seen: bool  # an event reversing the claim was seen
    applied: bool = False
    applied_minor: int | None = None  # the amount in force since it was applied
    reversal_applied: bool = False

    @property
    def in_force(self) -> bool:
        return self.applied and not self.reversal_applied


@dataclass(frozen=True, slots=True)
class Step:
    """One change to apply: a claw-back (positive share) or a restore (negative share)."""

    claim_ref: str
    reversal: bool
    share: PurchaseParts  # of the purchase's coins and money legs; zero changes nothing
    status: PurchaseStatus  # the purchase's status once the step is applied


@dataclass(frozen=True, slots=True)
class Settlement:
    steps: tuple[Step, ...]
    claims: tuple[Claim, ...]  # every claim with its applied state after the steps
    status: PurchaseStatus
    refunded: PurchaseParts


def merge_claim(current: Claim | None, event: Claim) -> Claim:
    """A claim after one more event about it: once claimed or reversed, always so; a running
    total only grows (a stale total arriving late changes nothing); a claim of the whole
    purchase stays one."""
    if current is None:
        return event
    amount = current.amount_minor
    if event.claimed:
        if not current.claimed:
            amount = event.amount_minor  # a reversal seen first only held its place
        elif amount is None or event.amount_minor is None:
            amount = None
        else:
            amount = max(amount, event.amount_minor)
    return dataclasses.replace(
        current, amount_minor=amount, claimed=current.claimed or event.claimed,
        reversal_seen=current.reversal_seen or event.reversal_seen,
    )


def plan_settlement(
    status: PurchaseStatus, purchase: PurchaseParts, refunded: PurchaseParts,
    claims: Sequence[Claim], *, fee_returned: bool,
) -> Settlement:
    """Apply every claim (and reversal) that can be applied now, in the order the claims
    were first recorded. A purchase not credited (open, held, declined) settles nothing: its
    claims wait for fulfilment."""
    if status in UNCREDITED:
        return Settlement((), tuple(claims), status, refunded)
    settled = list(claims)
    steps: list[Step] = []
    for index, claim in enumerate(settled):
        if claim.claimed and not claim.reversal_applied and _grows(claim):
            settled[index] = claim = dataclasses.replace(
                claim, applied=True, applied_minor=claim.amount_minor)
            status, refunded = _step(steps, claim.ref, False, status, purchase, refunded,
                                     settled, fee_returned)
        if claim.reversal_seen and claim.applied and not claim.reversal_applied:
            settled[index] = claim = dataclasses.replace(claim, reversal_applied=True)
            status, refunded = _step(steps, claim.ref, True, status, purchase, refunded,
                                     settled, fee_returned)
    return Settlement(tuple(steps), tuple(settled), status, refunded)


def _grows(claim: Claim) -> bool:
    """Not applied yet, or its running total grew since it was."""
    if not claim.applied:
        return True
    if claim.applied_minor is None:
        return False
    return claim.amount_minor is None or claim.amount_minor > claim.applied_minor


def _step(
    steps: list[Step], ref: str, reversal: bool, status: PurchaseStatus,
    purchase: PurchaseParts, refunded: PurchaseParts, claims: Sequence[Claim],
    fee_returned: bool,
) -> tuple[PurchaseStatus, PurchaseParts]:
    target = refund_target(purchase, [c.applied_minor for c in claims if c.in_force],
                           fee_returned=fee_returned)
    share = subtract(target, refunded)
    if share != NOTHING:
        following = status_for(status, purchase, target)
        if following is not status:
            check_transition(status, following)
        status = following
    steps.append(Step(ref, reversal, share, status))
    return status, target

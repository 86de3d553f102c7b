"""Refund claw-back: how much of a purchase's coins and money legs a refund takes back.

Refunds are cumulative: a provider tells us how much of the charge has been refunded so far
(Stripe's `amount_refunded`, or the whole price for a store refund), and we compute the total
that should be clawed back by now; the difference with what was already clawed back is this
refund's share. A redelivered or out-of-order refund therefore never claws back twice.

Rounding (integers only): for a partial refund of R out of a gross G, the coins, the tax and
the store fee taken back are `floor(x * R / G)` each, so a partial refund never takes back more
than its proportion; the net revenue leg takes the remainder, so the money legs always add up
to exactly R. A full refund (R == G) takes back everything exactly. A card processor keeps its
fee on a refund (`fee_returned=False`): the fee leg stays and revenue bears it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fancoins.ledger.invariants import invariant


@dataclass(frozen=True, slots=True)
class PurchaseParts:
    """Coins and money legs of a purchase, or of what has been clawed back from it."""

    coins: int
    gross_minor: int
    store_fee_minor: int
    tax_minor: int
    net_minor: int

    def __post_init__(self) -> None:
        invariant(
            self.gross_minor == self.store_fee_minor + self.tax_minor + self.net_minor,
            f"purchase parts do not add up: {self}",
        )


NOTHING = PurchaseParts(0, 0, 0, 0, 0)


def clawback_target(
    purchase: PurchaseParts, refunded_total_minor: int, *, fee_returned: bool
) -> PurchaseParts:
    """What should have been clawed back in total once `refunded_total_minor` is refunded."""
    gross = purchase.gross_minor
    invariant(gross > 0, "a purchase has a positive gross")
    refunded = max(0, min(refunded_total_minor, gross))
    if refunded == gross:
        fee = purchase.store_fee_minor if fee_returned else 0
        return PurchaseParts(purchase.coins, gross, fee, purchase.tax_minor,
                             gross - fee - purchase.tax_minor)
    coins = purchase.coins * refunded // gross
    tax = purchase.tax_minor * refunded // gross
    fee = purchase.store_fee_minor * refunded // gross if fee_returned else 0
    return PurchaseParts(coins, refunded, fee, tax, refunded - fee - tax)


def plan_clawback(
    purchase: PurchaseParts,
    already: PurchaseParts,
    refunded_total_minor: int,
    *,
    fee_returned: bool,
) -> PurchaseParts:
    """This refund's share: the target total less what was already clawed back.

    Legs may be negative only in the last unit of a rounding correction (a leg that was
    rounded down earlier catching up at the full refund); coins never are. A refund total not
    above what was already refunded plans nothing; a total above the gross counts as the gross
    (a dispute after a partial refund may claim more than is left).
    """
    refunded_minor = min(refunded_total_minor, purchase.gross_minor)
    if refunded_minor <= already.gross_minor:
        return NOTHING
    target = clawback_target(purchase, refunded_minor, fee_returned=fee_returned)
    share = PurchaseParts(
        coins=target.coins - already.coins,
        gross_minor=target.gross_minor - already.gross_minor,
        store_fee_minor=target.store_fee_minor - already.store_fee_minor,
        tax_minor=target.tax_minor - already.tax_minor,
        net_minor=target.net_minor - already.net_minor,
    )
    invariant(share.coins >= 0 and share.gross_minor > 0, f"claw-back goes backwards: {share}")
    return share


def add(a: PurchaseParts, b: PurchaseParts) -> PurchaseParts:
    return PurchaseParts(
        a.coins + b.coins, a.gross_minor + b.gross_minor, a.store_fee_minor + b.store_fee_minor,
        a.tax_minor + b.tax_minor, a.net_minor + b.net_minor,
    )


def subtract(a: PurchaseParts, b: PurchaseParts) -> PurchaseParts:
    """`a - b`, leg by leg (negative where `b` is larger: a restore)."""
    return PurchaseParts(
        a.coins - b.coins, a.gross_minor - b.gross_minor,
        a.store_fee_minor - b.store_fee_minor, a.tax_minor - b.tax_minor,
        a.net_minor - b.net_minor,
    )


def full_clawback(purchase: PurchaseParts, *, fee_returned: bool) -> PurchaseParts:
    """Everything back (all coins, all money legs; a processor keeps its fee)."""
    fee = purchase.store_fee_minor if fee_returned else 0
    return PurchaseParts(purchase.coins, purchase.gross_minor, fee, purchase.tax_minor,
                         purchase.gross_minor - fee - purchase.tax_minor)


def refund_target(
    purchase: PurchaseParts, amounts_minor: Sequence[int | None], *, fee_returned: bool
) -> PurchaseParts:
    """What should be clawed back in total while these refunds are in force.

    Each amount is one refund's gross (cumulative for a provider that reports a running
    total); None is a refund of the whole purchase (a store refund or revocation). Their sum
    counts up to the purchase's gross, so the target depends only on which refunds are in
    force, never on the order they arrived in. A purchase booked with no money (an audited
    grant) is clawed back only by a refund of the whole purchase.
    """
    if any(amount is None for amount in amounts_minor):
        return full_clawback(purchase, fee_returned=fee_returned)
    total_minor = min(purchase.gross_minor, sum(a for a in amounts_minor if a is not None))
    if total_minor <= 0:
        return NOTHING
    if total_minor == purchase.gross_minor:
        return full_clawback(purchase, fee_returned=fee_returned)
    return clawback_target(purchase, total_minor, fee_returned=fee_returned)

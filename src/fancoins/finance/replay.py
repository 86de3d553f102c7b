"""Deferred revenue over time: every coin movement of every wallet replayed once, in the
order it was made, through `lots.DeferredBook`, with its position taken at each boundary.

What a purchase paid and what a refund gave back come from their money legs (joined to the
coin legs by the `purchase_id` / `refund_id` both carry), so the value of every lot is the
ledger's own `purchase_revenue` amount.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.finance import codes
from fancoins.finance.lots import GRANTED, UNPRICED, DeferredBook, Key, Movement, Position, Reason
from fancoins.journal import reports
from fancoins.journal.reports import Leg
from fancoins.ledger import COIN, chart

Checkpoint = Callable[[], None]  # raises to stop a report between two of its steps
# Wallet legs replayed between two checkpoints (one streamed partition's worth).
LEGS_PER_CHECKPOINT = 5_000
STORE_PREFIX = chart.store_receivable("", "").split(":", 1)[0] + ":"  # "store:"
USER_PREFIX = chart.user_coins("").split(":", 1)[0] + ":"  # "user:"


def store_key(account: str) -> Key:
    """(currency, channel) of a `store:<channel>:<currency>` account."""
    _, channel, currency = account.split(":", 2)
    return currency, channel


def _store_side(leg: Leg) -> str:
    return leg.debit if leg.debit.startswith(STORE_PREFIX) else leg.credit


@dataclass(slots=True)
class PurchaseInfo:
    key: Key
    created_at_ms: int
    net_minor: int = 0  # what the platform was paid: the purchase_revenue leg


@dataclass(slots=True)
class RefundInfo:
    """One refund's money legs, each signed as money going back to the buyer."""

    key: Key
    kind: str | None
    created_at_ms: int
    gross_minor: int = 0
    store_fees_minor: int = 0
    taxes_minor: int = 0
    net_minor: int = 0


async def purchases_before(connection: AsyncConnection, end_ms: int) -> dict[str, PurchaseInfo]:
    found: dict[str, PurchaseInfo] = {}
    for leg in await reports.legs_of_codes(connection, codes.PURCHASE_MONEY, ("purchase_id",),
                                           end_ms=end_ms):
        purchase_id = leg.data["purchase_id"] or f"leg:{leg.id}"
        info = found.get(purchase_id)
        if info is None:
            info = found[purchase_id] = PurchaseInfo(store_key(_store_side(leg)),
                                                     leg.created_at_ms)
        if leg.code == codes.PURCHASE_REVENUE:
            # A leg is turned round when its amount is negative (never, at a purchase).
            info.net_minor += leg.amount if leg.credit == chart.revenue(leg.asset) else -leg.amount
    return found


async def refunds_before(connection: AsyncConnection, end_ms: int) -> dict[str, RefundInfo]:
    found: dict[str, RefundInfo] = {}
    for leg in await reports.legs_of_codes(connection, codes.REFUND_MONEY,
                                           ("refund_id", "kind"), end_ms=end_ms):
        refund_id = leg.data["refund_id"] or f"leg:{leg.id}"
        store = _store_side(leg)
        info = found.get(refund_id)
        if info is None:
            info = found[refund_id] = RefundInfo(store_key(store), leg.data["kind"],
                                                 leg.created_at_ms)
        # Money back to the buyer flows into the store account (it owes us less).
        signed = leg.amount if leg.credit == store else -leg.amount
        info.gross_minor += signed
        if leg.code == codes.REFUND_FEE:
            info.store_fees_minor += signed
        elif leg.code == codes.REFUND_TAX:
            info.taxes_minor += signed
        else:
            info.net_minor += signed
    return found


@dataclass(slots=True)
class Replay:
    """Positions at each boundary and movements in each interval between two boundaries
    (interval i runs from boundary i to boundary i + 1)."""

    positions: list[dict[Key, Position]] = field(default_factory=list)
    owed_coins: list[int] = field(default_factory=list)
    moves: list[dict[Key, Movement]] = field(default_factory=list)
    owed_new: list[int] = field(default_factory=list)
    owed_repaid: list[int] = field(default_factory=list)
    # Movements from the first transfer up to each boundary.
    to_date: list[dict[Key, Movement]] = field(default_factory=list)
    unpriced_codes: Counter[str] = field(default_factory=Counter)


class _Replayer:
    def __init__(self, purchases: dict[str, PurchaseInfo], refunds: dict[str, RefundInfo]):
        self.book = DeferredBook()
        self.purchases = purchases
        self.refunds = refunds
        self.result = Replay()
        self._to_date: dict[Key, Movement] = {}

    def mark_boundary(self, first: bool) -> None:
        moves, new, repaid = self.book.close_interval()
        for key, move in moves.items():
            self._to_date.setdefault(key, Movement()).merge(move)
        if not first:
            self.result.moves.append(moves)
            self.result.owed_new.append(new)
            self.result.owed_repaid.append(repaid)
        self.result.positions.append(self.book.positions())
        self.result.owed_coins.append(self.book.owed_coins)
        snapshot: dict[Key, Movement] = {}
        for key, move in self._to_date.items():
            snapshot.setdefault(key, Movement()).merge(move)
        self.result.to_date.append(snapshot)

    def apply(self, leg: Leg) -> None:
        if leg.credit.startswith(USER_PREFIX):
            self._credit(leg)
        if leg.debit.startswith(USER_PREFIX):
            self._debit(leg)

    def _credit(self, leg: Leg) -> None:
        purchase_id = leg.data["purchase_id"]
        if leg.code == codes.PURCHASE and purchase_id in self.purchases:
            info = self.purchases[purchase_id]
            self.book.add(leg.credit, leg.amount, info.key, info.net_minor, purchase_id)
        elif leg.code == codes.OPERATOR_GRANT:
            self.book.add(leg.credit, leg.amount, GRANTED, 0)
        else:
            self.result.unpriced_codes[leg.code] += leg.amount
            self.book.add(leg.credit, leg.amount, UNPRICED, 0)

    def _debit(self, leg: Leg) -> None:
        if leg.code == codes.PURCHASE_CLAWBACK:
            purchase_id, refund_id = leg.data["purchase_id"], leg.data["refund_id"]
            purchase = self.purchases.get(purchase_id or "")
            refund = self.refunds.get(refund_id or "")
            key = purchase.key if purchase is not None else UNPRICED
            net = refund.net_minor if refund is not None else 0
            self.book.claw_back(leg.debit, leg.amount, purchase_id, key, net)
            return
        self.book.spend(leg.debit, leg.amount, codes.SPEND_REASONS.get(leg.code, Reason.OTHER))


def no_limit() -> None:
    return None


async def replay(
    connection: AsyncConnection, boundaries: Sequence[int],
    purchases: dict[str, PurchaseInfo], refunds: dict[str, RefundInfo],
    checkpoint: Checkpoint = no_limit,
) -> Replay:
    """Replay every wallet's coin legs before the last boundary (boundaries ascending)."""
    replayer = _Replayer(purchases, refunds)
    index = 0
    replayed = 0
    async for leg in reports.user_legs(
            connection, COIN, ("purchase_id", "refund_id"),
            keyed_codes=(codes.PURCHASE, codes.PURCHASE_CLAWBACK), end_ms=boundaries[-1]):
        while index < len(boundaries) and leg.created_at_ms >= boundaries[index]:
            replayer.mark_boundary(first=index == 0)
            index += 1
        replayer.apply(leg)
        replayed += 1
        if replayed % LEGS_PER_CHECKPOINT == 0:
            checkpoint()
    while index < len(boundaries):
        replayer.mark_boundary(first=index == 0)
        index += 1
    return replayer.result

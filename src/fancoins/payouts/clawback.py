"""Which creators' diamonds a refund claws back. Pure: no I/O.

The rule (documented in the issue's note):
- Only coins the buyer had already spent follow the refund. After the coin claw-back the
  wallet's shortfall says how many: `spent = min(clawed, max(0, -balance_after))` (coins still
  in the wallet were simply taken back; a wallet already negative owes the whole claw-back).
- Those coins are attributed to the buyer's gifts sent after the purchase was fulfilled,
  oldest first (FIFO: the first gifts after a purchase are the ones it paid for), skipping
  what earlier refunds already attributed to a gift.
- Each gift gives back its diamonds in proportion to the coins attributed to it, rounded
  down cumulatively: attributing a whole gift returns exactly its diamonds, never more.
- Coins spent elsewhere (promotions) or beyond the gifts found have no creator to follow:
  the buyer's negative coin balance is all that remains of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fancoins.ledger import invariant


@dataclass(frozen=True, slots=True)
class GiftPaid:
    """A gift the buyer sent: what it cost and what it earned its creator."""

    gift_event_id: uuid.UUID
    creator_id: str
    coins: int
    diamonds: int
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class DiamondClawback:
    gift: GiftPaid
    coins: int
    diamonds: int


def coins_already_spent(coins_clawed: int, balance_after_coins: int) -> int:
    """How many of the clawed-back coins had left the wallet before the refund."""
    return min(coins_clawed, max(0, -balance_after_coins))


def plan_diamond_clawback(
    spent_coins: int, gifts: Sequence[GiftPaid], attributed_coins: Mapping[uuid.UUID, int]
) -> list[DiamondClawback]:
    """Attribute `spent_coins` to `gifts` in order (see the module's rule)."""
    plan: list[DiamondClawback] = []
    remaining = spent_coins
    for gift in gifts:
        if remaining <= 0:
            break
        before = attributed_coins.get(gift.gift_event_id, 0)
        take = min(remaining, gift.coins - before)
        if take <= 0:
            continue
        diamonds = (gift.diamonds * (before + take) // gift.coins
                    - gift.diamonds * before // gift.coins)
        plan.append(DiamondClawback(gift, take, diamonds))
        remaining -= take
    invariant(sum(c.coins for c in plan) <= spent_coins, "never attribute more than was spent")
    return plan

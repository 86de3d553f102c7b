"""The simulated stores: purchases fulfilled, and refunded or disputed, through the
purchases service exactly as a verified store transaction or a paid web checkout is.

What a real store proves with a signature (Apple's signed transaction, Google's Play API
answer, Stripe's signed webhook) the simulation states itself: it is the store. Everything
after that proof is the engine's: the buyer's rules (age, frozen), the purchase caps, the
price list's quote and split (store fee, tax, net), the purchase row and its ledger legs; a
refund's claim, settled on the purchase's state machine: the claw-back of coins, money legs
and the creators' diamonds. Only this module knows the purchases service's entry points.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fancoins.config import Settings
from fancoins.db.uow import UnitOfWork
from fancoins.kit.errors import FancoinsError
from fancoins.purchases.claims import ClaimEvent, claims
from fancoins.purchases.service import StorePurchase, purchases
from fancoins.purchases.states import Claim, ClaimKind
from fancoins.safety.refund_abuse import RefundAbusePolicy

# Which provider sells on which channel, and what its refund is called there.
PROVIDERS = {"ios": "apple", "android": "google", "web": "stripe"}
REFUND_KINDS = {"ios": ClaimKind.REVOCATION, "android": ClaimKind.VOID,
                "web": ClaimKind.REFUND}
ENVIRONMENT = "simulation"


@dataclass(frozen=True, slots=True)
class Bought:
    purchase_id: uuid.UUID
    coins: int
    gross_minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class NotBought:
    reason: str


async def buy(uow: UnitOfWork, settings: Settings, *, user_id: str, channel: str, coins: int,
              ref: str) -> Bought | NotBought:
    """One package of `coins` on `channel`, paid (the store's `ref` is its transaction id);
    booked at the price list's quote (the store reports no other price)."""
    product = f"web.{coins}" if channel == "web" else f"{settings.store_product_id_prefix}{coins}"
    purchase = StorePurchase(user_id=user_id, provider=PROVIDERS[channel], channel=channel,
                             provider_ref=ref, payment_ref=ref, product_id=product,
                             package_coins=coins, quantity=1, environment=ENVIRONMENT,
                             charge=None)
    connection = await uow.connect()
    try:
        async with connection.begin_nested():
            result = await purchases.fulfil_store(connection, uow, settings, purchase)
    except FancoinsError as error:
        return NotBought(error.slug)
    row = result.purchase
    return Bought(row.id, row.coins, row.gross_minor, row.currency)


async def refund(uow: UnitOfWork, settings: Settings, *, purchase_id: uuid.UUID,
                 purchase_ref: str, channel: str, dispute: bool, ref: str) -> str:
    """The store refunds the whole purchase (or the card holder disputes it): the outcome
    settling the claim answers (`clawed_back`, ...)."""
    kind = ClaimKind.DISPUTE if dispute else REFUND_KINDS[channel]
    claim = Claim(ref, kind, None, claimed=True, reversal_seen=False)
    connection = await uow.connect()
    async with connection.begin_nested():
        await claims.record(connection, ClaimEvent(PROVIDERS[channel], purchase_ref, None, claim))
        settled = await claims.settle(connection, purchase_id, RefundAbusePolicy.of(settings))
    return settled.outcome_for(ref) or "nothing_to_claw_back"

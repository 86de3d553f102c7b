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
from collections.abc import Sequence
from dataclasses import dataclass

from fancoins.config import Settings
from fancoins.db.uow import UnitOfWork
from fancoins.kit.errors import FancoinsError
from fancoins.purchases.claims import ClaimEvent, claims
from fancoins.purchases.service import PurchaseResult, StorePurchase, purchases
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


@dataclass(frozen=True, slots=True)
class Order:
    """One package of `coins` on `channel`, paid; `ref` is the store's transaction id."""

    user_id: str
    channel: str
    coins: int
    ref: str


def _store_purchase(settings: Settings, order: Order) -> StorePurchase:
    """Booked at the price list's quote (the store reports no other price)."""
    channel, coins = order.channel, order.coins
    prefix = settings.purchases.store_product_id_prefix
    product = f"web.{coins}" if channel == "web" else f"{prefix}{coins}"
    return StorePurchase(user_id=order.user_id, provider=PROVIDERS[channel], channel=channel,
                         provider_ref=order.ref, payment_ref=order.ref, product_id=product,
                         package_coins=coins, quantity=1, environment=ENVIRONMENT,
                         charge=None)


def _answer(result: PurchaseResult | FancoinsError) -> Bought | NotBought:
    if isinstance(result, FancoinsError):
        return NotBought(result.slug)
    row = result.purchase
    return Bought(row.id, row.coins, row.gross_minor, row.currency)


async def buy(uow: UnitOfWork, settings: Settings, order: Order) -> Bought | NotBought:
    """One purchase fulfilled on its own (`fulfil_store`, in a savepoint): the single path,
    which `buy_many` answers exactly as."""
    connection = await uow.connect()
    try:
        async with connection.begin_nested():
            result: PurchaseResult | FancoinsError = await purchases.fulfil_store(
                connection, uow, settings, _store_purchase(settings, order))
    except FancoinsError as error:
        result = error
    return _answer(result)


async def buy_many(uow: UnitOfWork, settings: Settings, orders: Sequence[Order]
                   ) -> list[Bought | NotBought]:
    """Many purchases fulfilled together (`fulfil_store_many`: one set of reads and writes),
    each answered as `buy` answers it."""
    connection = await uow.connect()
    results = await purchases.fulfil_store_many(
        connection, settings, [_store_purchase(settings, o) for o in orders])
    return [_answer(result) for result in results]


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

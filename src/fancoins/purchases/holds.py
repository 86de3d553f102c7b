"""Velocity holds: a paid purchase that would pass a velocity rule (too many purchases, coins
or money from one buyer within the window) is held for an operator's review instead of being
credited or refused. The store already took the money, so a hold always ends one way:

- released by an operator (audited, with a reason): credited then, through the journal, once
  (the fulfilment's legs are keyed by the purchase);
- declined by an operator (audited, with a reason): never credited; the payment is to be
  refunded at the store, whose refund then arrives as an ordinary store event;
- ended by the store's refund or chargeback arriving while it is held: never credited.

Nothing is booked while a purchase is held (no coins, no money legs): `fancoins verify`
expects legs only for purchases with a fulfilment time, which a held one has not.

Which stores allow a hold (why only the web checkout is ever held):
- Apple (iOS): StoreKit's documentation has the app persist the purchase and deliver the
  content before it finishes the transaction, and nothing be left to deliver after; Apple's
  CONSUMPTION_REQUEST later asks us whether it was delivered. A consumable held for review
  would be paid and undelivered, which Apple refunds on request: not ours to hold.
- Google Play: a purchase not acknowledged (consuming acknowledges) within three days is
  refunded and revoked by Google, and acknowledging means the entitlement was granted. A
  review may outlast three days, and acknowledging without granting would misstate it.
- Stripe (web): we are the merchant of record; a paid order may wait for review before the
  goods are delivered, and be refunded if declined.
Apple and Google purchases still count towards the rules (they are paid purchases within the
window), they are only never held themselves.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.config import Settings
from fancoins.db import outbox
from fancoins.db.uow import UnitOfWork
from fancoins.identity.service import audit
from fancoins.journal.idempotency import idempotent
from fancoins.kit.clock import MS_PER_SECOND, now_ms
from fancoins.kit.money import format_count
from fancoins.ledger import InvariantViolation, format_minor
from fancoins.purchases import repository
from fancoins.purchases.claims import ClaimEvent, claims
from fancoins.purchases.errors import PurchaseNotFound, PurchaseNotHeld
from fancoins.purchases.events import (
    PurchaseDeclined,
    PurchaseHeld,
    PurchaseReleased,
    told,
)
from fancoins.purchases.models import HeldPurchase, Hold, Purchase
from fancoins.purchases.service import purchases, scoped_key
from fancoins.purchases.states import PurchaseStatus, check_transition
from fancoins.safety.refund_abuse import RefundAbusePolicy

log = structlog.get_logger(__name__)

# The channels whose store allows a paid purchase to wait for review (see the docstring).
HOLDABLE_CHANNELS = frozenset({"web"})
RELEASED, DECLINED, REFUNDED = "released", "declined", "refunded"
DECISION_SCOPE = "purchase_hold"
SECONDS_PER = (("day", 86_400), ("hour", 3600), ("minute", 60))


@dataclass(frozen=True, slots=True)
class VelocityPolicy:
    window_s: int
    purchases_max: int  # 0: no count rule
    coins_max: int  # 0: no coin rule
    amount_minor_max: dict[str, int]  # per currency; absent or 0: no money rule there

    @classmethod
    def of(cls, settings: Settings) -> VelocityPolicy:
        safety = settings.safety
        return cls(safety.velocity_window_s, safety.velocity_purchases_max,
                   safety.velocity_coins_max, dict(safety.velocity_amount_minor_max))


@dataclass(frozen=True, slots=True)
class Breach:
    rule: str  # purchases, coins, amount
    reason: str


def window_text(window_s: int) -> str:
    for name, seconds in SECONDS_PER:
        if window_s % seconds == 0:
            count = window_s // seconds
            return f"{count} {name}{'' if count == 1 else 's'}"
    return f"{window_s} seconds"


def breach_of(policy: VelocityPolicy, paid: tuple[int, int, int], purchase: Purchase) -> \
        Breach | None:
    """Which rule this purchase would pass, given what the buyer paid within the window
    before it (count, coins, money in the purchase's currency); None: within every rule."""
    count, coins, amount = paid
    within = f"within {window_text(policy.window_s)}"
    if policy.purchases_max and count + 1 > policy.purchases_max:
        return Breach("purchases", f"{count + 1} purchases {within} (the rule allows "
                                   f"{policy.purchases_max})")
    if policy.coins_max and coins + purchase.coins > policy.coins_max:
        return Breach("coins", f"{format_count(coins + purchase.coins)} coins bought {within} "
                               f"(the rule allows {format_count(policy.coins_max)})")
    amount_max = policy.amount_minor_max.get(purchase.currency, 0)
    if amount_max and amount + purchase.gross_minor > amount_max:
        cur = purchase.currency
        return Breach("amount", f"{cur} {format_minor(amount + purchase.gross_minor, cur)} paid "
                                f"{within} (the rule allows {cur} "
                                f"{format_minor(amount_max, cur)})")
    return None


class HoldService:
    # --- holding ---

    async def hold_if_fast(
        self, connection: AsyncConnection, policy: VelocityPolicy, row: Purchase,
        payment_ref: str | None,
    ) -> Purchase | None:
        """Hold a paid, open purchase when it would pass a velocity rule (on a channel that
        allows it): the held purchase, or None (fulfil it as usual). The caller holds the
        purchase's row lock."""
        if row.channel not in HOLDABLE_CHANNELS:
            return None
        # One buyer's purchases are judged one at a time, so two paid at once cannot both
        # slip under a rule (PostgreSQL; SQLite's writer is alone already).
        await repository.lock_refs(connection, "velocity", [row.user_id])
        at_ms = now_ms()
        since_ms = at_ms - policy.window_s * MS_PER_SECOND
        paid = await repository.paid_since(connection, row.user_id, row.currency, since_ms)
        breach = breach_of(policy, paid, row)
        if breach is None:
            return None
        check_transition(row.state, PurchaseStatus.HELD)
        await repository.update_purchase(connection, row.id, {
            "status": PurchaseStatus.HELD.value, "payment_ref": payment_ref,
            "revenue_source": "store"})
        await repository.insert_hold(connection, {
            "purchase_id": row.id, "user_id": row.user_id, "rule": breach.rule,
            "reason": breach.reason[:500], "held_at_ms": at_ms, "decision": None,
            "decided_by": None, "decision_reason": None, "decided_at_ms": None})
        held = _found(await repository.get_purchase(connection, row.id))
        await outbox.record(connection, [told(PurchaseHeld, held, reason=breach.reason)])
        log.warning("purchase.held", purchase_id=str(row.id), user_id=row.user_id,
                    rule=breach.rule)
        # A refund recorded before the payment was (stores do not keep order) ends it now.
        await claims.attach_waiting(connection, held)
        if any(c.claimed for c in await repository.claims_of(connection, row.id)):
            return await self._end(connection, held, "store:stripe", "refunded before it was paid")
        return held

    async def end_by_claim(self, connection: AsyncConnection, purchase_id: uuid.UUID,
                           event: ClaimEvent) -> bool:
        """A store's refund or chargeback of a held purchase ends its hold without credit.
        True when it did (the claim is recorded; nothing is clawed back: nothing was
        credited or booked)."""
        purchase = await repository.get_purchase(connection, purchase_id, lock=True)
        if purchase is None or purchase.state is not PurchaseStatus.HELD:
            return False
        if not event.claim.claimed:
            return False
        await self._end(connection, purchase, f"store:{event.provider}",
                        f"the store's {event.claim.kind.value} arrived while it was held")
        return True

    async def _end(self, connection: AsyncConnection, purchase: Purchase, actor: str,
                   reason: str) -> Purchase:
        await self._decide_row(connection, purchase, REFUNDED, actor, reason)
        return _found(await repository.get_purchase(connection, purchase.id))

    # --- the operator's review ---

    async def decide(
        self, uow: UnitOfWork, settings: Settings, *, actor: str, purchase_id: uuid.UUID,
        decision: str, reason: str, idempotency_key: str,
    ) -> HeldPurchase:
        """Release (credit once) or decline (never credit) a held purchase; audited with the
        reason. A retry under the same key answers the first answer; the same decision
        again under another key answers the purchase as it is (nothing applied twice); the
        other decision on a decided hold is `PurchaseNotHeld` (stored)."""
        if decision not in (RELEASED, DECLINED):
            raise InvariantViolation(f"not a review decision: {decision}")
        policy = RefundAbusePolicy.of(settings)

        async def run() -> HeldPurchase:
            return await self._decide(await uow.connect(), policy, actor, purchase_id,
                                      decision, reason)

        request = {"purchase_id": str(purchase_id), "decision": decision, "reason": reason}
        answer = await idempotent(uow, DECISION_SCOPE, scoped_key(actor, idempotency_key),
                                  request, run, HeldPurchase)
        return answer.value

    async def _decide(self, connection: AsyncConnection, policy: RefundAbusePolicy,
                      actor: str, purchase_id: uuid.UUID, decision: str,
                      reason: str) -> HeldPurchase:
        found = await repository.get_purchase(connection, purchase_id)
        if found is None:
            raise PurchaseNotFound(str(purchase_id))
        # Store ids first, then the row: the order a store event about it takes too.
        await repository.lock_refs(connection, found.provider, [
            r for r in (found.provider_ref, found.payment_ref, repository.our_ref(found.id))
            if r])
        purchase = _found(await repository.get_purchase(connection, purchase_id, lock=True))
        hold = await repository.get_hold(connection, purchase_id, lock=True)
        if hold is None:
            raise PurchaseNotHeld(f"purchase {purchase_id} was never held")
        if purchase.state is not PurchaseStatus.HELD:
            if hold.decision == decision:
                return HeldPurchase(purchase, hold)  # decided so already: nothing again
            raise PurchaseNotHeld(f"purchase {purchase_id} is no longer held: "
                                  f"it was {hold.decision}", decision=hold.decision)
        await self._decide_row(connection, purchase, decision, actor, reason)
        if decision == RELEASED:
            released = _found(await repository.get_purchase(connection, purchase_id))
            # The legs are keyed by the purchase: a release can credit it once only.
            await purchases.fulfilled(connection, released, policy)
        after = _found(await repository.get_purchase(connection, purchase_id))
        return HeldPurchase(after, _hold_found(await repository.get_hold(connection,
                                                                          purchase_id)))

    async def _decide_row(self, connection: AsyncConnection, purchase: Purchase,
                          decision: str, actor: str, reason: str) -> None:
        at_ms = now_ms()
        target = PurchaseStatus.FULFILLED if decision == RELEASED else PurchaseStatus.DECLINED
        check_transition(purchase.state, target)
        values: dict[str, object] = {"status": target.value}
        if target is PurchaseStatus.FULFILLED:
            values["fulfilled_at_ms"] = at_ms
        await repository.update_purchase(connection, purchase.id, values)
        await repository.decide_hold(connection, purchase.id, {
            "decision": decision, "decided_by": actor[:160],
            "decision_reason": reason[:500], "decided_at_ms": at_ms})
        await audit.record(connection, actor=actor, action=f"purchase.hold_{decision}",
                           target=f"user:{purchase.user_id}", reason=reason,
                           data={"purchase_id": str(purchase.id), "coins": purchase.coins,
                                 "gross_minor": purchase.gross_minor,
                                 "currency": purchase.currency})
        after = _found(await repository.get_purchase(connection, purchase.id))
        event = (told(PurchaseReleased, after, reason=reason) if decision == RELEASED
                 else told(PurchaseDeclined, after, decision=decision, reason=reason))
        await outbox.record(connection, [event])
        log.info("purchase.hold_decided", purchase_id=str(purchase.id), decision=decision)

    # --- reads ---

    async def page(self, connection: AsyncConnection, *, pending: bool,
                   after: tuple[int, str] | None, limit: int) -> list[HeldPurchase]:
        return [HeldPurchase(p, h) for p, h in await repository.holds_page(
            connection, pending=pending, after=after, limit=limit)]


def _found(row: Purchase | None) -> Purchase:
    if row is None:
        raise InvariantViolation("a purchase read back in its own transaction is missing")
    return row


def _hold_found(row: Hold | None) -> Hold:
    if row is None:
        raise InvariantViolation("a hold read back in its own transaction is missing")
    return row


holds = HoldService()
